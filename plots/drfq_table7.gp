# DRFQ Table 7: two TCP flows (basic forwarding, CPU-heavy redundancy elimination), alone /
# bottleneck fairness / DRFQ, simulated beside the paper's numbers (in the data: paper_mbps).
# needs: results.csv setting,flow,throughput_mbps,paper_mbps
set terminal pngcairo size 1000,560 font "DejaVu Sans,11"
set datafile separator ","
set grid ytics
set output out."/drfq_table7.png"
set title "DRFQ Table 7: TCP goodput through CPU -> 200 Mb/s link (20 ms added RTT)"
set ylabel "throughput (Mb/s)"
set yrange [0:230]
set xrange [-0.6:2.6]
set xlabel "setting (bottleneck fairness re-detects every 300 ms)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7 border -1
set key top right
# One row per setting: simulated and paper values of flow 0 (basic) and flow 1 (RE).
wide = sprintf("< awk -F, 'NR>1{s[$1]=1; if(!($1 in o)) o[$1]=++n; v[$1,$2]=$3; p[$1,$2]=$4} END{for(k in o) r[o[k]]=k; for(i=1;i<=n;i++) print r[i]\",\"v[r[i],0]\",\"p[r[i],0]\",\"v[r[i],1]\",\"p[r[i],1]}' '%s'", data."/results.csv")
plot wide using 2:xtic(1) lc rgb "#1f77b4" title "basic (link-bound), simulated", \
     "" using 3 lc rgb "#aec7e8" title "basic, paper", \
     "" using 4 lc rgb "#d62728" title "RE (CPU-bound), simulated", \
     "" using 5 lc rgb "#ff9896" title "RE, paper", \
     "" using 0:2:(sprintf("%.0f", $2)) with labels offset -4.2,0.7 notitle, \
     "" using 0:3:(sprintf("%.0f", $3)) with labels offset -1.4,0.7 notitle, \
     "" using 0:4:(sprintf("%.0f", $4)) with labels offset 1.4,0.7 notitle, \
     "" using 0:5:(sprintf("%.0f", $5)) with labels offset 4.2,0.7 notitle
