# DRFQ Fig. 13; see scripts/job_list.sh.
title="DRFQ Fig. 13: delay under DRFQ of a backlogged flow and a sparse flow, versus buffer size"
paper="as the buffer grows the backlogged flow's delay grows, while the sparse flow's delay stays constant"
plot plots/drfq_fig13.gp
point fig13 drfq --scenario fig13
# Tolerances: docs/figures.md#drfq_fig13 (shapes).
expect_ratio delay_vs_buffer.csv "flow=0,buffer_pkts=500" "flow=0,buffer_pkts=10" mean_delay 2 - "the backlogged flow's delay grows with the buffer (500 vs 10 packets)"
expect_ratio delay_vs_buffer.csv "flow=1,buffer_pkts=500" "flow=1,buffer_pkts=10" mean_delay 0.5 2 "the sparse flow's delay stays constant (within 2x from 10 to 500 packets)"
