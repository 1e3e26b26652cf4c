"""The tools under test: how to run each one on a list, and how to read what it reported."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .prereqs import DEBIAN_PYTHON, node_version, python_has, which

PEERS = Path(__file__).resolve().parent.parent / "peers"


@dataclass(frozen=True)
class Job:
    """What one run of a tool works on."""
    urls: Path
    curl_config: Path
    c: int
    ca: Path
    extra: tuple[str, ...] = ()  # the scenario's urlcheck_args (urlcheck only)


@dataclass
class Tool:
    name: str
    argv: Callable[[Job], list[str]]
    output: str  # "jsonl" (urlcheck) or "lines" ("STATUS URL")
    env: Callable[[Job], dict[str, str]] = lambda job: {}
    max_c: int | None = None  # the tool's own cap on concurrency
    skip: dict[str, str] = field(default_factory=dict)  # scenario key -> why it is not run
    missing: str | None = None  # why the tool cannot run on this machine, if it cannot

    def concurrency(self, c: int) -> int:
        return min(c, self.max_c) if self.max_c else c


def urlcheck_tool(binary: str) -> Tool:
    def argv(job: Job) -> list[str]:
        # Every scenario but S4 is one host, so the per-host limit goes up to the concurrency.
        return [binary, "--format", "jsonl", "--concurrency", str(job.c), "--per-host",
                str(job.c), "--cacert", str(job.ca), *job.extra, str(job.urls)]

    tool = Tool("urlcheck", argv, "jsonl")
    if not Path(binary).is_file():
        tool.missing = f"{binary} not found (build it, or pass --urlcheck PATH)"
    return tool


def curl_tool() -> Tool:
    curl = which("curl") or "curl"

    def argv(job: Job) -> list[str]:
        # -q first: ignore any ~/.curlrc. --parallel-immediate: open connections at once
        # rather than wait for the first transfer to learn whether the host multiplexes.
        return [curl, "-q", "--parallel", "--parallel-immediate", "--parallel-max", str(job.c),
                "-s", "-w", r"%{http_code} %{url}\n", "--cacert", str(job.ca),
                "--config", str(job.curl_config)]

    return Tool("curl", argv, "lines", max_c=300)  # curl caps --parallel-max at 300


def python_peer(name: str, module: str, script: str, package: str) -> Tool:
    def argv(job: Job) -> list[str]:
        return [DEBIAN_PYTHON, str(PEERS / script), "--limit", str(job.c), "--cacert",
                str(job.ca), str(job.urls)]

    tool = Tool(name, argv, "lines")
    if not python_has(module):
        tool.missing = f"{DEBIAN_PYTHON} cannot import {module} (apt-get install {package})"
    return tool


def node_tool() -> Tool:
    node = which("node") or "node"

    def argv(job: Job) -> list[str]:
        return [node, str(PEERS / "node_fetch_check.mjs"), "--limit", str(job.c), str(job.urls)]

    # NODE_EXTRA_CA_CERTS is how a Node user trusts an extra CA (fetch has no per-call option).
    tool = Tool("node-fetch", argv, "lines", env=lambda job: {"NODE_EXTRA_CA_CERTS": str(job.ca)})
    version = node_version(node) if which("node") else None
    if version is None:
        tool.missing = "node not found (apt-get install nodejs)"
    elif version < (18,):
        tool.missing = f"node {'.'.join(map(str, version))} has no global fetch (need 18+)"
    return tool


def all_tools(urlcheck: str) -> list[Tool]:
    # Peers that cannot finish S7's lists inside its 300 s limit on the 2-core project machines,
    # judged from their CPU per URL in S2: a run that is sure to be killed only wastes 5 minutes.
    httpx = python_peer("httpx", "httpx", "httpx_check.py", "python3-httpx")
    httpx.skip = {"S7a": "~1.2-1.8 ms CPU/URL in S2: 100k URLs would take minutes",
                  "S7b": "~1.2-1.8 ms CPU/URL in S2: 1M URLs would take half an hour"}
    aiohttp = python_peer("aiohttp", "aiohttp", "aiohttp_check.py", "python3-aiohttp")
    aiohttp.skip = {"S7b": "~250 µs CPU/URL in S2: 1M URLs would need about the 300 s limit"}
    node = node_tool()
    node.skip = {"S7b": "~350 µs CPU/URL in S2: 1M URLs would exceed the 300 s limit"}
    return [urlcheck_tool(urlcheck), curl_tool(), aiohttp, httpx, node]


def _reports(path: Path, output: str) -> Iterator[tuple[str, str]]:
    """(url, status) for each report line of a tool's stdout; other lines are skipped."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if output == "jsonl":
                if not line.startswith("{"):
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                yield str(obj.get("url")), str(obj.get("status"))
            else:
                status, _, url = line.rstrip("\n").partition(" ")
                if url:
                    yield url, status


def verify(stdout: Path, output: str, expected: set[str]) -> list[str]:
    """Problems with one run's report; empty when every expected URL was reported with 200."""
    ok: set[str] = set()
    statuses: Counter[str] = Counter()
    for url, status in _reports(stdout, output):
        statuses[status] += 1
        if status == "200" and url in expected:
            ok.add(url)
    if len(ok) == len(expected):
        return []
    seen = ", ".join(f"{count} x {status}" for status, count in statuses.most_common(4))
    return [f"{len(expected) - len(ok)} of {len(expected)} URLs not reported with 200 "
            f"(reports: {seen or 'none'})"]


def verify_indexed(stdout: Path, output: str, n: int) -> list[str]:
    """verify() for a list whose line i is the URL ending in ?i=i (S8): a bitmap of n bits
    instead of a set of n URLs, and a plain scan of each line instead of a JSON parse."""
    seen = bytearray(n)
    other = 0
    with open(stdout, "rb") as f:
        for line in f:
            if output == "jsonl":
                ok = b'"status":200,' in line
                start = line.find(b"?i=") + 3
                end = line.find(b'"', start)
            else:
                ok = line.startswith(b"200 ")
                start = line.find(b"?i=") + 3
                end = len(line.rstrip(b"\n"))
            if not ok or start < 3:
                other += 1
                continue
            i = int(line[start:end])
            if 0 <= i < n:
                seen[i] = 1
    missing = n - sum(seen)
    if missing == 0:
        return []
    return [f"{missing} of {n} URLs not reported with 200 ({other} other report lines)"]
