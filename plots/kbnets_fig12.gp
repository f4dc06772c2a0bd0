# KBNets Fig. 12: the multipath flow's throughput over time against the always-compress and
# never-compress baselines, and how it splits its traffic; phases come from results.csv.
# needs: timeseries.csv mode,time_s,direct_mbps,compressed_mbps,multipath_mbps
# needs: results.csv mode,start_s,end_s,cpu_flows,wan_flows,multipath_mbps
set terminal pngcairo size 1200,900 font "DejaVu Sans,11"
set datafile separator ","
set datafile columnheaders
set grid
set output out."/kbnets_fig12.png"
ts = data."/timeseries.csv"
res = data."/results.csv"
sel(f, m, c) = (strcol("mode") eq m) ? column(c) : 1/0
set multiplot layout 2,1 title "KBNets Fig. 12: compress or not? (WAN 100 Mb/s, CPUs 100 Mb/s, compression ratio 0.5)"
set xlabel "time (s)"
set ylabel "throughput (Mb/s)"
set yrange [0:195]
set key outside bottom center horizontal

set title "the flow's application throughput: multipath vs always compress vs never compress"
plot res using ((column("start_s")+column("end_s"))/2):(185):(strcol("mode") eq "multipath" ? \
         sprintf("CPU bg %d, WAN bg %d", column("cpu_flows"), column("wan_flows")) : "") \
         with labels notitle, \
     res using (strcol("mode") eq "multipath" ? column("end_s") : 1/0):(195) with impulses dt 3 lc rgb "gray50" notitle, \
     ts using "time_s":(sel(0, "multipath", "multipath_mbps")) with lines lw 2 lc rgb "#1f77b4" title "multipath (LIA)", \
     ts using "time_s":(sel(0, "compress", "multipath_mbps")) with lines lc rgb "#2ca02c" title "always compress", \
     ts using "time_s":(sel(0, "direct", "multipath_mbps")) with lines lc rgb "#d62728" title "never compress"

set title "how the multipath flow splits its data between the two subflows"
plot res using (strcol("mode") eq "multipath" ? column("end_s") : 1/0):(195) with impulses dt 3 lc rgb "gray50" notitle, \
     ts using "time_s":(sel(0, "multipath", "direct_mbps")) with lines lw 2 lc rgb "#d62728" title "direct subflow", \
     ts using "time_s":(sel(0, "multipath", "compressed_mbps")) with lines lw 2 lc rgb "#2ca02c" title "compressed subflow"
unset multiplot
