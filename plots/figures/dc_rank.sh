# Declares the figure's simulation points; see scripts/job_list.sh.
# The same runs as dc_mptcp_fattree's n1 and n8 points (same commands, so the cache runs them
# once): per-connection goodput, sorted.
title="Rank plot: per-host goodput in FatTree(8), TCP vs MPTCP with 8 subflows"
paper="TCP: a long tail of hosts far below line rate (hash collisions); MPTCP-8: most hosts near line rate"
plot plots/dc_rank.gp
point tcp datacenter --k 8 --link-mbps 100 --tm permutation --subflows 1 --mptcp-cc lia --duration-s "$(len 6 20)" --warmup-s 3
point mptcp8 datacenter --k 8 --link-mbps 100 --tm permutation --subflows 8 --mptcp-cc lia --duration-s "$(len 6 20)" --warmup-s 3
# Tolerances: docs/figures.md#dc_rank (a shape: MPTCP-8's 10th percentile at least 1.5x TCP's).
expect_ratio results.csv "subflows=8" "subflows=1" p10_goodput_mbps 1.5 - "MPTCP-8 lifts the tail: 10th-percentile goodput at least 1.5x TCP's"
