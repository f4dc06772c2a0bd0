# Declares the figure's simulation points; see scripts/job_list.sh.
# CPU pooling at datacenter scale (docs/nfv-pool.md): FatTree(8) of 1 Gb/s links, 4 middleboxes x
# 4 cores, 64 long-running connections, half costing 1 unit and half 4 units per packet, every
# subflow hashed onto an instance; one point per queue in front of the cores.
title="NFV pool: k = 8 FatTree, 4 middleboxes x 4 cores, 64 connections of cost 1 and 4, throughput and CPU-time fairness vs subflows"
paper="KBNets (line of CPUs): drop-tail and RED_4 MQ with MPTCP pool the CPUs; per-packet fair queueing wastes capacity"
plot plots/nfv_pool.gp
point droptail nfv_pool --queue droptail --subflows 1,2,4,8 --duration-s "$(len 3 15)" --warmup-s 1
point fq_b1 nfv_pool --queue fq --batch 1 --subflows 1,2,4,8 --duration-s "$(len 3 15)" --warmup-s 1
point fq_b1024 nfv_pool --queue fq --batch 1024 --subflows 1,2,4,8 --duration-s "$(len 3 15)" --warmup-s 1
point red4mq nfv_pool --queue red4mq --batch 1024 --subflows 1,2,4,8 --duration-s "$(len 3 15)" --warmup-s 1
