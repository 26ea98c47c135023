"""Benchmark lrdecay_lit's schedules against the raw-numpy floor, a scalar loop and frameworks.

Run from the repository root::

    python benchmarks/bench_schedules.py            # full run, prints markdown tables
    python benchmarks/bench_schedules.py --quick    # fewer repeats and sizes (smoke run)

Every number printed as a claim is a *ratio of medians measured side by side* in this run
(see ``benchmarks/_harness.py``); absolute times are shown for orientation only.

Sections:

1. lrdecay_lit vs the same formula hand-written in numpy without validation (the floor,
   defined in :data:`FLOORS` below, and only here) and vs a Python loop calling the scalar
   API, for 1e3, 1e5 and 1e6 steps. Target: lrdecay_lit <= 1.5x the floor.
2. Scaling from 1e3 to 1e7 steps: the log-log slope of time against steps.
3. Frameworks (optional; each skipped with a printed reason when not installed): run by
   ``benchmarks/_frameworks.py`` in the interpreter that has them (``--tf-python``,
   ``--bench-python``), which times lrdecay_lit in the same process for the ratio.
4. ``import lrdecay_lit`` vs ``import numpy`` (``benchmarks/bench_import.py``).
"""

from __future__ import annotations

import argparse
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

from _harness import (  # noqa: E402
    REPO,
    compare,
    fmt_ratio,
    fmt_time,
    loglog_slope,
    machine,
    table,
    use_repo_package,
)

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


def scalar_loop(case: Case, n: int) -> list[float]:
    """What a naive port does: call the scalar API once per step."""
    fn = getattr(lrdecay_lit, case.schedule)
    kw, arg = case.params, case.step_arg
    return [fn(**kw, **{arg: s}) for s in range(n)]


# ---------------------------------------------------------------------------------------
# Section 1: floor and scalar loop
# ---------------------------------------------------------------------------------------

SIZES = (1_000, 100_000, 1_000_000)
CPU = time.process_time  # numpy is single-threaded here: CPU time is the stable measure
LOOP_CHUNK = 5_000  # the scalar loop is timed on this many steps and scaled (it is linear)
TARGET_FLOOR = 1.5


def check_floors_agree(n: int = 200_000) -> list[str]:
    """The floors must compute what lrdecay_lit computes (else the comparison is void)."""
    problems = []
    t = np.arange(n)
    for case in CASES:
        a, b = case.lit(t), floor(case, t)
        err = np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-300))
        if not err < 1e-9:
            problems.append(f"{case.key}: floor differs from lrdecay_lit by {err:.3g} (relative)")
    return problems


def bench_numpy(sizes, repeats: int) -> list[dict]:
    rows = []
    for n in sizes:
        t = np.arange(n)
        for case in CASES:
            chunk = min(n, LOOP_CHUNK)
            cmp = compare(
                {
                    "lit": lambda c=case, t=t: c.lit(t),
                    "floor": lambda c=case, t=t: floor(c, t),
                    "loop": lambda c=case, k=chunk: scalar_loop(c, k),
                },
                baseline="floor",
                repeats=repeats,
                timer=CPU,
                scales={"loop": n / chunk},
                numbers={"loop": 1},
            )
            lo, hi = cmp.spread("lit")
            rows.append(
                {
                    "case": case.key,
                    "n": n,
                    "lit_over_floor": cmp.ratio("lit"),
                    "q1": lo,
                    "q3": hi,
                    "loop_over_lit": cmp.ratio("loop", "lit"),
                    "t_lit": cmp.timings["lit"].median,
                    "t_floor": cmp.timings["floor"].median,
                    "loop_extrapolated": chunk < n,
                }
            )
            print(
                f"  {case.key:24s} n={n:>9,d}  lit/floor {fmt_ratio(rows[-1]['lit_over_floor'])}"
                f"  loop/lit {fmt_ratio(rows[-1]['loop_over_lit'])}",
                file=sys.stderr,
            )
    return rows


