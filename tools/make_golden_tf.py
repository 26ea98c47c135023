#!/usr/bin/env python3
"""Write ``tests/data/tf1_values.json``: learning rates computed by real TensorFlow.

It also writes the package's extract of that file, ``lrdecay_lit/book/data/tf1_values.json``
(:func:`lrdecay_lit.book.tf_reference.book_extract`: what the book reads); ``--extract-only``
rewrites just the extract from the existing golden file, without TensorFlow.

Not part of the install or of the test run: it needs TensorFlow, which the project never
depends on. Run it in a separate virtualenv (see ``tools/README.md``)::

    python3.11 -m venv /tmp/tfvenv
    /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0 mpmath
    /tmp/tfvenv/bin/python tools/make_golden_tf.py        # from the repository root

What it stores, per case (a schedule, its hyper-parameters and a list of steps):

* ``tf_float32``: ``tf.compat.v1.train.<schedule>`` in eager mode, hyper-parameters given
  as Python numbers exactly as the articles do (TF converts them to float32 and computes
  in float32), each step given as a scalar int64 ``global_step`` as in real training.
* ``tf_float64``: the same computation with ``learning_rate`` and every float
  hyper-parameter passed as ``tf.float64`` tensors, so TF computes in float64 and tight
  tolerances are possible. ``tf.compat.v1.train.cosine_decay*`` cannot run in float64 (a
  float32 ``constant(math.pi)`` is multiplied with the float64 fraction), so for
  ``cosine_decay`` and ``cosine_decay_restarts`` the float64 values come from Keras 3's
  ``keras.optimizers.schedules.CosineDecay``/``CosineDecayRestarts`` (the same formula,
  checked here to be bit-identical to ``tf.compat.v1.train`` in float32); there is no
  float64 path at all for ``linear_cosine_decay`` and the noisy variant (``null``).
* ``exact_float64`` (only where there is no float64 TF path): the exact real-number value
  of TF's formula at each step (exact rationals + mpmath at 50 digits, rounded to float64),
  after checking it against TF's float32 value at every step.
* ``f32_unresolved``: indices where float32 cannot resolve the step at all (error bound
  from ``tests/golden/tolerance.py`` above ``RESOLVE_LIMIT`` of the scale).
* ``deviations``: every point where TF's value differs from the exact real-number value
  of TF's own formula by more than the error model allows (a staircase floor, a cycle
  ceil or a warm restart pushed across its jump by rounding), with the exact value
  (computed here with exact rationals + mpmath at 50 digits) and the reason.

Noise of ``noisy_linear_cosine_decay`` cannot be reproduced: its deterministic part is
stored as cases with ``initial_variance=0``, and the noise as empirical mean/variance over
many TF draws (``noisy_statistics``). ``observations`` records what TF does with invalid
input (``decay_steps=0``, negative steps, unsorted boundaries, ...), for the book.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import mpmath  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "golden"))

import tolerance as tol  # noqa: E402  (tests/golden/tolerance.py)

mpmath.mp.dps = 50
SEED = 20240601
OUT = ROOT / "tests" / "data" / "tf1_values.json"
BOOK_OUT = ROOT / "lrdecay_lit" / "book" / "data" / "tf1_values.json"

from lrdecay_lit.schedules import DEFINITIONS  # noqa: E402  (numpy only)

FLOAT_PARAMS = {
    # the real parameters TF casts to the float type (the length in steps stays as given)
    name: tuple(p.name for p in d.symbol_params if p.name != d.time_scale)
    for name, d in DEFINITIONS.items()
    if d.time_scale is not None
}
DEFAULTS = {  # TF's defaults (Keras 3's constructors need every one)
    name: {p.name: p.default for p in d.params if p.default is not None and p.kind != "seed"}
    for name, d in DEFINITIONS.items()
    if d.time_scale is not None
}


# --------------------------------------------------------------------------------------
# TensorFlow
# --------------------------------------------------------------------------------------


def _tf():
    import tensorflow as tf

    assert tf.executing_eagerly()
    return tf


def _call(fn_result):
    """``tf.compat.v1.train.*`` returns a zero-argument callable in eager mode."""
    while callable(fn_result) and not hasattr(fn_result, "numpy"):
        fn_result = fn_result()
    return fn_result.numpy()


def tf_values(schedule: str, params: dict, steps: list[int], dtype: str) -> list[float] | None:
    """TF's value at each step, each step evaluated as a scalar int64 ``global_step``."""
    tf = _tf()
    v1 = tf.compat.v1.train
    if dtype == "float64" and schedule in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        return None
    out = []
    for s in steps:
        step = tf.constant(s, tf.int64)
        if schedule == "piecewise_constant":
            values = params["values"]
            if dtype == "float64":
                values = [tf.constant(v, tf.float64) for v in values]
            r = _call(v1.piecewise_constant(step, list(params["boundaries"]), values))
        elif schedule == "fixed":
            r = tf.constant(params["learning_rate"], getattr(tf, dtype)).numpy()
        elif dtype == "float64" and schedule in ("cosine_decay", "cosine_decay_restarts"):
            r = _keras3(schedule, params, "float64")(step).numpy()
        else:
            kw = {**DEFAULTS.get(schedule, {}), **params}
            if dtype == "float64":
                for k in FLOAT_PARAMS[schedule]:
                    kw[k] = tf.constant(kw[k], tf.float64)
                for k in ("decay_steps", "first_decay_steps"):
                    if isinstance(kw.get(k), float):
                        kw[k] = tf.constant(kw[k], tf.float64)
            lr = kw.pop("learning_rate")
            r = _call(getattr(v1, schedule)(lr, step, **kw))
        assert r.dtype == np.dtype(dtype), (schedule, r.dtype)
        out.append(float(r))
    return out


