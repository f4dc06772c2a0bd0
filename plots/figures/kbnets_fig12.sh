# Declares the figure's simulation points; see scripts/job_list.sh.
# Four equal phases of background load: (CPU, WAN) flows = (0, 8), (8, 0), (0, 0), (8, 8);
# WAN and CPUs 100 Mb/s, compression ratio 0.5, RED_4 on the WAN and RED_4 MQ on the CPUs.
title="KBNets Fig. 12: compress or not? A multipath flow between two data centres, direct over the WAN or compressed through two CPUs"
paper="no data (a sketch): when the CPUs are congested most traffic should move to the direct subflow, when the WAN is congested to the compressed one"
plot plots/kbnets_fig12.gp
point all compress --mode multipath,compress,direct --cpu-flows 0,8,0,8 --wan-flows 8,0,0,8 --duration-s "$(len 600 3000)"
