# Declares the figure's simulation points; see scripts/job_list.sh.
# RED_4 MQ with batch sizes 1..1024, in the fairness topology (F2's packets cost 4x F1's) and in
# the line topology with n = 10; path settings as Figs. 9 and 10.
title="KBNets Fig. 11: effect of batch size on RED_4 MQ in the fairness and line topologies"
paper="larger batches give better performance: with small batches RED_4 MQ behaves like fair queueing (no numbers given)"
plot plots/kbnets_fig11.gp
point fairness batch --topology fairness --cost-ratio 4 --duration-s "$(len 300 1500)"
point line batch --topology line --n 10 --duration-s "$(len 300 1500)"
# Tolerances: docs/figures.md#kbnets_fig11 (a shape: the distance from optimal shrinks with B).
expect_ratio results.csv "topology=fairness,batch=1024" "topology=fairness,batch=1" distance - 1 "fairness topology: batch 1024 closer to optimal than batch 1"
expect_ratio results.csv "topology=line,batch=1024" "topology=line,batch=1" distance - 1 "line topology: batch 1024 closer to optimal than batch 1"
