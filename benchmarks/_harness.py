"""Timing helpers shared by the benchmark scripts (numpy and the standard library only).

The machines this runs on are small and noisy (2 shared cores), so nothing here reports
one absolute time as a result. :func:`compare` times several candidates *side by side*:
each round times every candidate once, in a rotating order, and the ratio of a candidate
to the baseline is taken inside each round, where both saw the same machine load. The
claim is the median of those per-round ratios; the per-call medians are printed for
orientation only.

This file is imported by worker processes running other virtualenvs' interpreters
(TensorFlow, PyTorch, JAX), so it must not import lrdecay_lit or anything beyond numpy.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
"""The repository root (so the scripts import the working tree's lrdecay_lit)."""


def use_repo_package() -> None:
    """Put the repository root first on ``sys.path`` so ``import lrdecay_lit`` is this tree's."""
    root = str(REPO)
    if root not in sys.path:
        sys.path.insert(0, root)


@dataclass
class Timing:
    """Per-call times (seconds) of one candidate, one entry per round."""

    name: str
    samples: list[float] = field(default_factory=list)
    number: int = 1  # calls per sample
    scale: float = 1.0  # multiply times by this (extrapolation from a chunk), 1 if measured

    @property
    def median(self) -> float:
        return statistics.median(self.samples) * self.scale


@dataclass
class Comparison:
    """The result of :func:`compare`: timings and per-round ratios to the baseline."""

    baseline: str
    timings: dict[str, Timing]

    def ratios(self, name: str, base: str | None = None) -> list[float]:
        """Per-round ``time(name) / time(base)`` (base defaults to the baseline)."""
        a, b = self.timings[name], self.timings[base or self.baseline]
        return [(x * a.scale) / (y * b.scale) for x, y in zip(a.samples, b.samples, strict=True)]

    def ratio(self, name: str, base: str | None = None) -> float:
        """Median over rounds of ``time(name) / time(base)`` measured in the same round."""
        return statistics.median(self.ratios(name, base))

    def spread(self, name: str, base: str | None = None) -> tuple[float, float]:
        """Lower and upper quartile of the per-round ratios (how noisy the ratio was)."""
        r = sorted(self.ratios(name, base))
        if len(r) < 4:
            return r[0], r[-1]
        q = statistics.quantiles(r, n=4)
        return q[0], q[2]


def _calibrate(fn: Callable[[], object], target: float, timer: Callable[[], float]) -> int:
    """Calls per sample so that one sample lasts about ``target`` seconds (at least 1)."""
    t0 = timer()
    fn()
    dt = timer() - t0
    if dt >= target:
        return 1
    return max(1, min(10_000, int(target / max(dt, 1e-7))))


def compare(
    candidates: Mapping[str, Callable[[], object]],
    baseline: str,
    *,
    repeats: int = 7,
    target: float = 0.02,
    scales: Mapping[str, float] | None = None,
    numbers: Mapping[str, int] | None = None,
    timer: Callable[[], float] = time.perf_counter,
) -> Comparison:
    """Time every candidate ``repeats`` times, interleaved round by round.

    Args:
        candidates: name -> zero-argument callable doing the work once.
        baseline: the name ratios are taken against.
        repeats: rounds; each round times every candidate once (rotating the order).
        target: seconds a sample should last; fast callables are called several times per
            sample (the sample is then divided by the number of calls).
        scales: name -> factor applied to that candidate's times, for a candidate that does
            a known fraction of the work (e.g. a Python loop over 1e4 of 1e6 steps, scale 100).
        numbers: name -> fixed calls per sample (skips calibration).
        timer: ``time.perf_counter`` (wall time, the default: right for code that may use
            several threads) or ``time.process_time`` (CPU time of this process: for
            single-threaded numpy code, much less disturbed by other processes' load).
    """
    scales = dict(scales or {})
    numbers = dict(numbers or {})
    names = list(candidates)
    timings = {}
    for n in names:  # warm-up and calibration
        num = numbers.get(n) or _calibrate(candidates[n], target, timer)
        timings[n] = Timing(n, number=num, scale=scales.get(n, 1.0))
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for r in range(repeats):
            order = names[r % len(names) :] + names[: r % len(names)]
            for n in order:
                fn, num = candidates[n], timings[n].number
                t0 = timer()
                for _ in range(num):
                    fn()
                timings[n].samples.append((timer() - t0) / num)
            gc.collect()
    finally:
        if gc_was_enabled:
            gc.enable()
    return Comparison(baseline, timings)


def fmt_time(seconds: float) -> str:
    """A time with a unit that keeps 3 significant figures readable."""
    if not math.isfinite(seconds):
        return "n/a"
    for unit, f in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= f:
            return f"{seconds / f:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_ratio(r: float) -> str:
    """A ratio such as ``1.23×`` or ``45,600×``."""
    if r is None or not math.isfinite(r):
        return "n/a"
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured markdown table (also readable as plain text)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for k, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import subprocess

        head = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%h %s", "--", "lrdecay_lit"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "lrdecay_lit"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        head += " (lrdecay_lit/ has uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        head = "unknown"
    return {
        "commit": head,
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }
