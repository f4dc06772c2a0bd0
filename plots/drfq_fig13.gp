# DRFQ Fig. 13: delay under DRFQ versus buffer size; the backlogged flow's grows, the sparse
# flow's stays flat.
# needs: delay_vs_buffer.csv scheduler,buffer_pkts,flow,mean_delay,sd_delay
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler and flow: gnuplot breaks lines at filtered-out points, so filter first.
rows(file, s, f) = sprintf("< awk -F, '$1==\"%s\" && $3==%d' '%s'", s, f, file)
set grid ytics
set output out."/drfq_fig13.png"
set title "DRFQ Fig. 13: per-packet delay versus per-flow buffer (mean +- sd)"
set xlabel "buffer (packets per flow)"
set ylabel "delay (us)"
set logscale xy
set key top left
set label 1 "paper: the backlogged flow's delay grows with the buffer; the sparse flow's stays constant" at graph 0.02, graph 0.6
f = data."/delay_vs_buffer.csv"
plot rows(f, "drfq", 0) using 2:4:5 with yerrorlines lc 1 pt 7 title "backlogged flow", \
     rows(f, "drfq", 1) using 2:4:5 with yerrorlines lc 2 pt 5 title "sparse flow"
