"""Derivations about the rate of change: derivatives, relative decay rate, convexity."""

from __future__ import annotations

from typing import Any

import sympy as sp

from lrdecay_lit.schedules.cosine import sgdr_value
from lrdecay_lit.symbolic._core import _check_name, expression, restart_position, symbol, t
from lrdecay_lit.symbolic._pieces import (
    _active,
    _apply,
    _clip,
    _diff_ae,
    _ds,
    _freeze_steps,
    _split,
    _tidy,
    hook,
    special,
)
from lrdecay_lit.symbolic._result import Derivation

__all__ = ["derivative", "relative_decay_rate", "convexity"]


def derivative(name: str, order: int = 1, **options: Any) -> sp.Expr:
    r"""The ``order``-th derivative of the schedule with respect to the step, :math:`\eta^{(n)}(t)`.

    Staircase floors, the polynomial cycle's ceiling and SGDR's restart index are constant
    between their jumps, so the result is the derivative *almost everywhere* (the jumps are
    not written as delta functions). The clip :math:`\min(t, T)` becomes a ``Piecewise``
    that is zero for :math:`t \ge T`.

    Example:
        >>> derivative("exponential_decay")
        decay_rate**(t/decay_steps)*learning_rate*log(decay_rate)/decay_steps
    """
    opts, subs = _split(dict(options))
    return _apply(_diff_ae(expression(name, **opts), order), subs)


def relative_decay_rate(name: str, **options: Any) -> sp.Expr:
    r"""The relative decay rate :math:`-\eta'(t)/\eta(t)` (per step; constant = exponential).

    Example:
        >>> relative_decay_rate("natural_exp_decay")
        decay_rate/decay_steps
        >>> relative_decay_rate("inverse_time_decay")
        decay_rate/(decay_rate*t + decay_steps)
    """
    opts, subs = _split(dict(options))
    expr = expression(name, **opts)
    ds = _clip(expr)
    frozen, back = _freeze_steps(_active(expr))
    rel = _tidy(-sp.diff(frozen, t) / frozen, back).xreplace(back)
    if ds is not None:
        rel = sp.Piecewise((rel, t < ds), (0, True))
    return _apply(rel, subs)


_DECAYING_SIGNS = {
    # factor -> its sign in the decaying case the core enforces (alpha <= 1, end < lr)
    "alpha - 1": -1,
    "end_learning_rate - learning_rate": -1,
    "-end_learning_rate + learning_rate": 1,
}


def _positive_on_unit(factor: sp.Expr, u: sp.Symbol) -> bool:
    """True when ``factor`` is provably >= 0 for u in (0, 1) (tries u > 0 and u < 1)."""
    if factor.is_nonnegative:
        return True
    w = sp.Symbol("w", positive=True)
    return bool(factor.subs(u, w).is_nonnegative or factor.subs(u, 1 - w).is_nonnegative)