def _keras3(schedule: str, params: dict, dtype: str):
    import keras

    p = {**DEFAULTS[schedule], **params}
    f = np.float64 if dtype == "float64" else float
    if schedule == "cosine_decay":
        return keras.optimizers.schedules.CosineDecay(
            f(p["learning_rate"]), p["decay_steps"], alpha=f(p["alpha"])
        )
    return keras.optimizers.schedules.CosineDecayRestarts(
        f(p["learning_rate"]),
        p["first_decay_steps"],
        t_mul=f(p["t_mul"]),
        m_mul=f(p["m_mul"]),
        alpha=f(p["alpha"]),
    )


def keras3_matches_v1_float32(schedule: str, params: dict, steps: list[int]) -> bool:
    """Evidence that Keras 3's schedule is TF1's formula: bit-identical in float32."""
    tf = _tf()
    k3 = [float(_keras3(schedule, params, "float32")(tf.constant(s, tf.int64))) for s in steps]
    return k3 == tf_values(schedule, params, steps, "float32")


# --------------------------------------------------------------------------------------
# Exact real-number values of TF's formulas (exact rationals where a floor/ceil decides)
# --------------------------------------------------------------------------------------


def _mp(x) -> mpmath.mpf:
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def restart_period(F: Fraction, t: Fraction) -> tuple[int, Fraction] | None:
    """Exact period index and fraction for ``F = step / first_decay_steps``."""
    if t == 1:
        i = math.floor(F)
        return i, F - i
    if t < 1 and F >= 1 / (1 - t):
        return None  # beyond the last restart: undefined (TF: nan)
    i = int(mpmath.floor(mpmath.log(1 - _mp(F) * (1 - _mp(t))) / mpmath.log(_mp(t))))
    i = max(i, 0)

    def start(j: int) -> Fraction:
        return (t**j - 1) / (t - 1)

    while start(i + 1) <= F:
        i += 1
    while i > 0 and start(i) > F:
        i -= 1
    return i, (F - start(i)) / t**i


def exact_value(schedule: str, params: dict, step: int) -> float | None:
    p = {**DEFAULTS.get(schedule, {}), **params}
    s = Fraction(step)
    pi = mpmath.pi
    if schedule == "fixed":
        return float(p["learning_rate"])
    if schedule == "piecewise_constant":
        b, v = p["boundaries"], p["values"]
        for i, bi in enumerate(b):
            if s <= Fraction(bi):
                return float(v[i])
        return float(v[-1])
    lr = _mp(p["learning_rate"])
    if schedule in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        q = s / Fraction(p["decay_steps"])
        if p["staircase"]:
            q = Fraction(math.floor(q))
        k = _mp(p["decay_rate"])
        if schedule == "exponential_decay":
            r = lr * k ** _mp(q)
        elif schedule == "natural_exp_decay":
            r = lr * mpmath.exp(-k * _mp(q))
        else:
            r = lr / (1 + k * _mp(q))
        return float(r)
    if schedule == "polynomial_decay":
        ds = Fraction(p["decay_steps"])
        if p["cycle"]:
            mult = 1 if s == 0 else math.ceil(s / ds)
            q = s / (ds * mult)
        else:
            q = min(s, ds) / ds
        end = _mp(p["end_learning_rate"])
        base = 1 - _mp(q)
        return float((lr - end) * (base ** _mp(p["power"]) if base > 0 else 0) + end)
    if schedule == "cosine_decay":
        ds = Fraction(p["decay_steps"])
        q = min(s, ds) / ds
        a = _mp(p["alpha"])
        return float(lr * ((1 - a) * (1 + mpmath.cos(pi * _mp(q))) / 2 + a))
    if schedule == "cosine_decay_restarts":
        per = restart_period(s / Fraction(p["first_decay_steps"]), Fraction(p["t_mul"]))
        if per is None:
            return None
        i, u = per
        a, m = _mp(p["alpha"]), _mp(p["m_mul"])
        return float(lr * ((1 - a) * m**i * (1 + mpmath.cos(pi * _mp(u))) / 2 + a))
    if schedule in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        assert schedule == "linear_cosine_decay" or p["initial_variance"] == 0
        ds = Fraction(p["decay_steps"])
        q = min(s, ds) / ds
        cd = (1 + mpmath.cos(pi * 2 * _mp(p["num_periods"]) * _mp(q))) / 2
        return float(lr * ((_mp(p["alpha"]) + 1 - _mp(q)) * cd + _mp(p["beta"])))
    raise KeyError(schedule)


# --------------------------------------------------------------------------------------
# Deviations: where TF's value is off by more than its arithmetic allows
# --------------------------------------------------------------------------------------


def _f32_quotient(step: int, ds: float) -> float:
    return float(np.float32(np.float32(step) / np.float32(ds)))


