#!/usr/bin/env bash
# The datacenter binary's contract (docs/datacenter.md §5): bad topology input gets one stderr
# line naming the flag, exit 2 and nothing written; same flags and seed give identical output;
# --out writes results, connections and links.
# Usage: datacenter_cli_test.sh BIN_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

expect_error() {  # FLAG ARGS...
    local want=$1
    shift
    check
    "$bin/datacenter" "$@" --duration-s 0.1 --warmup-s 0.05 --out "$work/never" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ "$rc" = 2 ] || fail "datacenter $*: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" = 1 ] || fail "datacenter $*: stderr has $(wc -l <"$work/stderr") lines, want 1"
    grep -q -- "$want" "$work/stderr" || fail "datacenter $*: stderr does not name $want: $(cat "$work/stderr")"
    [ -s "$work/stdout" ] && fail "datacenter $*: wrote to stdout"
    [ -e "$work/never" ] && { fail "datacenter $*: created the output directory"; rm -rf "$work/never"; }
}
expect_error "--k" --k 7
expect_error "--k" --k 2
expect_error "--k" --k 50
expect_error "--spines" --topology leafspine --spines 0
expect_error "--leaves" --topology leafspine --leaves 0
expect_error "--hosts-per-leaf" --topology leafspine --leaves 4096 --hosts-per-leaf 4096
expect_error "--tm" --topology leafspine --leaves 1 --hosts-per-leaf 1
expect_error "--incast-senders" --k 4 --tm incast --incast-senders 16
expect_error "--stride" --k 4 --tm stride --stride 32
expect_error "--tm" --tm shuffle
expect_error "--topology" --topology torus
expect_error "--subflows" --subflows 0
expect_error "--routing" --routing ospf
expect_error "--mptcp-cc" --mptcp-cc cubic
expect_error "--warmup-s" --warmup-s 5
expect_error "--link-mbps" --link-mbps 0
expect_error "--link-mbps" --link-mbps 1e-300
expect_error "--core-mbps" --core-mbps 1e-300

run() { "$bin/datacenter" --k 4 --subflows 1,2 --duration-s 0.3 --warmup-s 0.1 --csv "$@"; }
run --seed 3 >"$work/a.csv"
run --seed 3 --out "$work/out" >"$work/b.csv"
run --seed 4 >"$work/c.csv"
check; cmp -s "$work/a.csv" "$work/b.csv" || fail "same seed gave different CSV"
check; cmp -s "$work/a.csv" "$work/c.csv" && fail "different seeds gave identical CSV"
check; head -n 1 "$work/a.csv" |
    grep -q '^topology,hosts,tm,subflows,throughput_pct_optimal,mean_goodput_mbps,p10_goodput_mbps,jain,fluid_pct_optimal' ||
    fail "CSV header: $(head -n 1 "$work/a.csv")"
check; [ "$(wc -l <"$work/a.csv")" = 3 ] || fail "want a header and 2 rows: $(cat "$work/a.csv")"
check; cmp -s "$work/a.csv" "$work/out/results.csv" || fail "--out results.csv differs from --csv"
# 16 connections x 2 values of n, 96 directed links x 2.
check; [ "$(wc -l <"$work/out/connections.csv")" = 33 ] || fail "connections.csv rows"
check; [ "$(wc -l <"$work/out/links.csv")" = 193 ] || fail "links.csv rows"
check; "$bin/datacenter" --k 4 --fluid-only --csv | grep -q ',fluid,' || fail "--fluid-only row not marked fluid"

echo "datacenter cli: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
