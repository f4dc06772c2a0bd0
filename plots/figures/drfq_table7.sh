# DRFQ Table 7 (Click testbed, simulated with TCP); see scripts/job_list.sh.
title="DRFQ Table 7: two TCP flows (basic forwarding, redundancy elimination) through CPU -> 200 Mb/s link"
paper="alone 191 / 33 Mb/s; bottleneck fairness 75 / 32; DRFQ 160 / 28 (bandwidth-bound / CPU-bound flow)"
plot plots/drfq_table7.gp
point table7 drfq --scenario table7
# Tolerances: docs/figures.md#drfq_table7 (±20% on each rate).
expect results.csv "setting=alone,flow=0" throughput_mbps 152.8 229.2 "basic forwarding alone: 191 Mb/s"
expect results.csv "setting=alone,flow=1" throughput_mbps 26.4 39.6 "redundancy elimination alone: 33 Mb/s"
expect results.csv "setting=bottleneck-fair,flow=0" throughput_mbps 60 90 "bottleneck fairness, basic: 75 Mb/s"
expect results.csv "setting=bottleneck-fair,flow=1" throughput_mbps 25.6 38.4 "bottleneck fairness, RE: 32 Mb/s"
expect results.csv "setting=drfq,flow=0" throughput_mbps 128 192 "DRFQ, basic: 160 Mb/s"
expect results.csv "setting=drfq,flow=1" throughput_mbps 22.4 33.6 "DRFQ, RE: 28 Mb/s"
