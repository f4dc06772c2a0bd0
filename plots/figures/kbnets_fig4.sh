# Declares the figure's simulation points; see scripts/job_list.sh.
title="KBNets Fig. 4: total throughput vs ring (= batch) size, 10 processes, plain forwarding"
paper="10 processes: 128-packet rings 3.7 Mpps, 1024-packet rings 5.5 Mpps (+50%)"
plot plots/kbnets_fig4.gp
point p10 oscore --scenario fig4 --duration-ms "$(len 1000 5000)"
# Tolerances: docs/figures.md#kbnets_fig4 (testbed numbers: ±20%).
expect results.csv "ring_slots=128" throughput_mpps 2.96 4.44 "128-packet rings: 3.7 Mpps"
expect results.csv "ring_slots=1024" throughput_mpps 4.4 6.6 "1024-packet rings: 5.5 Mpps"
