#!/usr/bin/env python3
"""urlcheck's benchmark: urlcheck and peer checkers on the same URL lists, on loopback only.

    bench/run.py [SCENARIO...] [--tool NAME...] [--runs N] [--md FILE] [--json FILE]

It starts what it needs (nginx in a temporary prefix; for S4 a network namespace with a slow
DNS server and a second nginx), runs every tool as a whole process under GNU time, one tool at
a time in rounds, prints a Markdown table, and stops everything it started, also on Ctrl-C.
It installs nothing: when something is missing it names the Debian packages to install.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repository; must precede the imports below

from benchlib import prereqs  # noqa: E402 (all the local imports come after it on purpose)
from benchlib.certs import Certs, make_certs
from benchlib.measure import Run, clean_env, run_once, stderr_tail
from benchlib.netns import Namespace, SlowDNSProcess
from benchlib.nginx import Nginx, Ports
from benchlib.report import Cell, markdown
from benchlib.scenarios import DNS_DELAY, SCENARIOS, Scenario, resolve, write_list
from benchlib.tools import Job, Tool, all_tools, verify, verify_indexed

REPO = Path(__file__).resolve().parent.parent
PORTS = Ports(http=19080, https=19443, resume=19444)  # the reference harness uses 18080/18443/18444
NETNS_NAME = "urlcheck-bench"
WARMUP_COUNTS_AFTER = 20.0  # seconds: a warm-up this long is not cold-start-dominated


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- command line


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run.py", description=__doc__.split("\n\n")[0],
        epilog=f"Scenarios: {', '.join(SCENARIOS)}; S3 = S3a S3b S3c, S7 = S7a S7b, all (default: every one but S8, which must be named).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="*", metavar="SCENARIO", help="scenarios to run (default: all)")
    parser.add_argument("--tool", action="append", metavar="NAME",
                        help="run only this tool (repeatable): urlcheck, curl, aiohttp, httpx, node-fetch")
    parser.add_argument("--runs", type=int, metavar="N",
                        help="counted runs per cell (default 3; S6 10; S7a/S7b 1)")
    parser.add_argument("--warmup", type=int, metavar="N",
                        help="uncounted runs before them (default 1; S7a/S7b 0)")
    parser.add_argument("--md", type=Path, metavar="FILE", help="also write the Markdown table here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the raw results here")
    parser.add_argument("--urlcheck", default=str(REPO / "build" / "src" / "urlcheck"),
                        metavar="PATH", help="the urlcheck binary (default: build/src/urlcheck)")
    parser.add_argument("--keep-tmp", action="store_true",
                        help="keep the temporary directory (lists, outputs, nginx logs)")
    parser.add_argument("--list", action="store_true", help="list scenarios and tools, and exit")
    args = parser.parse_args(argv)
    for name, value in (("--runs", args.runs), ("--warmup", args.warmup)):
        if value is not None and value < (1 if name == "--runs" else 0):
            parser.error(f"{name} {value} is out of range")
    return args


def select_tools(tools: list[Tool], wanted: list[str] | None) -> list[Tool]:
    names = [t.name for t in tools]
    unknown = [w for w in wanted or [] if w not in names]
    if unknown:
        raise ValueError(f"unknown tool {', '.join(unknown)}; known: {', '.join(names)}")
    chosen = [t for t in tools if not wanted or t.name in wanted]
    for tool in chosen:
        if tool.missing:
            log(f"note: skipping {tool.name}: {tool.missing}")
    return [t for t in chosen if not t.missing]


# --------------------------------------------------------------------------- the machine


def raise_nofile() -> int:
    """Soft RLIMIT_NOFILE up to the hard limit; the tools inherit it. Returns the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard if hard != resource.RLIM_INFINITY else 65536


def check_ports_free(ports: Ports) -> None:
    for port in (ports.http, ports.https, ports.resume):
        with socket.socket() as sock:
            # As nginx does: connections in TIME_WAIT from an earlier run must not count.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                raise RuntimeError(f"127.0.0.1:{port} is in use (a system nginx? "
                                   "`service nginx stop`; or another bench run)") from None