# ---------------------------------------------------------------------------------------
# Section 2: scaling
# ---------------------------------------------------------------------------------------

SCALING_SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)


def bench_overhead(repeats: int, n: int = 1_000) -> dict:
    """Split lrdecay_lit's and the floor's time into a fixed cost per call and a cost per step.

    Both are timed side by side on 1 step and on ``n`` steps: the 1-step time is the fixed
    cost (argument checks, dispatch, allocation), the rest divided by ``n - 1`` the cost per
    step. This explains a lit/floor ratio at small sizes. The validation helpers of
    ``lrdecay_lit._validation`` are timed too, in units of one numpy ufunc call on ``n``
    floats (``np.multiply(x, 2.0)``), the cheapest thing a schedule does.
    """
    rows = []
    one, many = np.arange(1), np.arange(n)
    for case in CASES:
        cmp = compare(
            {
                "lit 1": lambda c=case: c.lit(one),
                "floor 1": lambda c=case: floor(c, one),
                "lit n": lambda c=case: c.lit(many),
                "floor n": lambda c=case: floor(c, many),
            },
            baseline="floor n",
            repeats=repeats,
            timer=CPU,
        )
        tm = {k: v.median for k, v in cmp.timings.items()}
        rows.append(
            {
                "case": case.key,
                "fixed_lit": tm["lit 1"],
                "fixed_floor": tm["floor 1"],
                "step_lit": max(tm["lit n"] - tm["lit 1"], 0.0) / (n - 1),
                "step_floor": max(tm["floor n"] - tm["floor 1"], 0.0) / (n - 1),
                "ratio_n": cmp.ratio("lit n"),
                "extra_fixed_share": (tm["lit 1"] - tm["floor 1"]) / tm["lit n"],
            }
        )
    helpers = []
    try:
        from lrdecay_lit import _validation as V
    except ImportError:  # private module renamed: skip this part
        V = None
    if V is not None:
        x = np.arange(n, dtype=np.float64)
        fx = x.copy()
        cands = {
            "np.multiply(x, 2.0) (unit)": lambda: np.multiply(x, 2.0),
            "check_real": lambda: V.check_real("decay_steps", 10_000, gt=0),
            "check_bool": lambda: V.check_bool("staircase", False),
            f"check_steps(int64 array of {n})": lambda: V.check_steps("global_step", many),
            f"check_steps(float64 array of {n})": lambda: V.check_steps("global_step", fx),
            "check_steps(Python int)": lambda: V.check_steps("global_step", 5),
            "check_sorted_boundaries(4 ints)": lambda: V.check_sorted_boundaries(
                "boundaries", [100_000, 300_000, 600_000, 900_000]
            ),
            "check_values_length(5 floats)": lambda: V.check_values_length(
                "values", [0.1, 0.05, 0.025, 0.0125, 0.00625], 4
            ),
            f"ndarray.min() on int64 array of {n}": lambda: many.min(),
        }
        cmp = compare(cands, baseline="np.multiply(x, 2.0) (unit)", repeats=repeats, timer=CPU)
        for name in cands:
            helpers.append(
                {"helper": name, "units": cmp.ratio(name), "time": cmp.timings[name].median}
            )
    return {"n": n, "rows": rows, "helpers": helpers}


