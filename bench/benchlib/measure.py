"""One run of one tool as a whole process, under GNU time, with a hard time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .prereqs import GNU_TIME

# Variables that change how a client behaves: proxies (which could send traffic off the
# machine), CA overrides (each tool gets the bench CA explicitly), interpreter tweaks.
SCRUBBED_ENV = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "NODE_OPTIONS",
                "NODE_EXTRA_CA_CERTS", "UV_THREADPOOL_SIZE", "SSL_CERT_FILE", "SSL_CERT_DIR",
                "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE")


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in SCRUBBED_ENV and not k.lower().endswith("_proxy")}
    env.update(extra)
    return env


@dataclass
class Run:
    wall: float  # monotonic seconds from spawn to exit, measured here
    time_wall: float | None  # GNU time's %e
    user: float | None
    sys: float | None
    maxrss_kib: int | None  # GNU time's %M: peak RSS of the process
    rc: int | None
    timed_out: bool
    rusage_cpu: float | None = None  # user + sys from wait4 on GNU time: the same, to 1 µs
    conns: int | None = None  # connections nginx accepted during the run
    requests: int | None = None  # requests nginx served during the run
    resumed: int | None = None  # of those, on a resumed TLS session (S3b, S3c)
    server_cpu: float | None = None  # nginx worker CPU seconds during the run
    problems: list[str] | None = None

    @property
    def cpu(self) -> float | None:
        return None if self.user is None or self.sys is None else self.user + self.sys

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "cpu": self.cpu, "valid": self.valid}


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _parse_time_file(path: Path) -> tuple[float, float, float, int] | None:
    """GNU time's '%e %U %S %M' line; it is the last line (a 'Command exited...' may precede)."""
    try:
        lines = path.read_text().strip().splitlines()
        e, u, s, m = lines[-1].split()
        return float(e), float(u), float(s), int(m)
    except (OSError, ValueError, IndexError):
        return None


def run_once(argv: list[str], env: dict[str, str], timeout: float, workdir: Path,
             prefix: list[str] | None = None) -> Run:
    """Run ARGV under GNU time (inside PREFIX, e.g. `ip netns exec NAME`), stdout to a file.

    The process gets its own session, so that a timeout or a Ctrl-C kills it and all of its
    children, and nothing else.
    """
    timefile, out, err = workdir / "time.txt", workdir / "stdout.txt", workdir / "stderr.txt"
    timefile.unlink(missing_ok=True)
    cmd = [GNU_TIME, "-f", "%e %U %S %M", "-o", str(timefile), *(prefix or []), *argv]
    with open(out, "wb") as f_out, open(err, "wb") as f_err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=f_out, stderr=f_err,
                                env=env, start_new_session=True)
        # A blocking wait4 returns the moment the process exits (Popen.wait with a timeout
        # polls, up to 50 ms late), and gives the rusage at microsecond resolution. A timer
        # thread enforces the time limit.
        fired = threading.Event()

        def on_timeout() -> None:
            fired.set()
            _kill_group(proc.pid)

        killer = threading.Timer(timeout, on_timeout)
        killer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
            wall = time.monotonic() - start
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        finally:  # also on KeyboardInterrupt: never leave a tool running
            killer.cancel()
            if proc.returncode is None:
                _kill_group(proc.pid)
                proc.wait()
        _kill_group(proc.pid)  # stragglers a tool may have left in its session
        timed_out = fired.is_set()
    parsed = _parse_time_file(timefile)
    e, u, s, m = parsed if parsed else (None, None, None, None)
    # GNU time exits with the tool's status; killed by us, the status is meaningless.
    return Run(wall=wall, time_wall=e, user=u, sys=s, maxrss_kib=m,
               rc=None if timed_out else proc.returncode, timed_out=timed_out,
               rusage_cpu=rusage.ru_utime + rusage.ru_stime)


def stderr_tail(workdir: Path, limit: int = 300) -> str:
    try:
        text = (workdir / "stderr.txt").read_text(errors="replace").strip()
    except OSError:
        return ""
    return text[-limit:].replace("\n", " | ")
