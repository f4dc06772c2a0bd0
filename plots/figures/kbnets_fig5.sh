# Declares the figure's simulation points; see scripts/job_list.sh.
title="KBNets Fig. 5: two processes with different per-packet costs: packet rates and CPU shares"
paper="cheap packets: packet-rate fairness (plain vs 1000 cycles: 1.25 Mpps each, the expensive one ~80% CPU); batches longer than the quantum (10K vs 100K cycles): equal CPU; mixed: the cheap process gets ~10% CPU"
plot plots/kbnets_fig5.gp
point pairs oscore --scenario fig5 --duration-ms "$(len 1000 5000)"
# Tolerances: docs/figures.md#kbnets_fig5 (±0.07 on CPU shares, ±20% on packet rates).
expect results.csv "extra_cycles_a=0,extra_cycles_b=1000" throughput_a_mpps 1.0 1.5 "plain vs 1000 cycles: 1.25 Mpps (plain)"
expect results.csv "extra_cycles_a=0,extra_cycles_b=1000" throughput_b_mpps 1.0 1.5 "plain vs 1000 cycles: 1.25 Mpps (1000 cycles)"
expect results.csv "extra_cycles_a=0,extra_cycles_b=1000" cpu_share_b 0.73 0.87 "plain vs 1000 cycles: the expensive process uses ~80% of the CPU"
expect results.csv "extra_cycles_a=10000,extra_cycles_b=100000" cpu_share_a 0.43 0.57 "batches longer than the quantum (10K vs 100K cycles): equal CPU"
expect results.csv "extra_cycles_a=0,extra_cycles_b=10000" cpu_share_a 0.03 0.17 "mixed (plain vs 10K cycles): the cheap process gets ~10% of the CPU"
