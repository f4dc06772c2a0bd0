# DRFQ Table 7: two TCP flows (basic forwarding, CPU-heavy redundancy elimination), alone /
# bottleneck fairness / DRFQ. Paper: alone 191 / 33, BF 75 / 32, DRFQ 160 / 28 Mb/s.
# TODO(table7): the experiment cannot produce table7.csv until TCP flows run through the pipeline.
# needs: table7.csv setting,flow,throughput_mbps
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
set grid ytics
set output out."/drfq_table7.png"
set title "DRFQ Table 7: TCP throughput (paper: alone 191/33, BF 75/32, DRFQ 160/28 Mb/s)"
set ylabel "throughput (Mb/s)"
set style data histograms
set style fill solid 0.6
plot data."/table7.csv" every ::1 using ($2==0 ? $3 : 1/0):xtic(1) title "flow 1 (BW-bound)", \
     "" every ::1 using ($2==1 ? $3 : 1/0):xtic(1) title "flow 2 (CPU-bound)"
