#!/usr/bin/env bash
# The trace flags every experiment binary has (--pcap, --pcap-at, --sample-us, ...):
#  - tracing observes and does not perturb: the result table is byte-identical with and without
#    --pcap and --sample-us;
#  - the time series hold one row per sample time, 0, I, 2I, ..., duration (and per sampled
#    flow), and the pcap file has the magic of a nanosecond pcap (a1b23c4d, little-endian);
#  - an experiment running several simulations writes one trace per run, FILE.<run>.pcap;
#  - bad trace input: one stderr line naming the flag, exit 2, no trace and no output directory.
# Usage: trace_cli_test.sh BIN_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

run_dumbbell() { "$bin/dumbbell" --flows 3 --rate-mbps 20 --duration-s 1 --warmup-s 0.2 --csv "$@"; }
run_dumbbell --seed 3 >"$work/plain.csv"
run_dumbbell --seed 3 --pcap "$work/t.pcap" --sample-us 50000 --sample-flows 0,2 \
    --out "$work/out" >"$work/traced.csv"
check; cmp -s "$work/plain.csv" "$work/traced.csv" || fail "tracing changed the results"
check; [ -s "$work/t.pcap" ] || fail "no trace written"
check; [ "$(head -c 4 "$work/t.pcap" | od -An -tx1 | tr -d ' \n')" = "4d3cb2a1" ] ||
    fail "trace does not start with the nanosecond pcap magic"
# 1 s / 50 ms = 20 intervals: samples at 0, 0.05, ..., 1.0 = 21 rows (+ header).
check; [ "$(wc -l <"$work/out/timeseries_queue.csv")" = 22 ] ||
    fail "timeseries_queue.csv: $(wc -l <"$work/out/timeseries_queue.csv") lines, want 22"
check; [ "$(wc -l <"$work/out/timeseries_flows.csv")" = 43 ] ||
    fail "timeseries_flows.csv: $(wc -l <"$work/out/timeseries_flows.csv") lines, want 43 (2 flows)"
check; cut -d, -f3 "$work/out/timeseries_flows.csv" | tail -n +2 | sort -u | tr '\n' ' ' |
    grep -qx '0 2 ' || fail "timeseries_flows.csv does not hold exactly flows 0 and 2"
run_dumbbell --seed 3 --pcap "$work/f1.pcap" --pcap-at flow:1 >/dev/null
check; [ -s "$work/f1.pcap" ] || fail "--pcap-at flow:1 wrote no trace"

# A fabric link by name (host 0's uplink carries its flow's data under any traffic matrix).
"$bin/datacenter" --k 4 --duration-s 0.05 --warmup-s 0.01 --csv >"$work/dc-plain.csv"
"$bin/datacenter" --k 4 --duration-s 0.05 --warmup-s 0.01 --csv --pcap "$work/dc.pcap" \
    --pcap-at 'h0>e0.0' >"$work/dc-traced.csv"
check; cmp -s "$work/dc-plain.csv" "$work/dc-traced.csv" || fail "tracing a fabric link changed the results"
check; [ "$(stat -c %s "$work/dc.pcap")" -gt 1000 ] || fail "the fabric link's trace is (nearly) empty"

# The DRFQ pipeline: the trace of its departures holds every packet the table counts
# (throughput_pps x the 0.001 s run, summed over the flows), and tracing changes nothing.
"$bin/drfq" --duration-s 0.001 --csv >"$work/drfq-plain.csv"
"$bin/drfq" --duration-s 0.001 --csv --pcap "$work/drfq.pcap" >"$work/drfq-traced.csv"
check; cmp -s "$work/drfq-plain.csv" "$work/drfq-traced.csv" || fail "tracing drfq changed the results"
departed=$(awk -F, 'NR > 1 { n += $3 * 0.001 } END { printf "%d", n + 0.5 }' "$work/drfq-plain.csv")
if command -v tcpdump >/dev/null; then
    check; traced=$(tcpdump -r "$work/drfq.drfq.pcap" 2>/dev/null | wc -l)
    [ "$traced" = "$departed" ] || fail "drfq trace holds $traced packets, the table counts $departed"
