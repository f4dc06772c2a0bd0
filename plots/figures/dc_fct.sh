# Declares the figure's simulation points; see scripts/job_list.sh.
# Flow completion times (docs/nfv-pool.md, "Finite flows"): FatTree(8) of 1 Gb/s links, Poisson
# arrivals of web-search flows at loads 0.3, 0.5 and 0.7 with ECMP: TCP NewReno on drop-tail
# ports, MPTCP (8 subflows, LIA) on drop-tail ports, and TCP with per-packet fair queueing
# (fq, B = 1) at every port.
title="FCT slowdown by flow size: k = 8 FatTree, 1 Gb/s, web-search flows, loads 0.3 / 0.5 / 0.7"
paper="(no paper curve) small flows suffer most from queueing behind large ones; per-port fair queueing shields them; MPTCP's extra subflows help large flows and cost small ones"
plot plots/dc_fct.gp
for load in 0.3 0.5 0.7; do
    point "droptail_$load" datacenter --tm poisson --k 8 --link-mbps 1000 --min-rto-ms 1 --flow-sizes websearch --load "$load" --duration-s "$(len 0.3 1.5)" --warmup-s 0 --drain-s 0.2 --queue droptail
    point "mptcp_$load" datacenter --tm poisson --k 8 --link-mbps 1000 --min-rto-ms 1 --flow-sizes websearch --load "$load" --duration-s "$(len 0.3 1.5)" --warmup-s 0 --drain-s 0.2 --queue droptail --subflows 8
    point "fq_$load" datacenter --tm poisson --k 8 --link-mbps 1000 --min-rto-ms 1 --flow-sizes websearch --load "$load" --duration-s "$(len 0.3 1.5)" --warmup-s 0 --drain-s 0.2 --queue fq --batch 1
done
