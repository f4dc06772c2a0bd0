# DRFQ Fig. 11; see scripts/job_list.sh.
title="DRFQ Fig. 11: fair queueing on resource 1 only; <1,1> throughout, <0.1,1> from 15,000 to 85,000"
paper="<1,1> gets only 10% of each resource while <0.1,1> is active (share guarantee violated); DRFQ gives it 50%"
plot plots/drfq_fig11.gp
point fig11 drfq --scenario fig11
