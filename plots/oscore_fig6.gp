# KBNets Fig. 6: ping latency through an idle forwarder sharing the core with P busy ones.
# needs: results.csv busy_processes,median_us,p99_us
# needs: latency_cdf.csv busy_processes,latency_us,cdf
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key bottom right
set grid
set output out."/oscore_fig6_ping_latency.png"
set title "Ping latency through an idle forwarder (KBNets Fig. 6; core only, no host stack)"
set xlabel "latency through the core (ms)"
set ylabel "CDF of pings"
set logscale x
set yrange [0:1.02]
busy = system("tail -n +2 '".data."/results.csv' | cut -d, -f1 | tr '\\n' ' '")
plot for [n in busy] data."/latency_cdf.csv" using ($1==n+0 ? $2/1000 : 1/0):3 \
     with steps lw 2 title sprintf("%s busy processes", n)
