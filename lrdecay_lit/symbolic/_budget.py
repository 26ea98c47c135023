"""Derivations of the learning-rate budget: the integral and the sum over whole steps."""

from __future__ import annotations

from typing import Any

import sympy as sp

from lrdecay_lit.schedules.cosine import sgdr_value
from lrdecay_lit.symbolic._core import (
    _check_name,
    exact,
    expression,
    restart_index,
    restart_position,
    symbol,
    t,
)
from lrdecay_lit.symbolic._pieces import (
    N,
    T,
    _active,
    _apply,
    _clip,
    _ds,
    _n,
    _settled,
    _split,
    hook,
    special,
)
from lrdecay_lit.symbolic._result import Derivation

__all__ = ["budget_integral", "budget_sum", "telescopes"]


def _sum(term: sp.Expr, j: sp.Symbol, lo: object, hi: object) -> sp.Expr:
    """sum_{j=lo}^{hi} term, with closed forms sympy misses (1/(a + b j): digamma)."""
    out = sp.summation(term, (j, lo, hi))
    if not out.has(sp.Sum):
        return out
    # a / (b + c j)  ->  (a/c) (psi(b/c + hi + 1) - psi(b/c + lo))
    num, den = sp.fraction(sp.together(term))
    if not num.has(j) and sp.Poly(den, j).degree() == 1:
        c, b = sp.Poly(den, j).all_coeffs()
        shift = b / c
        psi = sp.polygamma(0, shift + hi + 1) - sp.polygamma(0, shift + lo)
        return sp.simplify(num / c) * psi
    return out


def _staircase_budget(expr: sp.Expr, upper: sp.Expr) -> sp.Expr:
    r"""D sum_{j<q} g(j) + (X - q D) g(q) with q = floor(X / D): the stairs, integrated."""
    ds = _ds()
    j = sp.Symbol("j", integer=True, nonnegative=True)
    g = expr.subs(sp.floor(t / ds), j)
    q = sp.floor(upper / ds)
    return ds * _sum(g, j, 0, q - 1) + (upper - q * ds) * g.subs(j, q)


def _split_clip(expr: sp.Expr, before: sp.Expr, upper: sp.Expr, cut: sp.Expr) -> sp.Expr:
    """Budget of a clipped schedule: ``before`` up to the clip, then the settled value."""
    settled = sp.simplify(_settled(expr))
    return sp.Piecewise(
        (before, upper <= cut),
        (before.subs(upper, cut) + settled * (upper - cut), True),
    )


def budget_integral(name: str, upper: sp.Expr | None = None, **options: Any) -> Derivation:
    r"""The learning-rate budget :math:`\int_0^{T} \eta(t)\,dt` in closed form.

    ``upper`` is the end of the range (default the symbol :data:`T`). Staircase and
    cycling schedules are integrated period by period (:math:`q = \lfloor T/T_d \rfloor`
    whole periods plus a partial one), SGDR with its restart index :math:`i(T)` and
    position :math:`x(T)`; inverse_time's staircase sum is a digamma difference, the
    cycling polynomial's a generalised harmonic number :math:`H_K^{(q)}`. For
    noisy_linear_cosine_decay the result is the *expected* budget.

    Example:
        >>> budget_integral("inverse_time_decay").value
        decay_steps*learning_rate*log(T*decay_rate/decay_steps + 1)/decay_rate
    """
    opts, subs = _split(dict(options))
    d = _check_name(name)
    # integrate up to the symbol T and put a numeric end in last: substituting a number for
    # the clip point (_split_clip) must not also replace that number inside the formula
    X = T
    expr = expression(name, **opts)
    note = ""
    if d.noise:
        expr = expr.subs(symbol("eps"), 0)
        note = "expected budget (the noise has mean 0)."
    integral = special("integral", name)
    found = integral(expr, X, opts, subs) if integral is not None else None
    if found is not None:
        value, note = found
    elif opts.get("staircase"):
        value = _staircase_budget(expr, X)
    else:
        value = _integral(expr, X)
    value = _apply(value, subs)
    if upper is not None:
        value = value.subs(T, exact(upper))
    closed = not value.has(sp.Integral, sp.Sum)
    return Derivation(f"integral budget of {name}", {"value": value}, closed_form=closed, note=note)


def _integral(expr: sp.Expr, X: sp.Expr) -> sp.Expr:
    """sympy's integral up to the clip (in w = t / T when T appears), then the settled rate."""
    ds = symbol("decay_steps")
    tv = sp.Symbol("tau", nonnegative=True)
    active = _active(expr)
    if active.has(ds):  # integrate in w = t / T: tidier closed forms
        w = sp.Symbol("w", nonnegative=True)
        before = ds * sp.integrate(active.subs(t, ds * w), (w, 0, X / ds))
        before = sp.factor_terms(sp.piecewise_fold(before))
    else:
        before = sp.integrate(active.subs(t, tv), (tv, 0, X))
    if _clip(expr) is not None:
        return _split_clip(expr, before, X, ds)
    return before