def reason(schedule: str, params: dict, step: int, dtype: str, tf_value: float) -> str:
    p = {**DEFAULTS.get(schedule, {}), **params}
    s32 = int(np.float32(step)) if step < 2**62 else step
    note = ""
    if dtype == "float32" and s32 != step:
        note = f" (global_step {step} is not a float32 number: TF casts it to {s32})"
    if schedule in (
        "exponential_decay",
        "natural_exp_decay",
        "inverse_time_decay",
        "polynomial_decay",
    ):
        ds = p["decay_steps"]
        q = Fraction(step) / Fraction(ds)
        q_tf = _f32_quotient(step, ds) if dtype == "float32" else step / ds
        op = "ceil" if schedule == "polynomial_decay" else "floor"
        rnd = math.ceil if op == "ceil" else math.floor
        return (
            f"{dtype} step/decay_steps = {q_tf!r} but exactly {float(q)!r}: {op} gives "
            f"{rnd(q_tf)} instead of {rnd(q)}{note}"
        )
    if schedule == "cosine_decay_restarts":
        fds = Fraction(p["first_decay_steps"])
        t = Fraction(p["t_mul"])
        i, u = restart_period(Fraction(step) / fds, t)
        start = fds * ((t**i - 1) / (t - 1) if t != 1 else i)
        nxt = fds * ((t ** (i + 1) - 1) / (t - 1) if t != 1 else i + 1)
        if Fraction(step) - start <= nxt - Fraction(step):
            where = (
                f"{float(Fraction(step) - start):.6g} steps after the restart of period {i} "
                f"at step {float(start):.10g}"
            )
            tf_side = f"period {i - 1} (its end, value {tf_value:.6g})"
        else:
            where = (
                f"{float(nxt - Fraction(step)):.6g} steps before the restart of period "
                f"{i + 1} at step {float(nxt):.10g}"
            )
            tf_side = f"period {i + 1} (its peak, value {tf_value:.6g})"
        return (
            f"step {step} is {where}; TF {dtype}'s floor(log(1 - f (1 - t_mul)) / "
            f"log(t_mul)) rounds across the restart and puts it in {tf_side}{note}"
            if t != 1
            else f"step {step} is {where}; TF {dtype}'s floor(step / first_decay_steps) "
            f"rounds across the restart and puts it in {tf_side}{note}"
        )
    return f"{dtype} rounding{note}"


def analyse(case: dict) -> None:
    """Add ``f32_unresolved`` and ``deviations`` (with exact values) to ``case``."""
    sched = case.get("equivalent", {}).get("schedule", case["schedule"])
    params = case.get("equivalent", {}).get("params", case["params"])
    steps = case["steps"]
    exact = [exact_value(sched, params, s) for s in steps]
    assert all(e is not None for e in exact), case["id"]
    sc = tol.scale(sched, params)
    tol32 = tol.abs_tolerance(sched, params, steps, tol.EPS32)
    tol64 = tol.abs_tolerance(sched, params, steps, tol.EPS64)
    unresolved = [i for i in range(len(steps)) if tol32[i] > tol.RESOLVE_LIMIT * sc]
    devs = []
    for dtype, tol_ in (("float32", tol32), ("float64", tol64)):
        vals = case[f"tf_{dtype}"]
        if vals is None:
            continue
        for i, (v, e) in enumerate(zip(vals, exact, strict=True)):
            if dtype == "float32" and i in unresolved:
                continue
            if not abs(v - e) <= tol_[i]:
                devs.append(
                    {
                        "index": i,
                        "step": steps[i],
                        "dtype": dtype,
                        "tf": v,
                        "exact": e,
                        "reason": reason(sched, params, steps[i], dtype, v),
                    }
                )
    case["f32_unresolved"] = unresolved
    case["deviations"] = devs
    if case["tf_float64"] is None:
        # No float64 TF path (linear_cosine_decay and its noisy variant): store TF's formula
        # in exact arithmetic instead, so the test still has a sharp reference. It has just
        # been checked against TF's float32 values at every step (no deviations possible:
        # these schedules have no jumps).
        assert not devs, case["id"]
        case["exact_float64"] = exact
    # Where float32 cannot resolve the step, the float64 value (or the exact one) is the
    # reference; the float64 run must exist there.
    if unresolved and case["tf_float64"] is None:
        raise AssertionError(f"{case['id']}: float32 unresolved and no float64 run")


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------

LARGE = [
    10**6,
    10**6 + 1,
    2**24 - 1,
    2**24,
    2**24 + 1,
    10**7 + 3,
    123_456_789,
    10**8,
    10**9,
    10**9 + 37,
]


def step_set(
    ds: float, rng: np.random.Generator, n_small: int = 8, n_log: int = 8, large: bool = True
) -> list[int]:
    """Steps around decay_steps multiples, random small steps, log-uniform steps to 1e9."""
    mult = [math.floor(k * ds) + d for k in (1, 2, 3, 10) for d in (-1, 0, 1)]
    mult += [math.ceil(k * ds) for k in (1, 2, 3)]
    small = rng.integers(0, max(2, int(3 * ds) + 2), n_small).tolist()
    logs = np.floor(10 ** rng.uniform(0, 9, n_log)).astype(np.int64).tolist() if large else []
    steps = {0, 1, 2, *mult, *small, *logs, *(LARGE if large else [])}
    return sorted(int(s) for s in steps if s >= 0)


def _r(x: float, digits: int = 6) -> float:
    """Round a random parameter to a few digits so the JSON stays readable."""
    return float(f"{x:.{digits}g}")


def _random_rate(sched: str, rng: np.random.Generator) -> float:
    """A decay_rate for one of the exponential family, in the range its maths is sensitive."""
    if sched == "exponential_decay":
        return _r(rng.choice([rng.uniform(0.05, 0.999), 1 - 10 ** rng.uniform(-6, -1)]))
    if sched == "natural_exp_decay":
        return _r(10 ** rng.uniform(-3, 0.5))
    return _r(10 ** rng.uniform(-2, 1))


