#!/usr/bin/env bash
# corelink as a package: installs the build into a temporary prefix, then configures, builds and
# runs examples/ (a standalone project: find_package(corelink), corelink::corelink) from a clean
# build directory against that prefix only. The example itself checks its results (exit 0).
# Usage: install_test.sh BUILD_DIR SOURCE_DIR [extra CMake arguments for the example]
set -euo pipefail
build=$1 src=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" ||
    { cat "$work/install.log"; exit 1; }
for f in include/corelink/src/event_list.h include/corelink/queues/queue_registry.h \
         include/corelink/tcp/tcp_src.h lib/cmake/corelink/corelinkConfig.cmake \
         lib/cmake/corelink/corelinkConfigVersion.cmake; do
    [ -f "$work/prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
# The example sees only the prefix: a copy of examples/ outside the source tree, so nothing
# can reach the tree's headers by a relative path.
cp -r "$src/examples" "$work/example-src"
cmake -S "$work/example-src" -B "$work/example-build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_PREFIX_PATH="$work/prefix" "$@" >"$work/configure.log" ||
    { cat "$work/configure.log"; exit 1; }
cmake --build "$work/example-build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$work/example-build/parking_lot"
