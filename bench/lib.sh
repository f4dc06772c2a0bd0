# shellcheck shell=bash
# Shared by bench/compare.sh and bench/ab.sh (sourced, not run): reading a --bench line, pinning
# to a core, and one timed run of the benchmark dumbbell. The caller sets `me` (its name, for
# messages) and runs with `set -euo pipefail`.

field() {  # NAME LINE -> value of NAME= in LINE
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

# pin_to VAR VALUE: sets the array `pin` to run a command on core VALUE (taskset), or to nothing
# when VALUE is empty; VAR names the setting in the error for a core this machine does not have.
pin_to() {
    pin=()
    [ -n "$2" ] || return 0
    if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -ge "$(nproc)" ]; then
        # shellcheck disable=SC2154  # me: set by the sourcing script
        echo "$me: $1=$2: expected a core number from 0 to $(($(nproc) - 1))" >&2
        exit 2
    fi
    command -v taskset >/dev/null || { echo "$me: $1 needs taskset (Debian: util-linux)" >&2; exit 2; }
    pin=(taskset -c "$2")
}

# dumbbell_bench BIN FLOWS RATE_MBPS BUFFER_PKTS DURATION_S: the --bench line of one run of the
# benchmark dumbbell (10 ms RTT, warm-up half the duration), under "${pin[@]}".
dumbbell_bench() {
    local warm
    warm=$(awk -v d="$5" 'BEGIN {print d / 2}')
    "${pin[@]}" "$1" --flows "$2" --rate-mbps "$3" --rtt-ms 10 --buffer-pkts "$4" \
        --duration-s "$5" --warmup-s "$warm" --csv --bench 2>&1 >/dev/null | grep '^bench:'
}