def _random_piecewise(j: int, rng: np.random.Generator) -> tuple[dict, list[int]]:
    """piecewise_constant's arguments (1 to 6 boundaries) and steps around each boundary."""
    n = int(rng.integers(1, 7))
    if j % 2:
        b = np.sort(rng.choice(10**9, n, replace=False)).tolist()
    else:
        b = np.cumsum(rng.integers(1, 50, n)).tolist()
    values = [_r(v) for v in 10 ** rng.uniform(-4, 0, n + 1)]
    steps = {0, 1, *(x + d for x in b for d in (-1, 0, 1)), *rng.integers(0, b[-1] + 5, 6)}
    params = {"boundaries": [int(x) for x in b], "values": values}
    return params, sorted(int(s) for s in steps if s >= 0)


def random_cases(rng: np.random.Generator) -> list[dict]:
    cases: list[dict] = []

    def add(schedule: str, params: dict, steps: list[int], tag: str) -> None:
        cases.append(
            {
                "id": f"random/{schedule}/{tag}",
                "group": "random",
                "schedule": schedule,
                "params": params,
                "steps": steps,
            }
        )

    def lr() -> float:
        return _r(10 ** rng.uniform(-4, 0))

    def ds_int() -> int:
        return int(
            rng.choice(
                [1, 2, 3, 7, 10, 100, 1000, 12345, 100_000, 1_000_000, int(10 ** rng.uniform(0, 6))]
            )
        )

    for sched in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        for j in range(12):
            ds = ds_int()
            rate = _random_rate(sched, rng)
            params = {
                "learning_rate": lr(),
                "decay_steps": ds,
                "decay_rate": rate,
                "staircase": bool(j % 2),
            }
            add(sched, params, step_set(ds, rng), f"{j:02d}")
    for j in range(16):
        ds = ds_int()
        power = [1.0, 0.5, 2.0, 3.0, _r(rng.uniform(0.1, 4))][j % 5]
        lr_ = lr()
        end = _r(lr_ * rng.uniform(0, 0.5)) if j % 7 else _r(lr_ * 1.5)  # one warm-up
        params = {
            "learning_rate": lr_,
            "decay_steps": ds,
            "end_learning_rate": end,
            "power": power,
            "cycle": bool(j % 2),
        }
        add("polynomial_decay", params, step_set(ds, rng), f"{j:02d}")
    for j in range(8):
        add("piecewise_constant", *_random_piecewise(j, rng), f"{j:02d}")
    for j in range(10):
        ds = ds_int()
        a = 0.0 if j % 3 == 0 else _r(rng.uniform(0, 0.5))
        add(
            "cosine_decay",
            {"learning_rate": lr(), "decay_steps": ds, "alpha": a},
            step_set(ds, rng),
            f"{j:02d}",
        )
    for j in range(18):
        fds = int(rng.choice([1, 3, 7, 10, 100, 1000, int(10 ** rng.uniform(0, 5))]))
        t = [1.0, 2.0, 1.5, 3.0, _r(rng.uniform(1.05, 3)), _r(rng.uniform(0.5, 0.95))][j % 6]
        m = 1.0 if j % 4 == 0 else _r(rng.uniform(0.3, 1.0))
        a = 0.0 if j % 3 == 0 else _r(rng.uniform(0, 0.3))
        params = {
            "learning_rate": lr(),
            "first_decay_steps": fds,
            "t_mul": t,
            "m_mul": m,
            "alpha": a,
        }
        if t < 1:
            horizon = fds / (1 - t)
            steps = sorted(
                {int(x) for x in np.linspace(0, math.ceil(horizon) - 1, 40)}
                | set(restart_steps(fds, t, horizon))
            )
        else:
            steps = sorted(set(step_set(fds, rng)) | set(restart_steps(fds, t, 10**9)))
        add("cosine_decay_restarts", params, steps, f"{j:02d}")
    for sched in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        for j in range(10):
            ds = ds_int()
            params = {"learning_rate": lr(), "decay_steps": ds}
            if sched == "noisy_linear_cosine_decay":
                params |= {"initial_variance": 0.0, "variance_decay": _r(rng.uniform(0, 1))}
            params |= {
                "num_periods": [0.5, _r(rng.uniform(0.1, 5))][j % 2],
                "alpha": 0.0 if j % 3 == 0 else _r(rng.uniform(0, 1)),
                "beta": [0.001, _r(rng.uniform(0, 0.5))][(j // 2) % 2],
            }
            add(sched, params, step_set(ds, rng), f"{j:02d}")
    return cases


def restart_steps(fds: float, t: float, limit: float, max_restarts: int = 12) -> list[int]:
    """Whole steps at, just before and just after exact restarts below ``limit``: the first
    few restarts and a spread of later ones, at most ``max_restarts`` of them."""
    tf_, fdsf = Fraction(t), Fraction(fds)
    starts = []
    for i in range(1, 2000):
        start = fdsf * ((tf_**i - 1) / (tf_ - 1) if tf_ != 1 else i)
        if start >= limit or (tf_ < 1 and i > 60):
            break
        starts.append(start)
    if len(starts) > max_restarts:
        head = max_restarts // 2
        idx = np.linspace(head, len(starts) - 1, max_restarts - head).round().astype(int)
        starts = starts[:head] + [starts[k] for k in sorted(set(idx.tolist()))]
    out = []
    for start in starts:
        out += [math.floor(start) - 1, math.floor(start), math.ceil(start), math.ceil(start) + 1]
    return [s for s in out if 0 <= s < limit]


def article_cases() -> list[dict]:
    from lrdecay_lit.book.examples import ARTICLE_EXAMPLES

    cases = []
    for ex in ARTICLE_EXAMPLES:
        params = dict(ex.params)
        cid = f"article/{ex.key}"
        if ex.schedule == "noisy_linear_cosine_decay":
            params.pop("seed", None)
            params["initial_variance"] = 0.0
            cid += ".deterministic"
        cases.append(
            {
                "id": cid,
                "group": "article",
                "schedule": ex.schedule,
                "params": params,
                "steps": list(range(ex.num_steps)),
                "article": ex.article,
                "label": ex.label,
            }
        )
    return cases


def edge_cases() -> list[dict]:
    """Hand-picked cases at the places where float arithmetic bites."""
    c = []

    def add(tag, schedule, params, steps):
        c.append(
            {
                "id": f"edge/{tag}",
                "group": "edge",
                "schedule": schedule,
                "params": params,
                "steps": sorted(set(steps)),
            }
        )

    big_ds = 2**25 + 1  # not a float32 number: TF rounds decay_steps to 2**25
    add(
        "exponential.staircase.decay_steps_2p25p1",
        "exponential_decay",
        {"learning_rate": 0.5, "decay_steps": big_ds, "decay_rate": 0.5, "staircase": True},
        [k * big_ds + d for k in range(0, 30) for d in (-1, 0, 1) if k * big_ds + d >= 0],
    )
    add(
        "exponential.staircase.ds1",
        "exponential_decay",
        {"learning_rate": 1.0, "decay_steps": 1, "decay_rate": 0.999, "staircase": True},
        [0, 1, 2, 10, 100, 1000, 10**4, 10**5, 2**17 - 1, 2**17, 2**24 + 1],
    )
    add(
        "exponential.rate1",
        "exponential_decay",
        {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 1.0},
        [0, 5, 10, *LARGE],
    )
    add(
        "inverse_time.staircase.ds3.large",
        "inverse_time_decay",
        {"learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5, "staircase": True},
        [3 * k + d for k in (10**6, 5 * 10**6, 2**22, 10**7, 3 * 10**8) for d in (-1, 0, 1)],
    )
    add(
        "polynomial.cycle.ds3.large",
        "polynomial_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 3,
            "end_learning_rate": 0.001,
            "power": 0.5,
            "cycle": True,
        },
        [3 * k + d for k in (10**6, 5 * 10**6, 2**22, 10**7, 3 * 10**8) for d in (-1, 0, 1)],
    )
    add(
        "polynomial.cycle.step0",
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01, "cycle": True},
        range(0, 32),
    )
    add(
        "restarts.fds1.t2.all_restarts",
        "cosine_decay_restarts",
        {"learning_rate": 1.0, "first_decay_steps": 1, "t_mul": 2.0},
        [2**k - 1 + d for k in range(1, 31) for d in (-1, 0, 1)],
    )
    add(
        "restarts.fds7.t3.all_restarts",
        "cosine_decay_restarts",
        {"learning_rate": 1.0, "first_decay_steps": 7, "t_mul": 3.0, "m_mul": 0.9, "alpha": 0.1},
        restart_steps(7, 3.0, 2 * 10**9, 40),
    )
    add(
        "restarts.fds10.t1.5.near_restarts",
        "cosine_decay_restarts",
        {"learning_rate": 0.3, "first_decay_steps": 10, "t_mul": 1.5, "m_mul": 0.8, "alpha": 0.011},
        restart_steps(10, 1.5, 2 * 10**9, 60) + [336662, 757515, 1136282, 1704433],
    )
    add(
        "restarts.fds5.t1.1.near_restarts",
        "cosine_decay_restarts",
        {"learning_rate": 1.0, "first_decay_steps": 5, "t_mul": 1.1},
        restart_steps(5, 1.1, 10**7, 150),
    )
    add(
        "restarts.t1.large",
        "cosine_decay_restarts",
        {
            "learning_rate": 0.1,
            "first_decay_steps": 100,
            "t_mul": 1.0,
            "m_mul": 0.999,
            "alpha": 0.05,
        },
        [0, 99, 100, 101, 12345, 10**6, 10**6 + 37, 2**24 + 1, 10**8 + 50, 10**9 + 37],
    )
    add(
        "restarts.t0.5.horizon",
        "cosine_decay_restarts",
        {"learning_rate": 0.1, "first_decay_steps": 1000, "t_mul": 0.5},
        [*range(0, 2000, 37), *restart_steps(1000, 0.5, 2000, 60), 1999],
    )
    add(
        "cosine.large_decay_steps",
        "cosine_decay",
        {"learning_rate": 0.1, "decay_steps": 10**9, "alpha": 0.0},
        [0, 1, 10**6, 2**24 + 1, 5 * 10**8, 10**9 - 1, 10**9, 10**9 + 1],
    )
    add(
        "linear_cosine.defaults_vs_cosine",
        "linear_cosine_decay",
        {"learning_rate": 0.1, "decay_steps": 100},
        range(0, 120, 5),
    )
    add(
        "cosine.defaults",
        "cosine_decay",
        {"learning_rate": 0.1, "decay_steps": 100},
        range(0, 120, 5),
    )
    return c


def slim_cases() -> list[dict]:
    """TF-slim's dispatcher: the schedules it builds, called the way it calls them."""
    c = []
    setups = [
        (
            "exponential",
            dict(
                learning_rate=0.01,
                num_samples_per_epoch=1_281_167,
                batch_size=256,
                num_epochs_per_decay=2.0,
                learning_rate_decay_factor=0.94,
            ),
        ),
        (
            "exponential",
            dict(
                learning_rate=0.1,
                num_samples_per_epoch=50_000,
                batch_size=32,
                num_epochs_per_decay=2.5,
                learning_rate_decay_factor=0.5,
                sync_replicas=True,
                replicas_to_aggregate=4,
            ),
        ),
        (
            "polynomial",
            dict(
                learning_rate=0.01,
                num_samples_per_epoch=1_281_167,
                batch_size=32,
                num_epochs_per_decay=2.0,
                end_learning_rate=0.0001,
            ),
        ),
        (
            "polynomial",
            dict(
                learning_rate=0.1,
                num_samples_per_epoch=10_000,
                batch_size=64,
                num_epochs_per_decay=3.0,
                end_learning_rate=0.001,
                sync_replicas=True,
                replicas_to_aggregate=3,
            ),
        ),
        ("fixed", dict(learning_rate=0.01, num_samples_per_epoch=1000)),
    ]
    for j, (kind, kw) in enumerate(setups):
        full = {
            "batch_size": 32,
            "num_epochs_per_decay": 2.0,
            "learning_rate_decay_factor": 0.94,
            "end_learning_rate": 0.0001,
            "sync_replicas": False,
            "replicas_to_aggregate": 1,
            **kw,
        }
        # train_image_classifier.py: int(N * E / B), then /= replicas when sync_replicas
        ds = float(
            int(full["num_samples_per_epoch"] * full["num_epochs_per_decay"] / full["batch_size"])
        )
        if full["sync_replicas"]:
            ds /= full["replicas_to_aggregate"]
        if kind == "exponential":
            eq = {
                "schedule": "exponential_decay",
                "params": {
                    "learning_rate": full["learning_rate"],
                    "decay_steps": ds,
                    "decay_rate": full["learning_rate_decay_factor"],
                    "staircase": True,
                },
            }
        elif kind == "polynomial":
            eq = {
                "schedule": "polynomial_decay",
                "params": {
                    "learning_rate": full["learning_rate"],
                    "decay_steps": ds,
                    "end_learning_rate": full["end_learning_rate"],
                    "power": 1.0,
                    "cycle": False,
                },
            }
        else:
            eq = {"schedule": "fixed", "params": {"learning_rate": full["learning_rate"]}}
        steps = step_set(ds, np.random.default_rng(j), large=True)
        c.append(
            {
                "id": f"slim/{kind}/{j}",
                "group": "slim",
                "schedule": "configure_learning_rate",
                "params": {"decay_type": kind, **full},
                "equivalent": eq,
                "steps": steps,
            }
        )
    return c


# --------------------------------------------------------------------------------------
# Noise statistics and observations
# --------------------------------------------------------------------------------------


def noisy_statistics(draws: int) -> list[dict]:
    from lrdecay_lit.book.examples import example

    tf = _tf()
    v1 = tf.compat.v1.train
    tf.random.set_seed(SEED)
    setups = [
        # the article's example
        (
            {k: v for k, v in example("B.noisy_linear_cosine").params.items() if k != "seed"},
            [0, 10, 25, 50, 59],
        ),
        # num_periods=1 keeps the cosine factor at 1 at and after decay_steps, so the noise
        # there shows whether the variance uses the clipped step
        (
            {
                "learning_rate": 1.0,
                "decay_steps": 10,
                "initial_variance": 1.0,
                "variance_decay": 0.55,
                "num_periods": 1.0,
                "alpha": 0.0,
                "beta": 0.001,
            },
            [0, 3, 10, 20, 1000],
        ),
    ]
    out = []
    for params, steps in setups:
        p = dict(params)
        lr = p.pop("learning_rate")
        for s in steps:
            x = _call(v1.noisy_linear_cosine_decay(lr, tf.constant([s] * draws, tf.int64), **p))
            x = x.astype(np.float64)
            ds = params["decay_steps"]
            q = min(s, ds) / ds
            cd = 0.5 * (1 + math.cos(2 * math.pi * params["num_periods"] * q))

            def var_at(t, lr=lr, cd=cd, params=params):
                return (
                    (lr * cd) ** 2
                    * params["initial_variance"]
                    / (1 + t) ** params["variance_decay"]
                )

            out.append(
                {
                    "params": params,
                    "step": s,
                    "draws": draws,
                    "dtype": "float32",
                    "mean": float(x.mean()),
                    "var": float(x.var(ddof=1)),
                    "model_mean": exact_value(
                        "linear_cosine_decay",
                        {
                            k: v
                            for k, v in params.items()
                            if k not in ("initial_variance", "variance_decay")
                        },
                        s,
                    ),
                    "model_var_clipped_step": var_at(min(s, ds)),
                    "model_var_unclipped_step": var_at(s),
                }
            )
    return out


def observations() -> list[dict]:
    """What TF does with input lrdecay_lit rejects (ValueError) or TF cannot handle."""
    tf = _tf()
    v1 = tf.compat.v1.train

    def run(desc: str, fn, ours: dict | None = None):
        try:
            r = fn()
            r = _call(r)
            res = repr(r.tolist() if hasattr(r, "tolist") else r)
        except Exception as e:  # noqa: BLE001 - recording what TF raises is the point
            res = f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"
        o = {"call": desc, "tf_result": res}
        if ours is not None:
            o["ours"] = ours
        return o

    i64 = tf.int64
    st = tf.constant([0, 5, 10], i64)
    neg = tf.constant([-20, -5, -1], i64)
    obs = []
    for name, extra in [
        ("exponential_decay", dict(decay_rate=0.5)),
        ("inverse_time_decay", dict(decay_rate=0.5)),
        ("polynomial_decay", {}),
        ("cosine_decay", {}),
        ("linear_cosine_decay", {}),
    ]:
        obs.append(
            run(
                f"{name}(0.1, [0, 5, 10], decay_steps=0, {extra})",
                lambda n=name, e=extra: getattr(v1, n)(0.1, st, 0, **e),
                {
                    "schedule": name,
                    "params": {"learning_rate": 0.1, "decay_steps": 0, **extra},
                    "steps": [0, 5, 10],
                },
            )
        )
    obs.append(
        run(
            "cosine_decay_restarts(0.1, [0, 5, 10], first_decay_steps=0)",
            lambda: v1.cosine_decay_restarts(0.1, st, 0),
            {
                "schedule": "cosine_decay_restarts",
                "params": {"learning_rate": 0.1, "first_decay_steps": 0},
                "steps": [0, 5, 10],
            },
        )
    )
    for name, extra in [
        ("exponential_decay", dict(decay_rate=0.5)),
        ("inverse_time_decay", dict(decay_rate=0.5)),
        ("inverse_time_decay", dict(decay_rate=0.5, staircase=True)),
        ("polynomial_decay", dict(cycle=True)),
        ("polynomial_decay", dict(power=0.5, cycle=True)),
        ("cosine_decay", {}),
        ("linear_cosine_decay", {}),
    ]:
        obs.append(
            run(
                f"{name}(0.1, [-20, -5, -1], 10, {extra})",
                lambda n=name, e=extra: getattr(v1, n)(0.1, neg, 10, **e),
                {
                    "schedule": name,
                    "params": {"learning_rate": 0.1, "decay_steps": 10, **extra},
                    "steps": [-20, -5, -1],
                },
            )
        )
    obs.append(
        run(
            "cosine_decay_restarts(0.1, [-20, -5, -1], 10)",
            lambda: v1.cosine_decay_restarts(0.1, neg, 10),
            {
                "schedule": "cosine_decay_restarts",
                "params": {"learning_rate": 0.1, "first_decay_steps": 10},
                "steps": [-20, -5, -1],
            },
        )
    )
    obs.append(
        run(
            "cosine_decay_restarts(0.1, [0, 1000, 1500, 1999, 2000, 2001, 3000], 1000, "
            "t_mul=0.5)  # all periods end at 1000/(1-0.5) = 2000",
            lambda: v1.cosine_decay_restarts(
                0.1, tf.constant([0, 1000, 1500, 1999, 2000, 2001, 3000], i64), 1000, t_mul=0.5
            ),
            {
                "schedule": "cosine_decay_restarts",
                "params": {"learning_rate": 0.1, "first_decay_steps": 1000, "t_mul": 0.5},
                "steps": [2000, 2001, 3000],
            },
        )
    )
    for x in (5, 15, 25):
        obs.append(
            run(
                f"piecewise_constant(x={x}, boundaries=[20, 10, 30], values=[1., 2., 3., "
                "4.])  # unsorted",
                lambda x=x: v1.piecewise_constant(
                    tf.constant(x, i64), [20, 10, 30], [1.0, 2.0, 3.0, 4.0]
                ),
                {
                    "schedule": "piecewise_constant",
                    "params": {"boundaries": [20, 10, 30], "values": [1.0, 2.0, 3.0, 4.0]},
                    "steps": [x],
                },
            )
        )
    for x in (10, 11):
        obs.append(
            run(
                f"piecewise_constant(x={x}, boundaries=[10, 10], values=[1., 2., 3.])",
                lambda x=x: v1.piecewise_constant(tf.constant(x, i64), [10, 10], [1.0, 2.0, 3.0]),
                {
                    "schedule": "piecewise_constant",
                    "params": {"boundaries": [10, 10], "values": [1.0, 2.0, 3.0]},
                    "steps": [x],
                },
            )
        )
    obs.append(
        run(
            "piecewise_constant(x=[5, 15], boundaries=[10], values=[1., 2.])  # vector x",
            lambda: v1.piecewise_constant(tf.constant([5, 15], i64), [10], [1.0, 2.0]),
        )
    )
    obs.append(
        run(
            "piecewise_constant(x=5.0, boundaries=[10], values=[1., 2.])  # float x",
            lambda: v1.piecewise_constant(tf.constant(5.0), [10], [1.0, 2.0]),
        )
    )
    obs.append(
        run(
            "piecewise_constant(x=10, boundaries=[10], values=[1., 2., 3.])",
            lambda: v1.piecewise_constant(10, [10], [1.0, 2.0, 3.0]),
            {
                "schedule": "piecewise_constant",
                "params": {"boundaries": [10], "values": [1.0, 2.0, 3.0]},
                "steps": [10],
            },
        )
    )
    for name in (
        "cosine_decay",
        "cosine_decay_restarts",
        "linear_cosine_decay",
        "noisy_linear_cosine_decay",
    ):
        obs.append(
            run(
                f"{name}(tf.constant(0.1, tf.float64), [0, 5, 10], 10)",
                lambda n=name: getattr(v1, n)(tf.constant(0.1, tf.float64), st, 10),
            )
        )
    obs.append(
        run(
            "polynomial_decay(tf.constant(0.1, tf.float64), [10], 10)  # "
            "end_learning_rate=0.0001 given as a Python float",
            lambda: v1.polynomial_decay(tf.constant(0.1, tf.float64), tf.constant([10], i64), 10),
        )
    )
    obs.append(
        run(
            "natural_exp_decay(tf.constant(1.0, tf.float64), [1000], 1, 0.1)  # exact "
            f"exp(-100) = {math.exp(-100)!r}",
            lambda: v1.natural_exp_decay(
                tf.constant(1.0, tf.float64), tf.constant([1000], i64), 1, 0.1
            ),
        )
    )
    obs.append(
        run(
            "exponential_decay(0.1, 10**9, 10, 1.5)  # decay_rate > 1",
            lambda: v1.exponential_decay(0.1, tf.constant(10**9, i64), 10, 1.5),
            {
                "schedule": "exponential_decay",
                "params": {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 1.5},
                "steps": [10**9],
            },
        )
    )
    obs.append(
        run(
            "cosine_decay_restarts(0.1, 10**9, 10, m_mul=2.0)",
            lambda: v1.cosine_decay_restarts(0.1, tf.constant(10**9, i64), 10, m_mul=2.0),
            {
                "schedule": "cosine_decay_restarts",
                "params": {"learning_rate": 0.1, "first_decay_steps": 10, "m_mul": 2.0},
                "steps": [10**9],
            },
        )
    )
    k3 = _keras3(
        "cosine_decay_restarts",
        {"learning_rate": 1.0, "first_decay_steps": 7, "t_mul": 3.0},
        "float64",
    )
    obs.append(
        run(
            "keras CosineDecayRestarts(float64 1.0, 7, t_mul=3.0)(step 7): scalar step",
            lambda: k3(tf.constant(7, i64)),
        )
    )
    obs.append(
        run(
            "... the same step 7 inside a batch of 16 steps [7]*16 (first element)",
            lambda: k3(tf.constant([7] * 16, i64))[0],
        )
    )
    return obs


# --------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--draws", type=int, default=20000, help="noise draws per step")
    ap.add_argument(
        "--extract-only",
        action="store_true",
        help=f"only rewrite the package's extract ({BOOK_OUT.relative_to(ROOT)}) from --out",
    )
    args = ap.parse_args()
    if args.extract_only:
        write_book_extract(json.loads(args.out.read_text()))
        return
    tf = _tf()
    import keras

    rng = np.random.default_rng(SEED)
    cases = article_cases() + slim_cases() + edge_cases() + random_cases(rng)
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for c in cases:
        sched = c.get("equivalent", {}).get("schedule", c["schedule"])
        params = c.get("equivalent", {}).get("params", c["params"])
        c["tf_float32"] = tf_values(sched, params, c["steps"], "float32")
        c["tf_float64"] = tf_values(sched, params, c["steps"], "float64")
        c["api_float32"] = f"tf.compat.v1.train.{sched}" if sched != "fixed" else "tf.constant"
        if c["tf_float64"] is None:
            c["api_float64"] = None
        elif sched in ("cosine_decay", "cosine_decay_restarts"):
            name = "CosineDecay" if sched == "cosine_decay" else "CosineDecayRestarts"
            c["api_float64"] = f"keras.optimizers.schedules.{name} (Keras {keras.__version__})"
            assert keras3_matches_v1_float32(sched, params, c["steps"]), c["id"]
        else:
            c["api_float64"] = c["api_float32"]
        analyse(c)
        n_dev = len(c["deviations"])
        print(
            f"{c['id']:55s} {len(c['steps']):4d} steps  unresolved32={len(c['f32_unresolved'])}"
            f"  deviations={n_dev}"
        )
        for d in c["deviations"]:
            print(
                f"    [{d['dtype']}] step {d['step']}: tf {d['tf']!r} exact {d['exact']!r}: "
                f"{d['reason']}"
            )
    doc = {
        "format": 1,
        "generator": "tools/make_golden_tf.py",
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "seed": SEED,
        "evaluation": (
            "eager mode; every step evaluated separately as a scalar int64 global_step. "
            "tf_float32: hyper-parameters as Python numbers (TF converts them to float32). "
            "tf_float64: learning_rate and every float hyper-parameter as tf.float64 "
            "tensors (a Python float would pass through float32 first: math_ops.cast "
            "converts it to a float32 tensor before casting). 'exact' values in deviations: "
            "TF's formula in exact rationals + mpmath (50 digits), rounded to float64."
        ),
        "cases": cases,
        "noisy_statistics": noisy_statistics(args.draws),
        "observations": observations(),
    }
    from lrdecay_lit.book.tf_reference import dumps

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(doc))  # one case per line: readable diffs, small file
    write_book_extract(doc)
    n_dev = sum(len(c["deviations"]) for c in cases)
    n_pts = sum(len(c["steps"]) for c in cases)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {len(cases)} cases, "
        f"{n_pts} steps, {n_dev} deviations"
    )


def write_book_extract(doc: dict) -> None:
    """The package's data file: the golden document without what only the tests read."""
    from lrdecay_lit.book.tf_reference import book_extract, dumps

    BOOK_OUT.parent.mkdir(parents=True, exist_ok=True)
    BOOK_OUT.write_text(dumps(book_extract(doc)))
    print(f"wrote {BOOK_OUT} ({BOOK_OUT.stat().st_size / 1e6:.2f} MB), the book's extract")


if __name__ == "__main__":
    main()
