# KBNets Fig. 2: CDF of the batch sizes FastClick takes, 5 processes on one core, 1024-slot rings.
# needs: results.csv yield,batch_pkts,cdf
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key bottom right
set grid
set output out."/oscore_fig2_batch_cdf.png"
set title "Batch sizes, 5 processes per core, 1024-packet rings (KBNets Fig. 2)"
set xlabel "batch size (packets)"
set ylabel "CDF of batches"
set logscale x
set xrange [1:1100]
set yrange [0:1.02]
plot data."/results.csv" using ($2>0 && strcol(1) eq "off" ? $2 : 1/0):3 with steps lw 2 title "without yield", \
     data."/results.csv" using ($2>0 && strcol(1) eq "on" ? $2 : 1/0):3 with steps lw 2 title "with sched\\_yield"
