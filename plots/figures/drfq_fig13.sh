# DRFQ Fig. 13; see scripts/job_list.sh.
title="DRFQ Fig. 13: delay under DRFQ of a backlogged flow and a sparse flow, versus buffer size"
paper="as the buffer grows the backlogged flow's delay grows, while the sparse flow's delay stays constant"
plot plots/drfq_fig13.gp
point fig13 drfq --scenario fig13
