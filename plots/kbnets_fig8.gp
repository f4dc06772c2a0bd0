# KBNets Fig. 8: the line topology under drop-tail, per-packet FQ and batching FQ.
# Rows are told apart by the "point" column the figure runner adds (droptail, fq_b1, fq_b1024).
# needs: results.csv point,n,total_mbps,optimal_mbps,l1_mbps,short_mean_mbps
set terminal pngcairo size 1300,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key top left
# One colour per queue in both panels.
c1 = "#1f77b4"; c2 = "#d62728"; c3 = "#2ca02c"
set output out."/kbnets_fig8.png"
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
set multiplot layout 1,2 title "KBNets Fig. 8: line topology (L1 across n CPUs of 100 Mb/s, each shared with S_i)"

set title "total network throughput"
set xlabel "n (CPUs on L1's path)"
set ylabel "throughput (Mb/s)"
set xrange [0.5:10.5]
set yrange [0:*]
plot data."/results.csv" using "n":"optimal_mbps" with lines lw 2 dt 2 lc rgb "black" title "optimum 100(n+1)", \
     150 + 50*x with lines dt 3 lc rgb "gray40" title "150+50n (paper: FQ)", \
     "" using "n":(sel("droptail", "total_mbps")) with linespoints pt 7 lc rgb c1 title "drop-tail", \
     "" using "n":(sel("fq_b1", "total_mbps")) with linespoints pt 5 lc rgb c2 title "FQ, B = 1", \
     "" using "n":(sel("fq_b1024", "total_mbps")) with linespoints pt 9 lc rgb c3 title "FQ, B = 1024"

set title "subflow L1 and the mean short flow S_i"
set ylabel "throughput (Mb/s)"
set yrange [0:105]
set key outside bottom center horizontal maxrows 2
plot data."/results.csv" using "n":(sel("droptail", "l1_mbps")) with linespoints pt 7 lc rgb c1 title "L1, drop-tail", \
     "" using "n":(sel("fq_b1", "l1_mbps")) with linespoints pt 5 lc rgb c2 title "L1, FQ B = 1", \
     "" using "n":(sel("fq_b1024", "l1_mbps")) with linespoints pt 9 lc rgb c3 title "L1, FQ B = 1024", \
     "" using "n":(sel("droptail", "short_mean_mbps")) with linespoints pt 6 dt 2 lc rgb c1 title "S_i, drop-tail", \
     "" using "n":(sel("fq_b1", "short_mean_mbps")) with linespoints pt 4 dt 2 lc rgb c2 title "S_i, FQ B = 1", \
     "" using "n":(sel("fq_b1024", "short_mean_mbps")) with linespoints pt 8 dt 2 lc rgb c3 title "S_i, FQ B = 1024"
unset multiplot
