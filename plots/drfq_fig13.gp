# DRFQ Fig. 13: delay under DRFQ versus buffer size; the backlogged flow's grows, the sparse
# flow's stays flat.
# needs: delay_vs_buffer.csv scheduler,buffer_pkts,flow,mean_delay,sd_delay
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set grid ytics
set output out."/drfq_fig13.png"
set title "DRFQ Fig. 13: per-packet delay versus per-flow buffer (mean +- sd)"
set xlabel "buffer (packets per flow)"
set ylabel "delay (us)"
set logscale xy
set key top left
plot data."/delay_vs_buffer.csv" every ::1 using 2:($3==0 ? $4 : 1/0):5 with yerrorlines title "backlogged flow", \
     "" every ::1 using 2:($3==1 ? $4 : 1/0):5 with yerrorlines title "sparse flow"
