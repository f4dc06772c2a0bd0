#!/usr/bin/env bash
# The contract of nfv_pool and datacenter --tm poisson (docs/nfv-pool.md): bad input gets one
# stderr line naming the flag, exit 2 and nothing written; same flags and seed give identical
# CSV; the CSV has the documented columns; --out flows.csv lists every started flow.
# Usage: nfv_fct_cli_test.sh BIN_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

expect_error() {  # BINARY FLAG ARGS...
    local exe=$1 want=$2
    shift 2
    check
    "$bin/$exe" "$@" --out "$work/never" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ "$rc" = 2 ] || fail "$exe $*: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" = 1 ] || fail "$exe $*: stderr has $(wc -l <"$work/stderr") lines, want 1"
    grep -q -- "$want" "$work/stderr" || fail "$exe $*: stderr does not name $want: $(cat "$work/stderr")"
    [ -s "$work/stdout" ] && fail "$exe $*: wrote to stdout"
    [ -e "$work/never" ] && { fail "$exe $*: created the output directory"; rm -rf "$work/never"; }
}
small="--k 4 --connections 6 --middleboxes 2 --cores 2 --duration-s 0.3 --warmup-s 0.1"
# shellcheck disable=SC2086
{
expect_error nfv_pool "--cost-mix" $small --cost-mix 1:0.5,4:0.6
expect_error nfv_pool "--cost-mix" $small --cost-mix cheap
expect_error nfv_pool "--cost-mix" $small --cost-mix uniform:4:1
expect_error nfv_pool "--cost-mix" $small --cost-mix lognormal:2:9
expect_error nfv_pool "--cost-mix" $small --cost-mix 1e-12:1
expect_error nfv_pool "--cpu-ghz" $small --cpu-ghz 1e-300
expect_error nfv_pool "--subflows" $small --subflows 0
expect_error nfv_pool "--connections" $small --connections 15
expect_error nfv_pool "--middleboxes" $small --middleboxes 0
expect_error nfv_pool "--instance-choice" $small --instance-choice random
expect_error nfv_pool "--cpu-ghz" $small --cpu-ghz 0
}
poisson="--tm poisson --k 4 --link-mbps 1000 --duration-s 0.02 --warmup-s 0 --drain-s 0.02 --min-rto-ms 1"
# shellcheck disable=SC2086
{
expect_error datacenter "--load" $poisson --load 0
expect_error datacenter "--load" $poisson --load 1.5
expect_error datacenter "--flow-sizes" $poisson --flow-sizes /no/such/file
expect_error datacenter "--subflows" $poisson --subflows 1,2
expect_error datacenter "--drain-s" $poisson --drain-s -1
}

# Determinism and columns.
# shellcheck disable=SC2086
{
"$bin/nfv_pool" $small --subflows 1,2 --queue droptail,red4mq --seed 3 --csv >"$work/a.csv"
"$bin/nfv_pool" $small --subflows 1,2 --queue droptail,red4mq --seed 3 --csv >"$work/b.csv"
"$bin/datacenter" $poisson --seed 3 --csv --out "$work/p1" >"$work/p1.csv"
"$bin/datacenter" $poisson --seed 3 --csv --out "$work/p2" >"$work/p2.csv"
"$bin/datacenter" $poisson --subflows 3 --seed 3 --csv --out "$work/m1" >"$work/m1.csv"
"$bin/datacenter" $poisson --subflows 3 --seed 3 --csv --out "$work/m2" >"$work/m2.csv"
}
check; cmp -s "$work/a.csv" "$work/b.csv" || fail "nfv_pool: same seed gave different CSV"
check; head -n 1 "$work/a.csv" | grep -q '^queue,batch,subflows,instance_choice,total_mbps,optimal_mbps,pct_optimal,cpu_time_jain,packet_rate_jain,mean_core_utilisation' ||
    fail "nfv_pool: unexpected CSV header: $(head -n 1 "$work/a.csv")"
check; [ "$(wc -l <"$work/a.csv")" = 5 ] || fail "nfv_pool: expected a header and 4 rows"
check; cmp -s "$work/p1.csv" "$work/p2.csv" || fail "datacenter --tm poisson: same seed gave different CSV"
check; cmp -s "$work/p1/flows.csv" "$work/p2/flows.csv" || fail "datacenter --tm poisson: same seed gave different flows.csv"
check; head -n 1 "$work/p1.csv" | grep -q '^bucket,flows,mean_slowdown,p99_slowdown,unfinished' ||
    fail "poisson: unexpected CSV header: $(head -n 1 "$work/p1.csv")"
check; [ "$(tail -n 1 "$work/p1.csv" | cut -d, -f1)" = all ] || fail "poisson: the last row is not 'all'"
# Every started flow is in flows.csv, and the 'all' row counts each once: finished + unfinished;
# for TCP (p1) and MPTCP flows (m1), which are also repeatable.
check; cmp -s "$work/m1.csv" "$work/m2.csv" || fail "datacenter --tm poisson --subflows 3: same seed gave different CSV"
check; cmp -s "$work/m1/flows.csv" "$work/m2/flows.csv" || fail "datacenter --tm poisson --subflows 3: same seed gave different flows.csv"
for run in p1 m1; do
    started=$(($(wc -l <"$work/$run/flows.csv") - 1))
    counted=$(tail -n 1 "$work/$run.csv" | awk -F, '{print $2 + $5}')
    check; if [ "$started" -le 0 ] || [ "$started" != "$counted" ]; then
        fail "poisson ($run): flows.csv has $started flows, the all row counts $counted"
    fi
done

# A continuous cost distribution runs, and the cheap and costly columns split the connections at
# the median cost (both sides hold connections, so neither mean is empty).
# shellcheck disable=SC2086
"$bin/nfv_pool" $small --subflows 1 --queue droptail --cost-mix lognormal:2:0.5 --csv >"$work/ln.csv"
check; awk -F, 'NR == 2 && $11 > 0 && $12 > 0 {ok = 1} END {exit !ok}' "$work/ln.csv" ||
    fail "nfv_pool --cost-mix lognormal: no row with both cheap and costly goodput: $(cat "$work/ln.csv")"

echo "$checks checks, $fails failures"
[ "$fails" = 0 ]
