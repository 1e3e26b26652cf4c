#!/bin/sh
# Installs everything urlcheck needs to build and test, on Debian 12 or
# Ubuntu 24.04 (or newer). Run as root or with sudo available.
set -eu

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

$SUDO apt-get update -qq

# Debian 12 ships Boost 1.81 as versioned packages next to its default 1.74;
# newer releases (Ubuntu 24.04: 1.83) have it under the generic names.
if apt-cache show libboost-url1.81-dev >/dev/null 2>&1; then
    boost="libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev"
else
    boost="libboost-dev libboost-url-dev libboost-json-dev"
fi

# clang and its runtime libraries (libFuzzer, sanitizers) for scripts/fuzz.sh:
# the default clang's major version names the runtime package
# (Debian 12: clang-14, libclang-rt-14-dev; Ubuntu 24.04: clang-18).
clang_major=$(apt-cache depends clang 2>/dev/null | sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1)
fuzz="clang${clang_major:+ libclang-rt-$clang_major-dev}"

# shellcheck disable=SC2086 # $boost and $fuzz are word lists on purpose
$SUDO apt-get install -y -qq --no-install-recommends \
    g++ cmake ninja-build pkg-config ca-certificates \
    $boost libssl-dev libcli11-dev libfmt-dev libgtest-dev libc-ares-dev \
    $fuzz
