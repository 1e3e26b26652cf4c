#!/usr/bin/env bash
# Builds the Debian package in BUILD_DIR (cmake/packaging.cmake), runs lintian
# on it when lintian is there, installs it with dpkg -i, and runs what got
# installed: /usr/bin/urlcheck --version, then the demo list against the demo
# server (scripts/demo.sh) with the installed binary. Removes the package
# again whatever happened. Exit status non-zero on any failure.
#
#   scripts/package-test.sh build
#
# Needs root, or sudo, for dpkg; and no urlcheck package installed before
# (the script would remove it afterwards).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$(cd "$1" && pwd)

as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    else
        sudo "$@"
    fi
}

if dpkg-query -W -f='${Status}' urlcheck 2>/dev/null | grep -q "install ok installed"; then
    echo "package-test: a urlcheck package is installed already; remove it first (dpkg -r urlcheck)" >&2
    exit 1
fi

# cpack builds nothing itself (CMAKE_SKIP_INSTALL_ALL_DEPENDENCY): the
# package's files and the demo server first.
cmake --build "$build_dir" -j2 --target urlcheck_package_files urlcheck-demo-server >&2
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
deb=$build_dir/urlcheck_${version}_$(dpkg --print-architecture).deb
rm -f "$deb"
(cd "$build_dir" && cpack -G DEB >&2)
[[ -f $deb ]] || { echo "package-test: cpack did not write $deb" >&2; exit 1; }
echo "package-test: $(basename "$deb"): $(stat -c %s "$deb") bytes" >&2

if command -v lintian >/dev/null; then
    # Errors fail the test; warnings are shown.
    lintian --fail-on error "$deb" >&2
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/urlcheck-package.XXXXXX")
installed=no
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ $installed == yes ]]; then
        as_root dpkg -r urlcheck >&2 || echo "package-test: dpkg -r urlcheck failed" >&2
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

installed=yes
as_root dpkg -i "$deb" >&2

# The installed binary, not one on PATH that happens to come first.
/usr/bin/urlcheck --version | tee "$workdir/version" >&2
if [[ $(head -n 1 "$workdir/version") != "urlcheck $version" ]]; then
    echo "package-test: --version's first line is not 'urlcheck $version'" >&2
    exit 1
fi

# demo.sh exits 0 when urlcheck's status was 0, 1 or 3 (the demo has endpoints
# that are down by design); the JSON shows the binary really checked them.
URLCHECK=/usr/bin/urlcheck BUILD_DIR=$build_dir "$root/scripts/demo.sh" --format json >"$workdir/demo.json"
python3 - "$workdir/demo.json" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
print(f"package-test: demo with /usr/bin/urlcheck: {summary}", file=sys.stderr)
if summary["checked"] == 0 or summary["checked"] != summary["total"] or summary["up"] == 0 or summary["down"] == 0:
    sys.exit("package-test: the demo did not check every entry, or found none up or none down")
EOF

as_root dpkg -r urlcheck >&2
installed=no
if [[ -e /usr/bin/urlcheck ]]; then
    echo "package-test: /usr/bin/urlcheck is still there after dpkg -r" >&2
    exit 1
fi
echo "package-test: installed, ran and removed $(basename "$deb")" >&2
