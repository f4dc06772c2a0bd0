# DRFQ Fig. 12: flow 1 pads its link demand at 25,000 (<20,1> -> <20,11>): its dominant share
# rises under per-resource FQ, not under DRFQ.
# needs: timeseries.csv scheduler,time,flow,dominant_share
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler and flow: gnuplot breaks lines at filtered-out points, so filter first.
rows(file, s, f) = sprintf("< awk -F, '$1==\"%s\" && $3==%d' '%s'", s, f, file)
set grid ytics
set output out."/drfq_fig12.png"
set title "DRFQ Fig. 12: one <20,1> flow (pads to <20,11> at 25,000) and nine <10,11>"
set xlabel "time (units of 1 us)"
set ylabel "dominant share of flow 1"
set yrange [0:0.3]
set key top left
set arrow 1 from 25000, graph 0 to 25000, graph 1 nohead dt 3
set label 1 "paper: the share doubles under per-resource FQ, unchanged under DRFQ" at graph 0.02, graph 0.05
# Reference levels (docs/algorithms.md §5.8 item 3): per-resource FQ 0.100 -> 20/110 (fluid fixed
# point); DRF by progressive filling 0.1089 -> 0.1047.
set samples 500
prfq(x) = x < 25000 ? 0.100 : 20.0/110
drf(x) = x < 25000 ? 0.1089 : 0.1047
set xrange [0:*]
plot rows(data."/timeseries.csv", "per-resource-fq", 0) using 2:6 with lines lw 2 lc 1 title "per-resource FQ", \
     rows(data."/timeseries.csv", "drfq", 0) using 2:6 with lines lw 2 lc 2 title "DRFQ", \
     prfq(x) with lines dt 2 lc 1 title "per-resource FQ, fluid: 0.100 -> 20/110", \
     drf(x) with lines dt 2 lc 2 title "DRF: 0.109 -> 0.105"
