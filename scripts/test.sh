#!/usr/bin/env bash
# Builds corelink and runs the whole test suite with CTest.
#   scripts/test.sh              Release build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
corelink_ensure_deps
if [ "${1:-}" = "--sanitize" ]; then
    corelink_build build-asan -DCORELINK_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cd build-asan
else
    corelink_build build
    cd build
fi
ctest --output-on-failure -j "$(nproc)"
