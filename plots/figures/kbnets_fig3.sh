# Declares the figure's simulation points; see scripts/job_list.sh. One point per cost series.
title="KBNets Fig. 3: total throughput vs processes per core (1..30), 1024-packet rings, yield"
paper="0 cycles: line rate alone, 30 processes -> 3.5 Mpps (-60%), flat after 25; 1000 cycles: 2.5 -> 1.5 Mpps; 10000 cycles: 288 -> 239 Kpps (-16%)"
plot plots/kbnets_fig3.gp
for extra in 0 100 1000 10000; do
    point "e$extra" oscore --scenario fig3 --extra-cycles "$extra" --duration-ms "$(len 1000 5000)"
done
