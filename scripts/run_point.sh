#!/usr/bin/env bash
# Runs one simulation point of the figure job list and stores its result under the cache key.
# Usage: scripts/run_point.sh CACHE_DIR KEY BINARY [ARGS...]   (or the command as one string,
# as GNU parallel passes a column; arguments never contain spaces)
# The point runs with --csv --out into a temporary directory that is renamed into place only when
# the run succeeded, so a result is either complete or absent; an existing result is kept.
set -uo pipefail
cache=$1 key=$2
shift 2
read -r -a cmd <<<"$*"
set -- "${cmd[@]}"
[ -d "$cache/$key" ] && exit 0
tmp=$(mktemp -d "$cache/.tmp.$key.XXXXXX") || exit 1
bin=$1
shift
if "${CORELINK_BIN:-build/bin}/$bin" "$@" --csv --out "$tmp" >"$tmp/stdout.csv" 2>"$tmp/stderr.txt"; then
    printf '%s %s\n' "$bin" "$*" >"$tmp/command.txt"
    mv -T "$tmp" "$cache/$key" 2>/dev/null || rm -rf "$tmp"  # lost a race: the other copy stands
else
    status=$?
    echo "point failed ($bin $*):" >&2
    sed 's/^/  /' "$tmp/stderr.txt" >&2
    rm -rf "$tmp"
    exit "$status"
fi
