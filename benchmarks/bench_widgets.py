"""Latency of the live explorers: from a slider value change to the redrawn figure.

Run from the repository root (headless; the Agg canvas is what is timed)::

    python benchmarks/bench_widgets.py            # 31 repeats per cell
    python benchmarks/bench_widgets.py --quick    # 7 repeats (smoke run)

What is timed: ``control.value = new_value`` on an explorer of ``cosine_decay``, which runs
the explorer's observer synchronously: read the controls, validate and evaluate the schedule
(:mod:`lrdecay_lit.schedules`), set the line data, rescale, redraw the figure on its Agg
canvas, refresh the formula and facts widgets. Two views:

* ``agg`` (``view="none"``): the Agg canvas only — the issue's measure.
* ``agg+png`` (``view="image"``): plus encoding the canvas as the PNG the notebook shows.

The redraw takes one of three paths (see :class:`lrdecay_lit.widgets.drawing.Drawing`), each
timed on its own and then in a realistic drag of the ``learning_rate`` slider through 40
values, which mixes them:

* ``blit``: the axes did not change (limits, labels): restore the saved background and
  draw only the curves, cursor, spines and legend (moving ``alpha`` or the cursor).
* ``full``: new y limits: draw everything, save the background.
* ``layout``: new labels/scale/tick-label width: a full draw with a constrained-layout pass.

Not timed: the kernel-to-browser round trip of a widget message, and the browser's drawing
of the PNG (or of ipympl's canvas). Target (issue 5): under 30 ms for 1,000 steps. Each cell
prints the median wall time of the repeats, its 90th percentile, and the median CPU time of
this process (what the call costs on an idle machine: the load average is printed too, since
these small machines are often shared and then wall times grow with the queue for a core).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # headless: this script, not the library, sets it

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import fmt_time, machine, table, use_repo_package  # noqa: E402

use_repo_package()

import numpy as np  # noqa: E402

from lrdecay_lit.widgets import Explorer, explore  # noqa: E402

SIZES = (1_000, 100_000)
TARGET_MS = 30.0


def _explorer(num_steps: int, view: str) -> Explorer:
    ex = explore("cosine_decay", static=False, view=view, num_steps=num_steps)
    assert isinstance(ex, Explorer)
    return ex


def _time_changes(
    ex: Explorer, change: Callable[[int], None], repeats: int
) -> tuple[list[float], list[float], dict[str, int]]:
    """Wall-clock and CPU seconds per call of ``change(i)`` (one slider move each), after one
    warm-up call, and how many calls took each redraw path.

    The CPU time (this process only) is what the same call costs on an idle machine; the
    wall time also counts waiting for a core when other jobs share the machine.
    """
    change(-1)
    gc.collect()
    wall, cpu = [], []
    paths: dict[str, int] = {}
    for i in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        change(i)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
        paths[ex.last_draw] = paths.get(ex.last_draw, 0) + 1
    return wall, cpu, paths


def scenarios(ex: Explorer) -> dict[str, Callable[[int], None]]:
    """Slider moves that take each redraw path (forced where the path depends on data)."""
    alpha = ex.controls["alpha"]
    cursor = ex.controls["cursor"]
    lr = ex.controls["learning_rate"]
    n = ex.num_steps

    def blit_alpha(i: int) -> None:
        alpha.value = 0.01 if i % 2 else 0.02  # same axes: blitted

    def blit_cursor(i: int) -> None:
        cursor.value = (n // 3) if i % 2 else (n // 2)

    def full(i: int) -> None:
        ex.drawing.invalidate(layout=False)  # force the full-draw path (as new y limits do)
        alpha.value = 0.01 if i % 2 else 0.02

    def layout(i: int) -> None:
        ex.drawing.invalidate(layout=True)  # force the full draw with a layout pass
        alpha.value = 0.01 if i % 2 else 0.02

    values = np.linspace(0.1, 0.9, 40)

    def drag(i: int) -> None:
        lr.value = float(values[i % len(values)])  # a real drag: mixes the three paths

    return {
        "blit (alpha)": blit_alpha,
        "blit (cursor)": blit_cursor,
        "full": full,
        "layout": layout,
        "drag learning_rate": drag,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="7 repeats instead of 31")
    args = parser.parse_args(argv)
    repeats = 7 if args.quick else 31

    info = machine()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"# Explorer latency: slider change -> redrawn figure ({repeats} repeats, median)\n")
    print(
        f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"numpy {info['numpy']}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )

    rows = []
    summary: dict[tuple[str, int, str], float] = {}
    for view, view_name in (("none", "agg"), ("image", "agg+png")):
        for n in SIZES:
            start = time.perf_counter()
            ex = _explorer(n, view)
            build = time.perf_counter() - start
            for name, change in scenarios(ex).items():
                wall, cpu, paths = _time_changes(ex, change, repeats)
                med, cpu_med = statistics.median(wall), statistics.median(cpu)
                p90 = float(np.percentile(wall, 90))
                summary[(view_name, n, name)] = med
                summary[(view_name, n, name + " cpu")] = cpu_med
                mix = ", ".join(f"{k} {v}" for k, v in sorted(paths.items()))
                rows.append(
                    [
                        view_name,
                        f"{n:,}",
                        name,
                        fmt_time(med),
                        fmt_time(p90),
                        fmt_time(cpu_med),
                        mix,
                    ]
                )
            rows.append(
                [view_name, f"{n:,}", "(build the explorer, once)", fmt_time(build), "", "", ""]
            )
    header = ["view", "steps", "slider move", "median", "p90", "CPU median", "redraw paths"]
    print(table(header, rows))

    for key in ("drag learning_rate", "full", "layout", "blit (alpha)"):
        wall_ms = summary[("agg", 1_000, key)] * 1e3
        cpu_ms = summary[("agg", 1_000, key + " cpu")] * 1e3
        verdict = "meets" if wall_ms < TARGET_MS else "misses"
        print(
            f"1,000 steps, Agg, {key}: {wall_ms:.1f} ms median wall ({verdict} the "
            f"{TARGET_MS:.0f} ms target), {cpu_ms:.1f} ms CPU"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
