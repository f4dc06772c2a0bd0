# DRFQ Fig. 5: bottleneck fairness oscillates; DRFQ holds every dominant share at 6/13.
# needs: timeseries.csv scheduler,time,flow,dominant_share
set terminal pngcairo size 1000,640 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler and flow: gnuplot breaks lines at filtered-out points, so filter first.
rows(file, s, f) = sprintf("< awk -F, '$1==\"%s\" && $3==%d' '%s'", s, f, file)
set grid ytics
set output out."/drfq_fig5.png"
set multiplot layout 2,1 title "DRFQ Fig. 5: flows <6,1>, <1,7>, <1,1>, bottleneck re-detected every 30 units"
set xlabel "time (units of 1 us)"
set ylabel "dominant share"
set yrange [0:1]
set key top right horizontal
do for [s in "bottleneck-fair drfq"] {
    set title s
    plot for [f=0:2] rows(data."/timeseries.csv", s, f) using 2:6 with lines title sprintf("flow %d", f+1), \
         6.0/13 with lines dt 2 lc "black" title "DRF 6/13"
}
unset multiplot
