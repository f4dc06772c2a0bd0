# DRFQ Fig. 9 (Click testbed, simulated); see scripts/job_list.sh.
title="DRFQ Fig. 9: basic forwarding, IPSec and monitoring arrive in turn (link 200 Mb/s)"
paper="shares converge to equal dominant shares: flow 1 starts with the whole link and ~20% of the CPU; after flow 2 (CPU-bound) its link share stays more than twice flow 2's; after flow 3 the link shares of flows 1 and 3 are equal and flow 2's dominant share drops to match"
plot plots/drfq_fig9.gp
point fig9 drfq --scenario fig9
