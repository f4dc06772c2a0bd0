#!/usr/bin/env bash
# DRFQ figures (SPEC.md §3): runs each experiments/drfq preset into figures/data/drfq_<fig> and
# plots it. Meant to be sourced or run from the repository root after building into build/.
# Usage: plots/drfq_figures.sh [BIN_DIR] [FIG_DIR]
set -euo pipefail
bin=${1:-build/bin}
figs=${2:-figures}
mkdir -p "$figs/data"
for fig in fig5 fig9 fig10 fig11 fig12 fig13; do
    echo "== drfq $fig" >&2
    "$bin/drfq" --scenario "$fig" --out "$figs/data/drfq_$fig" >/dev/null
    plots/plot.sh "plots/drfq_$fig.gp" "$figs/data/drfq_$fig" "$figs"
done
# TODO(table7): needs TCP flows through the pipeline; the preset rejects it until then.
echo "== drfq table7: skipped (needs TCP through the pipeline; see experiments/drfq.cpp)" >&2
