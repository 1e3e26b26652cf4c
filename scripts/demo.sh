#!/usr/bin/env bash
# Offline demo: builds urlcheck and the demo server if needed, serves the
# demo endpoints on 127.0.0.1:8765, checks examples/demo.txt against them and
# stops the server again. Every verdict state shows: UP (with -v), DEGRADED
# (a slow endpoint over --slow 1s), UNVERIFIABLE (bot challenges, a 429 that
# persists, a 401) and DOWN. Extra arguments go to urlcheck, e.g.
#
#   scripts/demo.sh --format json
#   scripts/demo.sh -v -c 4
#   scripts/demo.sh --redirect warn --fail-on degraded
#   DEMO_LIST=examples/expectations.txt scripts/demo.sh -v
#
# Exit status: urlcheck exits with 1 on this list because several demo
# endpoints are down by design (404, 500, a redirect loop, a hang, a closed
# port, an invalid line), or 3 when --fail-on names a state and nothing is
# down. So 0, 1 and 3 all count as a successful demo and this script returns
# 0 for them, after saying which it was; anything else (2 for a usage error,
# 130 after Ctrl-C, a failed build) is passed on unchanged.
#
# Environment: BUILD_DIR (default: build, relative to the repository root),
# DEMO_LIST (default: examples/demo.txt), URLCHECK (default: the build's;
# scripts/package-test.sh runs the installed package's).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}
case $build_dir in /*) ;; *) build_dir=$root/$build_dir ;; esac
port=8765  # fixed: examples/demo.txt names it
list=${DEMO_LIST:-examples/demo.txt}

urlcheck=${URLCHECK:-$build_dir/src/urlcheck}
server=$build_dir/examples/urlcheck-demo-server

# Build only what the demo runs; an up-to-date tree costs a second. The
# build talks on stderr: stdout is the report (`demo.sh --format jsonl | jq`).
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build "$build_dir" -j2 --target urlcheck urlcheck-demo-server >&2

workdir=$(mktemp -d "${TMPDIR:-/tmp}/urlcheck-demo.XXXXXX")
server_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT
# Ctrl-C goes to urlcheck too (same process group) and it prints its
# partial report; this trap only makes sure the server goes away as well.
trap 'exit 130' INT
trap 'exit 143' TERM

# The server's request log would interleave with urlcheck's report, so it
# goes to a file that is shown only if the server fails to come up.
log=$workdir/server.log
"$server" "$port" >"$log" 2>&1 &
server_pid=$!

# Wait for the listening line rather than probing the port: it also tells a
# server that died (port already taken) from one that is slow to start.
for _ in $(seq 1 100); do
    if grep -q "listening on" "$log" 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "demo: the demo server did not start:" >&2
        cat "$log" >&2
        server_pid=
        exit 1
    fi
    sleep 0.1
done
if ! grep -q "listening on" "$log"; then
    echo "demo: the demo server did not start listening within 10 s" >&2
    cat "$log" >&2
    exit 1
fi

# A 3 s attempt timeout keeps /hang from dominating the run, and --slow 1s
# makes /slow (1.5 s) degraded; a -t/--timeout or --slow of the caller's own
# wins (CLI11 refuses an option given twice).
args=()
timeout_given=no
slow_given=no
for arg in "$@"; do
    case $arg in
        -t | -t* | --timeout | --timeout=*) timeout_given=yes ;;
        --slow | --slow=*) slow_given=yes ;;
    esac
done
[[ $timeout_given == yes ]] || args+=(-t 3)
[[ $slow_given == yes ]] || args+=(--slow 1s)

args+=("$@")
cd "$root"
echo "demo: urlcheck $list ${args[*]}" >&2
status=0
"$urlcheck" "$list" "${args[@]}" || status=$?

case $status in
    0) echo "demo: urlcheck exited with 0 (nothing down)" >&2; exit 0 ;;
    1) echo "demo: urlcheck exited with 1, as expected: some demo endpoints are down by design" >&2; exit 0 ;;
    3) echo "demo: urlcheck exited with 3: nothing down, but a state --fail-on names" >&2; exit 0 ;;
    *) echo "demo: urlcheck exited with $status" >&2; exit "$status" ;;
esac
