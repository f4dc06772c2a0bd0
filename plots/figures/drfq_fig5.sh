# DRFQ Fig. 5: bottleneck fairness, one point per way of detecting the bottleneck
# (docs/algorithms.md §5.8 item 2); each point also runs DRFQ. See scripts/job_list.sh.
title="DRFQ Fig. 5: bottleneck fairness on <6,1>, <1,7>, <1,1>, re-detected every 30 units"
paper="bottleneck fairness oscillates; the first flow gets only ~10% of either resource (DRF: 6/13 = 0.46 each, which DRFQ gives)"
plot plots/drfq_fig5.gp
for detect in queued-work utilisation; do
    point "$detect" drfq --scenario fig5 --bf-detect "$detect" --duration "$(len 30000 150000)"
done
