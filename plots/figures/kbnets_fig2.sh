# Declares the figure's simulation points; see scripts/job_list.sh.
title="KBNets Fig. 2: batch sizes, 5 processes sharing one core, 1024-packet rings, without and with sched_yield"
paper="without yield >90% of batches <=10 packets, the rest >=1000; with yield ~Gaussian around 500; 5.1 Mpps without yield, 7.5 Mpps with"
plot plots/kbnets_fig2.gp
point p5 oscore --scenario fig2 --duration-ms "$(len 1000 5000)"
