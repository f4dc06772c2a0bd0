#!/usr/bin/env bash
# The dumbbell speed benchmark (issue: 2x htsim's data packets per wall-clock second).
# 1 Gb/s bottleneck, 10 ms RTT, 833-packet buffer, drop-tail; 10 simulated seconds for
# N = 1, 64, 1024, and 1 simulated second for N = 100,000 (memory). Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/dumbbell
[ -x "$bin" ] || { echo "bench: build first (bash scripts/test.sh)" >&2; exit 2; }
for n in 1 64 1024; do
    "$bin" --flows "$n" --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 --duration-s 10 \
        --csv --bench 2>&1 >/dev/null | grep '^bench:'
done
"$bin" --flows 100000 --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 --duration-s 1 \
    --warmup-s 0.5 --csv --bench 2>&1 >/dev/null | grep '^bench:'
