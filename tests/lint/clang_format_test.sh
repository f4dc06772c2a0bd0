#!/usr/bin/env bash
# Every tracked C++ file is formatted as the checked-in .clang-format says (docs/style.md §4).
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.h')
# Skips (exit 77) only when clang-format is absent: scripts/deps.sh installs it when run as root.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
tool=$(command -v clang-format-14 || command -v clang-format) || {
    echo "SKIP: clang-format is not installed and could not be (run as root: apt-get install -y clang-format)"
    exit 77
}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')
else
    mapfile -t files < <(find . -path ./build\* -prune -o \( -name '*.cpp' -o -name '*.h' \) -print)
fi
if "$tool" --dry-run --Werror "${files[@]}"; then
    echo "clang-format: ${#files[@]} files clean ($("$tool" --version | head -1))"
else
    echo "FAIL: the files above are not formatted; run: $tool -i FILE..."
    exit 1
fi
