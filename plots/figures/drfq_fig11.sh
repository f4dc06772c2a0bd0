# DRFQ Fig. 11; see scripts/job_list.sh.
title="DRFQ Fig. 11: fair queueing on resource 1 only; <1,1> throughout, <0.1,1> from 15,000 to 85,000"
paper="<1,1> gets only 10% of each resource while <0.1,1> is active (share guarantee violated); DRFQ gives it 50%"
plot plots/drfq_fig11.gp
point fig11 drfq --scenario fig11
# Tolerances: docs/figures.md#drfq_fig11; <0.1,1> is active from 15,000 to 85,000.
expect timeseries.csv "scheduler=sfq,flow=0,time>=20000,time<=80000" share_r0 0.071 0.111 "FQ on resource 1: <1,1> gets only 10% of the CPU (exact: 1/11; ±0.02)"
expect timeseries.csv "scheduler=sfq,flow=0,time>=20000,time<=80000" share_r1 0.071 0.111 "FQ on resource 1: ... and of the link (±0.02)"
expect timeseries.csv "scheduler=drfq,flow=0,time>=20000,time<=80000" dominant_share 0.485 0.515 "DRFQ: <1,1> gets 50% (±3%)"
