#!/usr/bin/env bash
# Builds the portable Linux binary: a Release build with URLCHECK_PORTABLE=ON
# (cmake/portable.cmake: every library but glibc linked in) in BUILD_DIR,
# only the urlcheck target, stripped, copied to
#
#   BUILD_DIR/urlcheck-VERSION-linux-ARCH      (ARCH from uname -m, e.g. x86_64)
#
# The last line on stdout is that path and nothing else (the release
# workflow and the Dockerfile read it); the build talks on stderr.
#
#   scripts/build-portable.sh build-portable
#
# Needs the Debian packages of scripts/install-deps.sh (their static archives
# are in the -dev packages) and, on the first configure, deb.debian.org for
# md4c's source tarball (pinned by SHA-256; set
# -DFETCHCONTENT_SOURCE_DIR_MD4C_SOURCE=DIR in CMAKE_ARGS to build offline).
# Extra CMake arguments: CMAKE_ARGS="...".
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$1
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)

# shellcheck disable=SC2086  # CMAKE_ARGS is a list of arguments
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DURLCHECK_PORTABLE=ON \
    -DURLCHECK_BUILD_TESTS=OFF ${CMAKE_ARGS:-} >&2
cmake --build "$build_dir" -j2 --target urlcheck >&2

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
binary=$build_dir/urlcheck-$version-linux-$(uname -m)
strip -o "$binary" "$build_dir/src/urlcheck"
echo "build-portable: $(basename "$binary"): $(stat -c %s "$binary") bytes" >&2
echo "$binary"
