#!/usr/bin/env bash
# The figure runner (scripts/figures.sh), on tiny declarations in tests/cli/figures:
#  - -j 1 and -j 2 produce byte-identical data files (points are independent and deterministic);
#  - the Slurm task table is the table the local run executes, and running the generated sbatch
#    script's tasks gives the same results;
#  - a run killed halfway says it was interrupted, and restarted skips finished points and ends
#    with the same results;
#  - --force killed halfway loses no point: each cached result is replaced only when its new one
#    is complete;
#  - a failing point is named, with its command and the tail of its stderr;
#  - the gallery has a table of contents, the commit, links to each CSV, every command, and a ✗ on
#    a number outside the paper's tolerance (a fake figure whose expect lines pass and miss);
#  - a figure whose data is missing or malformed fails with one line naming the file, exit 2.
# Usage: figures_runner_test.sh (from anywhere; needs build/bin built)
set -u
cd "$(dirname "$0")/../.." || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { checks=$((checks + 1)); }
run() { bash scripts/figures.sh --no-build --decls tests/cli/figures "$@"; }

run -j 1 --out "$work/j1" 2>"$work/j1.log" || fail "-j 1 run failed: $(tail -3 "$work/j1.log")"
run -j 2 --out "$work/j2" 2>"$work/j2.log" || fail "-j 2 run failed: $(tail -3 "$work/j2.log")"
check
diff -r "$work/j1/data" "$work/j2/data" >/dev/null || fail "-j 1 and -j 2 data differ"
check
[ "$(find "$work/j1/data" -name '*.csv' | wc -l)" -ge 3 ] || fail "expected gathered CSV files"
check
[ "$(tail -n +2 "$work/j1/data/tiny_sweep/results.csv" | cut -d, -f6 | sort -u | tr '\n' ' ')" = "n2 n4 n8 " ] ||
    fail "gathered sweep does not name its three points in the 'point' column"
check
[ -s "$work/j1/dumbbell_goodput.png" ] || fail "no plot written"
check
grep -q "Runner test: a three-point sweep" "$work/j1/index.html" || fail "gallery misses a figure"

# Rerun: everything cached, nothing recomputed.
run -j 2 --out "$work/j2" 2>"$work/rerun.log"
check
if ! grep -q "4 cached" "$work/rerun.log" || ! grep -q "0 to run" "$work/rerun.log"; then
    fail "rerun did not skip cached points: $(grep points "$work/rerun.log")"
fi

# Slurm: the same task table; its array tasks, run here one by one, give the same results.
run --slurm --out "$work/slurm" 2>/dev/null
check
cmp -s "$work/slurm/slurm/tasks.tsv" "$work/j1/tasks.tsv" || fail "Slurm task table differs from the local one"
n=$(wc -l <"$work/slurm/slurm/tasks.tsv")
for i in $(seq 1 "$n"); do SLURM_ARRAY_TASK_ID=$i bash "$work/slurm/slurm/corelink.sbatch" 2>/dev/null; done
run --out "$work/slurm" 2>"$work/slurm.log"
check
grep -q "0 to run" "$work/slurm.log" || fail "points run by the Slurm tasks were not found by the local run"
check
diff -r "$work/j1/data" "$work/slurm/data" >/dev/null || fail "Slurm-run results differ from local ones"

# Starts a run in a session of its own, lets exactly N points finish, then sends SIGTERM to the
# whole session (as a terminal's Ctrl-C or a batch system's kill would). The run's binaries are
# wrappers that hold every point after the first N until the kill (a gate), so the interrupted
# run has exactly N finished points however loaded the machine is.
gate=$work/gate
mkdir -p "$gate/bin"
real_bin=$(cd "${CORELINK_BIN:-build/bin}" && pwd)
for b in dumbbell fairness; do
    cat >"$gate/bin/$b" <<WRAP
#!/usr/bin/env bash
# Counts the points started; holds the ones after the first \$(cat "$gate/let") while "$gate/hold" exists.
n=\$(mktemp "$gate/started.XXXXXX") && n=\$(find "$gate" -maxdepth 1 -name 'started.*' | wc -l)
if [ "\$n" -gt "\$(cat "$gate/let")" ]; then
    touch "$gate/waiting"
    while [ -e "$gate/hold" ]; do sleep 0.05; done
