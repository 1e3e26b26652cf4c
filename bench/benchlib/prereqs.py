"""What the benchmark needs from the machine, and which Debian package brings each piece.

The runner installs nothing: it names the packages to install and stops.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

# Kept in step with scripts/install-deps.sh --bench.
ALL_PACKAGES = (
    "nginx libnginx-mod-http-echo curl openssl iproute2 time "
    "python3-aiohttp python3-httpx nodejs"
)
ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so"
GNU_TIME = "/usr/bin/time"
# The peers need Debian's interpreter: that is where python3-aiohttp and python3-httpx go
# (a pyenv or venv python3 earlier on PATH would not have them).
DEBIAN_PYTHON = "/usr/bin/python3"

# sudo's secure_path has the sbin directories, a plain user's PATH may not.
_EXTRA_PATH = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def which(name: str) -> str | None:
    """Like shutil.which, but also looks in the sbin directories (nginx and ip live there)."""
    path = os.environ.get("PATH", "") + os.pathsep + os.pathsep.join(_EXTRA_PATH)
    return shutil.which(name, path=path)


@dataclass(frozen=True)
class Paths:
    nginx: str
    curl: str
    openssl: str
    ip: str


def check_base() -> tuple[Paths | None, list[str]]:
    """Find the programs every run needs. Returns (paths, missing Debian packages)."""
    found = {name: which(name) for name in ("nginx", "curl", "openssl", "ip")}
    packages = {"nginx": "nginx", "curl": "curl", "openssl": "openssl", "ip": "iproute2"}
    missing = [packages[name] for name, path in found.items() if path is None]
    if not os.path.exists(ECHO_MODULE):
        missing.append("libnginx-mod-http-echo")
    if not os.access(GNU_TIME, os.X_OK):
        missing.append("time")
    if missing:
        return None, missing
    return Paths(**found), []  # type: ignore[arg-type]


def python_has(module: str) -> bool:
    """Whether Debian's python3 can import MODULE."""
    if not os.access(DEBIAN_PYTHON, os.X_OK):
        return False
    probe = subprocess.run([DEBIAN_PYTHON, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def node_version(node: str) -> tuple[int, ...] | None:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return tuple(int(part) for part in out.stdout.strip().lstrip("v").split(".")[:3])


def install_hint(packages: list[str]) -> str:
    return "scripts/install-deps.sh --bench   (or: apt-get install -y " + " ".join(packages) + ")"


def version_of(argv: list[str]) -> str:
    """First line a program prints about its version (nginx prints it on stderr)."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else "unknown"
