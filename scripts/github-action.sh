#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml at the repository root). The
# action's YAML only passes its inputs here, so what it does can be run and
# tested anywhere: tests/cli/github_action_test.cpp runs `run` with a fake
# GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
#
#   scripts/github-action.sh plan      # how to install: mode, cache key, bin dir
#   scripts/github-action.sh install   # the released .deb, or a build of this source
#   scripts/github-action.sh run       # urlcheck, the reports, the outputs, the exit status
#
# Inputs come from the environment, as the action's `with:` names them:
#   INPUT_VERSION      plan, install: a released version (0.1.0 or v0.1.0) whose
#                      .deb is installed; empty or "source": build this source
#   INPUT_ARGS         run: urlcheck's arguments, split like a POSIX shell splits
#                      words ('single', "double" quotes and \ escapes), with no
#                      expansion of $, `, globs or ~
#   INPUT_FILES        run: inputs, split the same way (newlines are spaces):
#                      a word with *, ? or [ is a glob (** crosses directories)
#                      and must match a file; quote a path with spaces
#   INPUT_FAIL         run: true (default): exit 1 or 3 fails the step
#   INPUT_SUMMARY      run: true (default): the markdown report in the job summary
#   INPUT_ANNOTATIONS  run: true (default): annotations on the list files' lines
#   URLCHECK           run: the binary (default: urlcheck on PATH)
#   URLCHECK_ACTION_BIN_DIR  install: where a build from source puts the binary
#                      (the directory actions/cache keeps; plan prints it)
# and from the runner: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP,
# GITHUB_SERVER_URL, GITHUB_ACTION_REPOSITORY.
#
# run's exit status: urlcheck's, except that 1 (something down) and 3 (a
# state --fail-on names) become 0 when INPUT_FAIL is false. 2 (a usage or
# input error: a bad option, a missing file, a report that cannot be
# written) and 130/143 (interrupted) fail the step whatever INPUT_FAIL says:
# the run did not check what it was asked to, so there is no result to
# accept. A bad input of the action itself also exits 2.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A workflow command GitHub shows on the run's page; plain stderr elsewhere.
error() { echo "::error title=urlcheck action::$*" >&2; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive "$@"
    else
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

# set_output NAME VALUE: a step output, or stdout when not under Actions.
set_output() {
    if [[ -n ${GITHUB_OUTPUT:-} ]]; then
        printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
    else
        printf 'output %s=%s\n' "$1" "$2"
    fi
}

# boolean NAME VALUE DEFAULT: prints true or false; YAML's spellings of a
# boolean arrive as strings.
boolean() {
    local value=${2:-$3}
    case ${value,,} in
        true | yes | on | 1) echo true ;;
        false | no | off | 0) echo false ;;
        *) error "input '$1' must be true or false, got '$2'"; return 2 ;;
    esac
}