fi
exec "$real_bin/$b" "\$@"
WRAP
    chmod +x "$gate/bin/$b"
done
kill_after() {  # N LOG ARGS...
    local n=$1 log=$2
    shift 2
    rm -f "${*: -1}/.status" "$gate"/started.* "$gate/waiting"  # the previous run's
    echo "$n" >"$gate/let"
    touch "$gate/hold"
    CORELINK_BIN=$gate/bin setsid bash scripts/figures.sh --no-build --decls tests/cli/figures -j 1 "$@" \
        >/dev/null 2>"$log" &
    local pid=$! out=${*: -1}
    # No time limit that load could break: the run cannot pass the gate; it only stops early if
    # it fails, and then the checks below say so.
    while kill -0 "$pid" 2>/dev/null; do
        c=$(grep -c ok "$out/.status" 2>/dev/null)
        [ "${c:-0}" -ge "$n" ] && [ -e "$gate/waiting" ] && break
        sleep 0.05
    done
    kill -TERM -- -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rm -f "$gate/hold"
}
# Later runs on the same cache go through the (open) gate too: a point's cache key includes its
# binary's hash, and here the binary is the wrapper.
gated_run() { CORELINK_BIN=$gate/bin run "$@"; }
points_in() { find "$1/cache" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l; }

# Kill halfway, restart: it says so, keeps what finished, and resumes to the same results.
kill_after 1 "$work/kill.log" --out "$work/kill"
done_before=$(points_in "$work/kill")
check
if [ "$done_before" != 1 ]; then
    fail "kill test: expected 1 of 4 points after the kill, had $done_before"
fi
check
grep -q "interrupted by SIGTERM: [0-9]* points finished in this run and are kept" "$work/kill.log" ||
    fail "an interrupted run did not say so: $(tail -2 "$work/kill.log")"
check
if grep -q "points failed" "$work/kill.log"; then fail "an interrupted run reported failed points"; fi
gated_run -j 2 --out "$work/kill" 2>"$work/resume.log" || fail "resume failed"
check
grep -q "$done_before cached" "$work/resume.log" || fail "resume did not skip the $done_before finished points"
check
diff -r "$work/j1/data" "$work/kill/data" >/dev/null || fail "resumed results differ from an uninterrupted run"

# --force, killed after one point: every point still has a result (the new one or the old one).
before=$(find "$work/kill/cache" -mindepth 2 -maxdepth 2 -name command.txt -newer "$work/resume.log" | wc -l)
kill_after 1 "$work/force.log" --force --out "$work/kill"
check
[ "$(points_in "$work/kill")" = 4 ] || fail "--force interrupted: $(points_in "$work/kill") of 4 points left in the cache"
check
replaced=$(find "$work/kill/cache" -mindepth 2 -maxdepth 2 -name command.txt -newer "$work/resume.log" | wc -l)
[ "$replaced" -gt "$before" ] || fail "--force replaced no point before it was killed"
gated_run --force -j 2 --out "$work/kill" 2>"$work/force2.log" || fail "--force run failed: $(tail -3 "$work/force2.log")"
check
grep -q "0 cached, 4 to run" "$work/force2.log" || fail "--force did not rerun every point"
check
diff -r "$work/j1/data" "$work/kill/data" >/dev/null || fail "forced results differ from the first run"

# A failing point: named with its figure, point, command and the tail of its stderr; exit 1.
mkdir -p "$work/fdecls"
cat >"$work/fdecls/tiny_fail.sh" <<'DECL'
title="Runner test: one good point, one bad"
paper="(none)"
point good dumbbell --flows 1 --duration-s 0.2
point bad dumbbell --flows 0 --duration-s 0.2
DECL
bash scripts/figures.sh --no-build --decls "$work/fdecls" --out "$work/fail" 2>"$work/fail.log"
rc=$?
check
[ "$rc" = 1 ] || fail "a failing point: exit $rc, expected 1"
check
grep -q "1 of 2 points failed" "$work/fail.log" || fail "no failure count: $(cat "$work/fail.log")"
check
grep -q "tiny_fail/bad (exit 2): build/bin/dumbbell --flows 0" "$work/fail.log" ||
    fail "the failed point is not named: $(cat "$work/fail.log")"
