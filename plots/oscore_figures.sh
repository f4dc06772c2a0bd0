#!/usr/bin/env bash
# KBNets §3 (Figs. 2-6) on the OS-scheduled core model: runs the five presets of build/bin/oscore
# into figures/data/oscore_figN and plots each with plots/plot.sh. Sourced or run from the
# repository root after the build; takes ~10 s on one core. Usage: bash plots/oscore_figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}
mkdir -p figures/data
for n in 2 3 4 5 6; do
    echo "== oscore: KBNets Fig. $n" >&2
    "$bin/oscore" --scenario "fig$n" --out "figures/data/oscore_fig$n" >/dev/null
    plots/plot.sh "plots/oscore_fig$n.gp" "figures/data/oscore_fig$n" figures
done
