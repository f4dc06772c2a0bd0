# DRFQ Fig. 11: FQ on resource 1 only gives <1,1> ~1/11 of each resource while <0.1,1> is active
# (15,000-85,000); DRFQ keeps its dominant share at 0.5.
# needs: timeseries.csv scheduler,time,flow,share_r0,share_r1
set terminal pngcairo size 1000,640 font "DejaVu Sans,11"
set datafile separator ","
# Rows of one scheduler and flow: gnuplot breaks lines at filtered-out points, so filter first.
rows(file, s, f) = sprintf("< awk -F, '$1==\"%s\" && $3==%d' '%s'", s, f, file)
set grid ytics
set output out."/drfq_fig11.png"
set multiplot layout 2,1 title "DRFQ Fig. 11: <1,1> throughout, <0.1,1> from 15,000 to 85,000"
set xlabel "time (units of 1 us)"
set ylabel "share of <1,1>"
set yrange [0:1.3]
set rmargin 5
set key top right horizontal
do for [s in "sfq drfq"] {
    set title (s eq "sfq" ? "fair queueing on resource 1 (CPU) only" : "DRFQ")
    plot rows(data."/timeseries.csv", s, 0) using 2:4 with lines title "resource 1 (CPU)", \
         rows(data."/timeseries.csv", s, 0) using 2:5 with lines title "resource 2 (link)", \
         (s eq "sfq" ? 1.0/11 : 0.5) with lines dt 2 lc "black" \
             title (s eq "sfq" ? "1/11 (paper: only 10%)" : "DRF 0.5 (paper: 50%)")
}
unset multiplot
