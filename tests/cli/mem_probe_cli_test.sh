#!/usr/bin/env bash
# bench/mem_probe's contract: bad input gets one stderr line naming the flag, exit 2 and nothing
# on stdout; a run prints one row per (region, object size, chains, lines), the cross product of
# the lists given, with the page count its region implies and ns per line = ns per object / lines.
# Timings are not checked (a benchmark reports them; tests check behaviour).
# Usage: mem_probe_cli_test.sh BENCH_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

expect_error() {  # FLAG ARGS...
    local want=$1
    shift
    check
    "$bin/mem_probe" "$@" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ "$rc" = 2 ] || fail "mem_probe $*: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" = 1 ] || fail "mem_probe $*: stderr has $(wc -l <"$work/stderr") lines, want 1"
    grep -q -- "$want" "$work/stderr" || fail "mem_probe $*: stderr does not name $want: $(cat "$work/stderr")"
    [ -s "$work/stdout" ] && fail "mem_probe $*: wrote to stdout"
}
expect_error "--mib" --mib 0
expect_error "--mib" --mib 1,,2
expect_error "--chains" --chains 0
expect_error "--chains" --chains 1.5
expect_error "--lines" --lines 9
expect_error "--object-bytes" --object-bytes 700
expect_error "--mib" --mib
expect_error "--nosuch" --nosuch 1

check
"$bin/mem_probe" --mib 0.0625,0.125 --object-bytes 512,4096 --chains 1,64 --lines 1,8 \
    >"$work/table" 2>"$work/stderr" || fail "mem_probe run: exit $?: $(cat "$work/stderr")"
# 2 regions x 2 object sizes x 2 chain counts x 2 line counts = 16 rows under one header.
[ "$(wc -l <"$work/table")" = 17 ] || fail "mem_probe run: $(wc -l <"$work/table") lines, want 17"
read -r -a header <"$work/table"
[ "${header[*]}" = "region_mib object_bytes pages chains lines ns_per_object ns_per_line" ] ||
    fail "mem_probe header: ${header[*]}"
# pages = region / 4 KiB (16 or 32); chains are capped at the object count (16 objects of 4 KiB
# in 1/16 MiB); ns_per_line * lines = ns_per_object up to the printed rounding.
awk 'NR > 1 {
    want_pages = $1 * 1048576 / 4096
    objects = $1 * 1048576 / $2
    want_chains = $4 == 1 ? 1 : (objects < 64 ? objects : 64)
    if ($3 != want_pages) print "row " NR - 1 ": pages " $3 ", want " want_pages
    if ($4 != 1 && $4 != want_chains) print "row " NR - 1 ": chains " $4 ", want " want_chains
    if ($7 * $5 - $6 > 0.01 * $5 || $6 - $7 * $5 > 0.01 * $5) print "row " NR - 1 ": per line " $7 " x " $5 " != " $6
    if (!($6 > 0)) print "row " NR - 1 ": no time"
}' "$work/table" >"$work/bad"
[ -s "$work/bad" ] && fail "mem_probe table: $(cat "$work/bad")"

echo "mem_probe_cli: $checks checks, $fails failures"
[ "$fails" = 0 ]
