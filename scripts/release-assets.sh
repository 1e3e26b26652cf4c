#!/usr/bin/env bash
# Builds what a release attaches, into OUTDIR, and tries each before it is
# attached:
#   urlcheck_VERSION_amd64.deb                 scripts/package-test.sh: cpack, lintian,
#                                              dpkg -i, the installed binary on the demo, dpkg -r
#   urlcheck-VERSION-linux-x86_64.tar.gz       the portable binary (scripts/build-portable.sh)
#                                              with README.md and LICENSE; its --version is checked
#   SHA256SUMS                                 of both, in sha256sum's format
# Built twice from one commit, the three files are the same bytes
# (SOURCE_DATE_EPOCH is the commit's time). .github/workflows/release.yml
# runs this on a tag and uploads OUTDIR; run it
# here the same way (it needs root or sudo for dpkg, like package-test.sh).
#
#   scripts/release-assets.sh dist
#
# Environment: RELEASE_TAG (e.g. v0.1.0; the workflow passes the pushed tag)
# must name the version CMakeLists.txt declares, so that a tag can't publish
# a binary that calls itself something else. BUILD_PREFIX (default
# build-release) names the two build directories, BUILD_PREFIX-deb and
# BUILD_PREFIX-portable; URLCHECK_DEB_BUILD_DIR and URLCHECK_PORTABLE_BUILD_DIR
# name existing ones to use instead, as they are configured (.ci/run: its
# build-ci and build-ci-portable, so that nothing is built twice).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
prefix=${BUILD_PREFIX:-build-release}
case $prefix in /*) ;; *) prefix=$root/$prefix ;; esac
deb_dir=${URLCHECK_DEB_BUILD_DIR:-$prefix-deb}
portable_dir=${URLCHECK_PORTABLE_BUILD_DIR:-$prefix-portable}

say() { echo "release-assets: $*" >&2; }

version=$(sed -n 's/^project(urlcheck VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ -n $version ]] || { say "no version in CMakeLists.txt's project()"; exit 1; }
if [[ -n ${RELEASE_TAG:-} && $RELEASE_TAG != "v$version" ]]; then
    say "the tag $RELEASE_TAG does not name the version in CMakeLists.txt ($version): tag v$version"
    exit 1
fi

# The same bytes for the same tree: the commit's time stands for "now" in
# the tarball and in cpack's archive (SOURCE_DATE_EPOCH).
mtime=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH=$mtime

# The .deb: a Release build without the tests (the package holds the binary,
# the man page and the completions; package-test.sh builds the demo server).
if [[ -z ${URLCHECK_DEB_BUILD_DIR:-} ]]; then
    cmake -S "$root" -B "$deb_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DURLCHECK_BUILD_TESTS=OFF >&2
fi
"$root/scripts/package-test.sh" "$deb_dir"
deb=urlcheck_${version}_$(dpkg --print-architecture).deb
cp "$deb_dir/$deb" "$out/"

# The portable binary; build-portable.sh prints its path last.
binary=$("$root/scripts/build-portable.sh" "$portable_dir" | tail -n 1)
[[ -x $binary ]] || { say "build-portable.sh did not print an executable's path (got '$binary')"; exit 1; }
if [[ $("$binary" --version | head -n 1) != "urlcheck $version" ]]; then
    say "the portable binary's --version does not start with 'urlcheck $version'"
    exit 1
fi
name=urlcheck-$version-linux-$(uname -m)
stage=$(mktemp -d "${TMPDIR:-/tmp}/urlcheck-release.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
install -m 0755 "$binary" "$stage/$name/urlcheck"
install -m 0644 "$root/README.md" "$root/LICENSE" "$stage/$name/"
# Fixed order, owner and time, and gzip without a timestamp.
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name" |
    gzip -9n >"$out/$name.tar.gz"

(cd "$out" && sha256sum "$deb" "$name.tar.gz" >SHA256SUMS && sha256sum --quiet -c SHA256SUMS)
say "in $out:"
(cd "$out" && ls -l "$deb" "$name.tar.gz" SHA256SUMS >&2)
cat "$out/SHA256SUMS"
