# DRFQ Fig. 9 (Click testbed, simulated); see scripts/job_list.sh.
title="DRFQ Fig. 9: basic forwarding, IPSec and monitoring arrive in turn (link 200 Mb/s)"
paper="shares converge to equal dominant shares: flow 1 starts with the whole link and ~20% of the CPU; after flow 2 (CPU-bound) its link share stays more than twice flow 2's; after flow 3 the link shares of flows 1 and 3 are equal and flow 2's dominant share drops to match"
plot plots/drfq_fig9.gp
point fig9 drfq --scenario fig9
# Tolerances: docs/figures.md#drfq_fig9. Flows start at 0, 100,000 and 200,000 time units.
expect timeseries.csv "flow=0,time<100000" share_r1 0.93 1.0 "flow 1 alone: the whole link (±0.07)"
expect timeseries.csv "flow=0,time<100000" share_r0 0.13 0.27 "flow 1 alone: ~20% of the CPU (±0.07)"
expect_ratio timeseries.csv "flow=0,time>=110000,time<200000" "flow=1,time>=110000,time<200000" share_r1 2 - "flows 1 and 2: flow 1's link share more than twice flow 2's"
expect_ratio timeseries.csv "flow=0,time>=210000" "flow=2,time>=210000" dominant_share 0.9 1.1 "all three: equal dominant shares, flow 1 against flow 3 (±10%)"
expect_ratio timeseries.csv "flow=1,time>=210000" "flow=2,time>=210000" dominant_share 0.9 1.1 "all three: equal dominant shares, flow 2 against flow 3 (±10%)"
