#!/usr/bin/env bash
# The dumbbell speed benchmark: 1 Gb/s bottleneck, 10 ms RTT, 833-packet buffer, drop-tail;
# 10 simulated seconds for N = 1, 64, 1024, and 1 simulated second for N = 100,000 (memory).
# Each run is repeated (default 3 times, BENCH_REPEAT=n) and the fastest is reported, since a
# shared machine only ever slows a run down. Prints one line per N.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}/dumbbell
[ -x "$bin" ] || { echo "bench: build first (bash scripts/test.sh)" >&2; exit 2; }
repeat=${BENCH_REPEAT:-3}
best() {  # ARGS... -> the bench line with the highest pkts_per_wall_s
    for _ in $(seq 1 "$repeat"); do
        "$bin" "$@" --csv --bench 2>&1 >/dev/null | grep '^bench:'
    done | awk -F'pkts_per_wall_s=' '{split($2, a, " "); if (a[1] > m) {m = a[1]; l = $0}} END {print l}'
}
for n in 1 64 1024; do
    best --flows "$n" --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 --duration-s 10
done
best --flows 100000 --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 --duration-s 1 --warmup-s 0.5
