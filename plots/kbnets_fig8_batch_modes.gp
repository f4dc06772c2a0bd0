# KBNets Fig. 8's batching FQ (B = 1024) under each --batch-mode, with per-packet FQ for reference.
# Rows are told apart by the "point" column the figure runner adds (fq_b1, snapshot, committed,
# greedy).
# needs: results.csv point,n,total_mbps,optimal_mbps,l1_mbps
set terminal pngcairo size 1300,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
c0 = "#7f7f7f"; c1 = "#2ca02c"; c2 = "#9467bd"; c3 = "#ff7f0e"
set output out."/kbnets_fig8_batch_modes.png"
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
set multiplot layout 1,2 title "KBNets Fig. 8 line topology: batching FQ (B = 1024) by batch mode"

set title "subflow L1 (colours as in the right panel)"
set xlabel "n (CPUs on L1's path)"
set ylabel "L1 throughput (Mb/s)"
set xrange [0.5:10.5]
set yrange [0:60]
unset key
set label 1 "paper: about 25, any n (shaded 15-35)" at 10.3,17 right font ",10"
set object 1 rect from 0.5,15 to 10.5,35 fc rgb "#e8e8e8" fs solid 0.6 noborder behind
plot 25 with lines dt 2 lw 2 lc rgb "black" notitle, \
     data."/results.csv" using "n":(sel("fq_b1", "l1_mbps")) with linespoints pt 5 lc rgb c0 title "FQ, B = 1", \
     "" using "n":(sel("snapshot", "l1_mbps")) with linespoints pt 7 lc rgb c1 title "B = 1024, snapshot (default)", \
     "" using "n":(sel("committed", "l1_mbps")) with linespoints pt 9 lc rgb c2 title "B = 1024, committed", \
     "" using "n":(sel("greedy", "l1_mbps")) with linespoints pt 11 lc rgb c3 title "B = 1024, greedy"

unset object 1
unset label 1
set title "total network throughput"
set ylabel "throughput (Mb/s)"
set yrange [0:*]
set key top left
plot data."/results.csv" using "n":(sel("snapshot", "optimal_mbps")) with lines lw 2 dt 2 lc rgb "black" title "optimum 100(n+1)", \
     "" using "n":(sel("fq_b1", "total_mbps")) with linespoints pt 5 lc rgb c0 title "FQ, B = 1", \
     "" using "n":(sel("snapshot", "total_mbps")) with linespoints pt 7 lc rgb c1 title "B = 1024, snapshot", \
     "" using "n":(sel("committed", "total_mbps")) with linespoints pt 9 lc rgb c2 title "B = 1024, committed", \
     "" using "n":(sel("greedy", "total_mbps")) with linespoints pt 11 lc rgb c3 title "B = 1024, greedy"
unset multiplot
