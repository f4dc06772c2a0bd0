# KBNets Fig. 6: ping latency through an idle forwarder sharing the core with P busy ones.
# needs: results.csv busy_processes,median_us,p99_us
# needs: latency_cdf.csv busy_processes,latency_us,cdf
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set key top left
set grid
set output out."/kbnets_fig6.png"
set title "Ping latency through an idle forwarder (KBNets Fig. 6; core only, no host stack)"
set xlabel "latency through the core (ms)"
set ylabel "CDF of pings"
set logscale x
set yrange [0:1.02]
busy = system("tail -n +2 '".data."/results.csv' | cut -d, -f1 | tr '\\n' ' '")
$paper10 << EOD
1.3,0.5
2.0,0.99
EOD
$paper25 << EOD
1.8,0.5
4.5,0.99
EOD
plot for [n in busy] data."/latency_cdf.csv" using ($1==n+0 ? $2/1000 : 1/0):3 \
     with steps lw 2 title sprintf("simulation, %s busy processes", n), \
     "+" using (0.12):(0.5) every ::0::0 with points pt 6 ps 1.5 lc rgb "black" \
         title "paper, alone: ≈120 us end to end (hosts included)", \
     $paper10 using 1:2 with points pt 7 ps 1.5 lc rgb "black" title "paper, 10 busy: median 1.3 ms, tail 2 ms", \
     $paper25 using 1:2 with points pt 5 ps 1.5 lc rgb "black" title "paper, 25 busy: median 1.8 ms, tail 4.5 ms"
