# DRFQ Fig. 12; see scripts/job_list.sh.
title="DRFQ Fig. 12: one <20,1> flow and nine <10,11>; at 25,000 the first pads its demand to <20,11>"
paper="the padding flow's share doubles under per-resource fair queueing; the same change has no effect on the shares under DRFQ"
plot plots/drfq_fig12.gp
point fig12 drfq --scenario fig12
# Tolerances: docs/figures.md#drfq_fig12; the first flow pads its demand at 25,000.
expect timeseries.csv "scheduler=per-resource-fq,flow=0,time<25000" dominant_share 0.09 0.11 "per-resource FQ before: 1/10 (±0.01)"
expect timeseries.csv "scheduler=per-resource-fq,flow=0,time>=40000" dominant_share 0.18 0.22 "per-resource FQ after padding: the share doubles (fluid 20/110 = 0.18 to 0.20)"
expect_ratio timeseries.csv "scheduler=drfq,flow=0,time>=40000" "scheduler=drfq,flow=0,time<25000" dominant_share 0.95 1.05 "DRFQ: padding has no effect on the share (±5%)"