check
grep -q "| dumbbell: error: --flows" "$work/fail.log" || fail "no stderr tail of the failed point"
check
[ "$(points_in "$work/fail")" = 1 ] || fail "the good point was not kept"

# The gallery: contents, commit, CSV links, all 13 commands, and marks against the paper.
mkdir -p "$work/gdecls"
cat >"$work/gdecls/tiny_many.sh" <<'DECL'
title="Runner test: thirteen points"
paper="(none)"
for seed in $(seq 1 13); do
    point "s$seed" dumbbell --flows 1 --duration-s 0.2 --seed "$seed"
done
expect results.csv "flow=0" goodput_mbps 0 1e9 "a check that holds"
expect results.csv "point=s3" goodput_mbps 1e6 - "a check that misses"
expect_ratio results.csv "point=s1" "point=s1" goodput_mbps 0.99 1.01 "a ratio that holds"
DECL
bash scripts/figures.sh --no-build --decls "$work/gdecls" --out "$work/gal" 2>"$work/gal.log" ||
    fail "gallery run failed: $(tail -3 "$work/gal.log")"
html="$work/gal/index.html"
check
if ! grep -q '<a href="#tiny_many">' "$html" || ! grep -q '<section id="tiny_many">' "$html"; then
    fail "no table of contents linking the figure"
fi
check
grep -q "from commit <code>$(git rev-parse --short=12 HEAD)</code>" "$html" || fail "the gallery does not name the commit"
check
if ! grep -q 'href="data/tiny_many/results.csv"' "$html" || [ ! -s "$work/gal/data/tiny_many/results.csv" ]; then
    fail "no link to the figure's CSV"
fi
check
[ "$(grep -o 'build/bin/dumbbell' "$html" | wc -l)" = 13 ] || fail "the gallery does not list all 13 commands"
check
[ "$(grep -o '<td class=miss>✗ outside tolerance' "$html" | wc -l)" = 1 ] ||
    fail "expected one missed check in the check table: $(grep -o '✗[^<]*' "$html" | sort | uniq -c)"
check
grep -q '<li><a href="#tiny_many">[^<]*</a> <span class=miss>✗ 1 outside tolerance' "$html" ||
    fail "the contents do not mark the figure with a missed check"
check
grep -q '<td class=miss[^>]*>[0-9.]* ✗</td>' "$html" || fail "the missed number is not marked in the results table"
check
if [ "$(grep -c ',within$' "$work/gal/data/tiny_many/checks.csv")" != 2 ] ||
    [ "$(grep -c ',outside$' "$work/gal/data/tiny_many/checks.csv")" != 1 ]; then
    fail "checks.csv verdicts: $(cat "$work/gal/data/tiny_many/checks.csv")"
fi

# Missing and malformed data: one line naming the file, exit 2, no figure.
mkdir -p "$work/bad"
plots/plot.sh plots/kbnets_fig9.gp "$work/bad" "$work/badout" >/dev/null 2>"$work/err"
rc=$?
check
if ! { [ "$rc" = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "$work/bad/results.csv" "$work/err"; }; then
    fail "missing data: rc=$rc, stderr: $(cat "$work/err")"
fi
printf 'queue,k\nred4,1\n' >"$work/bad/results.csv"
plots/plot.sh plots/kbnets_fig9.gp "$work/bad" "$work/badout" >/dev/null 2>"$work/err"
rc=$?
check
if ! { [ "$rc" = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "results.csv" "$work/err"; }; then
    fail "malformed data: rc=$rc, stderr: $(cat "$work/err")"
fi
check
[ -z "$(ls "$work/badout" 2>/dev/null)" ] || fail "a figure was written from bad data"

echo "figures runner: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
