# Leaf-spine at three oversubscriptions: mean goodput against subflows, beside the optimum.
# needs: results.csv point,subflows,mean_goodput_mbps,throughput_pct_optimal,fluid_pct_optimal,optimal_total_mbps,connections
set terminal pngcairo size 1300,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key bottom right
c1 = "#1f77b4"; c2 = "#d62728"; c3 = "#2ca02c"
set output out."/dc_leafspine.png"
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
opt(p) = (strcol("point") eq p) ? column("optimal_total_mbps") / column("connections") : 1/0
set multiplot layout 1,2 title "Leaf-spine, 128 hosts at 100 Mb/s, 4 spines, permutation, LIA"
set xlabel "subflows per connection (1 = TCP)"
set xrange [0.5:8.5]

set title "mean goodput per host (dashed: the optimum)"
set ylabel "Mb/s"
set yrange [0:105]
plot data."/results.csv" using "subflows":(sel("os1", "mean_goodput_mbps")) with linespoints pt 7 lc rgb c1 title "1:1", \
     "" using "subflows":(opt("os1")) with lines dt 2 lc rgb c1 notitle, \
     "" using "subflows":(sel("os2", "mean_goodput_mbps")) with linespoints pt 5 lc rgb c2 title "2:1", \
     "" using "subflows":(opt("os2")) with lines dt 2 lc rgb c2 notitle, \
     "" using "subflows":(sel("os4", "mean_goodput_mbps")) with linespoints pt 9 lc rgb c3 title "4:1", \
     "" using "subflows":(opt("os4")) with lines dt 2 lc rgb c3 notitle

set title "% of optimal (dashed: fluid, same hash choices)"
set ylabel "% of optimal"
set yrange [0:105]
plot data."/results.csv" using "subflows":(sel("os1", "throughput_pct_optimal")) with linespoints pt 7 lc rgb c1 title "1:1", \
     "" using "subflows":(sel("os1", "fluid_pct_optimal")) with lines dt 2 lc rgb c1 notitle, \
     "" using "subflows":(sel("os2", "throughput_pct_optimal")) with linespoints pt 5 lc rgb c2 title "2:1", \
     "" using "subflows":(sel("os2", "fluid_pct_optimal")) with lines dt 2 lc rgb c2 notitle, \
     "" using "subflows":(sel("os4", "throughput_pct_optimal")) with linespoints pt 9 lc rgb c3 title "4:1", \
     "" using "subflows":(sel("os4", "fluid_pct_optimal")) with lines dt 2 lc rgb c3 notitle
unset multiplot
