#!/usr/bin/env bash
# The command-line contract of README.md ("Running an experiment"), checked on the built
# experiment binaries:
#  - the same flags and seed give byte-identical CSV (and another seed gives different CSV);
#  - bad input gets exactly one line on stderr naming the flag, exit status 2, and no output;
#  - --help exits 0 and documents the common flags and every registered queue.
# Usage: cli_contract_test.sh BIN_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# Determinism (docs/style.md §4 item 6): two runs, same flags and seed.
run_dumbbell() { "$bin/dumbbell" --flows 8 --rate-mbps 50 --duration-s 2 --csv "$@"; }
run_dumbbell --seed 5 >"$work/a.csv"
run_dumbbell --seed 5 >"$work/b.csv"
run_dumbbell --seed 6 >"$work/c.csv"
check; cmp -s "$work/a.csv" "$work/b.csv" || fail "same seed gave different CSV"
check; cmp -s "$work/a.csv" "$work/c.csv" && fail "different seeds gave identical CSV"
check; head -n 1 "$work/a.csv" | grep -q '^flow,goodput_mbps,retransmits,timeouts' ||
    fail "CSV header is not 'flow,goodput_mbps,retransmits,timeouts,...': $(head -n 1 "$work/a.csv")"
check; [ "$(wc -l <"$work/a.csv")" = 9 ] || fail "expected a header and 8 rows, got $(wc -l <"$work/a.csv") lines"

# --out writes the same table as --csv.
run_dumbbell --seed 5 --out "$work/out" >/dev/null
check; cmp -s "$work/a.csv" "$work/out/results.csv" || fail "--out results.csv differs from --csv"

# Bad input: exit 2, one stderr line naming the flag, no output directory, nothing on stdout.
printf 'flows = 4\nthis is not a key value line\n' >"$work/bad.cfg"
printf 'flows = 4\nrate-mbps = fast\n' >"$work/bad2.cfg"
expect_error() {  # FLAG-NAME-EXPECTED ARGS...
    local want=$1
    shift
    check
    "$bin/dumbbell" "$@" --duration-s 1 --out "$work/never" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ "$rc" = 2 ] || fail "dumbbell $*: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" = 1 ] || fail "dumbbell $*: stderr has $(wc -l <"$work/stderr") lines, want 1"
    grep -q -- "$want" "$work/stderr" || fail "dumbbell $*: stderr does not name $want: $(cat "$work/stderr")"
    [ -s "$work/stdout" ] && fail "dumbbell $*: wrote to stdout"
    [ -e "$work/never" ] && { fail "dumbbell $*: created the output directory"; rm -rf "$work/never"; }
}
expect_error "--queue" --queue nosuch
expect_error "accepted: droptail" --queue nosuch
expect_error "--flows" --flows 0
expect_error "--rate-mbps" --rate-mbps -1
expect_error "--rate-mbps" --rate-mbps 0
expect_error "--buffer-pkts" --buffer-pkts 0
expect_error "--config" --config "$work/bad.cfg"
expect_error "rate-mbps" --config "$work/bad2.cfg"
expect_error "--config" --config "$work/does-not-exist.cfg"
expect_error "--nosuch" --nosuch 3
expect_error "--batch" --queue fq --batch 0
expect_error "--red-max-th" --queue red --red-min-th 20 --red-max-th 10
expect_error "--red-max-p" --queue red4 --red-max-p 1.5
# A nonzero time that rounds to 0 ps is refused even where 0 itself is accepted (0 = no spread).
expect_error "--start-spread-ms" --start-spread-ms 1e-300

# Every experiment binary: a bad flag and a bad value get one line, exit 2, no output directory.
for exe in "$bin"/*; do
    if [ ! -x "$exe" ] || [ ! -f "$exe" ]; then continue; fi
    name=$(basename "$exe")
    for bad in "--nosuch-flag 1" "--seed not-a-number" "--queue nosuch"; do
        check
        # shellcheck disable=SC2086
        "$exe" $bad --out "$work/never" >"$work/stdout" 2>"$work/stderr"
        rc=$?
        flag=${bad%% *}
        if [ "$rc" != 2 ] || [ "$(wc -l <"$work/stderr")" != 1 ] || ! grep -q -- "${flag#--}" "$work/stderr"; then
            # --queue is not an option of every binary: then it is an unknown option, also exit 2.
            fail "$name $bad: exit $rc, stderr: $(head -c 300 "$work/stderr")"
        fi
        [ -e "$work/never" ] && { fail "$name $bad: created the output directory"; rm -rf "$work/never"; }
    done
done

# --help documents everything, for every experiment binary.
for exe in "$bin"/*; do
    if [ ! -x "$exe" ] || [ ! -f "$exe" ]; then continue; fi
    check
    "$exe" --help >"$work/help" 2>&1 || fail "$(basename "$exe") --help exited non-zero"
    for flag in --seed --csv --out --config; do
        grep -q -- "$flag" "$work/help" || fail "$(basename "$exe") --help does not mention $flag"
    done
done

echo "cli contract: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
