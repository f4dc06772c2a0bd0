# KBNets Fig. 9 with ECN: the RED queues mark instead of dropping; one point per (queue, sender, k).
title="KBNets Fig. 9 with ECN: RED_4 and RED_4 MQ mark instead of dropping, with DCTCP and with ECN-reacting NewReno, beside the drop-based curve"
paper="KBNets' simulator has no ECN; it says F1's excess share at high k comes from F2's losses turning into timeouts. With marks instead of drops F2 loses nothing, so if that explanation holds the excess should vanish. The drop curves repeat kbnets_fig9's red4 and red4mq; ecn = NewReno halving once per window on an echo; dctcp = RFC 8257 (cut by alpha/2)"
plot plots/kbnets_fig9_ecn.gp
# Queue, then sender, then k: each series' rows are contiguous, so gnuplot joins them.
for q in red4 red4mq; do
    for mode in drop ecn dctcp; do
        case $mode in
            drop) flags=() ;;
            ecn) flags=(--ecn) ;;
            dctcp) flags=(--tcp dctcp) ;;
        esac
        for k in 1 2 4 6 8 10; do
            point "${q}-${mode}-k$k" fairness --queue "$q" --cost-ratio "$k" "${flags[@]}" \
                --duration-s "$(len 300 1500)"
        done
    done
done
