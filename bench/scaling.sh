#!/usr/bin/env bash
# corelink's wall time per data packet as the flow count grows, split into what a packet costs in
# steady state and what a run costs once (set-up: building N flows, faulting their memory in, the
# start-up transient, writing the table). compare.sh's "vs N = 64" column is the whole run's ratio;
# this script says how much of it is per packet.
#
#   bash bench/scaling.sh               N = 64, 1024, 4096, 16384
#   bash bench/scaling.sh 64 32768      the N given (the first is the reference)
#   bash bench/scaling.sh --help        this text
#
# Scenario: compare.sh's dumbbell (1 Gb/s, 10 ms RTT, 833-packet drop-tail buffer, warm-up half
# the duration). Each round runs every N for SCALING_LONG and then SCALING_SHORT simulated
# seconds, after one short run that warms the machine up for that N; the difference of the two
# wall times over the difference of their data packets is the marginal (steady-state) cost per
# packet, and a run's wall time less its packets at that cost is the fixed cost. Medians over the
# rounds. About 2.5 s per round for the default N on the development machine.
#
# Columns: flows; events per data packet (long run); whole-run ns per packet and its ratio to the
# first N; marginal ns per packet and its ratio to the first N; fixed cost in ms.
#
# Environment:
#   SCALING_ROUNDS=r   rounds (default 5)
#   SCALING_SHORT=s    simulated seconds of the short run (default 10)
#   SCALING_LONG=s     simulated seconds of the long run (default 60)
#   SCALING_CPU=c      pin every run to core c (default: not pinned)
#   CORELINK_BIN=dir   where the dumbbell binary is (default build/bin)
set -euo pipefail
case "${1:-}" in
    -h | --help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
esac
me=scaling
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}/dumbbell
[ -x "$bin" ] || { echo "scaling: $bin: build first (bash scripts/test.sh)" >&2; exit 2; }
flows=("$@")
[ ${#flows[@]} -gt 0 ] || flows=(64 1024 4096 16384)
for n in "${flows[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] ||
        { echo "scaling: flow count '$n': expected a positive integer" >&2; exit 2; }
    [ "$(printf '%s\n' "${flows[@]}" | grep -cx "$n")" -eq 1 ] ||
        { echo "scaling: flow count $n given twice" >&2; exit 2; }
done
rounds=${SCALING_ROUNDS:-5} short=${SCALING_SHORT:-10} long=${SCALING_LONG:-60}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] ||
    { echo "scaling: SCALING_ROUNDS=$rounds: expected a positive integer" >&2; exit 2; }
awk -v s="$short" -v l="$long" 'BEGIN {exit !(s + 0 > 0 && l + 0 > s + 0)}' ||
    { echo "scaling: SCALING_SHORT=$short, SCALING_LONG=$long: expected 0 < short < long" \
        "simulated seconds" >&2; exit 2; }
pin_to SCALING_CPU "${SCALING_CPU:-}"

runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
echo "corelink $(git rev-parse --short HEAD 2>/dev/null || echo unknown); dumbbell 1 Gb/s, 10 ms," \
    "833 packets; $short and $long simulated s, $rounds rounds${SCALING_CPU:+ on core $SCALING_CPU}"
for ((round = 0; round < rounds; round++)); do
    for n in "${flows[@]}"; do
        # A first short run is thrown away: on a virtual machine, memory a process freed may go
        # back to the host, and the next run that touches as much pays to get it back. Measured
        # that way, the run after a smaller N was 35 ms slower at 16,384 flows than the run after
        # it, which would count as a cost per packet of its own in a difference of two runs.
        dumbbell_bench "$bin" "$n" 1000 833 "$short" >/dev/null
        l=$(dumbbell_bench "$bin" "$n" 1000 833 "$long")
        s=$(dumbbell_bench "$bin" "$n" 1000 833 "$short")
        if [ -z "$s" ] || [ -z "$l" ]; then
            echo "scaling: $bin printed no bench line" >&2
            exit 2
        fi
        echo "$n $(field wall_s "$s") $(field data_pkts "$s") $(field wall_s "$l")" \
            "$(field data_pkts "$l") $(field events_per_data_pkt "$l")" >>"$runs"
    done
done
awk -v order="${flows[*]}" '
    function median(a, m,    i, j, t) {
        for (i = 2; i <= m; i++)
            for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    $5 <= $3 {
        printf "scaling: N = %d: the long run served no more data packets than the short one\n", $1 > "/dev/stderr"
        failed = 1
        exit 2
    }
    {
        k = ++count[$1]
        whole[$1, k] = $4 / $5 * 1e9
        marginal[$1, k] = ($4 - $2) / ($5 - $3) * 1e9
        fixed[$1, k] = ($4 - ($4 - $2) / ($5 - $3) * $5) * 1e3
        events[$1] = $6
    }
    END {
        if (failed) exit 2
        printf "%8s %14s %16s %9s %19s %9s %9s\n", "flows", "events_per_pkt", "whole_ns_per_pkt",
            "vs_first", "marginal_ns_per_pkt", "vs_first", "fixed_ms"
        n = split(order, ns, " ")
        for (i = 1; i <= n; i++) {
            f = ns[i]
            for (k = 1; k <= count[f]; k++) { w[k] = whole[f, k]; m[k] = marginal[f, k]; x[k] = fixed[f, k] }
            mw = median(w, count[f]); mm = median(m, count[f]); mx = median(x, count[f])
            if (i == 1) { w0 = mw; m0 = mm }
            printf "%8d %14s %16.1f %9.2f %19.1f %9.2f %9.1f\n", f, events[f], mw, mw / w0, mm,
                mm / m0, mx
        }
    }' "$runs"
