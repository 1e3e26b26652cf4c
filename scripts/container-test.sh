#!/usr/bin/env bash
# Builds the container image (Dockerfile) and tries it: --version, the user
# it runs as (not root), its size, and the demo list against the demo server
# (scripts/demo.sh, with urlcheck run inside the container on the host's
# network and the repository mounted at /work).
#
#   scripts/container-test.sh build     # BUILD_DIR: where the demo server is built
#                                       # (configured here when it is not yet)
#
# The engine is docker when a daemon answers (GitHub's runners), else podman
# (URLCHECK_CONTAINER_ENGINE=docker|podman chooses). The base images are
# pulled; when Docker Hub cannot be reached (a sandbox with only Debian's
# archive), they are made with debootstrap from deb.debian.org instead and
# kept as localhost/urlcheck-base:12 and :12-slim for the next run.
#
# A machine that cannot run containers at all (no engine, no root for
# debootstrap, a kernel or sandbox the runtime refuses) is not a failure of
# urlcheck: the script then prints "SKIPPED: <why>" and exits 0 (1 with
# URLCHECK_CONTAINER_REQUIRED=1, as on GitHub, where docker is known to work).
# Once a container runs, anything that goes wrong is a failure (exit 1).
#
# Environment: URLCHECK_IMAGE, the tag to build (default
# localhost/urlcheck:container-test; the release workflow pushes what this
# built and tried); URLCHECK_IMAGE_SOURCE, the repository's URL for the
# org.opencontainers.image.source label.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
build_dir=$(cd "$1" && pwd)
image=${URLCHECK_IMAGE:-localhost/urlcheck:container-test}
base_build=docker.io/library/debian:12
base_run=docker.io/library/debian:12-slim
local_base=localhost/urlcheck-base

say() { echo "container-test: $*" >&2; }
skip() {
    if [[ ${URLCHECK_CONTAINER_REQUIRED:-0} == 1 ]]; then
        echo "container-test: FAILED (URLCHECK_CONTAINER_REQUIRED=1): $*"
        exit 1
    fi
    echo "container-test: SKIPPED: $*"
    exit 0
}
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo "$@"
    else
        return 1
    fi
}

workdir=$(mktemp -d "${TMPDIR:-/tmp}/urlcheck-container.XXXXXX")
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -d $workdir/rootfs ]]; then
        as_root rm -rf "$workdir/rootfs" || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

engine=${URLCHECK_CONTAINER_ENGINE:-}
if [[ -z $engine ]]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
        engine=docker
    elif command -v podman >/dev/null; then
        engine=podman
    else
        skip "neither a docker daemon nor podman here (scripts/install-deps.sh --container installs podman)"
    fi
fi
command -v "$engine" >/dev/null || skip "$engine is not installed"
if ! "$engine" info >/dev/null 2>"$workdir/info.err"; then
    skip "'$engine info' failed: $(tail -n 1 "$workdir/info.err")"
fi
say "engine: $engine ($("$engine" --version 2>&1 | head -n 1))"

# The two base images: pulled, or else made with debootstrap. A slim image is
# the minimal one without documentation, man pages and locales, as Debian's
# official -slim images are made.
if timeout 120 "$engine" pull -q "$base_build" >/dev/null 2>"$workdir/pull.err" &&
    timeout 120 "$engine" pull -q "$base_run" >/dev/null 2>>"$workdir/pull.err"; then
    say "base images pulled: $base_build, $base_run"
else
    say "cannot pull the base images ($(tail -n 1 "$workdir/pull.err")); making them with debootstrap"
    base_build=$local_base:12
    base_run=$local_base:12-slim
    if "$engine" image inspect "$base_build" >/dev/null 2>&1 &&
        "$engine" image inspect "$base_run" >/dev/null 2>&1; then
        say "reusing $base_build and $base_run"
    else
        command -v debootstrap >/dev/null || skip "no base image: Docker Hub unreachable and debootstrap not installed"
        as_root true || skip "no base image: Docker Hub unreachable and debootstrap needs root"
        say "debootstrap --variant=minbase bookworm (a few minutes)"
        as_root debootstrap --variant=minbase bookworm "$workdir/rootfs" http://deb.debian.org/debian \
            >"$workdir/debootstrap.log" 2>&1 ||
            { tail -n 20 "$workdir/debootstrap.log" >&2; say "debootstrap failed"; exit 1; }
        # Docker's Debian images have dpkg skip its fsyncs (a container
        # layer is thrown away, not recovered); without it apt in the build
        # stage takes minutes longer.
        echo force-unsafe-io | as_root tee "$workdir/rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup" >/dev/null
        as_root tar -C "$workdir/rootfs" -c . | "$engine" import -q - "$base_build" >/dev/null
        # shellcheck disable=SC2016 # $1 is the inner shell's
        as_root sh -c 'cd "$1" && rm -rf usr/share/doc/* usr/share/man/* usr/share/info/* usr/share/locale/* \
            var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/bootstrap.log' sh "$workdir/rootfs"
        as_root tar -C "$workdir/rootfs" -c . | "$engine" import -q - "$base_run" >/dev/null
        as_root rm -rf "$workdir/rootfs"
    fi
