"""Error model for comparing lrdecay_lit with TensorFlow's float32 and float64 results.

Shared by ``tools/make_golden_tf.py`` (which uses it to flag the points where TensorFlow's
own result is off by more than its arithmetic allows) and ``tests/test_golden.py``. Numpy
only, so it runs in the TF virtualenv and in the project's test environment alike.

``abs_tolerance(schedule, params, steps, eps)`` bounds, step by step, how far a value
computed in floating point with unit roundoff ``eps`` (``2**-24`` for float32, ``2**-53``
for float64) may lie from the exact real-number value of the same formula. Each bound is
first-order error propagation through TF's own formula (``tensorflow/python/keras/
optimizer_v2/learning_rate_schedule.py``), times a safety factor ``K = 8`` for the handful
of rounded operations along the way:

* TF converts every hyper-parameter and the step to the working precision. The relative
  error this introduces is computed exactly (:func:`rounding`): zero for 0.5, 2.0, 10 or
  any step below ``2**24`` in float32, and zero for everything in float64.
* ``p = step / decay_steps`` then carries those conversion errors plus ``eps`` for the
  division (:func:`_progress_error`).
* Each error is carried to the result by the derivative of the schedule (the condition
  number); e.g. ``r ** p`` has relative error ``eps (1 + |p ln r|) + p dr/r + |p ln r| dp/p``.

This bounds the *smooth* parts of a schedule. Where a staircase ``floor``, a polynomial
``ceil`` or a warm restart jumps, one ulp can move a step across the jump; no tolerance
covers that, and the golden file lists every such point (``deviations``) with its exact
value instead.
"""

from __future__ import annotations

import math

import numpy as np

EPS32 = 2.0**-24
"""Unit roundoff of float32 (half an ulp of 1)."""
EPS64 = 2.0**-53
"""Unit roundoff of float64."""
K = 8.0
"""Safety factor: about the number of rounded operations on a path through one formula."""
TINY = {EPS32: 2.0**-126, EPS64: 2.0**-1022}
"""Smallest normal number: below it the relative error model no longer holds."""

RESOLVE_LIMIT = 1e-3
"""Float32 cannot resolve a step when its error bound exceeds this fraction of the scale.

At such points (``cosine_decay_restarts`` with ``t_mul=1`` at step 1e9, where the float32
fraction ``step / first_decay_steps`` has no digits left after the point, or a decay rate
like 0.999999 that float32 cannot represent to better than 1e-7) TF's float32 value says
little; the test then compares with TF's float64 value instead, and the golden file lists
those indices (``f32_unresolved``)."""


def rounding(x: float, eps: float) -> float:
    """Relative error of ``x`` once TF converts it to the working precision.

    Parameters are float64 numbers: exact in a float64 run (0), and in a float32 run the
    actual relative distance to the nearest float32 (0 for 0.5, 2.0, 10, ...)."""
    x = float(x)
    if eps == EPS64 or x == 0.0 or not math.isfinite(x):
        return 0.0
    return abs(float(np.float32(x)) - x) / abs(x)


def _progress_error(s: np.ndarray, decay_steps: float, eps: float) -> np.ndarray:
    """Relative error of ``p = cast(step) / cast(decay_steps)``: both casts + the division."""
    if eps == EPS64:
        step_rnd = np.where(s > 2.0**53, eps, 0.0)
    else:
        s32 = s.astype(np.float32).astype(np.float64)
        step_rnd = np.abs(s32 - s) / np.maximum(s, 1.0)
    return step_rnd + rounding(decay_steps, eps) + eps


def scale(schedule: str, params: dict) -> float:
    """The size of the schedule's values (for absolute tolerances): about the largest."""
    if schedule == "piecewise_constant":
        return max(abs(float(v)) for v in params["values"])
    lr = abs(float(params["learning_rate"]))
    if schedule == "polynomial_decay":
        return max(lr, abs(float(params.get("end_learning_rate", 0.0001))))
    if schedule in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        return lr * (1.0 + abs(params.get("alpha", 0.0)) + abs(params.get("beta", 0.001)))
    return lr


def _progress(steps: np.ndarray, decay_steps: float, staircase: bool) -> np.ndarray:
    p = steps / decay_steps
    return np.floor(p) if staircase else p


