#!/usr/bin/env bash
# corelink beside htsim, on this machine, in one run.
#
#   HTSIM_DIR=/path/to/csg-htsim bash bench/compare.sh     both simulators, side by side
#   bash bench/compare.sh                                    corelink alone (and says so)
#
# Scenarios (1500-byte packets, ACK per packet, IW 10, one shared drop-tail queue and one shared
# pipe of rtt/2 each way, flows starting uniformly within the first RTT):
#   dumbbell, 1 Gb/s, 10 ms RTT, 833-packet buffer: N = 1, 64, 1024, 16384
#   100 Gb/s, 10 ms RTT, 83,333-packet buffer: N = 100,000
#   corelink alone (no htsim driver for it here): the k = 16 FatTree permutation with 8 MPTCP
#   subflows per connection of bench/datacenter.sh (100 Mb/s links, LIA, ECMP), 0.2 simulated s
#   with 0.1 s warm-up, data packets per wall-second of the measured interval. BENCH_FATTREE=0
#   skips it.
#
# Simulated duration per scenario (the same for both simulators; column sim_s): long enough that
# one run of either takes 1 s of wall time or more on a 2-core laptop-class machine (corelink
# runs 2-5 s at N = 64 to 100,000 and ~1 s at N = 1, whose single flow fills only part of the
# link), so that one preempted run cannot decide a row the way a 0.1-s run could: N = 1: 200 s,
# N = 64: 300 s, N = 1024: 200 s, N = 16384: 60 s (up to 83,333 packets per simulated second at
# 1 Gb/s), N = 100,000: 1 s (8.3 M packets per simulated second at 100 Gb/s). A whole run with
# BENCH_REPEAT=3 takes about 2-4 minutes.
#
# Each scenario runs BENCH_REPEAT times (default 3), corelink and htsim alternating, and the
# fastest run of each is kept (a loaded machine only ever slows a run down). Reported per N: data
# packets the bottleneck served per wall-clock second for each simulator, their ratio, and
# corelink's wall time per packet relative to N = 64 (how the cost grows with the flow count).
# Both wall times run from the process's start (building the flows counts: ~0.6 s of either
# simulator at 100,000 flows); corelink's also includes tearing the topology down, htsim's not.
#
# Environment:
#   HTSIM_DIR=dir      csg-htsim checkout to compare against (unset: corelink alone)
#   HTSIM_COMMIT=sha   commit to print when HTSIM_DIR is not a git checkout
#   CORELINK_BIN=dir   corelink binaries to time (default build/bin)
#   BENCH_REPEAT=n     interleaved runs per scenario (default 3)
#   BENCH_SCALE=x      multiply every simulated duration by x (default 1; 0.1 for a quicker look)
#   BENCH_QUICK=1      a hundredth of the simulated durations, for a smoke test (not a measurement)
#   BENCH_FATTREE=0    skip the FatTree row
#   BENCH_CPU=n        run every process of both simulators on core n (taskset), not wherever the
#                      scheduler puts it: on a virtual machine whose cores run at different speeds
#                      from minute to minute, neither side then profits from a faster core
#
# htsim is driven by bench/htsim_dumbbell.cpp, compiled here against HTSIM_DIR/sim/libhtsim.a
# (built with htsim's own Makefile, in HTSIM_DIR, if it is missing). Nothing of htsim is copied.
#
# Build flags, each side built the way its own build system builds it, with the same system g++:
# corelink's CMake Release build (-O3 -DNDEBUG, static libraries linked into each executable);
# htsim's sim/Makefile (-O3 -g -fPIE) and its driver compiled here with -O3. Neither side uses
# link-time optimisation, profile feedback or -march=native.
set -euo pipefail
cd "$(dirname "$0")/.."
me=compare
# shellcheck source=bench/lib.sh
source bench/lib.sh
bin=${CORELINK_BIN:-build/bin}/dumbbell
[ -x "$bin" ] || { echo "compare: build first (bash scripts/test.sh)" >&2; exit 2; }
repeat=${BENCH_REPEAT:-3}
quick=${BENCH_QUICK:-0}
scale=${BENCH_SCALE:-1}
if ! [[ "$scale" =~ ^[0-9]*\.?[0-9]+$ ]] || ! awk -v s="$scale" 'BEGIN {exit !(s + 0 > 0)}'; then
    echo "compare: BENCH_SCALE=$scale: expected a positive number" >&2
    exit 2
fi
[ "$quick" = 1 ] && scale=$(awk -v s="$scale" 'BEGIN {print s / 100}')
pin_to BENCH_CPU "${BENCH_CPU:-}"

