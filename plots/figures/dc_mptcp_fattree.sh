# Declares the figure's simulation points; see scripts/job_list.sh.
# The MPTCP-in-a-FatTree experiment (Raiciu et al., SIGCOMM 2011): FatTree(8), 128 hosts, 100 Mb/s
# links, a permutation of long-running connections, LIA, ECMP per subflow; one point per number of
# subflows. docs/datacenter.md explains the optimum and the fluid column.
title="MPTCP in a FatTree: k = 8 (128 hosts), 100 Mb/s links, permutation, throughput vs subflows"
paper="single-path TCP with ECMP wastes capacity to hash collisions (about half of optimal); MPTCP (LIA) approaches optimal as subflows grow, about 90% with 8 subflows"
plot plots/dc_mptcp_fattree.gp
for n in 1 2 3 4 5 6 7 8; do
    point "n$n" datacenter --k 8 --link-mbps 100 --tm permutation --subflows "$n" --mptcp-cc lia --duration-s "$(len 3 15)" --warmup-s 1
done
