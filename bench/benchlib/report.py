"""Cells (one tool in one scenario at one concurrency): aggregation, Markdown and JSON."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .measure import Run
from .scenarios import Scenario


def _median(values: list[float | None] | list[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


@dataclass
class Cell:
    scenario: Scenario
    tool: str
    c: int  # the concurrency the tool ran at (a tool's cap may lower the scenario's)
    nominal_c: int  # the scenario's concurrency, which defines the physical limit
    cmd: list[str]
    runs: list[Run] = field(default_factory=list)
    warmup_counted: bool = False  # a warm-up over 20 s became run 1
    skipped: str | None = None
    load_before: float | None = None

    @property
    def valid(self) -> bool:
        return self.skipped is None and bool(self.runs) and all(r.valid for r in self.runs)

    def problems(self) -> list[str]:
        seen: list[str] = []
        for run in self.runs:
            seen += [p for p in run.problems or [] if p not in seen]
        return seen

    def summary(self) -> dict[str, float | None]:
        walls = [r.wall for r in self.runs]
        cpu = _median([r.cpu for r in self.runs])
        limit = self.scenario.limit(self.nominal_c)
        wall = _median(walls)
        rss = _median([r.maxrss_kib for r in self.runs])
        return {
            "wall_median": wall,
            "wall_min": min(walls) if walls else None,
            "wall_max": max(walls) if walls else None,
            "limit": limit,
            "x_limit": wall / limit if wall is not None and limit else None,
            "urls_per_s": self.scenario.n / wall if wall else None,
            "cpu_median": cpu,
            "cpu_us_per_url": cpu / self.scenario.n * 1e6 if cpu is not None else None,
            "rss_mib_median": rss / 1024 if rss is not None else None,
            "conns_median": _median([r.conns for r in self.runs]),
            "resumed_median": _median([r.resumed for r in self.runs]),
            "server_cpu_median": _median([r.server_cpu for r in self.runs]),
        }

    def to_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario.key, "title": self.scenario.title, "tool": self.tool,
            "n": self.scenario.n, "c": self.c, "cmd": self.cmd, "skipped": self.skipped,
            "valid": self.valid, "problems": self.problems(), "load_before": self.load_before,
            "warmup_counted": self.warmup_counted, **self.summary(),
            "runs": [r.to_json() for r in self.runs],
        }


def _num(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def _wall(s: dict[str, float | None]) -> str:
    if s["wall_median"] is None:
        return "—"
    w, lo, hi = s["wall_median"], s["wall_min"], s["wall_max"]
    digits = 3 if w < 10 else 1
    if lo == hi:
        return f"{w:.{digits}f}"
    return f"{w:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


def _conns(cell: Cell, s: dict[str, float | None]) -> str:
    text = _num(s["conns_median"], ".0f")
    if cell.scenario.counts_resumed and s["resumed_median"] is not None:
        text += f" ({s['resumed_median']:.0f} resumed)"
    return text


def markdown(cells: list[Cell]) -> str:
    head = ("| scenario | tool | c | wall s, median (min–max) | × limit | URLs/s | CPU s | CPU µs/URL "
            "| peak RSS MiB | conns | server CPU s | correct |")
    lines = [head, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"]
    for cell in cells:
        n = cell.scenario.n
        label = f"{cell.scenario.key} ({n:,} URL{'s' if n != 1 else ''})"
        if cell.skipped:
            lines.append(f"| {label} | {cell.tool} | | skipped: {cell.skipped} | | | | | | | | |")
            continue
        s = cell.summary()
        runs = f"{len(cell.runs)} run{'s' if len(cell.runs) != 1 else ''}"
        correct = "yes" if cell.valid else "**INVALID**: " + "; ".join(cell.problems())
        lines.append(
            f"| {label} | {cell.tool} | {cell.c} | {_wall(s)} | {_num(s['x_limit'], '.2f')} "
            f"| {_num(s['urls_per_s'], ',.0f')} | {_num(s['cpu_median'], '.2f')} | {_num(s['cpu_us_per_url'], ',.0f')} "
            f"| {_num(s['rss_mib_median'], '.1f')} | {_conns(cell, s)} "
            f"| {_num(s['server_cpu_median'], '.2f')} | {correct} ({runs}) |")
    return "\n".join(lines) + "\n"
