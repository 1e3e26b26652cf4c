"""The scenarios: which URLs, how many, at what concurrency, and the best wall time possible."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .nginx import Ports

DNS_DELAY = 0.05  # seconds slowdns.py waits before each answer (S4)


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    n: int
    concurrencies: tuple[int, ...]
    url: Callable[[Ports, int], str]  # the URL on line i of the list
    # Seconds per "wave" of c requests that no client can beat (server sleep or DNS delay);
    # None when the scenario is CPU-bound and has no physical limit.
    wave_seconds: float | None = None
    runs: int = 3
    warmup: int = 1
    timeout: float = 150.0
    in_netns: bool = False
    counts_resumed: bool = False  # report how many TLS handshakes resumed (S3b, S3c)
    # Tools that run it (None: all). S8 is urlcheck's own: the peers cannot do 10M lines in time.
    tools: tuple[str, ...] | None = None
    # Checked against the ?i=N of each reported URL, not a set of the URLs (S8: 10M strings
    # would cost the runner ~1 GB); the list is then written without a curl config.
    indexed: bool = False
    # Extra urlcheck options ({tmp}: the session's temporary directory).
    urlcheck_args: tuple[str, ...] = ()

    def limit(self, c: int) -> float | None:
        """Physical limit of the wall time at concurrency c: ceil(n / c) waves."""
        if self.wave_seconds is None:
            return None
        return math.ceil(self.n / c) * self.wave_seconds


def _http(path: str) -> Callable[[Ports, int], str]:
    return lambda p, i: f"http://127.0.0.1:{p.http}{path}?i={i}"


SCENARIOS: dict[str, Scenario] = {s.key: s for s in (
    # Distinct URLs everywhere (?i=N): a tool that dropped duplicate lines would otherwise do less.
    Scenario("S1", "200 x /sleep/1 (latency-bound)", 200, (100, 200), _http("/sleep/1"),
             wave_seconds=1.0),
    Scenario("S2", "plain HTTP /ok, one host, keep-alive", 20_000, (100,), _http("/ok")),
    Scenario("S3a", "HTTPS /ok, one host, keep-alive", 5_000, (100,),
             lambda p, i: f"https://localhost:{p.https}/ok?i={i}"),
    Scenario("S3b", "HTTPS, full TLS handshake per URL", 2_000, (100,),
             lambda p, i: f"https://127.0.0.1:{p.https}/ok?i={i}", counts_resumed=True),
    Scenario("S3c", "HTTPS, new connection per URL, resumption on", 2_000, (100,),
             lambda p, i: f"https://127.0.0.1:{p.resume}/ok?i={i}", counts_resumed=True),
    Scenario("S4", "2,000 distinct hosts, 50 ms DNS per lookup", 2_000, (100,),
             lambda p, i: f"http://h{i}.bench.test:{p.http}/ok", wave_seconds=DNS_DELAY,
             in_netns=True),
    Scenario("S5", "5,000 x /sleep/5 at max concurrency (memory)", 5_000, (5_000,),
             _http("/sleep/5"), wave_seconds=5.0),
    Scenario("S6", "one URL: process startup", 1, (1,),
             lambda p, i: f"http://127.0.0.1:{p.http}/ok", runs=10),
    Scenario("S7a", "100k-line list, one host, keep-alive", 100_000, (200,), _http("/ok"),
             runs=1, warmup=0, timeout=300.0),
    Scenario("S7b", "1M-line list, one host, keep-alive", 1_000_000, (200,), _http("/ok"),
             runs=1, warmup=0, timeout=300.0),
    # 10M lines at -c 500: ~33 µs of CPU per URL makes it 6-15 minutes on a 2-core machine.
    Scenario("S8", "10M-line list, one host, keep-alive, -c 500", 10_000_000, (500,), _http("/ok"),
             runs=1, warmup=0, timeout=2400.0, tools=("urlcheck",), indexed=True),
    # S8 remembered: --state in a new SQLite file. Run 1 writes 10M new records in its one
    # transaction; run 2 looks each up and updates it, which is what every cron run pays.
    # The log has both runs' figures; the table their median.
    Scenario("S8s", "S8 with --state (run 1: new file, run 2: 10M updates)", 10_000_000, (500,),
             _http("/ok"), runs=2, warmup=0, timeout=3600.0, tools=("urlcheck",), indexed=True,
             urlcheck_args=("--state", "{tmp}/s8.state")),
)}

# S8 takes 6-15 minutes (S8s twice that) and is urlcheck's alone: named, never part of `all`.
ALIASES = {"S3": ("S3a", "S3b", "S3c"), "S7": ("S7a", "S7b"),
           "ALL": tuple(k for k in SCENARIOS if k not in ("S8", "S8s"))}


def resolve(names: list[str]) -> list[Scenario]:
    """Scenario keys in run order, from names like s2, S3 (= S3a S3b S3c) or all."""
    keys: list[str] = []
    for name in names or ["all"]:
        upper = name.upper()
        expanded = ALIASES.get(upper) or [k for k in SCENARIOS if k.upper() == upper]
        if not expanded:
            raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}, S3, S7, all")
        keys += [k for k in expanded if k not in keys]
    order = list(SCENARIOS)
    return [SCENARIOS[k] for k in sorted(keys, key=order.index)]


def write_list(scenario: Scenario, ports: Ports, directory: Path) -> tuple[Path, Path]:
    """Write the URL list and the same list as a curl config. Returns (list, curl config)."""
    directory.mkdir(parents=True, exist_ok=True)
    lst, cfg = directory / f"{scenario.key}.txt", directory / f"{scenario.key}.curlcfg"
    with open(lst, "w") as f_list, open(os.devnull if scenario.indexed else cfg, "w") as f_cfg:
        for start in range(0, scenario.n, 10_000):  # in chunks: S7b has a million lines, S8 10M
            urls = [scenario.url(ports, i) for i in range(start, min(scenario.n, start + 10_000))]
            f_list.write("".join(u + "\n" for u in urls))
            # One output per URL: a single -o would apply to the first URL only.
            if not scenario.indexed:
                f_cfg.write("".join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    return lst, cfg