def abs_tolerance(schedule: str, params: dict, steps, eps: float) -> np.ndarray:
    """Absolute error bound at each step for arithmetic with unit roundoff ``eps``."""
    s = np.atleast_1d(np.asarray(steps, dtype=np.float64))
    tiny = K * TINY[eps] * max(1.0, scale(schedule, params))
    p_ = params
    if schedule == "fixed":
        lr = float(p_["learning_rate"])
        return np.full(s.shape, K * eps * abs(lr) + tiny)
    if schedule == "piecewise_constant":
        # values are returned as given (rounded to float32 in a float32 run)
        return np.full(s.shape, K * eps * scale(schedule, p_) + tiny)
    lr = float(p_["learning_rate"])
    if schedule in ("exponential_decay", "natural_exp_decay"):
        ds = p_["decay_steps"]
        p = _progress(s, ds, p_.get("staircase", False))
        dp = _progress_error(s, ds, eps)  # floor() adds no error (a flip is a deviation)
        k = abs(float(p_["decay_rate"]))
        if schedule == "exponential_decay":
            ln_r = abs(math.log(k))
            # pow(r, p) = exp(p ln r): eps (1 + |p ln r|); the rounded rate, times p; the
            # rounded p, times |p ln r|. (lrdecay_lit computes exp(t * (ln r / T)) in
            # float64: eps for exp, plus |p ln r| times 3 eps (ln r, / T, * t), which is
            # inside K (eps (1 + |p ln r|) + dp |p ln r|) as dp >= eps.)
            rel = eps * (1.0 + p * ln_r) + rounding(k, eps) * p + dp * p * ln_r
        else:
            ln_r = k
            # TF builds the base exp(-k) in the working precision: eps + k * rounding(k)
            rel = eps * (1.0 + p * k) + (eps + k * rounding(k, eps)) * p + dp * p * k
        f = lr * np.exp(-p * ln_r)
        return K * (rel + rounding(lr, eps)) * np.abs(f) + tiny
    if schedule == "inverse_time_decay":
        ds = p_["decay_steps"]
        p = _progress(s, ds, p_.get("staircase", False))
        dp = _progress_error(s, ds, eps)
        k = float(p_["decay_rate"])
        f = lr / (1.0 + k * p)
        # d ln f / d ln(kp) = kp / (1 + kp) <= 1: the error stays relative and bounded
        w = k * p / (1.0 + k * p)
        rel = 3.0 * eps + rounding(lr, eps) + w * (rounding(k, eps) + dp)
        return K * rel * np.abs(f) + tiny
    if schedule == "polynomial_decay":
        ds = float(p_["decay_steps"])
        end = float(p_.get("end_learning_rate", 0.0001))
        w = float(p_.get("power", 1.0))
        cycle = p_.get("cycle", False)
        if cycle:
            mult = np.where(s == 0, 1.0, np.ceil(s / ds))
            p = s / (ds * mult)
        else:
            p = np.minimum(s, ds) / ds
        one_p = 1.0 - p
        pos = one_p > 0
        safe = np.where(pos, one_p, 1.0)
        d = abs(lr - end)
        dp = _progress_error(s, ds, eps) + (eps if cycle else 0.0)  # cycle: one more product
        term_p = np.where(pos, d * w * safe ** (w - 1.0) * p, 0.0) * dp  # |df/dp| dp
        # |df/dw| dw with the rounded power
        term_w = np.where(pos, d * safe**w * w * np.abs(np.log(safe)), 0.0) * rounding(w, eps)
        f = (lr - end) * np.where(pos, safe**w, 0.0) + end
        return K * (eps * (abs(lr) + abs(end) + np.abs(f)) + term_p + term_w) + tiny
    if schedule == "cosine_decay":
        a = float(p_.get("alpha", 0.0))
        ds = float(p_["decay_steps"])
        q = np.minimum(s, ds) / ds
        dq = _progress_error(np.minimum(s, ds), ds, eps) * q
        # |d/dq| = lr (1 - a) pi/2 |sin(pi q)|; cos(pi q) itself: eps (1 + pi q)
        slope = abs(lr) * (1.0 - a) * 0.5 * math.pi * np.abs(np.sin(math.pi * q))
        return K * (eps * abs(lr) * (2.0 + abs(a) + math.pi * q) + slope * dq) + tiny
    if schedule in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        a = abs(float(p_.get("alpha", 0.0)))
        b = abs(float(p_.get("beta", 0.001)))
        n = abs(float(p_.get("num_periods", 0.5)))
        ds = float(p_["decay_steps"])
        q = np.minimum(s, ds) / ds
        dq = _progress_error(np.minimum(s, ds), ds, eps)  # relative error of q
        xq = 2.0 * math.pi * n * q
        cd = 0.5 * (1.0 + np.cos(xq))
        # cos(x) itself: eps (1 + |x|); its argument x = pi * 2 n q: relative error
        # dq + rounding(n) + 2 eps, times |d cos/d ln x| = |x sin x|
        dcd = 0.5 * (eps * (1.0 + xq) + np.abs(np.sin(xq)) * xq * (dq + rounding(n, eps) + 2 * eps))
        dlin = q * dq + eps  # (T - t) / T
        f = (a + 1.0 - q) * cd + b
        err = (a + 1.0 - q) * dcd + cd * dlin + rounding(a, eps) * a * cd + rounding(b, eps) * b
        return K * abs(lr) * (err + eps * (np.abs(f) + a + 1.0)) + tiny
    if schedule == "cosine_decay_restarts":
        return _restarts_tolerance(s, p_, eps, tiny)
    raise KeyError(f"no error model for {schedule!r}")


