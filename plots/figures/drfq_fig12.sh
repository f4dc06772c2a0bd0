# DRFQ Fig. 12; see scripts/job_list.sh.
title="DRFQ Fig. 12: one <20,1> flow and nine <10,11>; at 25,000 the first pads its demand to <20,11>"
paper="the padding flow's share doubles under per-resource fair queueing; the same change has no effect on the shares under DRFQ"
plot plots/drfq_fig12.gp
point fig12 drfq --scenario fig12
