# KBNets Fig. 11: RED_4 MQ's value against batch size B, beside the optimum, in both topologies.
# needs: results.csv topology,batch,value,optimal,distance
set terminal pngcairo size 1600,520 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set output out."/kbnets_fig11.png"
sel(t, c) = (strcol("topology") eq t) ? column(c) : 1/0
set multiplot layout 1,3 title "KBNets Fig. 11: RED_4 MQ against batch size B"
set logscale x 2
set xrange [0.8:1300]
set xlabel "batch size B (packets per round-robin visit)"

set title "fairness topology: F1's throughput (F2's packets cost 4x)"
set ylabel "F1 throughput (Mb/s)"
set yrange [0:*]
set key bottom right
plot data."/results.csv" using "batch":(sel("fairness", "optimal")) with lines lw 2 dt 2 lc rgb "black" title "optimum (equal CPU shares)", \
     "" using "batch":(sel("fairness", "value")) with linespoints pt 7 lc 1 title "RED_4 MQ"

set title "line topology (n = 10): total throughput"
set ylabel "total throughput (Mb/s)"
set yrange [900:1150]
plot data."/results.csv" using "batch":(sel("line", "optimal")) with lines lw 2 dt 2 lc rgb "black" title "optimum 100(n+1)", \
     "" using "batch":(sel("line", "value")) with linespoints pt 5 lc 2 title "RED_4 MQ"

set title "distance from the optimum, |value - optimum| / optimum"
set ylabel "distance from optimum"
set yrange [0:*]
set key top right
plot data."/results.csv" using "batch":(sel("fairness", "distance")) with linespoints pt 7 lc 1 title "fairness (F1)", \
     "" using "batch":(sel("line", "distance")) with linespoints pt 5 lc 2 title "line (total)"
unset multiplot
