# DRFQ Table 7 (Click testbed, simulated with TCP); see scripts/job_list.sh.
title="DRFQ Table 7: two TCP flows (basic forwarding, redundancy elimination) through CPU -> 200 Mb/s link"
paper="alone 191 / 33 Mb/s; bottleneck fairness 75 / 32; DRFQ 160 / 28 (bandwidth-bound / CPU-bound flow)"
plot plots/drfq_table7.gp
point table7 drfq --scenario table7