# The release's version without a leading v, or empty for a build from source.
release_version() {
    local version=${INPUT_VERSION:-}
    version=${version#v}
    [[ $version == source ]] && version=
    if [[ -n $version && ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([.~+-][0-9A-Za-z.~+-]*)?$ ]]; then
        error "input 'version' must be a released version such as 0.1.0, or empty or 'source' to build from source; got '$INPUT_VERSION'"
        return 2
    fi
    echo "$version"
}

# The build's inputs: the same source gives the same binary, whatever tag or
# branch the workflow named (a moving tag such as v1 is no cache key). The
# system's release is in it too, since the binary links its shared libraries.
source_cache_key() {
    local os_id=unknown source_hash
    if [[ -r /etc/os-release ]]; then
        # shellcheck disable=SC1091 # the system's, not the repository's
        os_id=$(. /etc/os-release && echo "${ID:-linux}-${VERSION_ID:-unknown}")
    fi
    source_hash=$(cd "$root" && find CMakeLists.txt cmake src include -type f -print0 | LC_ALL=C sort -z |
        xargs -0 sha256sum | sha256sum | cut -c1-16)
    echo "urlcheck-action-$os_id-$(uname -m)-$source_hash"
}

cmd_plan() {
    local version url
    version=$(release_version) || return 2
    if [[ -n $version ]]; then
        url=$(release_url "$version") || return 2
        set_output mode deb
        set_output deb-url "$url"
        set_output cache-key ""
    else
        set_output mode source
        set_output cache-key "$(source_cache_key)"
    fi
    set_output bin-dir "${URLCHECK_ACTION_BIN_DIR:-$HOME/.cache/urlcheck-action/bin}"
}

# ensure_packages COMMAND PACKAGE: installs PACKAGE when COMMAND is missing
# (a bare debian:12 job container has neither curl nor python3).
ensure_packages() {
    command -v "$1" >/dev/null 2>&1 && return 0
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${@:2}"
}

# owner/name of the action's repository. github.action_repository is empty
# inside composite actions (actions/runner#2525), but the runner checks a
# remote action out to .../_actions/OWNER/NAME/REF; `uses: ./` runs the
# workflow's own repository.
action_repository() {
    if [[ -n ${GITHUB_ACTION_REPOSITORY:-} ]]; then
        echo "$GITHUB_ACTION_REPOSITORY"
    elif [[ $root =~ /_actions/([^/]+)/([^/]+)/ ]]; then
        echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    elif [[ -n ${GITHUB_REPOSITORY:-} ]]; then
        echo "$GITHUB_REPOSITORY"
    else
        error "cannot tell which repository's release to download (GITHUB_ACTION_REPOSITORY is not set)"
        return 2
    fi
}

# The release asset as cpack names it (cmake/packaging.cmake), under the
# tag vVERSION.
release_url() {
    local version=$1 repository
    repository=$(action_repository) || return 2
    echo "${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/v$version/urlcheck_${version}_$(dpkg --print-architecture).deb"
}

install_release() {
    local url=$1 workdir deb
    ensure_packages curl curl ca-certificates
    workdir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/urlcheck-deb.XXXXXX")
    deb=$workdir/${url##*/}
    echo "urlcheck action: downloading $url" >&2
    curl -sSfL --retry 3 -o "$deb" "$url"
    # apt, not dpkg -i: it installs the package's Depends from the archive.
    as_root apt-get install -y -qq --no-install-recommends "$deb"
    rm -rf "$workdir"
    set_output urlcheck /usr/bin/urlcheck
}

install_source() {
    local bin_dir=${URLCHECK_ACTION_BIN_DIR:?URLCHECK_ACTION_BIN_DIR: where the built binary goes} build_dir
    if [[ -x $bin_dir/urlcheck ]]; then
        # A binary from the cache still needs its shared libraries, which a
        # fresh runner does not have.
        if ldd "$bin_dir/urlcheck" | grep -q 'not found'; then
            "$root/scripts/install-deps.sh" --build-only
        fi
        echo "urlcheck action: using the cached build $bin_dir/urlcheck" >&2
    else
        "$root/scripts/install-deps.sh" --build-only
        build_dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/urlcheck-build.XXXXXX")
        # No tests, and no -Werror: a newer compiler's new warning must not
        # break someone else's workflow.
        cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DURLCHECK_BUILD_TESTS=OFF -DURLCHECK_WERROR=OFF >&2
        cmake --build "$build_dir" --target urlcheck -j "$(nproc)" >&2
        mkdir -p "$bin_dir"
        cp "$build_dir/src/urlcheck" "$bin_dir/urlcheck"
        rm -rf "$build_dir"
    fi
    set_output urlcheck "$bin_dir/urlcheck"
}

cmd_install() {
    local version url
    version=$(release_version) || return 2
    if [[ -n $version ]]; then
        url=$(release_url "$version") || return 2
        install_release "$url"
    else
        install_source
    fi
    ensure_packages python3 python3
}

# split_inputs DIR: splits INPUT_ARGS and INPUT_FILES into words (shlex,
# POSIX rules, no expansion) and writes them NUL-separated to DIR/args and
# DIR/files; a word of INPUT_FILES with a glob character is replaced by the
# files it matches, sorted. One python3 for both: its start-up is most of
# the time this script takes.
split_inputs() {
    python3 - "$1" <<'EOF'
import glob, os, shlex, sys

def words(name, expand_globs):
    try:
        found = shlex.split(os.environ.get("INPUT_" + name.upper(), ""), comments=False, posix=True)
    except ValueError as e:
        sys.exit(f"::error title=urlcheck action::input '{name}': {e}")
    result = []
    for word in found:
        if expand_globs and glob.has_magic(word):
            matches = sorted(glob.glob(word, recursive=True))
            if not matches:
                sys.exit(f"::error title=urlcheck action::input '{name}': '{word}' matches no file")
            result.extend(matches)
        else:
            result.append(word)
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(b"".join(word.encode() + b"\0" for word in result))

words("args", expand_globs=False)
words("files", expand_globs=True)
EOF
}

cmd_run() {
    local fail summary annotations urlcheck workdir report annotations_file
    fail=$(boolean fail "${INPUT_FAIL:-}" true) || return 2
    summary=$(boolean summary "${INPUT_SUMMARY:-}" true) || return 2
    annotations=$(boolean annotations "${INPUT_ANNOTATIONS:-}" true) || return 2
    urlcheck=${URLCHECK:-$(command -v urlcheck || true)}
    if [[ -z $urlcheck ]]; then
        error "no urlcheck binary: set URLCHECK or put urlcheck on PATH"
        return 2
    fi

    # Kept after the step: the report output names a file in it.
    workdir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/urlcheck-action.XXXXXX")
    report=$workdir/urlcheck.json
    annotations_file=$workdir/annotations.txt

    local -a args=() files=() command=()
    split_inputs "$workdir" || return 2
    mapfile -d '' -t args <"$workdir/args"
    mapfile -d '' -t files <"$workdir/files"

    command=("$urlcheck" "${args[@]}" --report text --report "json=$report")
    if [[ $summary == true ]]; then
        if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
            # A markdown report without a path is urlcheck's own job summary:
            # appended, and cut to stay within GitHub's 1 MiB per step.
            command+=(--report markdown)
        else
            echo "urlcheck action: GITHUB_STEP_SUMMARY is not set, so there is no job summary" >&2
        fi
    fi
    if [[ $annotations == true ]]; then
        command+=(--report "github=$annotations_file")
    else
        command+=(--no-annotations)
    fi
    # After --, a file named like an option is still a file.
    ((${#files[@]} == 0)) || command+=(-- "${files[@]}")

    local status=0
    # GITHUB_ACTIONS=true is what sends `--report markdown` to the job
    # summary; the runner sets it, a test of this script may not. Standard
    # input is not a list: with no inputs urlcheck says so rather than wait.
    GITHUB_ACTIONS=true "${command[@]}" </dev/null || status=$?

    # Workflow commands act when the step prints them.
    if [[ $annotations == true && -f $annotations_file ]]; then
        cat "$annotations_file"
    fi

    set_output exit-code "$status"
    if [[ -f $report ]]; then
        set_output down "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["down"])' "$report")"
        set_output report "$report"
    else
        # No report (a usage error): no count to give.
        set_output down ""
        set_output report ""
    fi

    case $status in
        0) return 0 ;;
        1 | 3)
            if [[ $fail == true ]]; then
                return "$status"
            fi
            echo "urlcheck action: urlcheck exited with $status; 'fail' is false, so the step passes" >&2
            return 0
            ;;
        *) return "$status" ;;
    esac
}

case ${1:-} in
    plan) cmd_plan ;;
    install) cmd_install ;;
    run) cmd_run ;;
    *) echo "usage: $0 plan|install|run (inputs in INPUT_* variables; see the top of this script)" >&2; exit 2 ;;
esac
