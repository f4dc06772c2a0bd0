# FCT slowdown per flow-size bucket, one panel per load: mean (solid) and 99th percentile
# (dashed) for TCP on drop-tail ports, MPTCP (8 subflows) on drop-tail ports and TCP with
# per-packet FQ at every port. Rows are told apart by the "point" column (droptail_0.5,
# mptcp_0.5, fq_0.5, ...).
# needs: results.csv point,bucket,mean_slowdown,p99_slowdown
set terminal pngcairo size 1500,560 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key top left font ",9"
c1 = "#1f77b4"; c2 = "#d62728"; c3 = "#2ca02c"
idx(s) = s eq "<100KB" ? 0 : s eq "100KB-1MB" ? 1 : s eq "1MB-10MB" ? 2 : s eq ">=10MB" ? 3 : 4
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
set output out."/dc_fct.png"
set multiplot layout 1,3 title "FCT slowdown, FatTree(8), 1 Gb/s links, web-search flows, ECMP"
set xtics ("<100K" 0, "100K-1M" 1, "1M-10M" 2, ">=10M" 3, "all" 4)
set xrange [-0.5:4.5]
set logscale y
set yrange [1:300]  # room above the curves for the key
set ylabel "slowdown (FCT / ideal)"
set xlabel "flow size (bytes)"
do for [load in "0.3 0.5 0.7"] {
    set title "load ".load
    plot data."/results.csv" using (idx(strcol("bucket"))):(sel("droptail_".load, "mean_slowdown")) with linespoints pt 7 lc rgb c1 title "TCP, drop-tail, mean", \
         "" using (idx(strcol("bucket"))):(sel("droptail_".load, "p99_slowdown")) with linespoints pt 6 dt 2 lc rgb c1 title "TCP, drop-tail, p99", \
         "" using (idx(strcol("bucket"))):(sel("mptcp_".load, "mean_slowdown")) with linespoints pt 9 lc rgb c3 title "MPTCP (8), drop-tail, mean", \
         "" using (idx(strcol("bucket"))):(sel("mptcp_".load, "p99_slowdown")) with linespoints pt 8 dt 2 lc rgb c3 title "MPTCP (8), drop-tail, p99", \
         "" using (idx(strcol("bucket"))):(sel("fq_".load, "mean_slowdown")) with linespoints pt 5 lc rgb c2 title "TCP, FQ (B = 1), mean", \
         "" using (idx(strcol("bucket"))):(sel("fq_".load, "p99_slowdown")) with linespoints pt 4 dt 2 lc rgb c2 title "TCP, FQ (B = 1), p99"
}
unset multiplot
