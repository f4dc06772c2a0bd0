# Declares the figure's simulation points; see scripts/job_list.sh.
title="Dumbbell: 16 NewReno flows through a 100 Mb/s drop-tail bottleneck"
paper="(no paper figure) a sanity check: utilisation near 1 and Jain's index near 1"
plot plots/dumbbell.gp
point n16 dumbbell --flows 16 --rate-mbps 100 --rtt-ms 10 --buffer-pkts 100 --duration-s "$(len 100 500)"
# Not a paper figure (docs/figures.md#dumbbell): utilisation >= 0.9 means a mean goodput >= 5.625.
expect results.csv "" goodput_mbps 5.625 - "utilisation near 1 (>= 0.9 of 100 Mb/s over 16 flows)"
