# KBNets Fig. 2: CDF of the batch sizes FastClick takes, 5 processes on one core, 1024-slot rings.
# needs: results.csv yield,batch_pkts,cdf
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key center center box opaque
set grid
set output out."/kbnets_fig2.png"
set title "Batch sizes, 5 processes per core, 1024-packet rings (KBNets Fig. 2)"
set xlabel "batch size (packets)"
set ylabel "CDF of batches"
set logscale x
set xrange [1:1100]
set yrange [0:1.02]
set arrow from 500, graph 0 to 500, graph 1 nohead dt 2 lw 1.5 lc rgb "gray40"
set label "paper, with yield:\n≈ Gaussian around 500" at 480, 0.35 right textcolor rgb "gray30"
plot data."/results.csv" using ($2>0 && strcol(1) eq "off" ? $2 : 1/0):3 with steps lw 2 title "simulation, without yield", \
     data."/results.csv" using ($2>0 && strcol(1) eq "on" ? $2 : 1/0):3 with steps lw 2 title "simulation, with sched\\_yield", \
     "+" using (10):(0.9) every ::0::0 with points pt 7 ps 1.5 lc rgb "black" title "paper, without yield: >90% of batches ≤ 10"