def machine_meta(args: argparse.Namespace, tools: list[Tool], paths: prereqs.Paths) -> dict:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = {
        "nginx": prereqs.version_of([paths.nginx, "-v"]),
        "curl": prereqs.version_of([paths.curl, "--version"]),
        "openssl": prereqs.version_of([paths.openssl, "version"]),
    }
    names = {t.name for t in tools}
    if "urlcheck" in names:
        versions["urlcheck"] = prereqs.version_of([args.urlcheck, "--version"])
    if names & {"aiohttp", "httpx"}:
        versions["python"] = prereqs.version_of([prereqs.DEBIAN_PYTHON, "-c", (
            "import sys,ssl\nm=[]\nfor n in ('aiohttp','httpx'):\n try: m.append(n+' '+"
            "__import__(n).__version__)\n except ImportError: pass\n"
            "print(sys.version.split()[0], *m, ssl.OPENSSL_VERSION)")])
    if "node-fetch" in names:
        versions["node"] = prereqs.version_of([prereqs.which("node") or "node", "--version"])
    return {
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "host": platform.node(), "kernel": platform.release(), "cpus": os.cpu_count(),
        "cpu_model": model, "argv": sys.argv, "versions": versions,
        "loadavg_start": os.getloadavg(),
    }


@dataclass
class Servers:
    """Everything the session started; stop() undoes it in reverse order."""
    host: Nginx
    stack: contextlib.ExitStack
    tmp: Path
    paths: prereqs.Paths
    certs: Certs
    nofile: int
    netns: Namespace | None = None
    netns_nginx: Nginx | None = None

    def ensure_netns(self) -> None:
        """Bring up S4's namespace with slowdns and its nginx, once per session."""
        if self.netns is not None:
            return
        ns = Namespace(self.paths.ip, NETNS_NAME)
        self.stack.callback(ns.delete)  # registered first, so it runs after the processes stop
        ns.create()
        self.netns = ns
        dns = SlowDNSProcess(ns, DNS_DELAY, self.tmp / "slowdns.log")
        self.stack.callback(dns.stop)
        dns.start()
        nginx = Nginx(self.paths.nginx, self.tmp / "nginx-netns", PORTS, None, self.nofile,
                      netns=ns.exec_prefix, curl=self.paths.curl)
        self.stack.callback(nginx.stop)
        nginx.start()
        self.netns_nginx = nginx
        log(f"netns {NETNS_NAME}: slowdns ({DNS_DELAY * 1000:.0f} ms) and nginx are up")


# --------------------------------------------------------------------------- running cells


@dataclass
class Prepared:
    scenario: Scenario
    urls: Path
    curl_config: Path
    expected: set[str]


def prepare(scenario: Scenario, tmp: Path) -> Prepared:
    urls, cfg = write_list(scenario, PORTS, tmp / "lists")
    expected: set[str] = set()
    if not scenario.indexed:  # S8 is checked by index (verify_indexed), not against 10M strings
        with open(urls) as f:
            expected = {line.rstrip("\n") for line in f}
    return Prepared(scenario, urls, cfg, expected)


def measure_run(cell: Cell, tool: Tool, job: Job, prep: Prepared, servers: Servers,
                workdir: Path) -> Run:
    """One run of one tool, with the server's counters read around it."""
    scenario = prep.scenario
    nginx = servers.netns_nginx if scenario.in_netns else servers.host
    assert nginx is not None
    acc0, req0 = nginx.counters()
    cpu0, log0 = nginx.worker_cpu(), nginx.reuse_log_size()
    prefix = servers.netns.exec_prefix if scenario.in_netns and servers.netns else None
    run = run_once(tool.argv(job), clean_env(tool.env(job)), scenario.timeout, workdir, prefix)
    acc1, req1 = nginx.counters()
    # The second stub_status query is counted in acc1 and req1: subtract it.
    run.conns, run.requests = acc1 - acc0 - 1, req1 - req0 - 1
    run.server_cpu = nginx.worker_cpu() - cpu0
    if scenario.counts_resumed:
        run.resumed = nginx.resumed_since(log0)
    run.problems = run_problems(run, tool, prep, workdir)
    return run


