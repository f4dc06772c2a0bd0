# KBNets Fig. 9: one point per (queue, cost ratio k); see scripts/job_list.sh.
title="KBNets Fig. 9: two TCP flows share one CPU; F2's packets cost k times F1's"
paper="drop-tail and FQ give equal packet rates, so the expensive flow takes most of the CPU; RED_4 within 10% of the optimum (equal CPU shares); RED_4 MQ (B=1024) close to RED_4; at high k F1 gets slightly more than optimal (F2 loses to timeouts). corelink adds DRR on cost, which gives equal CPU shares by scheduling alone"
plot plots/kbnets_fig9.gp
for q in droptail fq drr red4 red4mq; do
    for k in 1 2 3 4 6 8 10; do
        point "${q}_k$k" fairness --queue "$q" --cost-ratio "$k" --duration-s "$(len 300 1500)"
    done
done
