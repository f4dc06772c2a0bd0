# KBNets Fig. 5: two processes of different per-packet cost: packet rate and CPU share of each.
# needs: results.csv extra_cycles_a,extra_cycles_b,throughput_a_mpps,throughput_b_mpps,cpu_share_a,cpu_share_b,regime
set terminal pngcairo size 1000,800 font "DejaVu Sans,11"
set datafile separator ","
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7 border -1
set grid ytics
set xtics rotate by -30
set key top right
set xrange [0.4:*]
set output out."/kbnets_fig5.png"
set multiplot layout 2,1 title "Two processes with different per-packet costs (KBNets Fig. 5)"
set title "packet rate (paper: 0/1000 gives 1.25 Mpps each)"
set ylabel "throughput (Mpps)"
set logscale y
plot data."/results.csv" using 3:xtic(sprintf("%s/%s\n%s", strcol(1), strcol(2), strcol(7))) title "process A", \
     "" using 4 title "process B"
unset logscale y
set title "CPU share (paper: 0/1000: B gets about 80%; 10000/100000: equal; mixed: the cheap one about 10%)"
set ylabel "share of the core"
set yrange [0:1]
set xlabel "extra cycles per packet, A/B, and regime"
plot data."/results.csv" using 5:xtic(sprintf("%s/%s\n%s", strcol(1), strcol(2), strcol(7))) title "process A", \
     "" using 6 title "process B"
unset multiplot