def _dirichlet_cos(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} \cos(cn) = \sin(cM/2)\cos(c(M-1)/2)/\sin(c/2)`."""
    return sp.sin(c * M / 2) * sp.cos(c * (M - 1) / 2) / sp.sin(c / 2)


def _dirichlet_sin(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} \sin(cn) = \sin(cM/2)\sin(c(M-1)/2)/\sin(c/2)`."""
    return sp.sin(c * M / 2) * sp.sin(c * (M - 1) / 2) / sp.sin(c / 2)


def _n_cos_sum(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} n\cos(cn) = \frac{d}{dc}\sum_{n=0}^{M-1} \sin(cn)`."""
    cc = sp.Dummy("c", positive=True)
    return sp.diff(_dirichlet_sin(cc, M), cc).subs(cc, c)


def telescopes(closed: sp.Expr, term: sp.Expr, M: sp.Symbol) -> bool:
    r"""Prove :math:`F(M) = \sum_{n=0}^{M-1} a_n` by :math:`F(M+1) - F(M) = a_M`, :math:`F(0) = 0`.

    ``term`` is :math:`a_M` (written in ``M``). Used by the tests on the closed forms of
    :func:`budget_sum` that sympy's ``summation`` does not find by itself.
    """
    difference = closed.subs(M, M + 1) - closed - term
    step = sp.simplify(sp.expand_trig(difference))
    if step != 0:  # cosine sums
        step = sp.simplify(difference.rewrite(sp.exp))
    if step != 0:  # digamma/harmonic closed forms: psi(x + 1) = psi(x) + 1/x
        step = sp.simplify(sp.expand_func(difference))
    return step == 0 and sp.simplify(closed.subs(M, 0)) == 0


def budget_sum(name: str, steps: sp.Expr | None = None, **options: Any) -> Derivation:
    r"""The learning-rate budget over whole steps, :math:`\sum_{n=0}^{N-1} \eta(n)`.

    ``steps`` is :math:`N` (default the symbol :data:`N`): steps :math:`0 \dots N-1`.
    Closed forms: geometric series (exponential, natural_exp); a digamma difference
    :math:`\frac{T}{k}\left(\psi(T/k + N) - \psi(T/k)\right)` (inverse_time); Hurwitz zeta
    differences :math:`\sum_{j=a}^{b} j^q = \zeta(-q, a) - \zeta(-q, b+1)` (polynomial with
    any power; plain polynomials for a whole ``power``) and generalised harmonic numbers for
    the cycle; Dirichlet-kernel sums of cosines (cosine, linear_cosine, valid when
    :math:`\sin(c/2) \ne 0`). Staircase and cycling sums assume a whole ``decay_steps``.

    SGDR has no closed form over whole steps (its restarts :math:`S_k` are not whole steps
    in general, so the sum does not split into whole periods): the result is the
    unevaluated ``Sum`` and ``closed_form`` is false; :func:`budget_integral` is closed.

    Example:
        >>> budget_sum("fixed").value
        N*learning_rate
    """
    opts, subs = _split(dict(options))
    d = _check_name(name)
    M_ = N if steps is None else exact(steps)
    expr = expression(name, **opts)
    note = ""
    if d.noise:
        expr = expr.subs(symbol("eps"), 0)
        note = "expected budget (the noise has mean 0). "
    total = special("sum", name)
    if opts.get("staircase"):
        value = _staircase_budget(expr, M_)
        note += "whole decay_steps assumed (each stair is decay_steps steps long)."
    elif total is not None:
        value, note = total(expr, M_, opts, subs, note)
    else:
        value = _sum(expr.subs(t, _n), _n, 0, M_ - 1)
        if isinstance(value, sp.Piecewise):  # geometric series: drop the ratio == 1 branch
            value = value.args[-1][0]
            note = "decay_rate != 1 (the ratio-1 branch is the constant schedule)."
    value = _apply(value, subs)
    closed = not value.has(sp.Sum, sp.Integral)
    return Derivation(f"sum budget of {name}", {"value": value}, closed_form=closed, note=note)


