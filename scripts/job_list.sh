#!/usr/bin/env bash
# Prints the figure job list: one line per simulation point,
#   FIGURE<TAB>POINT<TAB>KEY<TAB>BINARY ARGS...
# from the declarations in plots/figures/*.sh. KEY is a hash of the binary's content and the
# point's flags, so a rebuilt binary or changed flags make a new point.
# Usage: scripts/job_list.sh FULL(0|1) [ONLY=name,name]
set -euo pipefail
cd "$(dirname "$0")/.."
full=${1:-0} only=${2:-}
declare -A bin_hash

for decl in plots/figures/*.sh; do
    fig=$(basename "$decl" .sh)
    if [ -n "$only" ] && ! tr ',' '\n' <<<"$only" | grep -qx "$fig"; then continue; fi
    (
        # len SHORT FULL: the value for the default run or for --full.
        len() { if [ "$full" = 1 ]; then echo "$2"; else echo "$1"; fi; }
        point() {
            local id=$1 bin=$2
            shift 2
            [ -x "build/bin/$bin" ] || { echo "job_list: $decl: no binary build/bin/$bin" >&2; exit 2; }
            if [ -z "${bin_hash[$bin]:-}" ]; then
                bin_hash[$bin]=$(sha256sum "build/bin/$bin" | cut -c1-16)
            fi
            local cmd="$bin $*"
            local key
            key=$(printf '%s\n%s\n' "${bin_hash[$bin]}" "$cmd" | sha256sum | cut -c1-20)
            printf '%s\t%s\t%s\t%s\n' "$fig" "$id" "$key" "$cmd"
        }
        plot() { :; }
        . "$decl"
    )
done
