#!/usr/bin/env bash
# Prints the figure job list: one line per simulation point,
#   FIGURE<TAB>POINT<TAB>KEY<TAB>BINARY ARGS...
# from the declarations in plots/figures/*.sh. A declaration sets title= and paper= and calls
#   point ID BINARY ARGS...          one simulation point ($(len SHORT FULL) picks a length)
#   plot SCRIPT.gp                   the gnuplot script that draws the gathered data
#   expect FILE FILTER COLUMN LO HI CLAIM
#   expect_ratio FILE FILTER_A FILTER_B COLUMN LO HI CLAIM
#                                    a number the paper reports, with its tolerance
#                                    (docs/figures.md), checked by scripts/gather.sh
# KEY is a hash of the binary's content and the point's flags, so a rebuilt binary or changed
# flags make a new point.
# Usage: scripts/job_list.sh FULL(0|1) [ONLY=name,name] [DECLS=plots/figures]
set -euo pipefail
cd "$(dirname "$0")/.."
full=${1:-0} only=${2:-} decls=${3:-plots/figures}
bin_dir=${CORELINK_BIN:-build/bin}
declare -A bin_hash

# Natural order, so that fig5 comes before fig10 in the job list and the gallery.
mapfile -t decl_files < <(printf '%s\n' "$decls"/*.sh | sort -V)
for decl in "${decl_files[@]}"; do
    fig=$(basename "$decl" .sh)
    if [ -n "$only" ] && ! tr ',' '\n' <<<"$only" | grep -qx "$fig"; then continue; fi
    # The functions below are called by the sourced declaration.
    # shellcheck disable=SC2317
    (
        # len SHORT FULL: the value for the default run or for --full.
        len() { if [ "$full" = 1 ]; then echo "$2"; else echo "$1"; fi; }
        point() {
            local id=$1 bin=$2
            shift 2
            [ -x "$bin_dir/$bin" ] || { echo "job_list: $decl: no binary $bin_dir/$bin" >&2; exit 2; }
            if [ -z "${bin_hash[$bin]:-}" ]; then
                bin_hash[$bin]=$(sha256sum "$bin_dir/$bin" | cut -c1-16)
            fi
            local cmd="$bin $*"
            local key
            key=$(printf '%s\n%s\n' "${bin_hash[$bin]}" "$cmd" | sha256sum | cut -c1-20)
            printf '%s\t%s\t%s\t%s\n' "$fig" "$id" "$key" "$cmd"
        }
        plot() { :; }
        expect() { :; }
        expect_ratio() { :; }
        # shellcheck source=/dev/null
        . "$decl"
    )
done
