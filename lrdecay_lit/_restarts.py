r"""SGDR's one restart rule: which period of cosine_decay_restarts a step is in.

Period :math:`i` starts at :math:`S_i = T_0 (m^i - 1)/(m - 1)` (:math:`S_i = T_0 i` when
:math:`m = 1`). TF finds :math:`i` with a logarithm, which rounds the wrong way at some
restarts (in float32 often), and :math:`S_i` computed in floating point can sit a few ulps
off a whole step that it equals in exact arithmetic (``T0 = 10, t_mul = 1.3``: :math:`S_2 =
23`). The rule used everywhere in the package:

    a step :math:`t` is in period :math:`i(t) = \#\{k \ge 1 : t \ge \hat S_k\}`, where
    :math:`\hat S_k` is :math:`S_k` in float64, set to the nearest whole step when it is
    within :data:`RESTART_RTOL` (relative) of one.

:data:`RESTART_RTOL` is the rule's one tolerance. Every route applies this rule:

- :func:`restart_period` / :func:`restart_index`: float64 steps, vectorised (the numpy
  core, :mod:`lrdecay_lit.schedules`, and the sympy-generated numpy route,
  :func:`lrdecay_lit.symbolic.numeric`);
- :func:`restart_steps`: the first whole step of every period, :math:`\lceil \hat S_k
  \rceil`, which the array-namespace code (:mod:`lrdecay_lit.symbolic._arrays`, used by the
  framework adapters) searches in the framework's own float type (exact in float32, where
  :math:`S_k` itself cannot be computed precisely enough); beyond that list it compares
  with :math:`S_k` widened by :func:`restart_rtol` of the float type;
- :data:`JS_RESTART_INDEX`: the same rule for one step, in JavaScript, with the same
  constant (the site's live plots, :mod:`lrdecay_lit.jsgen`).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "RESTART_RTOL",
    "restart_rtol",
    "JS_RESTART_INDEX",
    "restart_starts",
    "snapped_starts",
    "restart_period",
    "restart_index",
    "restart_steps",
]

RESTART_RTOL = 1e-12
r"""Relative distance within which :math:`S_k` is taken to be the whole step it is near."""

_NEAR = 1e3 * RESTART_RTOL
"""Relative distance to a period boundary below which a step's period is re-decided: a
screen, not a second tolerance. Farther from a boundary neither the logarithm's rounding
(about 1e-15 relative) nor the snap (:data:`RESTART_RTOL`) can change the period, so only
the steps inside it are compared with the snapped starts."""


def restart_rtol(dtype: object) -> float:
    """The rule's tolerance in a float type: :data:`RESTART_RTOL`, or 4 machine epsilons of
    ``dtype`` where that is coarser (float32: 4.8e-7), since :math:`S_k` computed in the type
    is only that close.

    Example:
        >>> restart_rtol(np.float64), restart_rtol(np.float32)
        (1e-12, 4.76837158203125e-07)
    """
    return max(RESTART_RTOL, 4.0 * float(np.finfo(dtype).eps))  # type: ignore[arg-type]


JS_RESTART_INDEX = f"""\
// the package's one restart rule (lrdecay_lit._restarts): period k holds
// snap(S_k) <= t < snap(S_(k+1)), a start S within RESTART_RTOL of a whole step w being w;
// k0, the logarithm's estimate, is within one period of it
function restartIndex(t, k0, start) {{
  const snap = (s) => {{
    const w = Math.round(s);
    return Math.abs(s - w) <= {RESTART_RTOL!r} * Math.max(w, 1) ? w : s;
  }};
  return k0 + (t >= snap(start(k0)) ? 0 : -1) + (t >= snap(start(k0 + 1)) ? 1 : 0);
}}"""
"""The rule for one step in JavaScript: ``restartIndex(t, k0, start)`` with the estimate
``k0`` and ``start(k)`` = :math:`S_k` (:func:`lrdecay_lit.jsgen.js_module` includes it)."""


def restart_starts(i: np.ndarray, first_decay_steps: float, t_mul: float) -> np.ndarray:
    """Step at which period ``i`` starts: :math:`T_0 (m^i - 1)/(m - 1)`, or :math:`T_0 i`.

    ``m**i`` is computed by ``pow``, which is exact for the usual multipliers (1.5, 2, 3 and
    whole ``i``), so restarts that fall on whole steps are found exactly there.
    """
    if t_mul == 1.0:
        return first_decay_steps * i
    # the ratio first: for i = 1 it is exactly 1, whatever rounding t_mul - 1 carries
    return first_decay_steps * ((t_mul**i - 1.0) / (t_mul - 1.0))


def snapped_starts(i: np.ndarray, first_decay_steps: float, t_mul: float) -> np.ndarray:
    """:func:`restart_starts`, each within :data:`RESTART_RTOL` of a whole step set to it."""
    start = restart_starts(i, first_decay_steps, t_mul)
    whole = np.rint(start)
    near = np.abs(start - whole) <= RESTART_RTOL * np.maximum(whole, 1.0)
    return np.where(near, whole, start)


def restart_period(
    t: np.ndarray, first_decay_steps: float, t_mul: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Period index :math:`i(t)`, its start and its length, for float64 steps ``t``.

    TF's logarithm gives the estimate; the few steps within ``_NEAR`` (relative) of a period
    boundary are re-decided against :func:`snapped_starts` (and take their start and length
    from them). With ``t_mul < 1`` a step at or beyond :math:`T_0/(1 - m)` (after every
    period) gives ``nan`` (the caller rejects such steps).
    """
    t = np.asarray(t, dtype=np.float64)
    if t.ndim == 0:
        return tuple(x.reshape(()) for x in restart_period(t.reshape(1), first_decay_steps, t_mul))
    t0, tm = first_decay_steps, t_mul
    f = t / t0
    with np.errstate(invalid="ignore", divide="ignore"):
        if tm == 1.0:
            i = np.floor(f)
        else:
            i = np.log1p(f * (tm - 1.0))
            i /= math.log(tm)
            np.floor(i, out=i)
    # only t_mul < 1 has steps after every period (log of a negative number: nan)
    ok = np.isfinite(i) if tm < 1.0 else None
    if ok is not None:
        i = np.where(ok, i, 0.0)
    start = restart_starts(i, t0, tm)
    length = restart_starts(i + 1.0, t0, tm)
    length -= start
    phase = t - start
    near = (phase < _NEAR * length) | (phase > (1.0 - _NEAR) * length)
    if near.any():
        tn, i_n = t[near], i[near]
        # starts of periods i-1 .. i+2 (the true period is within one of the estimate)
        starts = snapped_starts(i_n + np.arange(-1.0, 3.0)[:, None], t0, tm)
        k = (tn >= starts[1]).astype(np.intp) + (tn >= starts[2])
        cols = np.arange(tn.size)
        i[near] = i_n + (k - 1)
        length[near] = starts[k + 1, cols] - starts[k, cols]
        start[near] = starts[k, cols]
    if ok is not None:
        i[~ok] = np.nan
    return i, start, length


