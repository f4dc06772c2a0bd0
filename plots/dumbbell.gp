# Dumbbell: per-flow goodput, and the congestion window of a few flows over time.
# needs: results.csv flow,goodput_mbps
# needs: cwnd.csv time_s,flow,cwnd_pkts
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key top right
set grid ytics

set output out."/dumbbell_goodput.png"
set title "Dumbbell: per-flow goodput (drop-tail, 16 NewReno flows)"
set xlabel "flow"
set ylabel "goodput (Mb/s)"
set style fill solid 0.6
set boxwidth 0.7
set yrange [0:*]
stats data."/results.csv" using 2 nooutput
set label 1 sprintf("mean %.2f Mb/s", STATS_mean) at graph 0.02, graph 0.95
plot data."/results.csv" using 1:2 with boxes title "goodput", \
     STATS_mean with lines dt 2 lw 2 title "mean"
unset label 1

set output out."/dumbbell_cwnd.png"
set title "Dumbbell: congestion window of four flows, first 3 s (drop-tail synchronises them)"
set xlabel "time (s)"
set xrange [0:3]
set yrange [0:*]
set ylabel "cwnd (packets)"
set style data lines
plot for [f=0:3] data."/cwnd.csv" using 1:($2==f ? $3 : 1/0) lw 1.5 title sprintf("flow %d", f)
