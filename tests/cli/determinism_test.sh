#!/usr/bin/env bash
# Every experiment binary, on a small run:
#  - two identical runs give byte-identical stdout, in table mode and in CSV mode, and identical
#    --out files (docs/style.md §4: no wall-clock time or address-dependent order in results);
#  - --bench prints exactly one line on stderr, of the same form for every binary:
#    "bench: NAME wall_s=.. runs=.. events=.. packets=.. pkts_per_wall_s=.. peak_rss_mib=.." with
#    at least one run, events and packets, then optional experiment-specific key=value fields;
#    and --bench changes nothing on stdout.
# Usage: determinism_test.sh BIN_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

runs=(
    "dumbbell --flows 3 --duration-s 0.3"
    "fairness --queue fq,red4mq --duration-s 0.3 --warmup-s 0.1"
    "line --n 2 --duration-s 0.3 --warmup-s 0.1"
    "batch --batch-sizes 1,64 --duration-s 0.3 --warmup-s 0.1"
    "compress --duration-s 0.4 --warmup-s 0.02"
    "oscore --scenario fig5 --pairs 0/0,0/1000 --duration-s 0.01 --warmup-s 0.002"
    "drfq --scenario fig11 --duration-s 0.01"
    "datacenter --k 4 --duration-s 0.05 --warmup-s 0.01"
    "nfv_pool --connections 8 --subflows 1,2 --duration-s 0.05 --warmup-s 0.01"
)
bench_form='^bench: [a-z_]+ wall_s=[0-9.]+ runs=[1-9][0-9]* events=[1-9][0-9]* packets=[1-9][0-9]* pkts_per_wall_s=[0-9]+ peak_rss_mib=[0-9.]+( [a-z_]+=[^ ]+)*$'
for r in "${runs[@]}"; do
    read -r -a args <<<"$r"
    exe=${args[0]}
    for mode in table csv; do
        extra=()
        [ "$mode" = csv ] && extra=(--csv)
        for i in 1 2; do
            "$bin/$exe" "${args[@]:1}" "${extra[@]}" --out "$work/$exe-$mode-$i" \
                >"$work/$exe-$mode-$i.out" 2>"$work/$exe-$mode-$i.err" ||
                fail "$r ${extra[*]}: exit $? ($(head -c 300 "$work/$exe-$mode-$i.err"))"
        done
        check
        cmp -s "$work/$exe-$mode-1.out" "$work/$exe-$mode-2.out" ||
            fail "$r: two identical runs gave different stdout in $mode mode"
        check
        diff -r "$work/$exe-$mode-1" "$work/$exe-$mode-2" >/dev/null ||
            fail "$r: two identical runs wrote different --out files in $mode mode"
        check
        [ -s "$work/$exe-$mode-1.out" ] || fail "$r: nothing on stdout in $mode mode"
    done
    "$bin/$exe" "${args[@]:1}" --csv --bench >"$work/$exe-bench.out" 2>"$work/$exe-bench.err"
    check
    cmp -s "$work/$exe-csv-1.out" "$work/$exe-bench.out" || fail "$r: --bench changed stdout"
    check
    if [ "$(wc -l <"$work/$exe-bench.err")" != 1 ] ||
        ! grep -Eq "$bench_form" "$work/$exe-bench.err" ||
        ! grep -q "^bench: $exe " "$work/$exe-bench.err"; then
        fail "$r --bench: expected one line of the common form, got: $(cat "$work/$exe-bench.err")"
    fi
done

echo "determinism: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
