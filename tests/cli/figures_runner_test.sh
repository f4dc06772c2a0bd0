#!/usr/bin/env bash
# The figure runner (scripts/figures.sh), on tiny declarations in tests/cli/figures:
#  - -j 1 and -j 2 produce byte-identical data files (points are independent and deterministic);
#  - the Slurm task table is the table the local run executes, and running the generated sbatch
#    script's tasks gives the same results;
#  - a run killed halfway and restarted skips finished points and ends with the same results;
#  - a figure whose data is missing or malformed fails with one line naming the file, exit 2.
# Usage: figures_runner_test.sh (from anywhere; needs build/bin built)
set -u
cd "$(dirname "$0")/../.."
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
grep -q "3 cached\|4 cached" "$work/rerun.log" && grep -q "0 to run" "$work/rerun.log" ||
    fail "rerun did not skip cached points: $(grep points "$work/rerun.log")"

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

# Kill halfway, restart: same results, finished points skipped.
setsid bash scripts/figures.sh --no-build --decls tests/cli/figures -j 1 --out "$work/kill" \
    --force >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    [ "$(find "$work/kill/cache" -mindepth 1 -maxdepth 1 -type d ! -name '.tmp*' 2>/dev/null | wc -l)" -ge 1 ] && break
    sleep 0.05
done
kill -TERM -- -"$pid" 2>/dev/null
wait "$pid" 2>/dev/null
done_before=$(find "$work/kill/cache" -mindepth 1 -maxdepth 1 -type d ! -name '.tmp*' | wc -l)
check
[ "$done_before" -ge 1 ] && [ "$done_before" -lt 4 ] || fail "kill test: expected a partial run, had $done_before of 4 points"
run -j 2 --out "$work/kill" 2>"$work/resume.log" || fail "resume failed"
check
grep -q "$done_before cached" "$work/resume.log" || fail "resume did not skip the $done_before finished points"
check
diff -r "$work/j1/data" "$work/kill/data" >/dev/null || fail "resumed results differ from an uninterrupted run"

# Missing and malformed data: one line naming the file, exit 2, no figure.
mkdir -p "$work/bad"
plots/plot.sh plots/kbnets_fig9.gp "$work/bad" "$work/badout" >/dev/null 2>"$work/err"
rc=$?
check
[ "$rc" = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "$work/bad/results.csv" "$work/err" ||
    fail "missing data: rc=$rc, stderr: $(cat "$work/err")"
printf 'queue,k\nred4,1\n' >"$work/bad/results.csv"
plots/plot.sh plots/kbnets_fig9.gp "$work/bad" "$work/badout" >/dev/null 2>"$work/err"
rc=$?
check
[ "$rc" = 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "results.csv" "$work/err" ||
    fail "malformed data: rc=$rc, stderr: $(cat "$work/err")"
check
[ -z "$(ls "$work/badout" 2>/dev/null)" ] || fail "a figure was written from bad data"

echo "figures runner: $((checks - fails)) passed, $fails failed"
[ "$fails" = 0 ]