htsim=""
if [ -n "${HTSIM_DIR:-}" ]; then
    [ -f "$HTSIM_DIR/sim/tcp.h" ] || {
        echo "compare: HTSIM_DIR=$HTSIM_DIR is not a csg-htsim checkout (no sim/tcp.h)" >&2
        exit 2
    }
    if [ ! -f "$HTSIM_DIR/sim/libhtsim.a" ]; then
        echo "compare: building htsim's library in $HTSIM_DIR/sim" >&2
        make -C "$HTSIM_DIR/sim" -j "$(nproc)" libhtsim.a >/dev/null
    fi
    htsim=build/bench/htsim_dumbbell
    mkdir -p build/bench
    if [ ! -x "$htsim" ] || [ bench/htsim_dumbbell.cpp -nt "$htsim" ] ||
        [ "$HTSIM_DIR/sim/libhtsim.a" -nt "$htsim" ]; then
        g++ -O3 -std=c++17 -w -I"$HTSIM_DIR/sim" bench/htsim_dumbbell.cpp \
            "$HTSIM_DIR/sim/libhtsim.a" -o "$htsim"
    fi
    htsim_commit=$(git -C "$HTSIM_DIR" rev-parse --short HEAD 2>/dev/null || echo "${HTSIM_COMMIT:-unknown}")
fi
corelink_commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src tcp topologies experiments bench 2>/dev/null || corelink_commit+="+dirty"

faster() {  # RATE_A RATE_B -> the larger
    awk -v a="$1" -v b="$2" 'BEGIN {print (a > b ? a : b)}'
}

[ -n "${CORELINK_BIN:-}" ] && corelink_commit+=" (worktree; binaries from $CORELINK_BIN)"
echo "corelink $corelink_commit$([ -n "$htsim" ] && echo ", htsim $htsim_commit" || echo " (HTSIM_DIR unset: corelink alone)")"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); fastest of $repeat interleaved runs each$([ -n "${BENCH_CPU:-}" ] && echo ", all on core $BENCH_CPU")"
printf '%-22s %8s %8s %14s %14s %8s %12s %10s\n' scenario flows sim_s corelink_pps htsim_pps ratio \
    ns_per_pkt vs_N64
ns64=""
run_scenario() {  # LABEL FLOWS RATE_MBPS BUFFER_PKTS DURATION_S
    local label=$1 n=$2 rate=$3 buf=$4 dur=$5 c_best=0 h_best=0 line
    dur=$(awk -v d="$dur" -v s="$scale" 'BEGIN {print d * s}')
    for _ in $(seq 1 "$repeat"); do
        line=$(dumbbell_bench "$bin" "$n" "$rate" "$buf" "$dur")
        c_best=$(faster "$c_best" "$(field pkts_per_wall_s "$line")")
        if [ -n "$htsim" ]; then
            line=$("${pin[@]}" "$htsim" "$n" "$rate" 10 "$buf" "$dur" 2>&1 >/dev/null | grep '^bench:')
            h_best=$(faster "$h_best" "$(field pkts_per_wall_s "$line")")
        fi
    done
    local ns ratio="-" hs="-" rel="-"
    ns=$(awk -v r="$c_best" 'BEGIN {printf "%.1f", 1e9 / r}')
    [ "$n" = 64 ] && [ "$label" = dumbbell_1g ] && ns64=$ns
    [ -n "$ns64" ] && rel=$(awk -v a="$ns" -v b="$ns64" 'BEGIN {printf "%.2fx", a / b}')
    if [ -n "$htsim" ] && awk -v h="$h_best" 'BEGIN {exit !(h > 0)}'; then
        hs=$(printf '%.0f' "$h_best")
        ratio=$(awk -v a="$c_best" -v b="$h_best" 'BEGIN {printf "%.2fx", a / b}')
    fi
    printf '%-22s %8s %8s %14.0f %14s %8s %12s %10s\n' "$label" "$n" "$dur" "$c_best" "$hs" "$ratio" \
        "$ns" "$rel"
}
run_scenario dumbbell_1g 1 1000 833 200
run_scenario dumbbell_1g 64 1000 833 300
run_scenario dumbbell_1g 1024 1000 833 200
run_scenario dumbbell_1g 16384 1000 833 60
run_scenario dumbbell_100g 100000 100000 83333 1
if [ "${BENCH_FATTREE:-1}" = 1 ] && [ -x "$(dirname "$bin")/datacenter" ]; then
    dur=0.2 warm=0.1
    [ "$quick" = 1 ] && dur=0.02 warm=0.01
    best=0
    for _ in $(seq 1 "$repeat"); do
        line=$("${pin[@]}" "$(dirname "$bin")/datacenter" --k 16 --subflows 8 --tm permutation --link-mbps 100 \
            --mptcp-cc lia --duration-s "$dur" --warmup-s "$warm" --csv --bench 2>&1 >/dev/null |
            grep '^bench:')
        best=$(faster "$best" "$(field data_pkts_per_wall_s "$line")")
    done
    printf '%-22s %8s %8s %14.0f %14s %8s %12s %10s\n' fattree_k16_mptcp8 8192 "$dur" "$best" - - \
        "$(awk -v r="$best" 'BEGIN {printf "%.1f", 1e9 / r}')" -
fi
