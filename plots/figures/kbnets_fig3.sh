# Declares the figure's simulation points; see scripts/job_list.sh. One point per cost series.
title="KBNets Fig. 3: total throughput vs processes per core (1..30), 1024-packet rings, yield"
paper="0 cycles: line rate alone, 30 processes -> 3.5 Mpps (-60%), flat after 25; 1000 cycles: 2.5 -> 1.5 Mpps; 10000 cycles: 288 -> 239 Kpps (-16%)"
plot plots/kbnets_fig3.gp
for extra in 0 100 1000 10000; do
    point "e$extra" oscore --scenario fig3 --extra-cycles "$extra" --duration-ms "$(len 1000 5000)"
done
# Tolerances: docs/figures.md#kbnets_fig3 (testbed numbers: ±20%).
expect results.csv "extra_cycles=0,processes=1" throughput_mpps 6.58 - "0 cycles, 1 process: line rate (8.22 Mpps)"
expect results.csv "extra_cycles=0,processes=30" throughput_mpps 2.8 4.2 "0 cycles, 30 processes: 3.5 Mpps"
expect results.csv "extra_cycles=1000,processes=1" throughput_mpps 2.0 3.0 "1000 cycles, 1 process: 2.5 Mpps"
expect results.csv "extra_cycles=1000,processes=30" throughput_mpps 1.2 1.8 "1000 cycles, 30 processes: 1.5 Mpps"
expect results.csv "extra_cycles=10000,processes=1" throughput_mpps 0.2304 0.3456 "10000 cycles, 1 process: 288 Kpps"
expect results.csv "extra_cycles=10000,processes=30" throughput_mpps 0.1912 0.2868 "10000 cycles, 30 processes: 239 Kpps"
