# Per-connection (= per sending host, under a permutation) goodput sorted from lowest to highest.
# needs: connections.csv point,rank,goodput_mbps,fluid_mbps
set terminal pngcairo size 900,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key bottom right
set output out."/dc_rank.png"
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
set title "FatTree(8), 100 Mb/s, permutation: per-host goodput, ranked"
set xlabel "host rank (lowest goodput first)"
set ylabel "goodput (Mb/s)"
set yrange [0:105]
plot data."/connections.csv" using "rank":(sel("tcp", "goodput_mbps")) with points pt 7 ps 0.6 lc rgb "#d62728" title "TCP (packet level)", \
     "" using "rank":(sel("mptcp8", "goodput_mbps")) with points pt 7 ps 0.6 lc rgb "#1f77b4" title "MPTCP, 8 subflows (packet level)", \
     100 with lines dt 2 lc rgb "black" title "line rate (the optimum)"
