#!/usr/bin/env bash
# Builds the portable binary (scripts/build-portable.sh BUILD_DIR) and checks
# what it promises:
#   - ldd lists glibc's libraries only (libc, libm, ld-linux, ...);
#   - the glibc floor: the newest GLIBC_x.y symbol version it imports
#     (objdump -T), printed;
#   - --version runs, and the demo (scripts/demo.sh) runs with it;
#   - HTTPS to a local server whose test CA is not in the system store: refused
#     without it, up with SSL_CERT_FILE naming it and with SSL_CERT_DIR naming
#     a directory `openssl rehash` indexed;
#   - other distributions' CA layouts: as root, in a private mount namespace
#     (unshare -m) where /etc is a scratch copy with no /etc/ssl and
#     /usr/lib/ssl is empty, the test CA alone at Fedora's
#     /etc/pki/tls/certs/ca-bundle.crt, then at Alpine's /etc/ssl/cert.pem: up
#     both times; with neither, one clear message and exit 2. Skipped, and
#     said, when neither root nor sudo -n is to be had or the namespace is
#     refused.
#
#   scripts/portable-test.sh build-portable
#
# Needs python3 (the HTTPS server), openssl, binutils (objdump), and
# util-linux (unshare, mount) for the layout checks.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$1

fail() {
    echo "portable-test: $*" >&2
    exit 1
}

binary=$("$root/scripts/build-portable.sh" "$build_dir" | tail -n 1)
[[ -x $binary ]] || fail "build-portable.sh did not leave an executable (got '$binary')"
build_dir=$(cd "$build_dir" && pwd)

# Only glibc's own libraries (and the kernel's vDSO) may be left dynamic.
libraries=$(ldd "$binary")
while IFS= read -r line; do echo "portable-test: ldd: $line" >&2; done <<<"$libraries"
foreign=$(echo "$libraries" |
    grep -vE '^\s*(linux-vdso\.so|/lib64/ld-linux-x86-64\.so|ld-linux|lib(c|m|pthread|dl|rt|resolv)\.so)' || true)
[[ -z $foreign ]] || fail "links more than glibc: $foreign"

glibc_floor=$(objdump -T "$binary" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sort -uV | tail -n 1)
[[ -n $glibc_floor ]] || fail "objdump -T found no GLIBC_ symbol version"
echo "portable-test: $(basename "$binary"): $(stat -c %s "$binary") bytes, needs glibc >= ${glibc_floor#GLIBC_}" >&2

"$binary" --version >&2 || fail "--version failed"

# GitHub's runners are not root but may sudo without a password.
as_root=()
if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/urlcheck-portable.XXXXXX")
server_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    # The copy of /etc below is root's.
    "${as_root[@]}" rm -rf "$workdir"
}
trap cleanup EXIT

# demo.sh exits 0 when urlcheck's status was 0, 1 or 3; the JSON shows the
# portable binary really checked the demo's entries.
URLCHECK=$binary BUILD_DIR=$build_dir "$root/scripts/demo.sh" --format json >"$workdir/demo.json"
python3 - "$workdir/demo.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
print(f"portable-test: demo: {summary}", file=sys.stderr)
if summary["checked"] == 0 or summary["checked"] != summary["total"] or summary["up"] == 0 or summary["down"] == 0:
    sys.exit("portable-test: the demo did not check every entry, or found none up or none down")
PY

# A test CA and a certificate for 127.0.0.1 it signed.
(
    cd "$workdir"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
        -days 2 -subj "/CN=urlcheck portable-test CA" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
        -subj "/CN=127.0.0.1" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
        -out server.pem 2>/dev/null
    mkdir certs
    cp ca.pem certs/
    openssl rehash certs
)