fi

# Table 7 runs each flow alone, then both together: flow:1 names the same flow in every run, so
# it is traced in "alone1" and in the two shared runs, and the run without it ("alone0") writes
# no trace; flow:2 exists in no run (two flows) and is refused.
"$bin/drfq" --scenario table7 --duration-s 0.05 --csv >"$work/t7-plain.csv"
"$bin/drfq" --scenario table7 --duration-s 0.05 --csv --pcap "$work/t7.pcap" --pcap-at flow:1 \
    >"$work/t7-traced.csv"
check; cmp -s "$work/t7-plain.csv" "$work/t7-traced.csv" || fail "tracing table 7 changed the results"
check; [ "$(cd "$work" && echo t7.*.pcap)" = "t7.alone1.pcap t7.bottleneck-fair.pcap t7.drfq.pcap" ] ||
    fail "table 7 --pcap-at flow:1 wrote: $(cd "$work" && echo t7.*.pcap)"

# Several runs: one trace each.
"$bin/fairness" --cost-ratio 1,2 --queue droptail --duration-s 0.3 --warmup-s 0.1 --csv \
    --pcap "$work/fair.pcap" >/dev/null
check; [ "$(find "$work" -maxdepth 1 -name 'fair.*.pcap' | wc -l)" = 2 ] ||
    fail "fairness with 2 runs wrote $(find "$work" -maxdepth 1 -name 'fair.*.pcap' | wc -l) traces"

expect_error() {  # BINARY FLAG-NAME-EXPECTED ARGS...
    local exe=$1 want=$2
    shift 2
    check
    "$bin/$exe" "$@" --out "$work/never" --pcap "$work/never.pcap" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ "$rc" = 2 ] || fail "$exe $*: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" = 1 ] || fail "$exe $*: stderr has $(wc -l <"$work/stderr") lines"
    grep -q -- "$want" "$work/stderr" || fail "$exe $*: stderr does not name $want: $(cat "$work/stderr")"
    [ -s "$work/stdout" ] && fail "$exe $*: wrote to stdout"
    [ -e "$work/never" ] && { fail "$exe $*: created the output directory"; rm -rf "$work/never"; }
    ls "$work"/never.pcap* >/dev/null 2>&1 && { fail "$exe $*: left a trace file"; rm -f "$work"/never.pcap*; }
}
expect_error dumbbell "--pcap-at" --flows 2 --duration-s 0.1 --pcap-at nosuch
expect_error dumbbell "--pcap-at" --flows 2 --duration-s 0.1 --pcap-at flow:7
expect_error dumbbell "--pcap-snaplen" --pcap-snaplen 10
expect_error dumbbell "--sample-us" --sample-us -1
# Time series are held in memory, at most 2,000,000 rows: 10 s every 1 us is 10^7 + 1 samples of
# 3 rows (the queue and 2 flows), refused before anything is simulated.
expect_error dumbbell "--sample-us" --flows 2 --duration-s 10 --sample-us 1
expect_error dumbbell "--sample-flows" --flows 2 --duration-s 0.1 --sample-us 100 --sample-flows 5
expect_error line "--pcap-at" --duration-s 0.1 --pcap-at bottleneck
expect_error drfq "--pcap-at" --scenario table7 --duration-s 0.01 --pcap-at flow:2
expect_error datacenter "--pcap-at" --k 4 --duration-s 0.05 --warmup-s 0.01 --pcap-at 'h0>nowhere'
expect_error oscore "--pcap" --duration-ms 10 --warmup-ms 1
check
"$bin/dumbbell" --duration-s 0.1 --sample-us 100 >"$work/stdout" 2>"$work/stderr"
status=$?
if [ "$status" != 2 ] || ! grep -q -- "--sample-us" "$work/stderr"; then
    fail "--sample-us without --out accepted"
fi

echo "trace cli: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
