# KBNets Fig. 3: total throughput against the number of processes sharing one core.
# needs: results.csv processes,extra_cycles,throughput_mpps
set terminal pngcairo size 1100,540 font "DejaVu Sans,11"
set datafile separator ","
set key outside right
set grid
set output out."/kbnets_fig3.png"
set title "Total throughput vs processes per core, 1024-packet rings, yield (KBNets Fig. 3)"
set xlabel "processes sharing the core"
set ylabel "total throughput (Mpps)"
set logscale y
set xrange [0:31]
plot for [e in "0 100 1000 10000"] data."/results.csv" \
     using 1:($2==e+0 ? $4 : 1/0) with linespoints lw 2 title sprintf("%s extra cycles/packet", e), \
     "+" using (30):(3.5) every ::0::0 with points pt 7 ps 1.5 lc rgb "black" title "paper: 30 proc., 0 cycles", \
     "+" using (1):(2.5) every ::0::0 with points pt 6 ps 1.5 lc rgb "black" title "paper: 1 / 30 proc., 1000 cycles", \
     "+" using (30):(1.5) every ::0::0 with points pt 6 ps 1.5 lc rgb "black" notitle, \
     "+" using (1):(0.288) every ::0::0 with points pt 4 ps 1.5 lc rgb "black" title "paper: 1 / 30 proc., 10000 cycles", \
     "+" using (30):(0.239) every ::0::0 with points pt 4 ps 1.5 lc rgb "black" notitle
