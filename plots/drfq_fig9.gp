# DRFQ Fig. 9 (Click testbed, simulated): shares of CPU and link as flows arrive in turn.
# needs: timeseries.csv scheduler,time,flow,share_r0,share_r1
set terminal pngcairo size 1000,640 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler and flow: gnuplot breaks lines at filtered-out points, so filter first.
rows(file, s, f) = sprintf("< awk -F, '$1==\"%s\" && $3==%d' '%s'", s, f, file)
set grid ytics
set output out."/drfq_fig9.png"
set multiplot layout 2,1 title "DRFQ Fig. 9: basic (link-bound), IPSec (CPU-bound), monitoring arrive at 0, 100, 200 ms"
set xlabel "time (ms)"
set yrange [0:1.3]
set key top right horizontal
# DRF's dominant share per flow (docs/algorithms.md §5.2 by progressive filling on the preset's
# profiles): flow 1 alone takes the link; with flow 2, t = 1/1.4 = 0.714 (link saturates); with
# all three, t = 1/2.4 = 0.417.
set samples 600
set xrange [0:300]
drf(x) = x < 100 ? 1.0 : x < 200 ? 1/1.4 : 1/2.4
set title "CPU (resource 0)"
set ylabel "CPU share"
plot for [f=0:2] rows(data."/timeseries.csv", "drfq", f) using ($2/1000):4 with lines title sprintf("flow %d", f+1), \
     (x < 100 ? 1/0 : drf(x)) with lines dt 2 lc "black" title "DRF dominant share"
set title "link (resource 1)"
set ylabel "link share"
plot for [f=0:2] rows(data."/timeseries.csv", "drfq", f) using ($2/1000):5 with lines title sprintf("flow %d", f+1), \
     drf(x) with lines dt 2 lc "black" title "DRF dominant share"
unset multiplot
