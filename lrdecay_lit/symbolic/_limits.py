"""Derivations about where the rate ends up: its limit and its floor."""

from __future__ import annotations

from typing import Any

import sympy as sp

from lrdecay_lit.symbolic._core import _check_name, exact, expression, symbol, t
from lrdecay_lit.symbolic._pieces import (
    _apply,
    _settled,
    _split,
    family,
    hook,
    k,
    special,
)
from lrdecay_lit.symbolic._relations import polynomial_cycle, sgdr_restarts
from lrdecay_lit.symbolic._result import Derivation

__all__ = ["limit_at_infinity", "floor_value"]


def limit_at_infinity(name: str, **options: Any) -> sp.Expr:
    r"""The limit of :math:`\eta(t)` as :math:`t \to \infty`.

    Clipped schedules (polynomial without cycle, cosine, linear_cosine) are constant after
    :math:`T`, so their limit is the value at :math:`T`. For the exponential decay the answer
    depends on :math:`r`: sympy is given :math:`r = e^{-\rho}` (:math:`\rho > 0`, i.e.
    :math:`r < 1`), and :math:`r = 1` separately. The polynomial cycle and SGDR oscillate: the
    limit exists when their peaks (from :func:`polynomial_cycle`, :func:`sgdr_restarts`)
    converge to their troughs; for SGDR with ``m_mul = 1`` the result is sympy's
    ``AccumBounds`` (the set of limit points). For noisy_linear_cosine_decay the result
    still contains ``eps``: the rate does not converge, its distribution does.

    Example:
        >>> limit_at_infinity("cosine_decay")
        alpha*learning_rate
    """
    opts, subs = _split(dict(options))
    d = _check_name(name)
    expr = expression(name, **opts)
    limit = special("limit", name)
    out = limit(expr, opts) if limit is not None else None
    if out is None and d.clip is not None:
        out = sp.simplify(_settled(expr))
    elif out is None:
        out = sp.limit(expr, t, sp.oo)
    return _apply(out, subs)


def floor_value(name: str, **options: Any) -> Derivation:
    r"""The lowest learning rate the schedule gets to, :math:`\inf_{t \ge 0} \eta(t)`.

    Returns:
        :class:`Derivation` with ``value`` (the infimum) and ``reached`` (the steps where
        it is attained, or ``EmptySet`` when it is only approached).

    The derivation is the schedule's monotonicity (:func:`derivative` has one sign on the
    decaying part) plus its settled value. The floors are: 0 for the exponential family
    (never reached), ``end_learning_rate`` for polynomial_decay (from :math:`T` on; with
    cycle, at every multiple of :math:`T`), :math:`\alpha\eta_0` for cosine_decay (from
    :math:`T` on) and for SGDR (approached at the end of every period, reached only in the
    limit), and for linear_cosine_decay :math:`\beta\eta_0` if and only if :math:`\alpha = 0`
    or :math:`n \ge 1/2`, reached at the zeros :math:`t = T(2j+1)/(2n) \le T` of the cosine
    factor :math:`c` and on :math:`[T, \infty)` when :math:`\alpha c_T = 0`
    (:math:`c_T = (1 + \cos 2\pi n)/2`); otherwise (:math:`\alpha > 0`, :math:`n < 1/2`) it
    is larger, :math:`\eta_0(\beta + \alpha c_T)`, held from :math:`T` on (see
    :func:`_linear_cosine_floor`). noisy_linear_cosine_decay has no floor:
    Gaussian noise is unbounded below (``-oo`` when ``initial_variance > 0``).
    """
    opts, subs = _split(dict(options))
    d = _check_name(name)
    floor = special("floor", name)
    if floor is not None:  # its value unsubstituted, its set `reached` final
        value, reached, note = floor(name, opts, subs)
        results = {"value": _apply(value, subs)}
        if reached is not None:
            results["reached"] = reached
        return Derivation(f"floor of {name}", results, closed_form=True, note=note)
    if d.noise:
        value, reached = -sp.oo, sp.S.EmptySet
        note = "Gaussian noise: unbounded below when initial_variance > 0."
    elif not expression(name, **opts).has(t):  # a constant rate
        value, reached, note = expression(name, **opts), sp.Interval(0, sp.oo), ""
    elif d.monotone and d.clip is not None:  # falls to its value at the clip, then holds
        value = sp.simplify(_settled(expression(name, **opts)))
        reached, note = sp.Interval(symbol(d.clip), sp.oo), ""
    else:  # falls for ever: the limit, approached
        value, reached, note = limit_at_infinity(name, **opts), sp.S.EmptySet, ""
    results = {"value": _apply(value, subs), "reached": _apply(reached, subs)}
    return Derivation(f"floor of {name}", results, closed_form=True, note=note)