def run_problems(run: Run, tool: Tool, prep: Prepared, workdir: Path) -> list[str]:
    if run.timed_out:
        return [f"killed after {prep.scenario.timeout:.0f} s"]
    if prep.scenario.indexed:
        problems = verify_indexed(workdir / "stdout.txt", tool.output, prep.scenario.n)
    else:
        problems = verify(workdir / "stdout.txt", tool.output, prep.expected)
    if run.cpu is None:
        problems.append("no GNU time figures")
    if run.requests is not None and run.requests < prep.scenario.n:
        problems.append(f"nginx served {run.requests} requests for {prep.scenario.n} URLs")
    if problems and (tail := stderr_tail(workdir)):
        problems.append(f"rc {run.rc}, stderr: {tail}")
    return problems


def describe(run: Run) -> str:
    cpu = f"{run.cpu:.2f}" if run.cpu is not None else "?"
    rss = f"{run.maxrss_kib / 1024:.0f}" if run.maxrss_kib is not None else "?"
    state = "ok" if run.valid else "INVALID: " + "; ".join(run.problems or [])
    return f"{run.wall:.3f} s, CPU {cpu} s, RSS {rss} MiB, conns {run.conns}: {state}"


def run_cells(prep: Prepared, tools: list[Tool], args: argparse.Namespace, servers: Servers,
              cells: list[Cell]) -> None:
    """Every tool of one scenario, for each of its concurrencies, in interleaved rounds.

    Cells are appended to CELLS as they start, so an interrupted session can still report."""
    scenario = prep.scenario
    runs = args.runs or scenario.runs
    warmups = scenario.warmup if args.warmup is None else args.warmup
    for nominal_c in scenario.concurrencies:
        active: list[tuple[Cell, Tool, Job, Path]] = []
        for tool in tools:
            if scenario.tools is not None and tool.name not in scenario.tools:
                continue
            c = tool.concurrency(nominal_c)
            extra = tuple(a.format(tmp=servers.tmp) for a in scenario.urlcheck_args)
            job = Job(prep.urls, prep.curl_config, c, servers.certs.ca, extra)
            cell = Cell(scenario, tool.name, c, nominal_c, tool.argv(job),
                        skipped=tool.skip.get(scenario.key), load_before=os.getloadavg()[0])
            cells.append(cell)
            if cell.skipped:
                log(f"{scenario.key}: skipping {tool.name}: {cell.skipped}")
                continue
            workdir = servers.tmp / "runs" / f"{scenario.key}-c{nominal_c}-{tool.name}"
            workdir.mkdir(parents=True, exist_ok=True)
            active.append((cell, tool, job, workdir))

        tag = f"{scenario.key} c={nominal_c}"
        for _ in range(warmups):
            for cell, tool, job, workdir in active:
                run = measure_run(cell, tool, job, prep, servers, workdir)
                # A long warm-up is not dominated by cold caches: count it, to bound S5's time.
                counted = run.wall > WARMUP_COUNTS_AFTER and run.valid and not cell.runs
                if counted:
                    cell.runs.append(run)
                    cell.warmup_counted = True
                note = f" (over {WARMUP_COUNTS_AFTER:.0f} s: counts as run 1)" if counted else ""
                log(f"{tag} {tool.name:10} warm-up{note}: {describe(run)}")
        for round_no in range(1, runs + 1):
            for cell, tool, job, workdir in active:
                if len(cell.runs) >= runs:
                    continue
                run = measure_run(cell, tool, job, prep, servers, workdir)
                cell.runs.append(run)
                log(f"{tag} {tool.name:10} run {len(cell.runs)}/{runs}: {describe(run)}")


# --------------------------------------------------------------------------- main


