# DRFQ Fig. 5: bottleneck fairness (two ways of detecting the bottleneck, one figure point each)
# against DRFQ, which holds every dominant share at 6/13. Rows carry the point (bf-detect) last.
# needs: timeseries.csv scheduler,time,flow,dominant_share,point
set terminal pngcairo size 1100,1000 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler, flow and point: gnuplot breaks lines at filtered-out points, so filter
# first.
rows(file, s, f, p) = sprintf("< awk -F, '$1==\"%s\" && $3==%d && $7==\"%s\"' '%s'", s, f, p, file)
f = data."/timeseries.csv"
set grid ytics
set output out."/drfq_fig5.png"
set multiplot layout 3,1 title "DRFQ Fig. 5: flows <6,1>, <1,7>, <1,1>, bottleneck re-detected every 30 units (shares per 30-unit window)"
set xlabel "time (units of 1 us)"
set ylabel "dominant share"
set yrange [0:1.15]
set xrange [0:1500]
set key top right horizontal
set title "bottleneck fairness, detected by queued work: flow 1 held at about 0.12 (paper: about 0.10)"
plot for [i=0:2] rows(f, "bottleneck-fair", i, "queued-work") using 2:6 with lines lw 1.5 title sprintf("flow %d", i+1), \
     0.10 with lines dt 3 lw 2 lc "red" title "paper: flow 1 about 0.10", \
     6.0/13 with lines dt 2 lc "black" title "DRF 6/13"
set title "bottleneck fairness, detected by utilisation: the bottleneck flips every period"
plot for [i=0:2] rows(f, "bottleneck-fair", i, "utilisation") using 2:6 with lines lw 1.5 title sprintf("flow %d", i+1), \
     6.0/13 with lines dt 2 lc "black" title "DRF 6/13"
set title "DRFQ"
plot for [i=0:2] rows(f, "drfq", i, "queued-work") using 2:6 with lines lw 1.5 title sprintf("flow %d", i+1), \
     6.0/13 with lines dt 2 lc "black" title "DRF 6/13"
unset multiplot