def _linear_cosine_floor(subs: dict[str, object]) -> tuple[sp.Expr, sp.Set]:
    r"""Minimum and arg-min set of linear_cosine_decay, with the values in ``subs`` put in.

    :math:`\eta = \eta_0((\alpha + 1 - u)c(u) + \beta)`, :math:`u = \min(t, T)/T`,
    :math:`c(u) = (1 + \cos 2\pi n u)/2`. Both factors are :math:`\ge 0`, so
    :math:`\eta \ge \beta\eta_0`, with equality exactly where the product vanishes: at the
    zeros :math:`t = T(2j+1)/(2n) \le T` of :math:`c` (some exist iff :math:`n \ge 1/2`) and on
    :math:`[T, \infty)` iff :math:`\alpha c_T = 0`. When :math:`\alpha > 0` and :math:`n < 1/2`,
    :math:`c` and :math:`\alpha + 1 - u` are positive and decreasing on :math:`[0, 1]`, so the
    minimum is the settled value :math:`\eta_0(\beta + \alpha c_T)`, on :math:`[T, \infty)`.

    With ``decay_steps``, ``num_periods`` and ``alpha`` all given, the set is explicit (a
    finite set of zeros and/or an interval); otherwise it is written with an image set.
    """
    lr, ds, n_p = symbol("learning_rate"), symbol("decay_steps"), symbol("num_periods")
    a, b = symbol("alpha"), symbol("beta")
    half = sp.Rational(1, 2)
    c_T = (1 + sp.cos(2 * sp.pi * n_p)) / 2  # the cosine factor from T on
    value = sp.Piecewise(
        (lr * b, sp.Or(sp.Eq(a, 0), n_p >= half)),
        (lr * (b + a * c_T), True),
    )
    given = {
        key: exact(subs[key]) for key in ("decay_steps", "num_periods", "alpha") if key in subs
    }
    if len(given) == 3:
        T_, n_, a_ = given["decay_steps"], given["num_periods"], given["alpha"]
        zeros = sp.FiniteSet(
            *[T_ * (2 * j + 1) / (2 * n_) for j in range(int(sp.floor(n_ + half)))]
        )
        settled_zero = sp.simplify(a_ * c_T.subs(n_p, n_)) == 0
        tail = sp.Interval(T_, sp.oo) if (settled_zero or n_ < half) else sp.S.EmptySet
        return value, sp.Union(zeros, tail)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    zeros = sp.Intersection(
        sp.ImageSet(sp.Lambda(j, ds * (2 * j + 1) / (2 * n_p)), sp.Naturals0),
        sp.Interval(0, ds),
        evaluate=False,
    )
    tail = sp.Piecewise(
        (sp.Interval(ds, sp.oo), sp.Or(sp.Eq(a * c_T, 0), n_p < half)), (sp.S.EmptySet, True)
    )
    return value, sp.Union(zeros, tail, evaluate=False)


# --- hooks: limits -------------------------------------------------------------------------


@hook("limit", "exponential_decay")
def _exponential_limit(expr: sp.Expr, opts: dict[str, Any]) -> sp.Expr:
    """The answer depends on r: given as r = e^-rho (rho > 0, r < 1), and r = 1."""
    rho = sp.Symbol("rho", positive=True)
    r = symbol("decay_rate")
    below_one = sp.limit(expr.subs(r, sp.exp(-rho)), t, sp.oo)
    at_one = sp.limit(expr.subs(r, 1), t, sp.oo)
    return sp.Piecewise((below_one, r < 1), (at_one, True))


