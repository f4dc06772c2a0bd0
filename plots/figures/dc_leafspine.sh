# Declares the figure's simulation points; see scripts/job_list.sh.
# Leaf-spine with 8 leaves of 16 hosts at 100 Mb/s and 4 spines; uplinks at 400, 200, 100 Mb/s give
# 1:1, 2:1, 4:1 oversubscription. Permutation, LIA, ECMP per subflow.
title="Leaf-spine (8 leaves x 16 hosts, 4 spines, 100 Mb/s hosts) at oversubscription 1:1, 2:1, 4:1"
paper="(no paper figure) the optimum falls with oversubscription; MPTCP closes the gap to it that ECMP collisions leave for TCP"
plot plots/dc_leafspine.gp
for o in 1 2 4; do
    point "os$o" datacenter --topology leafspine --leaves 8 --spines 4 --hosts-per-leaf 16 --link-mbps 100 --core-mbps "$((400 / o))" --tm permutation --subflows 1,2,4,8 --duration-s "$(len 6 20)" --warmup-s 3
done
# Tolerances: docs/figures.md#dc_leafspine (no paper numbers: MPTCP-8 at or above TCP at every
# oversubscription, since it can only add paths).
for o in 1 2 4; do
    expect_ratio results.csv "point=os$o,subflows=8" "point=os$o,subflows=1" throughput_pct_optimal 1 - "oversubscription $o:1: MPTCP-8 at or above TCP"
done
