r"""Every schedule as a one-step map :math:`\eta_{t+1} = \varphi_t(\eta_t)`, its fixed points.

PyTorch's "chainable" schedulers compute the rate from the previous one; the closed form
hides what this recursion shows: where the rate settles (a fixed point of the map) and how
fast it gets there (the slope :math:`\varphi'` at the fixed point). Everything here is
*derived* from :func:`~lrdecay_lit.symbolic.expression`, never typed in:

- the **autonomous map** :math:`\varphi(\eta)`, by eliminating the step: solve
  :math:`\eta(t) = \eta` for :math:`t` and put :math:`t + 1` back into the closed form
  (possible when the schedule is strictly monotone: the exponential family, polynomial
  without cycle, cosine; staircases on their own clock, one application per ``decay_steps``);
- the **chainable form** :math:`\varphi_t(\eta) = c + (\eta - c)\,\rho_t` with
  :math:`c` the floor the chapters derive and :math:`\rho_t = (\eta(t+1) - c)/(\eta(t) - c)`
  (PyTorch's form: ``ExponentialLR``, ``CosineAnnealingLR``, ``PolynomialLR``); it exists
  for every deterministic schedule, with *resets* (a constant map that forgets
  :math:`\eta_t`) where :math:`\eta(t) = c` is followed by a larger value;
- fixed points (``solve(φ(η) = η)``) and their stability from :math:`\varphi'(\eta^*)`.

:func:`chain_iterate` runs the chainable form in float64 as a chainable scheduler does, and
:func:`chain_drift` measures how far it drifts from the closed form.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from lrdecay_lit.schedules import DEFINITIONS
from lrdecay_lit.symbolic._core import (
    _check_name,
    expression,
    parameter_values,
    parameters,
    symbol,
    t,
)
from lrdecay_lit.symbolic._derive import _active, _apply, _clip, _split, floor_value
from lrdecay_lit.symbolic._result import Derivation

__all__ = [
    "eta",
    "one_step_map",
    "chain_factor",
    "chain_iterate",
    "chain_drift",
    "ChainDrift",
    "classify_slope",
]

eta = sp.Symbol("eta", nonnegative=True)
r"""The current learning rate :math:`\eta_t`, the variable of the one-step map."""

_j = sp.Symbol("j", integer=True, nonnegative=True)  # a staircase block index
_INVERTIBLE = tuple(name for name, d in DEFINITIONS.items() if d.monotone)
"""The strictly decreasing schedules (a definition fact): their closed form inverts."""


def classify_slope(slope: sp.Expr) -> str:
    r"""What :math:`\varphi'(\eta^*)` says about a fixed point :math:`\eta^*`.

    ``0``: superstable (reached, in finitely many steps here); ``0 < |φ'| < 1``: linear
    convergence, the distance shrinks by the factor :math:`|\varphi'|` per step; ``1``:
    neutral, the linearisation decides nothing (convergence, if any, is sublinear);
    ``> 1``: unstable. Symbolic slopes are classified with their assumptions (a positive
    ``decay_rate < 1`` is not assumed: ``r^{1/T}`` is "linear if < 1").
    """
    s = sp.simplify(slope)
    if s == 0:
        return "superstable"
    if s == 1:
        return "neutral"
    if s.is_number:
        return "linear" if abs(float(s)) < 1 else "unstable"
    if s.is_positive:
        log_s = sp.simplify(sp.expand_log(sp.log(s), force=True))
        if log_s.is_negative:
            return "linear"
        if log_s.is_positive:
            return "unstable"
    return "linear if |slope| < 1"


def _slope_note(kind: str, per: str = "step") -> str:
    return {
        "superstable": "superstable (slope 0): the fixed point is reached and kept",
        "linear": f"linear convergence: the distance to the fixed point shrinks by the slope "
        f"per {per}",
        "neutral": "neutral (slope 1): no linear convergence; the rate creeps towards the "
        "fixed point sublinearly",
        "unstable": "unstable (|slope| > 1)",
    }.get(kind, f"linear convergence when |slope| < 1 (per {per})")


def _invert(expr: sp.Expr, var: sp.Symbol, start: sp.Expr) -> sp.Expr:
    """The solution of ``expr = eta`` for ``var`` that is ``start`` at ``eta = expr(start)``."""
    at_start = expr.subs(var, start)
    for sol in sp.solve(sp.Eq(expr, eta), var):
        if sp.simplify(sol.subs(eta, at_start) - start) == 0:
            return sol
    raise NotImplementedError(
        f"no inverse branch of {expr} through {var} = {start}"
    )  # pragma: no cover


def _fixed_points_of(phi: sp.Expr) -> sp.Set:
    """``solve(phi(eta) = eta)`` for eta >= 0."""
    return sp.FiniteSet(*sp.solve(sp.Eq(phi, eta), eta))


def _tidy_map(phi: sp.Expr) -> sp.Expr:
    """``simplify`` (kept as a function: one place to change how maps are displayed)."""
    phi = sp.simplify(phi)
    return phi


@functools.lru_cache(maxsize=64)
def _autonomous(name: str, staircase: bool) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """(map on the decaying range, settled value or None, the step variable it eliminated)."""
    expr = expression(name, staircase=staircase)
    ds = symbol("decay_steps")
    if staircase:
        block = expr.subs(t, _j * ds)  # floor(j T / T) = j for an integer j
        inv = _invert(block, _j, sp.Integer(0))
        return _tidy_map(block.subs(_j, inv + 1)), None, _j
    active = _active(expr)
    inv = _invert(active, t, sp.Integer(0))
    phi = _tidy_map(active.subs(t, inv + 1))
    settled = None if _clip(expr) is None else sp.simplify(active.subs(t, ds))
    return phi, settled, t


def chain_factor(
    name: str, *, staircase: bool = False, cycle: bool = False
) -> tuple[sp.Expr, sp.Expr]:
    r"""The chainable form's centre :math:`c` and factor :math:`\rho_t`.

    :math:`c` is the schedule's floor (:func:`floor_value`; 0 for piecewise_constant, whose
    chain multiplies by :math:`v_{i+1}/v_i`, like PyTorch's ``MultiStepLR``) and
    :math:`\rho_t = (\eta(t+1) - c)/(\eta(t) - c)`, simplified, on the decaying range (for a
    clipped schedule :math:`\rho_t = 1` from :math:`T` on: the settled map is the identity).
    Where :math:`\eta(t) = c` and :math:`\eta(t + 1) > c` the factor is infinite: a reset.
    """
    _check_name(name)
    if name == "noisy_linear_cosine_decay":
        raise ValueError(
            "noisy_linear_cosine_decay has no one-step map of the rate: eta_{t+1} needs a "
            "fresh noise sample, not eta_t (its mean follows linear_cosine_decay's map)"
        )
    opts = {"staircase": staircase} if staircase else {"cycle": cycle} if cycle else {}
    expr = expression(name, staircase=staircase, cycle=cycle)
    if name == "piecewise_constant":
        raise ValueError("piecewise_constant: use one_step_map(..., boundaries=..., values=...)")
    centre = sp.Integer(0) if name == "fixed" else floor_value(name, **opts).value
    act = _active(expr)
    rho = (act.subs(t, t + 1) - centre) / (act - centre)
    if name == "cosine_decay_restarts" or cycle:
        return centre, rho  # floor/ceiling of t and t + 1: simplify would only slow it down
    return centre, sp.simplify(rho)


def one_step_map(name: str, **options: object) -> Derivation:
    r"""Schedule ``name`` as a one-step map, derived from its closed form, with fixed points.

    Options are :func:`~lrdecay_lit.symbolic.expression`'s (``staircase``, ``cycle``,
    ``boundaries``/``values``) and hyper-parameter values by TF name, substituted into the
    results.

    Returns:
        :class:`~lrdecay_lit.symbolic.Derivation` with

        - ``map``: :math:`\varphi(\eta)` in :data:`eta` when ``autonomous``, else
          :math:`\varphi_t(\eta)`; for a staircase the map of one *block* of ``decay_steps``
          steps (the per-step map is the identity except at multiples of ``decay_steps``);
        - ``autonomous``: whether the map does not depend on :math:`t`;
        - ``chainable``: :math:`c + (\eta - c)\rho_t`, PyTorch's recursive form;
        - ``limit_map``: :math:`\lim_{t\to\infty}\varphi_t` (the settled map);
        - ``fixed_points``, ``slope`` (:math:`\varphi'` at the fixed point), ``stability``
          (:func:`classify_slope`);
        - ``resets``: the steps at which the map forgets :math:`\eta_t` (empty if none).

    Example:
        >>> one_step_map("exponential_decay").map
        decay_rate**(1/decay_steps)*eta
        >>> one_step_map("inverse_time_decay").slope
        1
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    if name == "noisy_linear_cosine_decay":
        chain_factor(name)  # raises, with the reason
    if name == "piecewise_constant":
        return _piecewise_map(opts)
    generic = _one_step_map(name, bool(opts.get("staircase")), bool(opts.get("cycle")))
    if not subs:
        return generic
    results = {
        key: value if isinstance(value, bool | str) else _apply(value, subs)
        for key, value in generic.results.items()
    }
    return Derivation(generic.title, results, note=generic.note)


