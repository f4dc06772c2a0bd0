#!/usr/bin/env bash
# Property: no experiment reports goodput above what its bottleneck can carry. Many short runs
# with flags drawn at random (a fixed seed, so the test is reproducible) of every experiment
# binary with TCP flows, over every registered queue and every --tcp sender, some with ECN and
# step marking. Each bound is the bottleneck's capacity over the measurement window plus two
# packets (a packet in service when the window opens may be delivered inside it).
# Usage: goodput_bound_test.sh BIN_DIR
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 checks=0
RANDOM=12
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pick() { local a=("$@"); echo "${a[RANDOM % ${#a[@]}]}"; }
rand() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }  # integer in [lo, hi]

mapfile -t queues < <("$bin/dumbbell" --help | sed -n '/^Registered queues/,$p' |
    awk 'NR > 1 && /^  [a-z]/ {print $1}')
[ "${#queues[@]}" -ge 5 ] || { echo "FAIL: could not list the queues"; exit 1; }

# check CSV AWK-CONDITION DESCRIPTION: every data row must satisfy the condition, written with
# c["column"] for the row's values and slack(mbps, window_s) for the two-packet allowance.
check() {
    local csv=$1 cond=$2 what=$3
    checks=$((checks + 1))
    awk -F, -v what="$what" '
        function slack(mbps, w) { return 2 * 1500 * 8 / w / 1e6 + mbps * 1e-9 }
        NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
        { for (i = 1; i <= NF; i++) c[h[i]] = $i
          if (!('"$cond"')) { print "violated: " what ": " $0; bad = 1 } }
        END { exit bad }' "$csv" || fail "$what"
}
tcp_flags() {
    local t
    t=$(pick newreno sack dctcp)
    echo "--tcp $t $(pick "" --ecn) --mark-k-pkts $(pick 0 0 5 20)"
}

