# KBNets Fig. 9 with ECN: F1's throughput (left) and timeouts of F2 (right) against F2's relative
# per-packet cost, for RED_4 and RED_4 MQ dropping (the paper's setting), marking with
# ECN-reacting NewReno, and marking with DCTCP; the optimum is equal CPU shares.
# The gathered table's `point` column (QUEUE-MODE-kK, from the declaration) picks the series.
# needs: results.csv cost_ratio,f1_mbps,f2_timeouts,optimal_f1_mbps,point
set terminal pngcairo size 1200,560 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set output out."/kbnets_fig9_ecn.png"
set multiplot layout 1,2 title "KBNets Fig. 9 with ECN: RED_4 / RED_4 MQ marking instead of dropping"
set key outside bottom center horizontal maxrows 2
set grid
set xlabel "F2 cost / F1 cost (k)"
set xrange [0.5:10.5]

series = "red4-drop red4-ecn red4-dctcp red4mq-drop red4mq-ecn red4mq-dctcp"
pick(s) = strstrt(strcol("point"), s."-k") == 1
stats data."/results.csv" using "optimal_f1_mbps" nooutput
C = 2 * STATS_max
set ylabel "F1 throughput (Mb/s)"
set yrange [0:*]
plot for [i=1:words(series)] data."/results.csv" \
         using "cost_ratio":(pick(word(series,i)) ? column("f1_mbps") : 1/0) \
         with linespoints lw 2 pt 7 dashtype i > 3 ? 2 : 1 title word(series,i), \
     C/2 with lines dt 3 lw 2 lc "black" title "optimal (equal CPU shares)"

set ylabel "F2 timeouts in the run"
set yrange [0:*]
plot for [i=1:words(series)] data."/results.csv" \
         using "cost_ratio":(pick(word(series,i)) ? column("f2_timeouts") : 1/0) \
         with linespoints lw 2 pt 7 dashtype i > 3 ? 2 : 1 title word(series,i)
unset multiplot