@functools.lru_cache(maxsize=64)
def _one_step_map(name: str, staircase: bool, cycle: bool) -> Derivation:
    ds = symbol("decay_steps")
    lr = symbol("learning_rate")
    centre, rho = chain_factor(name, staircase=staircase, cycle=cycle)
    chainable = centre + (eta - centre) * rho
    note = ""
    resets: sp.Set = sp.S.EmptySet
    per = "step"
    if name in _INVERTIBLE and not cycle:
        phi, settled, var = _autonomous(name, staircase)
        autonomous = True
        if settled is not None:
            # clipped: phi(eta) = eta(min(t(eta) + 1, T)); the settled branch is constant
            last = _active(expression(name)).subs(t, ds - 1)
            phi = sp.Piecewise((phi, eta > last), (settled, True))
            fixed = sp.FiniteSet(settled)
            slope = sp.diff(settled, eta)  # the map is constant near the fixed point
            note = (
                "On the decaying range phi(eta) < eta (the closed form decreases strictly), so "
                "the only fixed point is the settled value eta(T), the floor; the map is "
                "constant (= the floor) on [floor, eta(T - 1)], so the fixed point is reached "
                "exactly, at step ceil(T), not approached."
            )
        else:
            fixed = _fixed_points_of(phi)
            (star,) = fixed.args
            slope = sp.simplify(sp.diff(phi, eta).subs(eta, star))
            if staircase:
                per = "block of decay_steps steps"
                note = (
                    "The map acts once per decay_steps steps (on the block index j = t/T); "
                    "in between the per-step map is the identity, every eta a fixed point."
                )
                resets = sp.S.EmptySet
        limit_map = phi if settled is None else eta
    else:
        autonomous = False
        phi = chainable
        limit_map, fixed, slope = eta, sp.FiniteSet(centre), sp.Integer(1)
        if name == "polynomial_decay":
            end = symbol("end_learning_rate")
            resets = sp.ImageSet(sp.Lambda(_j, (_j + 1) * ds), sp.Naturals0)
            slope = rho.subs(t, t)  # per-step factor within a cycle
            limit_map = eta
            note = (
                "Within cycle c (steps (c-1)T < t <= cT) the map is affine with fixed point "
                "end_learning_rate and factor rho_t < 1; at t = cT the rate is "
                "end_learning_rate and the next step restarts at "
                "eta(cT + 1) > end_learning_rate: a reset, a constant map that forgets eta_t. "
                "So end_learning_rate is a fixed point of every within-cycle step but not of "
                "the reset; the reset heights (lr - end)((T - 1)/((c + 1)T))^power + end "
                "tend to end_learning_rate, and so does the orbit. The factor tends to 1 as "
                "the cycles lengthen: the limit map is the identity (neutral)."
            )
            fixed = sp.FiniteSet(end)
            slope = sp.Integer(1)
        elif name == "cosine_decay_restarts":
            from lrdecay_lit.symbolic._core import restart_start

            resets = sp.ImageSet(sp.Lambda(_j, sp.ceiling(restart_start(_j + 1))), sp.Naturals0)
            # inside period i at position x (length L = T0 t_mul^i): x -> x + 1/L per step
            x, length = sp.Symbol("x", nonnegative=True), sp.Symbol("L", positive=True)
            i = sp.Symbol("i", integer=True, nonnegative=True)
            a, mm = symbol("alpha"), symbol("m_mul")
            in_period = lr * ((1 - a) * mm**i * (1 + sp.cos(sp.pi * x)) / 2 + a)
            rho = sp.simplify((in_period.subs(x, x + 1 / length) - centre) / (in_period - centre))
            chainable = centre + (eta - centre) * rho
            phi = chainable
            note = (
                "Within period i the map is cosine_decay's, with T replaced by the period "
                "length first_decay_steps*t_mul**i and learning_rate by the period's peak: "
                "affine in eta with fixed point alpha*learning_rate and factor rho_t < 1. At "
                "the first step of each new period it is a reset (eta_{t+1} = the new peak "
                "times the cosine: it forgets eta_t). alpha*learning_rate is a fixed point of "
                "every within-period step and never of a reset; with m_mul < 1 the peaks "
                "tend to it and so does the orbit; with m_mul = 1 the orbit never settles "
                "(limit set [alpha*lr, lr]). For t_mul > 1 the periods grow and the "
                "within-period factor tends to 1: the limit map is the identity (neutral)."
            )
        elif name == "linear_cosine_decay":
            n_p = symbol("num_periods")
            resets = sp.ImageSet(
                sp.Lambda(_j, ds * (2 * _j + 1) / (2 * n_p)),
                sp.Naturals0,
            )
            note = (
                "Affine in eta with fixed point beta*learning_rate and a factor rho_t that "
                "depends on t and exceeds 1 where the cosine rises: not autonomous (the "
                "closed form is not monotone for num_periods > 1/2, so t cannot be "
                "eliminated). Where the cosine factor vanishes (t = T(2j+1)/(2 num_periods) "
                "< T) the rate is beta*lr and the next step is a reset. From T on the map "
                "is the identity: every eta is fixed, the orbit stays at eta(T)."
            )
            limit_map = eta
            fixed = sp.FiniteSet(centre)
    if name in ("polynomial_decay", "cosine_decay") and not cycle:
        slope_kind = "superstable"
    elif name == "exponential_decay":
        # the decaying case: decay_rate = e^{-rho} < 1 (decay_rate = 1 is a constant rate)
        rate = sp.Symbol("rho", positive=True)
        slope_kind = classify_slope(slope.subs(symbol("decay_rate"), sp.exp(-rate)))
        note = note + " decay_rate < 1 assumed (decay_rate = 1: constant, every eta fixed)."
    else:
        slope_kind = classify_slope(slope)
    results = {
        "map": phi,
        "autonomous": autonomous,
        "chainable": chainable,
        "factor": rho,
        "limit_map": limit_map,
        "fixed_points": fixed,
        "slope": slope,
        "stability": slope_kind,
        "resets": resets,
    }
    note = (note + " " + _slope_note(slope_kind, per)).strip()
    return Derivation(f"one-step map of {name}", results, note=note)


