# KBNets Fig. 9: F1's throughput against F2's relative per-packet cost, one line per queue, with
# the optimum (equal CPU shares: F1 gets half the CPU); right panel: the CPU share F1 gets.
# needs: results.csv queue,cost_ratio,f1_mbps,f1_cpu_share,optimal_f1_mbps
set terminal pngcairo size 1200,500 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set output out."/kbnets_fig9.png"
set multiplot layout 1,2 title "KBNets Fig. 9: two TCP flows share one CPU; F2's packets cost k times F1's"
set key top right
set grid
set xlabel "F2 cost / F1 cost (k)"
set xrange [0.5:*]

queues = "droptail fq drr red4 red4mq"
# The optimum and the packet-rate-fair outcome, from the capacity in the data (optimal = C/2).
stats data."/results.csv" using "optimal_f1_mbps" nooutput
C = 2 * STATS_max
set samples 200
set ylabel "F1 throughput (Mb/s)"
set yrange [0:105]
plot for [i=1:words(queues)] data."/results.csv" \
         using "cost_ratio":(strcol("queue") eq word(queues,i) ? column("f1_mbps") : 1/0) \
         with linespoints lw 2 pt 7 title word(queues,i), \
     C/2 with lines dt 2 lw 2 lc "black" title "optimal (equal CPU shares)", \
     C/(1+x) with lines dt 3 lw 2 lc "gray40" title "equal packet rates"

set ylabel "F1 share of the CPU"
set yrange [0:1]
set key bottom left
plot for [i=1:words(queues)] data."/results.csv" \
         using "cost_ratio":(strcol("queue") eq word(queues,i) ? column("f1_cpu_share") : 1/0) \
         with linespoints lw 2 pt 7 title word(queues,i), \
     0.5 with lines dt 2 lw 2 lc "black" title "optimal"
unset multiplot
