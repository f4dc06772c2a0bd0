# DRFQ Fig. 10 (Click testbed, simulated); see scripts/job_list.sh.
title="DRFQ Fig. 10: latency of two 40,000 pkt/s flows and two flows at 1 and 0.5 pkt/s"
paper="both low-rate flows see more than an order of magnitude lower per-packet latency than the high-rate ones; the high-rate IPSec flow's latency is higher than the high-rate basic flow's"
plot plots/drfq_fig10.gp
point fig10 drfq --scenario fig10 --duration "$(len 100e6 500e6)"