def convexity(name: str, **options: Any) -> Derivation:
    r"""Second derivative on the decaying part and where the schedule is convex / concave.

    Works in :math:`u = t/T` on :math:`[0, 1]` for clipped schedules (the curve is flat
    after :math:`T`) and on :math:`[0, \infty)` for the exponential family; for
    cosine_decay_restarts in the position :math:`x \in [0, 1)` inside each period. Factors
    proven positive are dropped; ``sign`` is what is left, and has the sign of
    :math:`\eta''`. ``alpha - 1`` and ``end_learning_rate - learning_rate`` are taken as
    negative (the decaying case the core enforces).

    Returns:
        :class:`Derivation` with ``second_derivative`` (in t), ``sign`` (in u or x),
        ``convex_on`` and ``concave_on`` (sets of u or x; a ``ConditionSet`` when sympy
        cannot solve the inequality, e.g. linear_cosine_decay, whose inflection points are
        transcendental: find them numerically with ``sympy.nsolve``).

    Example:
        >>> convexity("cosine_decay").concave_on
        Interval.Ropen(0, 1/2)
    """
    opts, subs = _split(dict(options))
    if opts.get("staircase"):
        raise ValueError("a staircase schedule is piecewise constant: no convexity to study")
    d = _check_name(name)
    if d.noise or not d.symbol_params or not expression(name).has(t):
        raise ValueError(f"convexity is not defined for {name} (constant or random pieces)")
    cycling = bool(opts.pop("cycle", False))
    expr = expression(name, **opts)
    in_period = special("convexity", name)
    if in_period is not None:
        d2, d2_t, var, interval, variable = in_period()
    else:
        u = sp.Symbol("u", nonnegative=True)
        ds = _ds()
        frozen, back = _freeze_steps(_active(expr))
        d2_t = sp.simplify(sp.diff(frozen, t, 2))
        var = u
        d2 = sp.simplify(d2_t.subs(t, ds * u))
        d2_t = d2_t.xreplace(back)
        # in u = t/T: [0, 1] when the rate is constant after the clip, else [0, oo)
        interval = sp.Interval(0, 1) if d.clip is not None else sp.Interval(0, sp.oo)
        variable = sp.Eq(var, t / ds)
    sign = sp.Integer(1)
    for factor in sp.Mul.make_args(sp.factor_terms(d2)):
        known = _DECAYING_SIGNS.get(str(factor))
        if known is not None:
            sign *= known
        elif not _positive_on_unit(factor, var):
            sign *= factor
    sign = _apply(sign, subs)
    coeff, dep = sign.as_independent(var, as_Add=False)

    def where(positive: bool) -> sp.Set:
        if not dep.has(var):
            cond = (sign > 0) if positive else (sign < 0)
            cond = sp.simplify(cond)
            if cond is sp.true:
                return interval
            if cond is sp.false:
                return sp.S.EmptySet
            return sp.ConditionSet(var, cond, interval)
        rel = (dep > 0) if (coeff.is_positive == positive) else (dep < 0)
        if coeff.is_positive is None and coeff.is_negative is None:
            rel = (sign > 0) if positive else (sign < 0)
        return sp.solveset(rel, var, interval)

    results = {
        "second_derivative": _apply(d2_t, subs),
        "variable": variable,
        "sign": sign,
        "convex_on": where(True),
        "concave_on": where(False),
    }
    solved = not any(
        isinstance(s, sp.ConditionSet) for s in (results["convex_on"], results["concave_on"])
    )
    note = "alpha < 1 and end_learning_rate < learning_rate assumed (a decaying schedule)."
    if cycling:
        note += (
            " With cycle=True each cycle c is the same curve with T replaced by c*T"
            " (see polynomial_cycle), so the sign of the second derivative is the same."
        )
    if not solved:
        note += " sympy could not solve the sign inequality; locate roots with sympy.nsolve."
    return Derivation(f"convexity of {name}", results, closed_form=solved, note=note)


# --- hooks ---------------------------------------------------------------------------------


@hook("convexity", "cosine_decay_restarts")
def _sgdr_in_period() -> tuple[sp.Expr, sp.Expr, sp.Symbol, sp.Set, sp.Eq]:
    """SGDR's convexity in the position x inside period i (each period is a half cosine)."""
    i = sp.Symbol("i", integer=True, nonnegative=True)
    x = sp.Symbol("x", nonnegative=True)
    t0, tm = symbol("first_decay_steps"), symbol("t_mul")
    lr, a, mm = symbol("learning_rate"), symbol("alpha"), symbol("m_mul")
    in_period = sgdr_value(i, x, lr, mm, a)
    # t = S_i + x * T0 m^i inside period i, so d2/dt2 = d2/dx2 / (T0 m^i)^2
    d2 = sp.simplify(sp.diff(in_period, x, 2) / (t0 * tm**i) ** 2)
    return d2, d2, x, sp.Interval(0, 1, right_open=True), sp.Eq(x, restart_position())
