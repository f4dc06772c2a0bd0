# DRFQ Fig. 5: bottleneck fairness, one point per way of detecting the bottleneck
# (docs/algorithms.md §5.8 item 2); each point also runs DRFQ. See scripts/job_list.sh.
title="DRFQ Fig. 5: bottleneck fairness on <6,1>, <1,7>, <1,1>, re-detected every 30 units"
paper="bottleneck fairness oscillates; the first flow gets only ~10% of either resource (DRF: 6/13 = 0.46 each, which DRFQ gives)"
plot plots/drfq_fig5.gp
for detect in queued-work utilisation; do
    point "$detect" drfq --scenario fig5 --bf-detect "$detect" --duration "$(len 30000 150000)"
done
# Tolerances: docs/figures.md#drfq_fig5.
for detect in queued-work utilisation; do
    expect results.csv "point=$detect,scheduler=bottleneck-fair,flow=0" share_r0 0.05 0.15 "bottleneck fairness ($detect): the first flow gets only ~10% of the CPU (±0.05)"
    expect results.csv "point=$detect,scheduler=bottleneck-fair,flow=0" share_r1 0.05 0.15 "bottleneck fairness ($detect): ... and ~10% of the link (±0.05)"
done
expect results.csv "scheduler=drfq,flow=0" dominant_share 0.4477 0.4754 "DRFQ: dominant share 6/13 = 0.4615 for <6,1> (±3%)"
expect results.csv "scheduler=drfq,flow=1" dominant_share 0.4477 0.4754 "DRFQ: dominant share 6/13 for <1,7> (±3%)"
expect results.csv "scheduler=drfq,flow=2" dominant_share 0.4477 0.4754 "DRFQ: dominant share 6/13 for <1,1> (±3%)"
