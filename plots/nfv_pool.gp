# NFV pool: total goodput as % of the equal-CPU-time optimum and Jain's index of the
# connections' CPU time, against subflows per connection, one line per queue in front of the
# cores. Rows are told apart by the "point" column the figure runner adds.
# needs: results.csv point,subflows,pct_optimal,cpu_time_jain
set terminal pngcairo size 1300,600 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set key bottom right
c1 = "#1f77b4"; c2 = "#d62728"; c3 = "#ff7f0e"; c4 = "#2ca02c"
sel(p, c) = (strcol("point") eq p) ? column(c) : 1/0
set output out."/nfv_pool.png"
set multiplot layout 1,2 title "NFV pool in FatTree(8): 4 middleboxes x 4 cores, 64 connections (half cost 1, half cost 4)"
set xlabel "subflows per connection (1 = TCP)"
set logscale x 2
set xrange [0.8:10]

set title "total goodput"
set ylabel "% of the equal-CPU-time optimum"
set yrange [0:120]
plot 100 with lines dt 2 lc rgb "black" title "optimum (equal CPU time, pooled)", \
     64 with lines dt 3 lc rgb "gray40" title "equal packet rates, pooled (64%)", \
     data."/results.csv" using "subflows":(sel("droptail", "pct_optimal")) with linespoints pt 7 lc rgb c1 title "drop-tail", \
     "" using "subflows":(sel("fq_b1", "pct_optimal")) with linespoints pt 5 lc rgb c2 title "FQ, B = 1", \
     "" using "subflows":(sel("fq_b1024", "pct_optimal")) with linespoints pt 13 lc rgb c3 title "FQ, B = 1024", \
     "" using "subflows":(sel("red4mq", "pct_optimal")) with linespoints pt 9 lc rgb c4 title "RED_4 MQ, B = 1024"

set title "CPU-time fairness between connections"
set ylabel "Jain's index of CPU time"
set yrange [0:1.05]
plot data."/results.csv" using "subflows":(sel("droptail", "cpu_time_jain")) with linespoints pt 7 lc rgb c1 title "drop-tail", \
     "" using "subflows":(sel("fq_b1", "cpu_time_jain")) with linespoints pt 5 lc rgb c2 title "FQ, B = 1", \
     "" using "subflows":(sel("fq_b1024", "cpu_time_jain")) with linespoints pt 13 lc rgb c3 title "FQ, B = 1024", \
     "" using "subflows":(sel("red4mq", "cpu_time_jain")) with linespoints pt 9 lc rgb c4 title "RED_4 MQ, B = 1024"
unset multiplot
