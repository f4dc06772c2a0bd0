#!/usr/bin/env bash
# Runs one simulation point of the figure job list and stores its result under the cache key.
# Usage: scripts/run_point.sh [--force] [--status FILE] CACHE_DIR KEY BINARY [ARGS...]
#   (the command may also come as one string, as GNU parallel passes a column; arguments never
#   contain spaces)
#   --force        run even if CACHE_DIR/KEY exists; the old result is replaced only once the new
#                  one is complete, so an interrupted forced run loses nothing
#   --status FILE  append one line "KEY<TAB>ok|cached|failed<TAB>EXIT" to FILE when the point ends
# The point runs with --csv --out into a temporary directory that is renamed into place only when
# the run succeeded, so a result is either complete or absent. A failed point's stderr is kept in
# CACHE_DIR/.failed/KEY.stderr for the runner's summary. A point killed by a signal records nothing.
set -uo pipefail
force=0 status_file=""
while [ $# -gt 0 ]; do
    case $1 in
        --force) force=1; shift ;;
        --status) status_file=$2; shift 2 ;;
        *) break ;;
    esac
done
cache=$1 key=$2
shift 2
read -r -a cmd <<<"$*"
set -- "${cmd[@]}"
note() { if [ -n "$status_file" ]; then printf '%s\t%s\t%s\n' "$key" "$1" "$2" >>"$status_file"; fi; }

if [ -d "$cache/$key" ] && [ "$force" = 0 ]; then
    note cached 0
    exit 0
fi
tmp=$(mktemp -d "$cache/.tmp.$key.XXXXXX") || exit 1
# Interrupted: drop the half-written result and record nothing (the point is simply not done).
trap 'rm -rf "$tmp"; exit 143' TERM
trap 'rm -rf "$tmp"; exit 130' INT
bin=$1
shift
"${CORELINK_BIN:-build/bin}/$bin" "$@" --csv --out "$tmp" >"$tmp/stdout.csv" 2>"$tmp/stderr.txt"
status=$?
if [ "$status" = 0 ]; then
    printf '%s %s\n' "$bin" "$*" >"$tmp/command.txt"
    rm -f "$cache/.failed/$key.stderr"
    if [ -d "$cache/$key" ]; then
        # --force: move the old result aside, the new one in, then delete the old one. A directory
        # cannot be renamed over a non-empty one, so this is two renames; figures.sh restores an
        # orphaned .old.* at its next start.
        old=$(mktemp -d "$cache/.old.$key.XXXXXX")
        mv -T "$cache/$key" "$old/result" 2>/dev/null
        mv -T "$tmp" "$cache/$key" 2>/dev/null || rm -rf "$tmp"  # lost a race: the other copy stands
        rm -rf "$old"
    else
        mv -T "$tmp" "$cache/$key" 2>/dev/null || rm -rf "$tmp"  # lost a race: the other copy stands
    fi
    note ok 0
else
    mkdir -p "$cache/.failed"
    cp "$tmp/stderr.txt" "$cache/.failed/$key.stderr"
    echo "figures: point failed (exit $status): $bin $*" >&2
    rm -rf "$tmp"
    note failed "$status"
    exit "$status"
fi
