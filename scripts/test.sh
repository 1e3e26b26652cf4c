#!/bin/sh
# Configures, builds and runs the whole test suite. Extra arguments go to
# CMake's configure step (e.g. -DURLCHECK_SANITIZE=address,undefined).
set -eu
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja "$@"
cmake --build "$build" -j2
ctest --test-dir "$build" --output-on-failure -j2