for q in "${queues[@]}"; do
    # dumbbell: a link or a CPU core.
    dur=$(pick 0.3 0.5 0.8) flows=$(rand 1 12) rtt=$(rand 1 30) buf=$(rand 5 150)
    if [ $((RANDOM % 2)) = 0 ]; then
        rate=$(rand 20 200)
        where="--rate-mbps $rate"
        cap=$rate
    else
        cost=$(rand 800 3000)
        where="--cpu-ghz 1 --cost-cycles $cost"
        cap=$(awk -v c="$cost" 'BEGIN { print 1e9 / c * 1500 * 8 / 1e6 }')
    fi
    args="--queue $q --flows $flows --rtt-ms $rtt --buffer-pkts $buf --duration-s $dur $where $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/dumbbell" $args --seed "$RANDOM" --csv >"$work/d.csv" 2>"$work/err"; then
        awk -F, 'NR > 1 { s += $2 } END { print "total_mbps"; print s }' "$work/d.csv" >"$work/t.csv"
        check "$work/t.csv" "c[\"total_mbps\"] <= $cap + slack($cap, $dur * 0.8)" "dumbbell $args"
    else
        fail "dumbbell $args: $(head -n 1 "$work/err")"
    fi

    # fairness: F1's packets cost 1/C of the CPU, F2's k times that (no cost noise: a hard bound;
    # the allowance is two of F2's packets, k times an F1 packet each).
    k=$(rand 1 8) dur=$(pick 0.5 1)
    args="--queue $q --cost-ratio $k --cost-cv 0 --duration-s $dur --rtt-ms $(rand 2 20) $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/fairness" $args --csv >"$work/f.csv" 2>"$work/err"; then
        check "$work/f.csv" "c[\"f1_mbps\"] + $k * c[\"f2_mbps\"] <= 100 + $k * slack(100, $dur * 0.8)" \
            "fairness $args"
    else
        fail "fairness $args: $(head -n 1 "$work/err")"
    fi

    # line: n shared CPUs of capacity C each, L2's own CPU, MPTCP on L1/L2.
    n=$(rand 1 3) dur=$(pick 0.5 1)
    args="--queue $q --n $n --duration-s $dur --rtt-ms $(rand 2 20) $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/line" $args --csv >"$work/l.csv" 2>"$work/err"; then
        check "$work/l.csv" "c[\"total_mbps\"] <= c[\"optimal_mbps\"] + slack(c[\"optimal_mbps\"], $dur * 0.8) && \
            c[\"l2_mbps\"] <= 100 + slack(100, $dur * 0.8) && \
            c[\"multipath_delivered_mbps\"] <= 200 + slack(200, $dur * 0.8)" "line $args"
    else
        fail "line $args: $(head -n 1 "$work/err")"
    fi

    # compress: bound each group of flows by the last resource it shares before the sinks (a
    # shared resource further upstream is no bound over a short phase: queues downstream of it
    # can release data it carried earlier). The WAN ends the direct and WAN-background paths;
    # the decompressing CPU (C) ends the compressed one; the compressing CPU (C) ends the CPU
    # background's.
    dur=$(pick 1 2)
    args="--queue $q --wan-queue $q --duration-s $dur --sample-ms 100 --rtt-ms $(rand 2 20) $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/compress" $args --csv >"$work/c.csv" 2>"$work/err"; then
        check "$work/c.csv" "c[\"direct_mbps\"] + c[\"wan_background_mbps\"] <= 100 + slack(100, (c[\"end_s\"] - c[\"start_s\"]) * 0.5) && \
            c[\"compressed_mbps\"] <= 100 + slack(100, (c[\"end_s\"] - c[\"start_s\"]) * 0.5) && \
            c[\"cpu_background_mbps\"] <= 100 + slack(100, (c[\"end_s\"] - c[\"start_s\"]) * 0.5)" \
            "compress $args"
    else
        fail "compress $args: $(head -n 1 "$work/err")"
    fi

    # datacenter: a FatTree(4) of 100 Mb/s links; no connection can beat its host link, so the
    # total is at most the optimum (every host at line rate).
    dur=$(pick 0.3 0.5)
    args="--queue $q --k 4 --tm $(pick permutation random incast) --subflows $(pick 1 2) --duration-s $dur --warmup-s 0.1 $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/datacenter" $args --csv >"$work/dc.csv" 2>"$work/err"; then
        check "$work/dc.csv" "c[\"total_goodput_mbps\"] <= c[\"optimal_total_mbps\"] + c[\"connections\"] * slack(100, $dur - 0.1)" \
            "datacenter $args"
    else
        fail "datacenter $args: $(head -n 1 "$work/err")"
    fi
done

# batch (the fairness and line topologies under batching queues) and drfq's TCP table.
for q in red4mq fq; do
    dur=$(pick 0.5 1)
    args="--queue $q --duration-s $dur --n 2 --batch-sizes 1,4 $(tcp_flags)"
    # shellcheck disable=SC2086
    if "$bin/batch" $args --csv >"$work/b.csv" 2>"$work/err"; then
        check "$work/b.csv" "(c[\"topology\"] == \"fairness\" && c[\"value\"] <= 2 * c[\"optimal\"] + slack(100, $dur * 0.8)) || \
            (c[\"topology\"] == \"line\" && c[\"value\"] <= c[\"optimal\"] + slack(c[\"optimal\"], $dur * 0.8))" "batch $args"
    else
        fail "batch $args: $(head -n 1 "$work/err")"
    fi
done
for t in newreno sack dctcp; do
    args="--tcp-cpu-us 12,363.6 --duration 300000 --tcp $t"
    # shellcheck disable=SC2086
    if "$bin/drfq" $args --csv >"$work/r.csv" 2>"$work/err"; then
        check "$work/r.csv" "c[\"throughput_mbps\"] <= 200 + slack(200, 0.27)" "drfq $args"
    else
        fail "drfq $args: $(head -n 1 "$work/err")"
    fi
done

echo "goodput bound: $checks checks, $fails failures"
[ "$fails" = 0 ]
