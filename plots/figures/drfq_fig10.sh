# DRFQ Fig. 10 (Click testbed, simulated); see scripts/job_list.sh.
title="DRFQ Fig. 10: latency of two 40,000 pkt/s flows and two flows at 1 and 0.5 pkt/s"
paper="both low-rate flows see more than an order of magnitude lower per-packet latency than the high-rate ones; the high-rate IPSec flow's latency is higher than the high-rate basic flow's"
plot plots/drfq_fig10.gp
point fig10 drfq --scenario fig10 --duration "$(len 100e6 500e6)"
# Tolerances: docs/figures.md#drfq_fig10 (shapes: ratios of mean latencies).
expect_ratio results.csv "flow=0" "flow=2" mean_delay 10 - "the 1 pkt/s flow: more than 10x lower latency than the high-rate basic flow"
expect_ratio results.csv "flow=0" "flow=3" mean_delay 10 - "the 0.5 pkt/s flow: more than 10x lower latency than the high-rate basic flow"
expect_ratio results.csv "flow=1" "flow=0" mean_delay 1 - "the high-rate IPSec flow's latency above the high-rate basic flow's"
