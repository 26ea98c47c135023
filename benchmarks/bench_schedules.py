"""How fast lrdecay_lit evaluates a schedule, against the same formula hand-written in numpy.

Run from the repository root (``make bench`` runs it with the frameworks' interpreter)::

    python benchmarks/bench_schedules.py            # all sections, results into benchmarks/results/
    python benchmarks/bench_schedules.py --quick    # fewer rounds (smoke run)

The questions, one section each (see ``benchmarks/README.md``):

1. ``numpy``: is every schedule within 1.5x of its formula hand-written in plain numpy (no
   validation; :data:`FLOORS`, defined here only) at 1e5 and 1e6 steps?
2. ``import``: does ``import lrdecay_lit`` stay light (``benchmarks/bench_import.py``)?
3. ``adapters``: does a framework adapter cost more per call than the framework's own
   schedule (``benchmarks/_adapters.py``, run in the interpreter that has the frameworks)?

Every claim is a *ratio of medians measured side by side* (``benchmarks/_harness.py``);
absolute times are kept in the results for orientation only. The results are data: one JSON
file (machine, options, every row) and one CSV per section.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import REPO, compare, fmt_ratio, fmt_time, machine, table, use_repo_package  # noqa: E402

use_repo_package()
import lrdecay_lit  # noqa: E402


@dataclass(frozen=True)
class Case:
    """One benchmarked schedule call: ``lrdecay_lit.<schedule>(**params, <step>=steps)``."""

    key: str
    schedule: str
    params: dict[str, object] = field(hash=False)

    @property
    def step_arg(self) -> str:
        return "x" if self.schedule == "piecewise_constant" else "global_step"

    def lit(self, steps: object) -> np.ndarray:
        fn = getattr(lrdecay_lit, self.schedule)
        return fn(**self.params, **{self.step_arg: steps})


# Parameters of a long training run, so that 1e7 steps stay in the normal float range
# (no subnormals, which would slow the floor and the package alike) and every framework
# has a native schedule computing the same function where one exists.
CASES: tuple[Case, ...] = (
    Case(
        "exponential",
        "exponential_decay",
        {"learning_rate": 0.1, "decay_steps": 10_000, "decay_rate": 0.96},
    ),
    Case(
        "exponential staircase",
        "exponential_decay",
        {"learning_rate": 0.1, "decay_steps": 10_000, "decay_rate": 0.96, "staircase": True},
    ),
    Case(
        "natural_exp",
        "natural_exp_decay",
        {"learning_rate": 0.1, "decay_steps": 10_000, "decay_rate": 0.05},
    ),
    Case(
        "inverse_time",
        "inverse_time_decay",
        {"learning_rate": 0.1, "decay_steps": 10_000, "decay_rate": 0.5},
    ),
    Case(
        "polynomial",
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 1_000_000, "end_learning_rate": 0.0, "power": 0.9},
    ),
    Case(
        "polynomial cycle",
        "polynomial_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 100_000,
            "end_learning_rate": 1e-4,
            "power": 1.0,
            "cycle": True,
        },
    ),
    Case(
        "piecewise_constant",
        "piecewise_constant",
        {
            "boundaries": [100_000, 300_000, 600_000, 900_000],
            "values": [0.1, 0.05, 0.025, 0.0125, 0.00625],
        },
    ),
    Case("cosine", "cosine_decay", {"learning_rate": 0.1, "decay_steps": 1_000_000, "alpha": 0.01}),
    Case(
        "cosine_restarts",
        "cosine_decay_restarts",
        {
            "learning_rate": 0.1,
            "first_decay_steps": 1000,
            "t_mul": 2.0,
            "m_mul": 1.0,
            "alpha": 0.01,
        },
    ),
    Case(
        "cosine_restarts article",
        "cosine_decay_restarts",
        {"learning_rate": 0.3, "first_decay_steps": 10, "t_mul": 1.5, "m_mul": 0.8, "alpha": 0.011},
    ),
    Case(
        "linear_cosine",
        "linear_cosine_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 1_000_000,
            "num_periods": 0.5,
            "alpha": 0.0,
            "beta": 0.001,
        },
    ),
    Case(
        "noisy_linear_cosine",
        "noisy_linear_cosine_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 1_000_000,
            "initial_variance": 1.0,
            "variance_decay": 0.55,
            "num_periods": 0.5,
            "alpha": 0.0,
            "beta": 0.001,
            "seed": 0,
        },
    ),
    Case("fixed", "fixed", {"learning_rate": 0.1}),
)
CASE = {c.key: c for c in CASES}


# ---------------------------------------------------------------------------------------
# The floor: each formula hand-written in plain numpy, no validation, scalar constants
# folded as a careful user would. Input: the same int64 step array lrdecay_lit gets.
# These reference formulas live here only; lrdecay_lit never imports them.
# ---------------------------------------------------------------------------------------


def _floor_exponential(t, learning_rate, decay_steps, decay_rate, staircase=False):
    # exp(p ln r), not r ** p: np.power is several times slower than exp
    if staircase:
        return learning_rate * np.exp(np.floor(t / decay_steps) * np.log(decay_rate))
    return learning_rate * np.exp(t * (np.log(decay_rate) / decay_steps))


def _floor_natural_exp(t, learning_rate, decay_steps, decay_rate, staircase=False):
    if staircase:
        return learning_rate * np.exp(-decay_rate * np.floor(t / decay_steps))
    return learning_rate * np.exp(t * (-decay_rate / decay_steps))


def _floor_inverse_time(t, learning_rate, decay_steps, decay_rate, staircase=False):
    p = np.floor(t / decay_steps) if staircase else t / decay_steps
    return learning_rate / (1.0 + decay_rate * p)


def _floor_polynomial(
    t, learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False
):
    if cycle:
        horizon = decay_steps * np.maximum(np.ceil(t / decay_steps), 1.0)
        p = t / horizon
    else:
        p = np.minimum(t, decay_steps) / decay_steps
    if power == 1.0:  # what one writes for a linear decay (numpy has no fast path for ** 1.0)
        return (learning_rate - end_learning_rate) * (1.0 - p) + end_learning_rate
    return (learning_rate - end_learning_rate) * (1.0 - p) ** power + end_learning_rate


def _floor_piecewise(t, boundaries, values):
    return np.asarray(values)[np.searchsorted(boundaries, t, side="left")]


def _floor_cosine(t, learning_rate, decay_steps, alpha=0.0):
    c = np.cos(np.minimum(t, decay_steps) * (math.pi / decay_steps))
    return (0.5 * (1.0 - alpha) * learning_rate) * (1.0 + c) + alpha * learning_rate


def _floor_cosine_restarts(t, learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0):
    # TF's arithmetic (learning_rate_schedule.CosineDecayRestarts), without lrdecay_lit's
    # correction of steps that rounding puts into the wrong period.
    f = t / first_decay_steps
    if t_mul == 1.0:
        i = np.floor(f)
        frac = f - i
    else:
        i = np.floor(np.log1p(f * (t_mul - 1.0)) / math.log(t_mul))
        tm_i = t_mul**i
        frac = (f - (tm_i - 1.0) / (t_mul - 1.0)) / tm_i
    cos = (0.5 * m_mul**i) * (1.0 + np.cos(math.pi * frac))
    return learning_rate * ((1.0 - alpha) * cos + alpha)


def _floor_linear_cosine(t, learning_rate, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001):
    tc = np.minimum(t, decay_steps)
    linear = (decay_steps - tc) / decay_steps
    cos = 0.5 + 0.5 * np.cos(tc * (2.0 * math.pi * num_periods / decay_steps))
    return learning_rate * ((alpha + linear) * cos + beta)


def _floor_noisy_linear_cosine(
    t,
    learning_rate,
    decay_steps,
    initial_variance=1.0,
    variance_decay=0.55,
    num_periods=0.5,
    alpha=0.0,
    beta=0.001,
    seed=None,
):
    tc = np.minimum(t, decay_steps)
    linear = (decay_steps - tc) / decay_steps
    cos = 0.5 + 0.5 * np.cos(tc * (2.0 * math.pi * num_periods / decay_steps))
    std = np.sqrt(initial_variance / (1.0 + tc) ** variance_decay)
    # numpy's stream generator: cheaper than lrdecay_lit's counter-based draws z(seed, step)
    # (Philox per step, lrdecay_lit.noise), which a stream cannot give, so this floor is not
    # the same function; the ratio shows what the per-step keying costs
    noise = np.random.default_rng(seed).standard_normal(t.shape) * std
    return learning_rate * ((alpha + linear + noise) * cos + beta)


def _floor_fixed(t, learning_rate):
    return np.full(t.shape, learning_rate)


FLOORS: dict[str, Callable[..., np.ndarray]] = {
    "exponential_decay": _floor_exponential,
    "natural_exp_decay": _floor_natural_exp,
    "inverse_time_decay": _floor_inverse_time,
    "polynomial_decay": _floor_polynomial,
    "piecewise_constant": _floor_piecewise,
    "cosine_decay": _floor_cosine,
    "cosine_decay_restarts": _floor_cosine_restarts,
    "linear_cosine_decay": _floor_linear_cosine,
    "noisy_linear_cosine_decay": _floor_noisy_linear_cosine,
    "fixed": _floor_fixed,
}


def floor(case: Case, steps: np.ndarray) -> np.ndarray:
    """The hand-written numpy formula for ``case`` evaluated on ``steps``."""
    return FLOORS[case.schedule](steps, **case.params)


# ---- 1. numpy --------------------------------------------------------------------------------

SIZES = (100_000, 1_000_000)
QUICK_SIZES = (100_000,)
CPU = time.process_time  # numpy is single-threaded here: CPU time is the stable measure
TARGET = 1.5


def check_floors_agree(n: int = 200_000) -> list[str]:
    """The floors must compute what lrdecay_lit computes (else the comparison is void).

    The noisy schedule's floor draws its noise from numpy's stream generator, not from
    lrdecay_lit's keyed draws, so it is compared with the noise switched off
    (``initial_variance=0``); its timed ratio is what the keyed noise costs.
    """
    problems = []
    t = np.arange(n)
    for case in CASES:
        if case.schedule == "noisy_linear_cosine_decay":
            case = Case(case.key, case.schedule, {**case.params, "initial_variance": 0.0})
        a, b = case.lit(t), floor(case, t)
        err = np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-300))
        if not err < 1e-9:
            problems.append(f"{case.key}: floor differs from lrdecay_lit by {err:.3g} (relative)")
    return problems


def bench_numpy(cases: list[Case], sizes: tuple[int, ...], repeats: int) -> list[dict]:
    """lrdecay_lit / floor per case and size: median of per-round ratios and its quartiles."""
    rows = []
    for n in sizes:
        t = np.arange(n)
        for case in cases:
            cmp = compare(
                {"lit": lambda c=case, t=t: c.lit(t), "floor": lambda c=case, t=t: floor(c, t)},
                baseline="floor",
                repeats=repeats,
                timer=CPU,
            )
            q1, q3 = cmp.spread("lit")
            rows.append(
                {
                    "case": case.key,
                    "schedule": case.schedule,
                    "steps": n,
                    "lit_over_numpy": round(cmp.ratio("lit"), 3),
                    "q1": round(q1, 3),
                    "q3": round(q3, 3),
                    "lit_s": cmp.timings["lit"].median,
                    "numpy_s": cmp.timings["floor"].median,
                }
            )
            print(
                f"  {case.key:24s} {n:>9,d} steps  {fmt_ratio(cmp.ratio('lit'))}", file=sys.stderr
            )
    return rows


# ---- 3. adapters -----------------------------------------------------------------------------

ADAPTER_WORKER = HERE / "_adapters.py"


def bench_adapters(python: str, repeats: int) -> dict:
    """Run ``_adapters.py`` in ``python``; its rows, or ``{"skipped": reason}``."""
    if not Path(python).exists():
        return {"skipped": f"{python} does not exist (make bench builds .venv-frameworks)"}
    env = {**os.environ, "KERAS_BACKEND": "jax", "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [python, str(ADAPTER_WORKER), str(repeats)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    sys.stderr.write(proc.stderr if proc.returncode else "")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode or not lines:
        return {"skipped": f"_adapters.py failed (exit {proc.returncode})"}
    return json.loads(lines[-1])


# ---- results ---------------------------------------------------------------------------------


def summary(results: dict) -> str:
    """The results as markdown: one table per section that ran (sections may be missing)."""
    parts = [
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['date']}; lrdecay_lit at {results['machine']['commit']}."
    ]
    numpy_rows = results.get("numpy")
    if numpy_rows:
        sizes = sorted({r["steps"] for r in numpy_rows})
        by = {(r["case"], r["steps"]): r for r in numpy_rows}
        body = []
        for key in dict.fromkeys(r["case"] for r in numpy_rows):
            cells = []
            for n in sizes:
                r = by.get((key, n))
                cells.append(
                    f"{fmt_ratio(r['lit_over_numpy'])} ({r['q1']:.2f}–{r['q3']:.2f})" if r else "–"
                )
            body.append([key, *cells])
        over = [
            f"{r['case']} at {r['steps']:,}" for r in numpy_rows if r["lit_over_numpy"] > TARGET
        ]
        parts.append(
            "## 1. lrdecay_lit / hand-written numpy (median, quartiles)\n\n"
            + table(["case", *(f"{n:,} steps" for n in sizes)], body)
            + f"\n\nOver the {TARGET}× target: {', '.join(over) or 'none'}."
        )
    imp = results.get("import")
    if imp:
        from bench_import import markdown

        parts.append("## 2. import lrdecay_lit\n\n" + markdown(imp))
    adapters = results.get("adapters")
    if adapters:
        if "skipped" in adapters:
            parts.append(f"## 3. adapters\n\nskipped: {adapters['skipped']}")
        else:
            body = [
                [
                    r["framework"],
                    r["schedule"],
                    r["native"],
                    fmt_time(r["adapter_s"]),
                    fmt_time(r["native_s"]),
                    fmt_ratio(r["adapter_over_native"]),
                ]
                for r in adapters["rows"]
            ]
            parts.append(
                "## 3. adapters: per call, against the framework's own schedule\n\n"
                + table(["framework", "schedule", "native", "adapter", "native", "ratio"], body)
                + f"\n\n{adapters['versions']}"
            )
    return "\n\n".join(parts)


def save(results: dict, out: Path) -> list[Path]:
    """``<out>/<date>.json`` (everything) and ``<out>/<date>-<section>.csv`` (the rows)."""
    out.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y-%m-%d")
    written = [out / f"{stem}.json"]
    written[0].write_text(json.dumps(results, indent=1) + "\n")
    sections = {
        "numpy": results.get("numpy"),
        "adapters": (results.get("adapters") or {}).get("rows"),
    }
    for name, rows in sections.items():
        if rows:
            path = out / f"{stem}-{name}.csv"
            with path.open("w", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1e5 steps only, 3 rounds")
    ap.add_argument("--repeats", type=int, default=None, help="rounds per comparison (default 7)")
    ap.add_argument("--only", nargs="+", metavar="CASE", choices=sorted(CASE), help="these cases")
    ap.add_argument("--no-numpy", action="store_true", help="skip section 1")
    ap.add_argument("--no-import", action="store_true", help="skip section 2")
    ap.add_argument("--no-adapters", action="store_true", help="skip section 3")
    ap.add_argument(
        "--bench-python",
        default=os.environ.get("LRDECAY_BENCH_PYTHON") or str(REPO / ".venv-frameworks/bin/python"),
        help="interpreter with torch, keras and optax (default: .venv-frameworks, which "
        "`make bench` builds from requirements-frameworks.txt)",
    )
    ap.add_argument("--out", type=Path, default=HERE / "results", help="results directory")
    ap.add_argument("--report", type=Path, help="print the summary of a saved JSON and stop")
    args = ap.parse_args(argv)
    if args.report:
        print(summary(json.loads(args.report.read_text())))
        return 0
    repeats = args.repeats or (3 if args.quick else 7)
    results: dict = {
        "machine": machine(),
        "options": {"repeats": repeats, "quick": args.quick, "only": args.only},
    }
    status = 0
    if not args.no_numpy:
        problems = check_floors_agree()
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        cases = [CASE[k] for k in args.only] if args.only else list(CASES)
        print("1. lrdecay_lit / hand-written numpy", file=sys.stderr)
        results["numpy"] = bench_numpy(cases, QUICK_SIZES if args.quick else SIZES, repeats)
    if not args.no_import:
        from bench_import import measure

        print("2. import lrdecay_lit", file=sys.stderr)
        results["import"] = measure(repeats=5 if args.quick else 15)
        status |= bool(results["import"]["forbidden"])
    if not args.no_adapters:
        print(f"3. adapters ({args.bench_python})", file=sys.stderr)
        results["adapters"] = bench_adapters(args.bench_python, repeats)
    print(summary(results))
    for path in save(results, args.out):
        print(
            f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}",
            file=sys.stderr,
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