def restart_index(f: np.ndarray, t_mul: float) -> tuple[np.ndarray, np.ndarray]:
    """Period index ``i`` and fraction ``u`` of ``f = step / first_decay_steps`` (float64,
    for the error model only: it may be off by one right at a restart)."""
    if t_mul == 1.0:
        i = np.floor(f)
        return i, f - i
    with np.errstate(invalid="ignore", divide="ignore"):
        i = np.floor(np.log1p(f * (t_mul - 1.0)) / math.log(t_mul))
    i = np.maximum(np.nan_to_num(i, nan=0.0, posinf=0.0), 0.0)
    ti = t_mul**i
    u = (f - (ti - 1.0) / (t_mul - 1.0)) / ti
    return i, np.clip(u, 0.0, 1.0)


def _restarts_tolerance(s: np.ndarray, p_: dict, eps: float, tiny: float) -> np.ndarray:
    lr = abs(float(p_["learning_rate"]))
    fds = float(p_["first_decay_steps"])
    t = float(p_.get("t_mul", 2.0))
    m = float(p_.get("m_mul", 1.0))
    a = float(p_.get("alpha", 0.0))
    f = s / fds
    df = _progress_error(s, fds, eps) * f  # absolute error of f
    i, u = restart_index(f, t)
    if t == 1.0:
        # u = f - floor(f): the absolute error of f lands entirely in u
        du = df + eps
    else:
        ti = t**i
        # u = (f - S_i) / t^i with S_i = (t^i - 1)/(t - 1): f and S_i carry their absolute
        # errors (t^i: i * rounding(t) + eps relative, from the rounded t_mul and pow), the
        # division by t^i adds the same relative error to u
        dti = i * rounding(t, eps) + 2.0 * eps
        du = (df + (ti * dti + eps) / abs(1.0 - t) + eps * f) / ti + dti + eps
    mi = m**i
    amp = lr * (1.0 - a) * 0.5 * mi
    # |d/du (1 + cos(pi u))| = pi |sin(pi u)|, plus the second-order term near u = 0 or 1
    dv = amp * math.pi * du * (np.abs(np.sin(math.pi * u)) + math.pi * du)
    dv = np.minimum(dv, 2.0 * amp)  # cannot be off by more than the whole swing
    value = lr * ((1.0 - a) * 0.5 * mi * (1.0 + np.cos(math.pi * u)) + a)
    # m_mul ** i with the rounded m_mul: relative error i * rounding(m) + eps on the amplitude
    dm = 2.0 * amp * (i * rounding(m, eps) + eps)
    return K * (dv + dm + eps * (np.abs(value) + lr * (1.0 + a))) + tiny
