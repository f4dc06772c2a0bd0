# Declares the figure's simulation points; see scripts/job_list.sh.
# Not a paper figure: KBNets Fig. 8's batched line under each reading of "a batch" (--batch-mode,
# queues/batching_round_robin.h; docs/batching.md). Same setup as kbnets_fig8.
title="KBNets Fig. 8, batched FQ (B = 1024) under the three batch modes: how much the result depends on what a batch is"
paper="the paper's batching FQ gives L1 about 25 Mb/s regardless of n; it does not say whether a visit serves a snapshot, a committed batch, or polls until empty"
plot plots/kbnets_fig8_batch_modes.gp
point fq_b1 line --queue fq --batch 1 --n 1..10 --duration-s "$(len 300 1500)"
for mode in snapshot committed greedy; do
    point "$mode" line --queue fq --batch 1024 --batch-mode "$mode" --n 1..10 --duration-s "$(len 300 1500)"
done