@hook("limit", "polynomial_decay")
def _polynomial_limit(expr: sp.Expr, opts: dict[str, Any]) -> sp.Expr | None:
    """With cycle: the troughs are end_learning_rate and the peaks tend to it (squeeze)."""
    return polynomial_cycle().results["peak_limit"] if opts.get("cycle") else None


@hook("limit", "cosine_decay_restarts")
def _sgdr_limit(expr: sp.Expr, opts: dict[str, Any]) -> sp.Expr:
    """The peaks' limit if m_mul < 1; with m_mul = 1 the set of limit points."""
    info = sgdr_restarts()
    peak: Any
    peak, trough = info.results["peak"], symbol("learning_rate") * symbol("alpha")
    mm = symbol("m_mul")
    below = sp.limit(peak.subs(mm, sp.exp(-sp.Symbol("mu", positive=True))), k, sp.oo)
    return sp.Piecewise((below, mm < 1), (sp.AccumBounds(trough, peak.subs(mm, 1)), True))


@hook("limit", "piecewise_constant")
def _piecewise_limit(expr: sp.Expr, opts: dict[str, Any]) -> sp.Expr:
    """The value after the last boundary."""
    return expr.args[-1][0]


# --- hooks: floors -------------------------------------------------------------------------

_Floor = tuple[sp.Expr, object, str]


@hook("floor", *family("staircase"))
def _exponential_family_floor(name: str, opts: dict[str, Any], subs: dict[str, Any]) -> _Floor:
    """The limit, 0, approached (never reached); decay_rate < 1 for exponential_decay."""
    if name == "exponential_decay":
        note = "decay_rate < 1 (with decay_rate = 1 the rate is constant)."
        return sp.Integer(0), sp.S.EmptySet, note
    if opts.get("staircase"):
        return sp.Integer(0), sp.S.EmptySet, ""
    return limit_at_infinity(name, **opts), sp.S.EmptySet, ""


@hook("floor", "polynomial_decay")
def _polynomial_floor(name: str, opts: dict[str, Any], subs: dict[str, Any]) -> _Floor:
    """end_learning_rate, from T on; with cycle at every multiple of T."""
    ds = symbol("decay_steps")
    if opts.get("cycle"):
        reached: sp.Set = sp.ImageSet(sp.Lambda(k, k * ds), sp.Naturals)
    else:
        reached = sp.Interval(ds, sp.oo)
    note = "end_learning_rate <= learning_rate (otherwise the schedule ramps up)."
    return symbol("end_learning_rate"), _apply(reached, subs), note


@hook("floor", "cosine_decay_restarts")
def _sgdr_floor(name: str, opts: dict[str, Any], subs: dict[str, Any]) -> _Floor:
    note = "approached at the end of every period (position x -> 1), never reached."
    return symbol("learning_rate") * symbol("alpha"), sp.S.EmptySet, note


@hook("floor", "linear_cosine_decay")
def _linear_cosine_floor_hook(name: str, opts: dict[str, Any], subs: dict[str, Any]) -> _Floor:
    value, reached = _linear_cosine_floor(subs)  # its set as _linear_cosine_floor gives it
    note = (
        "eta = lr*((alpha + 1 - u)*c(u) + beta), u = min(t, T)/T, "
        "c(u) = (1 + cos(2 pi n u))/2 >= 0, so eta >= beta*lr, with equality where "
        "(alpha + 1 - u)*c(u) = 0: at the zeros t = T(2j+1)/(2n) <= T of c (there are "
        "some iff n >= 1/2) and on [T, oo) iff alpha*c(1) = 0. If alpha > 0 and n < 1/2 "
        "both factors are positive and decreasing on [0, 1], so the minimum is the value "
        "from T on, lr*(beta + alpha*c(1)) > beta*lr."
    )
    return value, reached, note


@hook("floor", "piecewise_constant")
def _piecewise_floor(name: str, opts: dict[str, Any], subs: dict[str, Any]) -> _Floor:
    pieces = expression("piecewise_constant", **opts).args
    return sp.Min(*[v for v, _ in pieces]), None, ""