def bench_scaling(sizes, repeats: int) -> list[dict]:
    rows = []
    steps = {n: np.arange(n) for n in sizes}
    for case in CASES:
        cands = {}
        for n in sizes:
            cands[f"lit {n}"] = lambda c=case, t=steps[n]: c.lit(t)
            cands[f"floor {n}"] = lambda c=case, t=steps[n]: floor(c, t)
        cmp = compare(cands, baseline=f"lit {sizes[0]}", repeats=repeats, target=0.05, timer=CPU)
        lit = [cmp.timings[f"lit {n}"].median for n in sizes]
        flo = [cmp.timings[f"floor {n}"].median for n in sizes]
        big = [i for i, n in enumerate(sizes) if n >= 100_000]
        rows.append(
            {
                "case": case.key,
                "slope_all": loglog_slope(sizes, lit),
                "slope_big": loglog_slope([sizes[i] for i in big], [lit[i] for i in big]),
                "floor_slope_big": loglog_slope([sizes[i] for i in big], [flo[i] for i in big]),
                "growth": cmp.ratio(f"lit {sizes[-1]}", f"lit {sizes[0]}"),
                "per_step_big": lit[-1] / sizes[-1],
            }
        )
        print(
            f"  scaling {case.key:24s} slope {rows[-1]['slope_all']:.2f} "
            f"(>=1e5: {rows[-1]['slope_big']:.2f})",
            file=sys.stderr,
        )
    return rows


# ---------------------------------------------------------------------------------------
# Section 3: frameworks, each in a worker process running the interpreter that has them
# ---------------------------------------------------------------------------------------

WORKER = HERE / "_frameworks.py"
FRAMEWORK_GROUPS = {
    # group: (interpreter option, environment additions)
    "tf": ("tf_python", {}),
    "keras-tf": ("tf_python", {"KERAS_BACKEND": "tensorflow"}),
    "torch": ("bench_python", {}),
    "optax": ("bench_python", {}),
    "optax-x64": ("bench_python", {"JAX_ENABLE_X64": "1"}),
    "keras-jax": ("bench_python", {"KERAS_BACKEND": "jax"}),
}