python3 - "$workdir/server.pem" "$workdir/server.key" "$workdir/port" <<'PY' &
import http.server, ssl, sys
class Ok(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")
    def do_GET(self): self.answer(True)
    def do_HEAD(self): self.answer(False)
    def log_message(self, *args): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(sys.argv[3] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[3] + ".tmp", sys.argv[3])
server.serve_forever()
PY
server_pid=$!
for _ in $(seq 100); do
    [[ -s $workdir/port ]] && break
    sleep 0.1
done
[[ -s $workdir/port ]] || fail "the HTTPS test server did not start"
url=https://127.0.0.1:$(cat "$workdir/port")/

# check NAME EXPECTED_EXIT [VAR=VALUE...]: the binary on $url with only the
# given trust variables set.
check() {
    local name=$1 expected=$2 rc=0
    shift 2
    env -u SSL_CERT_FILE -u SSL_CERT_DIR "$@" "$binary" --timeout 10s "$url" >"$workdir/out" 2>&1 || rc=$?
    if [[ $rc != "$expected" ]]; then
        cat "$workdir/out" >&2
        fail "$name: exit $rc, expected $expected"
    fi
    echo "portable-test: $name: exit $rc as expected" >&2
}
check "test CA not trusted by default" 1
check "SSL_CERT_FILE" 0 SSL_CERT_FILE="$workdir/ca.pem"
check "SSL_CERT_DIR (openssl rehash)" 0 SSL_CERT_DIR="$workdir/certs"

# Foreign layouts. Inside the namespace /etc is a scratch copy (so nothing is
# created in the real /etc), its ssl/ emptied, and /usr/lib/ssl (the
# OPENSSLDIR compiled into Debian's libcrypto.a) is an empty tmpfs.
if [[ $(id -u) != 0 && ${#as_root[@]} == 0 ]]; then
    echo "portable-test: SKIPPED the Fedora/Alpine layout checks: they need root or sudo (unshare -m, mount)" >&2
elif ! "${as_root[@]}" unshare -m true 2>/dev/null; then
    echo "portable-test: SKIPPED the Fedora/Alpine layout checks: unshare -m is not permitted here" >&2
else
    "${as_root[@]}" cp -a /etc "$workdir/etc"
    "${as_root[@]}" rm -rf "$workdir/etc/ssl" "$workdir/etc/pki"
    "${as_root[@]}" mkdir "$workdir/etc/ssl"
    "${as_root[@]}" env -u SSL_CERT_FILE -u SSL_CERT_DIR unshare -m --propagation private \
        bash -s "$binary" "$url" "$workdir" <<'NS' || fail "a foreign CA layout was not found (see above)"
set -euo pipefail
binary=$1 url=$2 workdir=$3
mount --bind "$workdir/etc" /etc
mount -t tmpfs tmpfs /usr/lib/ssl
run() {
    local name=$1 expected=$2 rc=0
    "$binary" --timeout 10s "$url" >"$workdir/out" 2>&1 || rc=$?
    if [[ $rc != "$expected" ]]; then
        cat "$workdir/out" >&2
        echo "portable-test: $name: exit $rc, expected $expected" >&2
        exit 1
    fi
    echo "portable-test: $name: exit $rc as expected" >&2
}
mkdir -p /etc/pki/tls/certs
cp "$workdir/ca.pem" /etc/pki/tls/certs/ca-bundle.crt
run "Fedora layout (/etc/pki/tls/certs/ca-bundle.crt)" 0
rm -rf /etc/pki
cp "$workdir/ca.pem" /etc/ssl/cert.pem
run "Alpine layout (/etc/ssl/cert.pem)" 0
rm /etc/ssl/cert.pem
run "no CA store at all (the https URL is down)" 1
grep -q "no system CA certificates found (tried /usr/lib/ssl/cert.pem" "$workdir/out" ||
    { cat "$workdir/out" >&2; echo "portable-test: no clear message without a CA store" >&2; exit 1; }
sed 's/^/portable-test: without a store: /' "$workdir/out" >&2
NS
fi
echo "portable-test: $(basename "$binary") passed (glibc >= ${glibc_floor#GLIBC_})" >&2