def _piecewise_map(opts: Mapping[str, Any]) -> Derivation:
    expr = expression("piecewise_constant", **opts)
    pieces = expr.args
    values = [v for v, _ in pieces]
    bounds = [c.gts for _, c in pieces[:-1]]
    results = {
        "map": eta,
        "autonomous": False,
        "chainable": sp.Piecewise(
            *[
                (eta * values[i + 1] / values[i], sp.Eq(t, sp.floor(b)))
                for i, b in enumerate(bounds)
            ],
            (eta, True),
        ),
        "limit_map": eta,
        "fixed_points": sp.FiniteSet(*values),
        "slope": sp.Integer(1),
        "stability": "neutral",
        "resets": sp.FiniteSet(*[sp.floor(b) + 1 for b in bounds]),
    }
    note = (
        "Between boundaries the one-step map is the identity: every eta is a fixed point "
        "(slope 1, neutral), in particular each value v_i for the steps of its piece. At the "
        "first step after boundary b_i the rate jumps to v_{i+1} (MultiStepLR's chainable "
        "form multiplies by v_{i+1}/v_i). After the last boundary the map is the identity "
        "forever: the orbit rests at the fixed point v_n, the limit."
    )
    return Derivation("one-step map of piecewise_constant", results, note=note)


# --- numerics: the chain in float64 ----------------------------------------------------


