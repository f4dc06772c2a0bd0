# Declares the figure's simulation points; see scripts/job_list.sh.
title="KBNets Fig. 2: batch sizes, 5 processes sharing one core, 1024-packet rings, without and with sched_yield"
paper="without yield >90% of batches <=10 packets, the rest >=1000; with yield ~Gaussian around 500; 5.1 Mpps without yield, 7.5 Mpps with"
plot plots/kbnets_fig2.gp
point p5 oscore --scenario fig2 --duration-ms "$(len 1000 5000)"
# Tolerances: docs/figures.md#kbnets_fig2 (testbed numbers: ±20% on throughputs).
expect summary.csv "yield=off" fraction_le_10_pkts 0.9 - "without yield more than 90% of batches are <= 10 packets"
expect summary.csv "yield=off" throughput_mpps 4.08 6.12 "without yield: 5.1 Mpps"
expect summary.csv "yield=on" throughput_mpps 6.0 9.0 "with yield: 7.5 Mpps"
expect summary.csv "yield=on" median_batch_pkts 400 600 "with yield: batches around 500 packets (±20%)"
