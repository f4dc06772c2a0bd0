# Declares the figure's simulation points; see scripts/job_list.sh.
# KBNets §3.4: every CPU 100 Mb/s, all packets equally costly; LIA (RFC 6356) for the multipath
# flow; RTT 10 ms and 100-packet CPU buffers (the paper gives neither).
title="KBNets Fig. 8: line topology, drop-tail vs fair queueing (B = 1) vs batching fair queueing (B = 1024)"
paper="drop-tail: total within 2% of the optimum 100(n+1) Mb/s; FQ B=1: L1 stuck at 50 Mb/s, every S_i at 50, total about 150+50n; FQ B=1024: L1 about 25 Mb/s"
plot plots/kbnets_fig8.gp
point droptail line --queue droptail --n 1..10 --duration-s "$(len 300 1500)"
point fq_b1 line --queue fq --batch 1 --n 1..10 --duration-s "$(len 300 1500)"
point fq_b1024 line --queue fq --batch 1024 --n 1..10 --duration-s "$(len 300 1500)"
# Tolerances: docs/figures.md#kbnets_fig8 (±10 Mb/s on a flow; drop-tail total >= 98% of optimal).
for n in 1 5 10; do
    expect results.csv "point=droptail,n=$n" total_vs_optimal 0.98 - "drop-tail, n=$n: total within 2% of the optimum 100(n+1)"
    expect results.csv "point=fq_b1,n=$n" l1_mbps 40 60 "FQ B=1, n=$n: L1 stuck at 50 Mb/s"
    expect results.csv "point=fq_b1,n=$n" short_mean_mbps 40 60 "FQ B=1, n=$n: every S_i at 50 Mb/s"
    expect results.csv "point=fq_b1024,n=$n" l1_mbps 15 35 "FQ B=1024, n=$n: L1 about 25 Mb/s"
done