def restart_index(t: np.ndarray, first_decay_steps: float, t_mul: float) -> np.ndarray:
    """The period index :math:`i(t)` of float64 steps ``t`` (:func:`restart_period`'s).

    Example:
        >>> restart_index([9, 10, 22, 23], 10, 1.3).tolist()
        [0.0, 1.0, 1.0, 2.0]
    """
    return restart_period(t, first_decay_steps, t_mul)[0]


_MAX_TABLE = 50_000
"""Most restart steps :func:`restart_steps` lists (``t_mul`` very near 1 has more)."""


def restart_steps(first_decay_steps: float, t_mul: float, stop: float) -> np.ndarray | None:
    r"""The first whole step :math:`\lceil \hat S_k \rceil` of every period :math:`k \ge 1`
    up to ``stop``: the steps at which the learning rate restarts (int64, non-decreasing).

    For a whole step ``t <= stop``, :func:`restart_index` ``(t)`` is the number of entries
    ``<= t`` (``tests/test_restarts.py`` checks it). ``None`` when there would be more
    than 50 000 of them (``t_mul`` = 1 with a short period, or very close to 1).

    Example:
        >>> restart_steps(10, 1.3, 100).tolist()
        [10, 23, 40, 62, 91]
    """
    t0, tm = float(first_decay_steps), float(t_mul)
    if tm == 1.0:
        count = math.floor(stop / t0) + 2
    elif tm > 1.0:
        count = math.ceil(math.log1p(stop * (tm - 1.0) / t0) / math.log(tm)) + 2
    else:
        limit = t0 / (1.0 - tm)  # all periods end there
        last = min(stop, math.ceil(limit) - 1.0)
        count = math.ceil(math.log1p(-last / limit) / math.log(tm)) + 2 if last > 0 else 2
    if count > _MAX_TABLE:
        return None
    k = np.arange(1.0, count + 1.0)
    whole = np.ceil(snapped_starts(k, t0, tm))
    return whole[whole <= stop].astype(np.int64)
