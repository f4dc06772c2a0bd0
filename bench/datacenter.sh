#!/usr/bin/env bash
# The datacenter scale benchmark (docs/datacenter.md §6): FatTree permutations with 8 subflows per
# connection, 100 Mb/s links, LIA, ECMP.
#   k = 16: 1,024 hosts, 8,192 subflows, 0.2 simulated seconds (0.1 warm-up);
#   k = 32: 8,192 hosts, 65,536 subflows, 0.03 simulated seconds (0.01 warm-up);
#   k = 32 fluid only (the oracle on the same hash choices).
# Prints the binary's bench line for each (the fields every binary's --bench line has, then the
# fabric's own): build wall time, wall and CPU seconds per simulated second and data packets per
# wall and CPU second (over the measured interval), peak resident memory.
# BENCH_K32=0 skips the k = 32 packet-level run (minutes on a loaded machine).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}/datacenter
[ -x "$bin" ] || { echo "bench: build first (bash scripts/test.sh)" >&2; exit 2; }
run() { "$bin" "$@" --tm permutation --link-mbps 100 --mptcp-cc lia --csv --bench 2>&1 >/dev/null | grep '^bench:'; }
run --k 16 --subflows 8 --duration-s 0.2 --warmup-s 0.1
if [ "${BENCH_K32:-1}" = 1 ]; then
    run --k 32 --subflows 8 --duration-s 0.03 --warmup-s 0.01
fi
run --k 32 --subflows 8 --fluid-only
