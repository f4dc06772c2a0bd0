# KBNets Fig. 9: one point per (queue, cost ratio k); see scripts/job_list.sh.
title="KBNets Fig. 9: two TCP flows share one CPU; F2's packets cost k times F1's"
paper="drop-tail and FQ give equal packet rates, so the expensive flow takes most of the CPU; RED_4 within 10% of the optimum (equal CPU shares); RED_4 MQ (B=1024) close to RED_4; at high k F1 gets slightly more than optimal (F2 loses to timeouts). corelink adds DRR on cost, which gives equal CPU shares by scheduling alone"
plot plots/kbnets_fig9.gp
for q in droptail fq drr red4 red4mq; do
    for k in 1 2 3 4 6 8 10; do
        point "${q}_k$k" fairness --queue "$q" --cost-ratio "$k" --duration-s "$(len 300 1500)"
    done
done
# Tolerances: docs/figures.md#kbnets_fig9 (±0.07 on a CPU share; equal packet rates give F2 k/(k+1)).
for k in 2 4 8; do
    hi=$(awk -v k="$k" 'BEGIN {printf "%.4f", k / (k + 1) + 0.07}')
    lo=$(awk -v k="$k" 'BEGIN {printf "%.4f", k / (k + 1) - 0.07}')
    expect results.csv "queue=droptail,cost_ratio=$k" f2_cpu_share "$lo" "$hi" "drop-tail, k=$k: equal packet rates, F2 takes k/(k+1) of the CPU"
    expect results.csv "queue=fq,cost_ratio=$k" f2_cpu_share "$lo" "$hi" "FQ, k=$k: equal packet rates, F2 takes k/(k+1) of the CPU"
    expect results.csv "queue=red4,cost_ratio=$k" f1_cpu_share 0.43 0.57 "RED_4, k=$k: equal CPU shares (within 10% of optimal)"
    expect results.csv "queue=red4mq,cost_ratio=$k" f1_cpu_share 0.43 0.57 "RED_4 MQ (B=1024), k=$k: close to RED_4, equal CPU shares"
    expect results.csv "queue=drr,cost_ratio=$k" f1_cpu_share 0.43 0.57 "(corelink's addition) DRR on cost, k=$k: equal CPU shares"
done