def _sgdr_integral(upper: sp.Expr, geometric: bool) -> sp.Expr:
    r"""SGDR's integral: :math:`\sum_{j<i} T_0 m^j \bar\eta_j` + the partial period :math:`i`."""
    x = sp.Symbol("x", nonnegative=True)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    i = sp.Symbol("i", integer=True, nonnegative=True)
    lr, a, mm = symbol("learning_rate"), symbol("alpha"), symbol("m_mul")
    t0, tm = symbol("first_decay_steps"), symbol("t_mul") if geometric else sp.Integer(1)
    in_period = sgdr_value(j, x, lr, mm, a)
    length = t0 * tm**j  # dt = length dx inside period j
    per_period = sp.expand(length * sp.integrate(in_period, (x, 0, 1)))
    full = sp.factor_terms(sp.summation(per_period, (j, 0, i - 1)))
    xi = sp.Symbol("xi", nonnegative=True)
    partial = sp.factor_terms((length * sp.integrate(in_period, (x, 0, xi))).subs(j, i))
    index = restart_index(geometric=geometric).subs(t, upper)
    position = restart_position(geometric=geometric).subs(t, upper)
    return (full + partial).subs(xi, position).subs(i, index)


# --- hooks: integrals ------------------------------------------------------------------------

_Found = tuple[sp.Expr, str]


@hook("integral", "polynomial_decay")
def _polynomial_integral(
    expr: sp.Expr, X: sp.Expr, opts: dict[str, Any], subs: dict[str, Any]
) -> _Found | None:
    """With cycle: whole cycles (a generalised harmonic number) plus a partial one."""
    if not opts.get("cycle"):
        return None
    ds = symbol("decay_steps")
    tv = sp.Symbol("tau", nonnegative=True)
    lr, end, q = symbol("learning_rate"), symbol("end_learning_rate"), symbol("power")
    c = sp.Symbol("c", integer=True, positive=True)  # cycle c covers ((c-1)T, cT]
    in_cycle = (lr - end) * (1 - tv / (c * ds)) ** q + end
    whole = sp.simplify(sp.integrate(in_cycle, (tv, (c - 1) * ds, c * ds)))
    K = sp.floor(X / ds)
    # whole == A c^{-q} + B; sum_{c=1}^{K} c^{-q} is the generalised harmonic number
    b_coef = sp.limit(whole, c, sp.oo)
    a_coef = sp.simplify((whole - b_coef) * c**q)
    if a_coef.has(c):  # pragma: no cover - the integral above has this shape
        raise AssertionError(f"unexpected per-cycle integral {whole}")
    full = a_coef * sp.harmonic(K, q) + b_coef * K
    partial = sp.integrate(in_cycle.subs(c, K + 1), (tv, K * ds, X))
    note = "K = floor(T / decay_steps) whole cycles (generalised harmonic number) + a partial."
    return full + sp.simplify(partial), note


@hook("integral", "cosine_decay_restarts")
def _sgdr_budget_integral(
    expr: sp.Expr, X: sp.Expr, opts: dict[str, Any], subs: dict[str, Any]
) -> _Found:
    value = _sgdr_integral(X, geometric=exact(subs.get("t_mul", 2)) != 1)
    note = (
        "whole periods (geometric sums) up to the restart index i(T), plus the partial "
        "period up to the position x(T). Pass t_mul=1 for TF's other branch."
    )
    return value, note


@hook("integral", "piecewise_constant")
def _piecewise_integral(
    expr: sp.Expr, X: sp.Expr, opts: dict[str, Any], subs: dict[str, Any]
) -> _Found:
    pieces = expr.args
    # each condition says t <= b; sympy may print it as b >= t: the larger side is b
    bs = [c.gts for _, c in pieces[:-1]]
    return _stairs_total([v for v, _ in pieces], bs, X), _ORDER_NOTE


_ORDER_NOTE = "assumes 0 <= b_0 < b_1 < ... (the core checks the order)."


def _stairs_total(vs: list[sp.Expr], cuts: list[sp.Expr], X: sp.Expr) -> sp.Expr:
    """The total of a staircase up to ``X``: value ``vs[i]`` on ``[cuts[i-1], cuts[i])``
    (from 0 to ``cuts[0]`` first, from ``cuts[-1]`` on last), each piece cut at ``X``."""
    value = vs[0] * sp.Min(X, cuts[0])
    for i in range(1, len(cuts)):
        value += vs[i] * (sp.Min(X, cuts[i]) - sp.Min(X, cuts[i - 1]))
    return value + vs[-1] * sp.Max(0, X - cuts[-1])


# --- hooks: sums -----------------------------------------------------------------------------


