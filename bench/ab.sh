#!/usr/bin/env bash
# Two builds of corelink on the same dumbbell, paired: the way to tell whether one change to the
# hot path pays on a machine whose speed drifts (a shared VM's memory system can move a run's wall
# time by 20% within minutes). Each round runs every build once, back to back on the same core,
# in an order rotated from round to round; the ratio of each build's time per packet to the first
# build's in the same round cancels the drift, and the median of those ratios is the result.
#
#   bash bench/ab.sh OLD_BIN NEW_BIN [MORE_BIN...]   directories holding a dumbbell binary
#   bash bench/ab.sh --help                           this text
#
# Scenario: compare.sh's dumbbell (1 Gb/s, 10 ms RTT, 833-packet drop-tail buffer, warm-up half
# the duration), wall time per data packet from --bench.
#
# Environment:
#   AB_FLOWS=n      flows (default 16384)
#   AB_SECONDS=s    simulated seconds per run (default 60; about 0.6 s of wall time at 16,384)
#   AB_ROUNDS=r     rounds (default 15)
#   AB_CPU=c        the core every run is pinned to (default: the last core)
#
# Output: per build its median and minimum ns per packet over the rounds; for every build after
# the first, the median of its per-round ratios to the first and their quartiles.
set -euo pipefail
case "${1:-}" in
    -h | --help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
esac
me=ab
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"  # no cd: the build directories may be relative to the caller
[ $# -ge 2 ] || { echo "ab: expected two or more build directories (see --help)" >&2; exit 2; }
for dir in "$@"; do
    [ -x "$dir/dumbbell" ] || { echo "ab: $dir: no dumbbell binary there" >&2; exit 2; }
done
flows=${AB_FLOWS:-16384} seconds=${AB_SECONDS:-60} rounds=${AB_ROUNDS:-15}
[[ "$flows" =~ ^[1-9][0-9]*$ ]] || { echo "ab: AB_FLOWS=$flows: expected a positive integer" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ab: AB_ROUNDS=$rounds: expected a positive integer" >&2; exit 2; }
awk -v s="$seconds" 'BEGIN {exit !(s + 0 > 0)}' ||
    { echo "ab: AB_SECONDS=$seconds: expected a positive number of seconds" >&2; exit 2; }
cpu=${AB_CPU:-$(($(nproc) - 1))}
pin_to AB_CPU "$cpu"

builds=("$@")
times=$(mktemp)
trap 'rm -f "$times"' EXIT
echo "dumbbell 1 Gb/s, 10 ms, 833 packets, $flows flows, $seconds simulated s; $rounds rounds" \
    "on core $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 0; round < rounds; round++)); do
    for ((k = 0; k < ${#builds[@]}; k++)); do
        b=$(((round + k) % ${#builds[@]}))
        line=$(dumbbell_bench "${builds[$b]}/dumbbell" "$flows" 1000 833 "$seconds")
        rate=$(field pkts_per_wall_s "$line")
        [ -n "$rate" ] || { echo "ab: ${builds[$b]}/dumbbell printed no bench line" >&2; exit 2; }
        echo "$round $b $rate" >>"$times"
    done
done
# Quartiles by linear interpolation between order statistics.
awk -v n="${#builds[@]}" -v rounds="$rounds" -v names="$(printf '%s\n' "${builds[@]}")" '
    function sort(a, m,    i, j, t) {
        for (i = 2; i <= m; i++)
            for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    }
    function quantile(a, m, q,    h, lo) {
        h = (m - 1) * q + 1; lo = int(h)
        return lo >= m ? a[m] : a[lo] + (h - lo) * (a[lo + 1] - a[lo])
    }
    BEGIN { split(names, name, "\n") }
    { ns[$1, $2] = 1e9 / $3 }
    END {
        for (b = 0; b < n; b++) {
            for (r = 0; r < rounds; r++) { t[r + 1] = ns[r, b]; q[r + 1] = ns[r, b] / ns[r, 0] }
            sort(t, rounds); sort(q, rounds)
            printf "%-40s median %7.2f  min %7.2f ns/pkt", name[b + 1], quantile(t, rounds, 0.5), t[1]
            if (b > 0)
                printf "   vs first: median ratio %.3f (quartiles %.3f-%.3f)", \
                    quantile(q, rounds, 0.5), quantile(q, rounds, 0.25), quantile(q, rounds, 0.75)
            printf "\n"
        }
    }' "$times"