def start_servers(stack: contextlib.ExitStack, paths: prereqs.Paths, nofile: int,
                  keep_tmp: bool) -> Servers:
    tmp = Path(tempfile.mkdtemp(prefix="urlcheck-bench."))
    if keep_tmp:
        stack.callback(log, f"kept {tmp}")
    else:
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
    certs = make_certs(paths.openssl, tmp / "certs")
    check_ports_free(PORTS)
    host = Nginx(paths.nginx, tmp / "nginx", PORTS, certs, nofile, curl=paths.curl)
    stack.callback(host.stop)
    host.start()
    log(f"nginx is up on 127.0.0.1:{PORTS.http}/{PORTS.https}/{PORTS.resume} (prefix {tmp})")
    return Servers(host, stack, tmp, paths, certs, nofile)


def write_outputs(cells: list[Cell], meta: dict, args: argparse.Namespace) -> str:
    table = markdown(cells)
    meta["loadavg_end"] = os.getloadavg()
    header = (f"Measured {meta['started']} on {meta['host']} ({meta['cpus']} CPUs, "
              f"{meta['cpu_model']}, kernel {meta['kernel']}).\n\n")
    if args.md:
        args.md.write_text(header + table)
    if args.json:
        args.json.write_text(json.dumps(
            {"meta": meta, "cells": [c.to_json() for c in cells]}, indent=1) + "\n")
    return header + table


def _raise_interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        scenarios = resolve(args.scenario)
    except ValueError as e:
        log(f"error: {e}")
        return 2
    if args.list:
        for s in SCENARIOS.values():
            print(f"{s.key:4} {s.n:>9,} URLs, c={'/'.join(map(str, s.concurrencies)):9} {s.title}")
        print("tools: " + ", ".join(t.name for t in all_tools(args.urlcheck)))
        return 0

    paths, missing = prereqs.check_base()
    if paths is None:
        log(f"error: missing {', '.join(missing)}. Install with:\n  {prereqs.install_hint(missing)}"
            f"\n(all the benchmark uses: apt-get install {prereqs.ALL_PACKAGES})")
        return 2
    if any(s.in_netns for s in scenarios) and os.geteuid() != 0:
        # Only the namespace needs root: as a user who may sudo, ask for it
        # here rather than have README say "sudo" (root has no sudo).
        if shutil.which("sudo"):
            log("S4 needs root for its network namespace: running again under sudo")
            os.execvp("sudo", ["sudo", sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]])
        log("error: S4 needs root for its network namespace: run as root, or leave S4 out")
        return 2
    try:
        tools = select_tools(all_tools(args.urlcheck), args.tool)
    except ValueError as e:
        log(f"error: {e}")
        return 2
    if not tools:
        log("error: no tool can run")
        return 2

    nofile = raise_nofile()
    meta = machine_meta(args, tools, paths)
    cells: list[Cell] = []
    # SIGTERM and SIGHUP unwind like Ctrl-C (SIGINT), so that the cleanup below always runs.
    # A signal the caller ignores (nohup, or SIGINT in a background job) stays ignored.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) != signal.SIG_IGN:
            signal.signal(sig, _raise_interrupt)
    stack = contextlib.ExitStack()
    status = 0
    try:
        servers = start_servers(stack, paths, nofile, args.keep_tmp)
        for scenario in scenarios:
            if scenario.in_netns:
                servers.ensure_netns()
            log(f"== {scenario.key}: {scenario.title}")
            prep = prepare(scenario, servers.tmp)
            run_cells(prep, tools, args, servers, cells)
            del prep  # S7b's expected set is large
            # S8's report is ~4 GB: gone once verified, unless --keep-tmp asked for it.
            if scenario.indexed and not args.keep_tmp:
                for out in (servers.tmp / "runs").glob(f"{scenario.key}-*/stdout.txt"):
                    out.unlink()
    except KeyboardInterrupt:
        status = 130
    except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
        log(f"error: {e}")
        status = 1
    finally:
        # Cleanup must not be cut short by a second Ctrl-C.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        stack.close()
    if status == 130:
        log("interrupted: everything the benchmark started has been stopped")
    reported = [c for c in cells if c.runs or c.skipped]
    if reported:
        print(write_outputs(reported, meta, args))
    if status:
        return status
    return 0 if all(c.valid or c.skipped for c in cells) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
