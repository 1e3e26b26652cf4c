#!/bin/sh
# Configures, builds and runs the whole test suite. Extra arguments go to
# CMake's configure step (e.g. -DURLCHECK_SANITIZE=address,undefined).
#
#   scripts/test.sh [CMAKE_ARGS...]          everything (as CI runs it)
#   scripts/test.sh --unit [CMAKE_ARGS...]   the inner loop: builds only the
#       unit tests (no urlcheck binary, no test servers) and runs ctest -L unit
#
# BUILD_DIR chooses the build directory (default: build).
set -eu
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
unit=0
if [ "${1:-}" = "--unit" ]; then
    unit=1
    shift
fi
cmake -S . -B "$build" -G Ninja "$@"
if [ "$unit" = 1 ]; then
    cmake --build "$build" -j2 --target urlcheck_unit_tests
    ctest --test-dir "$build" --output-on-failure -j2 -L unit
else
    cmake --build "$build" -j2
    ctest --test-dir "$build" --output-on-failure -j2
fi
