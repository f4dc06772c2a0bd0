#!/usr/bin/env bash
# Instructions per data packet on the dumbbell, counted by valgrind's callgrind: the measure of
# work that wall time cannot give on a shared or virtual machine (the same binary and flags give
# the same count, run after run). With compare.sh's wall time per packet beside it, it splits how
# the cost grows with the flow count into more work per packet (this script) and dearer work
# (wall time per instruction: cache misses, mispredicted branches).
#
#   bash bench/instructions.sh              N = 64, 1024, 4096, 16384
#   bash bench/instructions.sh 64 16384     the N given
#   bash bench/instructions.sh --help       this text
#
# Scenario: compare.sh's dumbbell (1 Gb/s, 10 ms RTT, 833-packet drop-tail buffer). Each N runs
# twice under callgrind, for 3 and for 6 simulated seconds with the same 1.5-s warm-up and seed.
# Up to 3 s the two runs are the same simulation, so the difference of their instruction counts
# divided by the difference of their data packets is the cost per packet of simulated seconds 3 to
# 6: set-up, start-up transient and tear-down cancel. Callgrind runs ~50x slower than native: the
# four default N took 14 s together on the development machine.
#
# Columns: flows; data packets per simulated second (the difference); events per data packet
# (dumbbell --bench, the 6-s run); instructions per data packet; that relative to the first N;
# mispredicted conditional and indirect branches per data packet, from callgrind's branch model
# (--branch-sim=yes: simple predictors, not the CPU's own, so read them as which way and roughly
# how much the counts move with N, not as this machine's counts; the indirect model predicts each
# call site's last target, where a CPU's history-based predictor does better).
#
# Environment: CORELINK_BIN=dir (default build/bin), the dumbbell to count.
set -euo pipefail
case "${1:-}" in
    -h | --help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}/dumbbell
[ -x "$bin" ] || { echo "instructions: build first (bash scripts/test.sh)" >&2; exit 2; }
command -v valgrind >/dev/null ||
    { echo "instructions: needs valgrind (Debian: apt-get install valgrind)" >&2; exit 2; }
flows=("$@")
[ ${#flows[@]} -gt 0 ] || flows=(64 1024 4096 16384)
for n in "${flows[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] ||
        { echo "instructions: flow count '$n': expected a positive integer" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() {  # FLOWS DURATION_S -> "instructions cond_mispredicts indirect_mispredicts data_pkts
    # events_per_data_pkt"
    local out="$tmp/cg.out" bench
    bench=$(valgrind --tool=callgrind --branch-sim=yes --callgrind-out-file="$out" "$bin" \
        --flows "$1" --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 --duration-s "$2" \
        --warmup-s 1.5 --csv --bench 2>&1 >/dev/null | grep '^bench:')
    # The events line names the columns of the totals: Ir Bc Bcm Bi Bim.
    local counts
    counts=$(awk '/^events:/ {for (i = 2; i <= NF; i++) col[$i] = i - 1}
        /^(summary|totals):/ && !done {print $(col["Ir"] + 1), $(col["Bcm"] + 1), $(col["Bim"] + 1); done = 1}' "$out")
    echo "$counts $(sed -n 's/.* data_pkts=\([0-9]*\).*/\1/p' <<<"$bench")" \
        "$(sed -n 's/.* events_per_data_pkt=\([0-9.]*\).*/\1/p' <<<"$bench")"
}

echo "corelink $(git rev-parse --short HEAD 2>/dev/null || echo unknown); dumbbell 1 Gb/s, 10 ms," \
    "833 packets; callgrind, simulated seconds 3 to 6"
printf '%8s %14s %14s %12s %10s %14s %14s\n' flows pkts_per_sim_s events_per_pkt instr_per_pkt \
    vs_first cond_miss_pkt ind_miss_pkt
first=""
for n in "${flows[@]}"; do
    read -r ir3 bc3 bi3 p3 _ < <(count "$n" 3)
    read -r ir6 bc6 bi6 p6 ev6 < <(count "$n" 6)
    if [ "$p6" -le "$p3" ]; then
        echo "instructions: no data packets between 3 and 6 s at N = $n" >&2
        exit 2
    fi
    per=$(awk -v a="$ir3" -v b="$ir6" -v pa="$p3" -v pb="$p6" 'BEGIN {print (b - a) / (pb - pa)}')
    [ -n "$first" ] || first=$per
    awk -v n="$n" -v pkts=$((p6 - p3)) -v ev="$ev6" -v per="$per" -v f="$first" \
        -v bc=$((bc6 - bc3)) -v bi=$((bi6 - bi3)) 'BEGIN {printf "%8d %14.0f %14s %12.1f %9.2fx %14.2f %14.2f\n",
        n, pkts / 3, ev, per, per / f, bc / pkts, bi / pkts}'
done
