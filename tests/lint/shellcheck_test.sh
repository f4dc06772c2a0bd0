#!/usr/bin/env bash
# Every tracked shell script passes shellcheck at its default severity: scripts/, bench/,
# plots/ (the figure declarations are fragments; plots/figures/.shellcheckrc says so), tests/ and
# .ci/run. Skips (exit 77) only when shellcheck is absent: scripts/deps.sh installs it as root.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
command -v shellcheck >/dev/null || {
    echo "SKIP: shellcheck is not installed and could not be (run as root: apt-get install -y shellcheck)"
    exit 77
}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.sh' .ci/run)
else
    mapfile -t files < <(find . -path ./build\* -prune -o -name '*.sh' -print; echo .ci/run)
fi
if shellcheck -x "${files[@]}"; then
    echo "shellcheck: ${#files[@]} scripts clean ($(shellcheck --version | sed -n 's/^version: //p'))"
else
    echo "FAIL: shellcheck findings above"
    exit 1
fi
