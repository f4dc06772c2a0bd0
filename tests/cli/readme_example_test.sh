#!/usr/bin/env bash
# The README's config-file example works as written: its exact command line, run from a copy of
# the repository layout, exits 0 and writes results/run1/results.csv with one row per flow of the
# shipped config (experiments/presets/dumbbell-example.cfg: flows = 32).
# Usage: readme_example_test.sh BIN_DIR
set -u
cd "$(dirname "$0")/../.." || exit 1
repo=$PWD bin=${1:?usage: readme_example_test.sh BIN_DIR}
line=$(grep -m1 -E '^build/bin/dumbbell --config ' README.md)
[ -n "$line" ] || { echo "FAIL: README.md has no 'build/bin/dumbbell --config' example"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build"
ln -s "$bin" "$work/build/bin"
ln -s "$repo/experiments" "$work/experiments"
cd "$work" || exit 1
read -r -a cmd <<<"${line%%#*}"
if ! "${cmd[@]}" >stdout.txt 2>stderr.txt; then
    echo "FAIL: '$line' exited non-zero: $(cat stderr.txt)"
    exit 1
fi
rows=$(($(wc -l <results/run1/results.csv) - 1))
flows=$(sed -n 's/^flows *= *//p' experiments/presets/dumbbell-example.cfg)
if [ "$rows" != "$flows" ]; then
    echo "FAIL: results/run1/results.csv has $rows rows, expected one per flow ($flows)"
    exit 1
fi
echo "README example: '$line' wrote $rows flow rows"
