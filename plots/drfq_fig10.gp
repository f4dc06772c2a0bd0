# DRFQ Fig. 10: two 40,000 pkt/s flows (basic, IPSec) and two at 1 and 0.5 pkt/s; the low-rate
# flows' latency is more than an order of magnitude lower.
# needs: results.csv scheduler,flow,mean_delay,p99_delay
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set grid ytics
set output out."/drfq_fig10.png"
set title "DRFQ Fig. 10: per-packet latency under DRFQ (paper: the low-rate flows see > 10x lower latency)"
set xrange [-0.6:3.6]
set xlabel "flow"
set ylabel "latency (us, log scale)"
set logscale y
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.6
set xtics ("basic 40k/s" 0, "IPSec 40k/s" 1, "basic 1/s" 2, "basic 0.5/s" 3)
plot data."/results.csv" every ::1 using 7 title "mean", \
     "" every ::1 using 8 title "99th percentile"