def run_worker(group: str, python: str | None, config: dict) -> dict:
    """Run one framework group; returns its JSON result or {"skipped": reason}."""
    if not python:
        return {"group": group, "skipped": "no interpreter given"}
    if not Path(python).exists():
        return {"group": group, "skipped": f"{python} does not exist"}
    env = dict(os.environ)
    env.update(FRAMEWORK_GROUPS[group][1])
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONWARNINGS"] = "ignore"
    cmd = [python, str(WORKER), group, json.dumps(config)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    stdout, tail = [], []
    with proc:
        assert proc.stderr is not None and proc.stdout is not None
        for line in proc.stderr:  # progress lines start with spaces; keep the rest for errors
            if line.startswith("    "):
                print(line.rstrip(), file=sys.stderr, flush=True)
            else:
                tail = (tail + [line.rstrip()])[-3:]
        stdout = proc.stdout.read().splitlines()
    if proc.returncode != 0:
        return {"group": group, "skipped": f"worker failed: {' | '.join(tail)}"}
    for line in reversed(stdout):
        if line.startswith("{"):
            out = json.loads(line)
            out["wall"] = time.perf_counter() - t0
            return out
    return {"group": group, "skipped": "worker printed no result"}


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def _fmt_n(n: int) -> str:
    if n <= 0:
        return "-"
    e = round(math.log10(n))
    return f"1e{e}" if 10**e == n else f"{n:,}"


def report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append("## Machine\n")
    out.append(
        f"{m['cpu']}, {m['cores']} cores; Python {m['python']}, numpy {m['numpy']}; "
        f"{m['platform']}; {m['date']}; {results['repeats']} rounds per comparison; "
        f"lrdecay_lit at commit {m.get('commit', '?')}.\n"
    )

    out.append("## 1. lrdecay_lit vs the raw-numpy floor and a scalar Python loop\n")
    out.append(
        "CPU time of this process (numpy runs on one thread), ratios of medians measured side "
        "by side. `lit/floor`: lrdecay_lit (validation included) over the same formula "
        "hand-written "
        f"in numpy (target <= {TARGET_FLOOR}x); `[q1-q3]` the quartiles of the per-round "
        "ratio. `loop/lit`: a Python loop calling the scalar API once per step, over "
        f"lrdecay_lit on the whole vector (loop timed on {LOOP_CHUNK:,} steps and scaled "
        "above that).\n"
    )
    sizes = sorted({r["n"] for r in results["numpy"]})
    header = (
        ["schedule"]
        + [f"lit/floor {_fmt_n(n)}" for n in sizes]
        + [f"loop/lit {_fmt_n(n)}" for n in sizes]
        + [f"lit {_fmt_n(sizes[-1])}"]
    )
    rows = []
    by = {(r["case"], r["n"]): r for r in results["numpy"]}
    for case in CASES:
        row = [case.key]
        for n in sizes:
            r = by[(case.key, n)]
            flag = " ✗" if r["lit_over_floor"] > TARGET_FLOOR else ""
            row.append(f"{fmt_ratio(r['lit_over_floor'])} [{r['q1']:.2f}-{r['q3']:.2f}]{flag}")
        for n in sizes:
            row.append(fmt_ratio(by[(case.key, n)]["loop_over_lit"]))
        row.append(fmt_time(by[(case.key, sizes[-1])]["t_lit"]))
        rows.append(row)
    out.append(table(header, rows) + "\n")
    misses = [r for r in results["numpy"] if r["lit_over_floor"] > TARGET_FLOOR]
    if misses:
        out.append(
            "Over the 1.5x target: "
            + ", ".join(
                f"{r['case']} at {_fmt_n(r['n'])} ({fmt_ratio(r['lit_over_floor'])})"
                for r in misses
            )
            + ".\n"
        )
    else:
        out.append("Every schedule is within 1.5x of the floor at every size.\n")
    if results.get("floor_problems"):
        out.append("**Floor mismatch:** " + "; ".join(results["floor_problems"]) + "\n")

    ov = results.get("overhead")
    if ov:
        n = ov["n"]
        out.append(f"### 1b. Fixed cost per call and cost per step (at {_fmt_n(n)} steps)\n")
        out.append(
            "Each call timed side by side on 1 step (the fixed cost: argument checks, "
            f"dispatch, allocation) and on {n:,} steps (the rest, per step). `extra fixed "
            f"share`: the part of lrdecay_lit's time at {_fmt_n(n)} that is fixed cost above "
            "the floor's. Absolute times for orientation only.\n"
        )
        rows = [
            [
                r["case"],
                fmt_time(r["fixed_lit"]),
                fmt_time(r["fixed_floor"]),
                fmt_time(r["step_lit"]),
                fmt_time(r["step_floor"]),
                fmt_ratio(r["ratio_n"]),
                f"{100 * r['extra_fixed_share']:.0f}%",
            ]
            for r in ov["rows"]
        ]
        out.append(
            table(
                [
                    "schedule",
                    "fixed lit",
                    "fixed floor",
                    "per step lit",
                    "per step floor",
                    f"lit/floor {_fmt_n(n)}",
                    "extra fixed share",
                ],
                rows,
            )
            + "\n"
        )
        if ov["helpers"]:
            out.append(
                "Validation helpers (`lrdecay_lit._validation`), in units of one "
                f"`np.multiply(x, 2.0)` on {n:,} float64 (measured side by side):\n"
            )
            rows = [[h["helper"], f"{h['units']:.2f}", fmt_time(h["time"])] for h in ov["helpers"]]
            out.append(table(["call", "ufunc-call units", "time"], rows) + "\n")

    if results.get("scaling"):
        out.append("## 2. Scaling from 1e3 to 1e7 steps\n")
        out.append(
            "Slope of log(time) against log(steps) for lrdecay_lit (1.0 = linear); "
            "`>=1e5` fits 1e5..1e7 only, where the fixed per-call cost no longer "
            "dominates. `1e7/1e3`: time ratio between the two ends (measured side by "
            "side).\n"
        )
        rows = [
            [
                r["case"],
                f"{r['slope_all']:.2f}",
                f"{r['slope_big']:.2f}",
                f"{r['floor_slope_big']:.2f}",
                fmt_ratio(r["growth"]),
                fmt_time(r["per_step_big"]),
            ]
            for r in results["scaling"]
        ]
        out.append(
            table(
                [
                    "schedule",
                    "slope 1e3..1e7",
                    "slope >=1e5",
                    "floor slope >=1e5",
                    "1e7/1e3",
                    "per step at 1e7",
                ],
                rows,
            )
            + "\n"
        )

    fw = results.get("frameworks") or []
    if fw:
        out.append("## 3. Frameworks\n")
        out.append(
            "Ratio = framework time / lrdecay_lit time, both measured in the same "
            "worker process, round by round (>1 means lrdecay_lit is faster). "
            "lrdecay_lit computes in float64; TF, Keras and optax in float32 (except "
            "`optax jit+vmap (float64)`), PyTorch in Python floats (float64). "
            "`*`: per-step loops timed on a chunk of steps and scaled (their cost per "
            "step is constant).\n"
        )
        for g in fw:
            if "skipped" in g:
                out.append(f"- **{g['group']}**: skipped — {g['skipped']}")
        out.append("")
        speed = [r for g in fw for r in g.get("speed", [])]
        if speed:
            sizes = sorted({r["n"] for r in speed})
            methods = []
            for r in speed:
                if r["method"] not in methods:
                    methods.append(r["method"])
            idx = {(r["case"], r["method"], r["n"]): r for r in speed}
            failed = {(r["case"], r["method"]) for r in speed if r.get("error")}
            for n in sizes:
                out.append(f"**{_fmt_n(n)} steps** (framework time / lrdecay_lit time):\n")
                rows = []
                for case in CASES:
                    row = [case.key]
                    for meth in methods:
                        r = idx.get((case.key, meth, n))
                        if (case.key, meth) in failed:
                            row.append("fails")
                        elif r is None or r.get("error"):
                            row.append("–")
                        else:
                            star = "*" if r.get("extrapolated") else ""
                            row.append(fmt_ratio(r["ratio"]) + star)
                    rows.append(row)
                out.append(table(["schedule", *methods], rows) + "\n")
            out.append("`–`: no equivalent schedule in that framework. `fails`: see below.\n")
            notes = sorted({f"{r['method']}: {r['error']}" for r in speed if r.get("error")})
            for note in notes:
                out.append(f"- {note}")
            out.append("")
        comp = [c for g in fw for c in g.get("compile", [])]
        if comp:
            out.append(
                "JIT compile time (optax, `jax.jit(jax.vmap(schedule))`, per step-vector "
                "shape), as a multiple of one lrdecay_lit evaluation of 1e6 steps in the "
                "same process:\n"
            )
            rows = [
                [
                    c["case"],
                    c.get("method", "optax jit+vmap"),
                    _fmt_n(c["n"]),
                    fmt_time(c["compile"]),
                    fmt_ratio(c["ratio_1e6"]),
                ]
                for c in comp
            ]
            out.append(
                table(
                    ["schedule", "method", "shape", "compile (median)", "compile / lit(1e6)"], rows
                )
                + "\n"
            )
        errs = [e for g in fw for e in g.get("errors", [])]
        if errs:
            out.append("### Float error against lrdecay_lit (float64)\n")
            out.append(
                "Max relative error |framework - lrdecay_lit| / lrdecay_lit over steps "
                "0..N-1, and the step where it occurs. float32 rounding alone gives about "
                "6e-8.\n"
            )
            emethods = []
            for e in errs:
                if e["method"] not in emethods:
                    emethods.append(e["method"])
            eidx = {(e["case"], e["method"]): e for e in errs}
            rows, notes = [], []
            for case in CASES:
                row = [case.key]
                for meth in emethods:
                    e = eidx.get((case.key, meth))
                    if e is None:
                        row.append("–")
                    elif e.get("max_rel") is None:
                        row.append("random" if "random" in e.get("note", "") else "fails")
                    else:
                        row.append(f"{e['max_rel']:.2g}")
                        if e["max_rel"] > 1e-4:
                            notes.append(
                                f"{case.key}, {meth}: {e['max_rel']:.2g} at step "
                                f"{e['at']} ({e.get('note', '')})"
                            )
                rows.append(row)
            ns = sorted({_fmt_n(e["n"]) + " (" + e["method"] + ")" for e in errs if e["n"]})
            out.append(table(["schedule", *emethods], rows) + "\n")
            out.append(
                "Steps compared: "
                + "; ".join(sorted({f"{e['method']}: 0..{_fmt_n(e['n'])}" for e in errs if e["n"]}))
                + ".\n"
            )
            del ns
            for note in notes:
                out.append(f"- {note}")
            out.append("")
        rs = [e for g in fw for e in g.get("restarts", [])]
        if rs:
            out.append("### SGDR restart placement\n")
            out.append(
                "Steps where the rate jumps back up (a restart), compared with "
                "lrdecay_lit's, which are the first whole steps at or after the "
                "real-number restart points S_i.\n"
            )
            rows = [
                [
                    r["config"],
                    r["method"],
                    _fmt_n(r["n"]),
                    r["expected"],
                    r["misplaced"],
                    r["detail"],
                ]
                for r in rs
            ]
            out.append(
                table(["config", "framework", "steps", "restarts", "misplaced", "detail"], rows)
                + "\n"
            )
        vers = {k: v for g in fw for k, v in g.get("versions", {}).items()}
        if vers:
            out.append(
                "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(vers.items())) + ".\n"
            )

    imp = results.get("import")
    if imp:
        out.append("## 4. Import time\n")
        out.append(imp["markdown"] + "\n")

    targets = results.get("targets")
    if targets:
        out.append("## Targets\n")
        out.append(table(["target", "measured", "met"], targets) + "\n")
    return "\n".join(out)


def check_targets(results: dict) -> list[list[str]]:
    rows = []
    num = results["numpy"]
    worst = max(num, key=lambda r: r["lit_over_floor"])
    ok = all(r["lit_over_floor"] <= TARGET_FLOOR for r in num)
    rows.append(
        [
            f"lit <= {TARGET_FLOOR}x raw-numpy floor "
            f"({', '.join(_fmt_n(n) for n in sorted({r['n'] for r in num}))})",
            f"worst {fmt_ratio(worst['lit_over_floor'])} ({worst['case']}, {_fmt_n(worst['n'])})",
            "yes" if ok else "no",
        ]
    )
    speed = [
        r
        for g in results.get("frameworks") or []
        for r in g.get("speed", [])
        if r["n"] >= 100_000 and not r.get("error")
    ]

    def worst_of(method_prefix: str, need: float, faster: bool) -> None:
        rs = [
            r
            for r in speed
            if r["method"].startswith(method_prefix)
            and ("float64" in r["method"]) == ("float64" in method_prefix)
        ]
        if faster:
            label = f">= {fmt_ratio(need)} faster than {method_prefix} (>=1e5 steps)"
        else:
            label = f"within {need:g}x of {method_prefix} (>=1e5 steps)"
        if not rs:
            rows.append([label, "not measured", "-"])
            return
        w = min(rs, key=lambda r: r["ratio"])
        ok = w["ratio"] >= (need if faster else 1 / need)
        rows.append(
            [
                label,
                f"worst {fmt_ratio(w['ratio'])} ({w['case']}, {_fmt_n(w['n'])})",
                "yes" if ok else "no",
            ]
        )

    worst_of("TF v1 per step", 10_000, True)
    worst_of("PyTorch loop", 100, True)
    worst_of("TF v1 vector", 2, False)
    worst_of("Keras 3", 2, False)
    worst_of("optax jit+vmap", 2, False)
    worst_of("optax jit+vmap (float64)", 2, False)
    imp = results.get("import")
    if imp:
        rows.append(
            [
                "import lrdecay_lit < 0.15 s above numpy",
                f"{imp['delta']:.3f} s (median)",
                "yes" if imp["delta"] < 0.15 else "no",
            ]
        )
        rows.append(
            [
                "no sympy/matplotlib/ipywidgets on import",
                ", ".join(imp["heavy"]) or "none imported",
                "no" if imp["heavy"] else "yes",
            ]
        )
    return rows


def _default_bench_python() -> str:
    return str(REPO / ".venv-frameworks" / "bin" / "python")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds and sizes (smoke run)")
    ap.add_argument("--repeats", type=int, default=None, help="rounds per comparison (default 9)")
    ap.add_argument("--no-numpy", action="store_true", help="skip sections 1 and 1b")
    ap.add_argument("--no-frameworks", action="store_true")
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--no-import", action="store_true")
    ap.add_argument(
        "--tf-python",
        default=os.environ.get("LRDECAY_TF_PYTHON", "/work/tfvenv/bin/python"),
        help="interpreter with tensorflow (default $LRDECAY_TF_PYTHON or /work/tfvenv)",
    )
    ap.add_argument(
        "--bench-python",
        default=os.environ.get("LRDECAY_BENCH_PYTHON") or _default_bench_python(),
        help="interpreter with torch, jax, optax, keras (default $LRDECAY_BENCH_PYTHON, else "
        ".venv-frameworks/bin/python, built from requirements-frameworks.txt by `make "
        "test-frameworks`)",
    )
    ap.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="framework groups to run: " + ", ".join(FRAMEWORK_GROUPS),
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    ap.add_argument(
        "--update",
        action="store_true",
        help="with --json: start from the results already in that file and replace only the "
        "sections (and framework groups) run now",
    )
    ap.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="JSON",
        help="only print the report of results saved earlier with --json",
    )
    args = ap.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 9)
    sizes = (1_000, 100_000) if args.quick else SIZES

    if args.report:
        results = json.loads(args.report.read_text())
        results["targets"] = check_targets(results)
        print(report(results))
        return 0

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, default=str))

    results: dict = {"machine": machine(), "repeats": repeats, "started": time.time()}
    if args.update and args.json and args.json.exists():
        results = json.loads(args.json.read_text())
        results.setdefault("updated", []).append(machine()["date"])
    if not args.no_numpy:
        results["floor_problems"] = check_floors_agree()
        print("section 1: floor and scalar loop", file=sys.stderr)
        results["numpy"] = bench_numpy(sizes, repeats)
        results["overhead"] = bench_overhead(max(repeats, 9))
        save()
    if not args.no_scaling:
        print("section 2: scaling", file=sys.stderr)
        ss = SCALING_SIZES[:4] if args.quick else SCALING_SIZES
        results["scaling"] = bench_scaling(ss, max(3, repeats // 2))
        save()
    if not args.no_frameworks:
        print("section 3: frameworks", file=sys.stderr)
        config = {
            "sizes": list(sizes),
            "repeats": max(3, repeats // 2) if args.quick else repeats,
            "quick": args.quick,
        }
        previous = {g["group"]: g for g in results.get("frameworks", [])}
        for group in args.only or FRAMEWORK_GROUPS:
            python = getattr(args, FRAMEWORK_GROUPS[group][0])
            print(f"  {group} ({python})", file=sys.stderr)
            res = run_worker(group, python, config)
            if "skipped" in res:
                print(f"  {group}: skipped: {res['skipped']}", file=sys.stderr)
            else:
                print(f"  {group}: done in {res['wall']:.0f} s", file=sys.stderr)
            previous[group] = res
            results["frameworks"] = [previous[g] for g in FRAMEWORK_GROUPS if g in previous]
            save()
    if not args.no_import:
        print("section 4: import time", file=sys.stderr)
        import bench_import

        results["import"] = bench_import.measure(repeats=7 if args.quick else 15)
    results["wall"] = time.time() - results.get("started", time.time())
    save()
    results["targets"] = check_targets(results)
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
