#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in build-fuzz and runs each
# one -- or only TARGET -- for SECONDS (default 60), starting from the seed
# corpus in fuzz/corpus/TARGET. Prints executions, corpus size and findings
# per target; exits with 1 if any target crashed (the input is saved under
# build-fuzz/artifacts/TARGET/).
#
#   scripts/fuzz.sh                      # every target, 60 s each
#   scripts/fuzz.sh fuzz_response 600    # one target, 10 minutes
#   scripts/fuzz.sh all 30               # the CI smoke
#
# Inputs libFuzzer finds are kept in build-fuzz/corpus/TARGET and reused by
# the next run. To replay a crash: build-fuzz/fuzz/TARGET CRASH_FILE.
# Environment: BUILD_DIR (default build-fuzz), CXX (default clang++).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build-fuzz}
case $build_dir in /*) ;; *) build_dir=$root/$build_dir ;; esac
all_targets=(fuzz_url_list fuzz_options fuzz_config fuzz_response fuzz_extract_markdown fuzz_extract_html fuzz_sitemap)

target=${1:-all}
seconds=${2:-60}
if [[ $target == all ]]; then
    targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $target "* ]]; then
    targets=("$target")
else
    echo "fuzz: unknown target '$target' (expected all or one of: ${all_targets[*]})" >&2
    exit 2
fi
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz: SECONDS must be a whole number > 0, got '$seconds'" >&2
    exit 2
fi

cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DURLCHECK_FUZZ=ON -DURLCHECK_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j2 --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:print_stacktrace=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
crashed=()
for t in "${targets[@]}"; do
    corpus=$build_dir/corpus/$t
    artifacts=$build_dir/artifacts/$t
    log=$build_dir/logs/$t.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    dict=()
    [[ -f $root/fuzz/$t.dict ]] && dict=(-dict="$root/fuzz/$t.dict")
    echo "fuzz: $t for $seconds s (log: $log)"
    status=0
    started=$build_dir/logs/$t.started
    touch "$started"
    # New inputs go to the first directory; the seeds are only read.
    "$build_dir/fuzz/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "$root/fuzz/corpus/$t" >"$log" 2>&1 || status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
    corpus_size=$(find "$corpus" "$root/fuzz/corpus/$t" -type f | wc -l)
    if [[ $status -eq 0 ]]; then
        echo "fuzz: $t: ${executions:-?} executions in $seconds s, corpus $corpus_size files, no crash"
        [[ -n $done_line ]] && echo "fuzz:   $done_line"
    else
        crashed+=("$t")
        echo "fuzz: $t: CRASH (exit $status) after ${executions:-?} executions; the report:" >&2
        grep -E -A40 '^==[0-9]+==ERROR|invariant failed|runtime error|^SUMMARY' "$log" | head -60 >&2 || tail -40 "$log" >&2
        find "$artifacts" -type f -newer "$started" | sed 's/^/fuzz:   input: /' >&2
    fi
done

if ((${#crashed[@]} > 0)); then
    echo "fuzz: crashed: ${crashed[*]}" >&2
    exit 1
fi
