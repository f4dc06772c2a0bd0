# MPTCP in a FatTree: % of optimal against the number of subflows, packet level beside the fluid
# max-min prediction for the same ECMP hash choices.
# needs: results.csv subflows,throughput_pct_optimal,fluid_pct_optimal,p10_goodput_mbps,mean_goodput_mbps
set terminal pngcairo size 1300,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key bottom right
set output out."/dc_mptcp_fattree.png"
set multiplot layout 1,2 title "MPTCP in FatTree(8): 128 hosts, 100 Mb/s links, permutation, LIA, ECMP per subflow"

set title "total throughput"
set xlabel "subflows per connection (1 = TCP)"
set ylabel "% of optimal"
set xrange [0.5:8.5]
set yrange [0:105]
plot data."/results.csv" using "subflows":"throughput_pct_optimal" with linespoints pt 7 lw 2 lc rgb "#1f77b4" title "packet level", \
     "" using "subflows":"fluid_pct_optimal" with linespoints pt 6 dt 2 lc rgb "#d62728" title "fluid max-min, same hash choices", \
     90 with lines dt 3 lc rgb "gray40" title "paper: about 90% with 8 subflows"

set title "per-connection goodput"
set ylabel "Mb/s"
set yrange [0:105]
plot data."/results.csv" using "subflows":"mean_goodput_mbps" with linespoints pt 7 lc rgb "#1f77b4" title "mean", \
     "" using "subflows":"p10_goodput_mbps" with linespoints pt 5 lc rgb "#2ca02c" title "10th percentile"
unset multiplot