@functools.lru_cache(maxsize=64)
def _factor_function(name: str, staircase: bool, cycle: bool):
    centre, rho = chain_factor(name, staircase=staircase, cycle=cycle)
    args = [t, *parameters(name)]
    return (
        sp.lambdify(args, centre, modules="numpy"),
        sp.lambdify(args, rho, modules="numpy"),
    )


def _params_for(name: str, params: dict[str, object]) -> tuple[list[float], dict[str, bool]]:
    flags: dict[str, bool] = {k: bool(params.pop(k)) for k in ("staircase", "cycle") if k in params}
    values = parameter_values(name, params)
    return values, flags


def chain_iterate(name: str, num_steps: int, **params: object) -> np.ndarray:
    r"""The rates :math:`\eta_0, \dots, \eta_{N-1}` computed the chainable way, in float64.

    :math:`\eta_0` is the closed form at step 0; then
    :math:`\eta_{t+1} = c + (\eta_t - c)\rho_t` with :math:`\rho_t` evaluated from the
    derived factor (:func:`chain_factor`, vectorised over all steps); at a reset (infinite
    or undefined factor: :math:`\eta(t) = c`) the step takes the closed-form value, as
    PyTorch's chainable schedulers special-case it. When :math:`c = 0` the chain is
    ``np.cumprod`` (the same float operations as a loop); otherwise it runs as
    ``itertools.accumulate`` over Python floats (IEEE float64, about 0.1 s per 10^6 steps).

    Args:
        name: a schedule name except piecewise_constant and the noisy schedule.
        num_steps: N.
        **params: hyper-parameters by TF name (TF's defaults otherwise), ``staircase``,
            ``cycle``.
    """
    from lrdecay_lit.registry import Schedule

    n = int(num_steps)
    if n < 1:
        raise ValueError(f"Argument `num_steps` must be >= 1. Received: num_steps={num_steps!r}")
    values, flags = _params_for(name, dict(params))
    f_centre, f_rho = _factor_function(
        name, flags.get("staircase", False), flags.get("cycle", False)
    )
    steps = np.arange(n - 1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rho = np.broadcast_to(np.asarray(f_rho(steps, *values), dtype=np.float64), steps.shape)
    c = float(f_centre(0.0, *values))
    closed = Schedule(name, **params)
    eta0 = float(closed(0))
    # a reset: the closed form is at the centre (the scheduler knows this from its step
    # count, as PyTorch's CosineAnnealingLR special-cases it) or the factor is not finite
    bad = ~np.isfinite(rho) | (closed(steps) == c)
    if name in ("polynomial_decay", "cosine_decay", "linear_cosine_decay") and not flags.get(
        "cycle"
    ):
        # settled part of a clipped schedule: the factor is 1 (0/0 when the floor is reached)
        ds = values[1]
        bad &= steps < ds
        bad |= (steps < ds) & (steps + 1 > ds)  # the step that lands on the settled value
        rho = np.where(steps >= ds, 1.0, rho)
    if c == 0.0 and not bad.any():
        return np.cumprod(np.concatenate(([eta0], rho)))
    resets = {int(i): float(closed(i + 1)) for i in np.flatnonzero(bad)}
    rho_list = rho.tolist()
    if not resets:
        out = itertools.accumulate(rho_list, lambda e, r: c + (e - c) * r, initial=eta0)
        return np.fromiter(out, dtype=np.float64, count=n)
    pairs = list(enumerate(rho_list))

    def step(e: float, ir: tuple[int, float]) -> float:
        i, r = ir
        return resets[i] if i in resets else c + (e - c) * r

    return np.fromiter(itertools.accumulate(pairs, step, initial=eta0), dtype=np.float64, count=n)


@dataclass(frozen=True)
class ChainDrift:
    """How far the chained float64 rates drift from the closed form (see :func:`chain_drift`).

    Attributes:
        name: the schedule.
        num_steps: steps compared.
        max_rel_error: largest :math:`|\\eta^{chain}_t - \\eta(t)| / \\eta(t)` over the steps
            where the closed form is a normal float (not underflowed).
        final_rel_error: the same at the last such step.
        worst_step: where the largest error is.
        underflow_step: first step at which the closed form is below the smallest normal
            float64 (``None`` if never).
    """

    name: str
    num_steps: int
    max_rel_error: float
    final_rel_error: float
    worst_step: int
    underflow_step: int | None


def chain_drift(name: str, num_steps: int = 10**6, **params: object) -> ChainDrift:
    r"""Iterate the chainable map (:func:`chain_iterate`) and compare with the closed form.

    The closed form is the package's float64 core (:class:`~lrdecay_lit.registry.Schedule`,
    vectorised); errors are relative, over the steps where the rate is a normal float64.
    """
    from lrdecay_lit.registry import Schedule

    chained = chain_iterate(name, num_steps, **params)
    closed = Schedule(name, **params)(np.arange(int(num_steps)))
    tiny = np.finfo(np.float64).tiny
    normal = np.abs(closed) >= tiny
    under = np.flatnonzero(~normal)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(
            normal, np.abs(chained - closed) / np.where(normal, np.abs(closed), 1.0), 0.0
        )
    worst = int(np.argmax(rel))
    last = int(np.flatnonzero(normal)[-1])
    return ChainDrift(
        name=name,
        num_steps=int(num_steps),
        max_rel_error=float(rel[worst]),
        final_rel_error=float(rel[last]),
        worst_step=worst,
        underflow_step=int(under[0]) if under.size else None,
    )
