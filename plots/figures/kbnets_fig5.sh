# Declares the figure's simulation points; see scripts/job_list.sh.
title="KBNets Fig. 5: two processes with different per-packet costs: packet rates and CPU shares"
paper="cheap packets: packet-rate fairness (plain vs 1000 cycles: 1.25 Mpps each, the expensive one ~80% CPU); batches longer than the quantum (10K vs 100K cycles): equal CPU; mixed: the cheap process gets ~10% CPU"
plot plots/kbnets_fig5.gp
point pairs oscore --scenario fig5 --duration-ms "$(len 1000 5000)"