@hook("sum", "polynomial_decay")
def _polynomial_sum(
    expr: sp.Expr, M_: sp.Expr, opts: dict[str, Any], subs: dict[str, Any], note: str
) -> _Found:
    """Hurwitz zeta differences; generalised harmonic numbers for the cycle."""
    ds, lr = symbol("decay_steps"), symbol("learning_rate")
    end, q = symbol("end_learning_rate"), symbol("power")
    qv = exact(subs["power"]) if "power" in subs else q
    if opts.get("cycle"):
        # step 0, then cycle k = 0, 1, ... covers steps kT+1 .. (k+1)T with horizon (k+1)T
        K = sp.floor((M_ - 1) / ds)
        R = M_ - 1 - K * ds
        zeta = sp.zeta
        whole = zeta(-qv, 1) - zeta(-qv, ds)  # sum_{m=1}^{T-1} m^q
        part = zeta(-qv, ds - R) - zeta(-qv, ds)  # sum_{m=T-R}^{T-1} m^q
        value = (
            lr
            + end * (M_ - 1)
            + (lr - end) * ds ** (-qv) * (whole * sp.harmonic(K, qv) + (K + 1) ** (-qv) * part)
        )
        note = (
            "whole decay_steps assumed: step 0, K = floor((N-1)/T) whole cycles, "
            "R = N-1-K T steps of the next; Hurwitz zeta + generalised harmonic numbers."
        )
        return value, note
    Mc = sp.Min(M_, sp.ceiling(ds))  # steps n < T decay, the others are at the end
    if qv.is_Integer:
        head = _sum(_active(expr).subs({t: _n, q: qv}), _n, 0, Mc - 1)
        return sp.simplify(head + end * (M_ - Mc)), note
    hz = sp.zeta(-qv, ds - Mc + 1) - sp.zeta(-qv, ds + 1)
    note = "Hurwitz zeta: sum_{j=a}^{b} j^q = zeta(-q, a) - zeta(-q, b + 1)."
    return (lr - end) * ds ** (-qv) * hz + end * M_, note


@hook("sum", "cosine_decay")
def _cosine_sum(
    expr: sp.Expr, M_: sp.Expr, opts: dict[str, Any], subs: dict[str, Any], note: str
) -> _Found:
    """A Dirichlet-kernel sum of cosines up to the clip, then the settled rate."""
    ds, lr, a = symbol("decay_steps"), symbol("learning_rate"), symbol("alpha")
    Mc = sp.Min(M_, sp.ceiling(ds))
    c = sp.pi / ds
    head = lr * ((1 - a) * (Mc + _dirichlet_cos(c, Mc)) / 2 + a * Mc)
    return head + sp.simplify(_settled(expr)) * (M_ - Mc), note


@hook("sum", "linear_cosine_decay", "noisy_linear_cosine_decay")
def _linear_cosine_sum(
    expr: sp.Expr, M_: sp.Expr, opts: dict[str, Any], subs: dict[str, Any], note: str
) -> _Found:
    """(a + 1 - n/T) (1 + cos cn) / 2 + beta, summed term by term (Dirichlet kernels)."""
    ds, lr, a = symbol("decay_steps"), symbol("learning_rate"), symbol("alpha")
    Mc = sp.Min(M_, sp.ceiling(ds))
    settled = sp.simplify(_settled(expr))
    beta, n_p = symbol("beta"), symbol("num_periods")
    c = 2 * sp.pi * n_p / ds
    s0, s1 = Mc, Mc * (Mc - 1) / 2
    sc, snc = _dirichlet_cos(c, Mc), _n_cos_sum(c, Mc)
    head = lr * (((a + 1) * (s0 + sc) - (s1 + snc) / ds) / 2 + beta * Mc)
    note += "valid when num_periods / decay_steps is not a whole number (sin(c/2) != 0)."
    return head + settled * (M_ - Mc), note


@hook("sum", "piecewise_constant")
def _piecewise_sum(
    expr: sp.Expr, M_: sp.Expr, opts: dict[str, Any], subs: dict[str, Any], note: str
) -> _Found:
    pieces = expr.args
    cs = [sp.floor(c.gts) + 1 for _, c in pieces[:-1]]  # steps 0..floor(b) are <= b
    return _stairs_total([v for v, _ in pieces], cs, M_), _ORDER_NOTE


@hook("sum", "cosine_decay_restarts")
def _sgdr_sum(
    expr: sp.Expr, M_: sp.Expr, opts: dict[str, Any], subs: dict[str, Any], note: str
) -> _Found:
    """No closed form over whole steps: the unevaluated Sum."""
    note = (
        "no closed form over whole steps: restarts S_k are not whole steps in "
        "general, so the sum does not split into whole periods. Evaluate the Sum "
        "numerically (or use budget_integral, which is closed)."
    )
    return sp.Sum(expr.subs(t, _n), (_n, 0, M_ - 1)), note
