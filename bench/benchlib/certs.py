"""A throwaway CA and a server certificate, made with the openssl CLI for each benchmark session.

The server certificate covers every name the scenarios use: localhost, 127.0.0.1, ::1 and
*.bench.test. Keys are P-256, as a typical site's are today; the CA is only trusted by the
tools under test (each gets it with its own --cacert-style option), never by the system.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

SERVER_SAN = "DNS:localhost,IP:127.0.0.1,IP:::1,DNS:*.bench.test"


@dataclass(frozen=True)
class Certs:
    ca: Path  # PEM, what the tools trust
    cert: Path  # server certificate (PEM)
    key: Path  # server key (PEM)


def _openssl(openssl: str, *args: str) -> None:
    result = subprocess.run([openssl, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")


def make_certs(openssl: str, directory: Path) -> Certs:
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    ext = directory / "server.ext"
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")

    _openssl(openssl, "req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca),
             "-days", "2", "-subj", "/CN=urlcheck bench CA (throwaway)",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    _openssl(openssl, "req", "-new", *ec, "-keyout", str(key), "-out", str(csr),
             "-subj", "/CN=localhost")
    ext.write_text(
        f"subjectAltName={SERVER_SAN}\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
    )
    _openssl(openssl, "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
             "-CAcreateserial", "-days", "2", "-sha256", "-extfile", str(ext), "-out", str(cert))
    return Certs(ca=ca, cert=cert, key=key)
