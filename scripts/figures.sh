#!/usr/bin/env bash
# Builds corelink and regenerates every figure into figures/ (data under figures/data/).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
corelink_ensure_deps
corelink_build build
bin=build/bin
mkdir -p figures/data

echo "== dumbbell: 16 flows, 100 Mb/s, 10 ms, drop-tail" >&2
"$bin/dumbbell" --flows 16 --rate-mbps 100 --rtt-ms 10 --buffer-pkts 100 --duration-s 20 \
    --out figures/data/dumbbell >/dev/null
plots/plot.sh plots/dumbbell.gp figures/data/dumbbell figures

echo "figures written to figures/:" >&2
ls figures/*.png >&2
