# KBNets Fig. 4: total throughput against ring (= FastClick batch) size, ten processes.
# needs: results.csv processes,ring_slots,throughput_mpps
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key bottom right
set grid
set output out."/kbnets_fig4.png"
set title "Total throughput vs ring size, 10 processes, plain forwarding (KBNets Fig. 4)"
set xlabel "ring size = batch size (packets)"
set ylabel "total throughput (Mpps)"
set logscale x 2
set yrange [0:*]
plot data."/results.csv" using 3:4 with linespoints lw 2 title "simulation", \
     "+" using (128):(3.7) every ::0::0 with points pt 7 ps 1.5 lc rgb "black" title "paper", \
     "+" using (1024):(5.5) every ::0::0 with points pt 7 ps 1.5 lc rgb "black" notitle
