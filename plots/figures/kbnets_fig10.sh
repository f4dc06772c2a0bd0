# Declares the figure's simulation points; see scripts/job_list.sh.
# As Fig. 8; the line experiment's defaults follow Fig. 9's for the same 100 Mb/s, 10 ms CPUs:
# RED thresholds 60 and 180 packets with 400-packet buffers (RED's generic 5/15 packets would
# leave even a lone flow's CPU underused at this bandwidth-delay product of 83 packets), and
# 100-packet buffers for drop-tail and fq.
title="KBNets Fig. 10: line topology, RED_4 MQ (B = 1024) vs fair queueing vs drop-tail"
paper="RED_4 MQ performs within 10% of drop-tail, which is nearly optimal; fair queueing hurts total throughput"
plot plots/kbnets_fig10.gp
point droptail line --queue droptail --n 1..10 --duration-s "$(len 300 1500)"
point fq_b1 line --queue fq --batch 1 --n 1..10 --duration-s "$(len 300 1500)"
point red4mq line --queue red4mq --batch 1024 --n 1..10 --duration-s "$(len 300 1500)"
# Tolerances: docs/figures.md#kbnets_fig10 (RED_4 MQ total >= 90% of drop-tail's).
for n in 1 5 10; do
    expect_ratio results.csv "point=red4mq,n=$n" "point=droptail,n=$n" total_mbps 0.9 - "RED_4 MQ, n=$n: total within 10% of drop-tail's"
done
expect_ratio results.csv "point=fq_b1,n=10" "point=droptail,n=10" total_mbps - 0.9 "FQ hurts total throughput (n=10: below 90% of drop-tail's)"