fi

# Can this machine run a container at all? podman's defaults ask the runtime
# for limits (RLIMIT_NOFILE 1048576) and cgroups that a sandbox may refuse
# (no CAP_SYS_RESOURCE; crun rejects cgroup v1+v2 "hybrid" hierarchies), so
# when the plain run fails, runc with the limits this shell already has is
# tried before giving up.
run_flags=()
if ! "$engine" run --rm --network=host "$base_run" true 2>"$workdir/probe.err"; then
    first_error=$(tail -n 1 "$workdir/probe.err")
    say "'$engine run' failed: $first_error"
    fallback=()
    if [[ $engine == podman ]] && command -v runc >/dev/null; then
        fallback=(--runtime runc --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
    fi
    if ((${#fallback[@]})) && "$engine" run --rm --network=host "${fallback[@]}" "$base_run" true 2>"$workdir/probe.err"; then
        say "runs with: ${fallback[*]}"
        run_flags=("${fallback[@]}")
    else
        skip "$engine cannot run a container here: $first_error${fallback:+; with ${fallback[*]}: $(tail -n 1 "$workdir/probe.err")}"
    fi
fi

version=$(sed -n 's/^project(urlcheck VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
say "building $image (version $version)"
build_started=$SECONDS
build_flags=(--build-arg "BUILD_IMAGE=$base_build" --build-arg "RUN_IMAGE=$base_run"
    --build-arg "VERSION=$version" --build-arg "SOURCE=${URLCHECK_IMAGE_SOURCE:-}"
    --build-arg "COMMIT=$(git -C "$root" rev-parse HEAD 2>/dev/null || true)" -t "$image")
if [[ $engine == podman ]]; then
    # podman build takes the runtime flags a run needed, and the host's
    # network: its own (netavark) needs iptables, which a sandbox may lack.
    # docker's builder has its own runtime and network.
    build_flags+=(--network=host "${run_flags[@]}")
fi
"$engine" build "${build_flags[@]}" "$root" >&2
say "image built in $((SECONDS - build_started)) s"

run() { "$engine" run --rm --network=host "${run_flags[@]}" "$@"; }

# --version's first line is the project's version: the binary is this tree's.
run "$image" --version | tee "$workdir/version" >&2
if [[ $(head -n 1 "$workdir/version") != "urlcheck $version" ]]; then
    say "--version's first line is not 'urlcheck $version'"
    exit 1
fi
# No arguments: CMD is --help.
run "$image" >"$workdir/help"
grep -q -- '--format' "$workdir/help" || { say "the image run without arguments did not print --help"; exit 1; }

uid=$(run --entrypoint id "$image" -u)
if [[ $uid != 10001 ]]; then
    say "the image runs as UID $uid, not 10001"
    exit 1
fi
run --entrypoint test "$image" -s /etc/ssl/certs/ca-certificates.crt ||
    { say "the image has no CA bundle at /etc/ssl/certs/ca-certificates.crt"; exit 1; }
size=$("$engine" image inspect --format '{{.Size}}' "$image")
say "runs as UID $uid; image size $((size / 1000000)) MB"

# The demo, with urlcheck in the container: demo.sh runs "$URLCHECK LIST ARGS"
# from the repository's root, which the container sees at /work (its
# working directory), read-only.
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DURLCHECK_BUILD_TESTS=OFF >&2
fi
cmake --build "$build_dir" -j2 --target urlcheck-demo-server >&2
wrapper=$workdir/urlcheck-in-container
{
    echo '#!/bin/sh'
    printf 'exec %q run --rm --network=host' "$engine"
    ((${#run_flags[@]} == 0)) || printf ' %q' "${run_flags[@]}"
    printf ' -v %q:/work:ro %q "$@"\n' "$root" "$image"
} >"$wrapper"
chmod +x "$wrapper"
URLCHECK=$wrapper BUILD_DIR=$build_dir "$root/scripts/demo.sh" --format json >"$workdir/demo.json"
python3 - "$workdir/demo.json" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
print(f"container-test: demo in the container: {summary}", file=sys.stderr)
if not (summary["checked"] == summary["total"] > 0 and summary["up"] > 0 and summary["down"] > 0):
    sys.exit("container-test: the demo did not check every entry, or found none up or none down")
EOF
echo "container-test: passed: $image, urlcheck $version, UID $uid, $((size / 1000000)) MB, built in $((SECONDS - build_started)) s"
