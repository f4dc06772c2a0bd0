# shellcheck shell=bash
# Sourced by the CLI tests (usage: TEST.sh BIN_DIR): the binaries' folder, a scratch folder
# removed on exit, and the check/fail counters each test reports at its end.
# shellcheck disable=SC2034  # bin, work, checks are the sourcing test's variables
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 checks=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { checks=$((checks + 1)); }
