"""S4's world: a network namespace whose only resolver is bench/slowdns.py (50 ms per query).

Inside the namespace there is just a loopback interface, so nothing a tool does there can
reach any other address. `ip netns exec` bind-mounts /etc/netns/NAME/resolv.conf over
/etc/resolv.conf for the programs it starts, which points every resolver at 127.0.0.1:53.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

SLOWDNS = Path(__file__).resolve().parent.parent / "slowdns.py"


class Namespace:
    def __init__(self, ip: str, name: str) -> None:
        self.ip, self.name = ip, name
        self.etc = Path("/etc/netns") / name
        self.created = False

    @property
    def exec_prefix(self) -> list[str]:
        return [self.ip, "netns", "exec", self.name]

    def exists(self) -> bool:
        return Path("/run/netns", self.name).exists()

    def create(self) -> None:
        if self.exists():
            raise RuntimeError(
                f"network namespace {self.name} already exists (another run, or one that was "
                f"killed with SIGKILL). If no other run is going: ip netns del {self.name}; "
                f"rm -r {self.etc}")
        subprocess.run([self.ip, "netns", "add", self.name], check=True)
        self.created = True
        subprocess.run([self.ip, "-n", self.name, "link", "set", "lo", "up"], check=True)
        self.etc.mkdir(parents=True, exist_ok=True)
        (self.etc / "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:5 attempts:1\n")
        # A hosts file with localhost only, so that no entry of the host's own can answer first.
        (self.etc / "hosts").write_text("127.0.0.1 localhost\n::1 localhost\n")

    def delete(self) -> None:
        if self.created:
            subprocess.run([self.ip, "netns", "del", self.name], check=False)
            self.created = False
        shutil.rmtree(self.etc, ignore_errors=True)
        with contextlib.suppress(OSError):  # /etc/netns itself, if nothing else uses it
            self.etc.parent.rmdir()


class SlowDNSProcess:
    """slowdns.py on 127.0.0.1:53 inside the namespace."""

    def __init__(self, ns: Namespace, delay: float, log: Path) -> None:
        self.ns, self.delay, self.log = ns, delay, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [*self.ns.exec_prefix, sys.executable, str(SLOWDNS), "--delay", str(self.delay)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 10.0) -> None:
        # Ready when a lookup through the C library inside the namespace gets our answer.
        # `getent hosts`, not `ahostsv4`: the latter sets AI_ADDRCONFIG, which finds no
        # configured address in a loopback-only namespace and so never asks the server.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"slowdns exited at start:\n{self.log.read_text()}")
            probe = subprocess.run([*self.ns.exec_prefix, "getent", "hosts", "h0.bench.test"],
                                   capture_output=True, text=True)
            if probe.returncode == 0 and "127.0.0.1" in probe.stdout:
                return
            time.sleep(0.1)
        raise RuntimeError("slowdns did not answer inside the namespace")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
