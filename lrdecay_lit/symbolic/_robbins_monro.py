r"""The Robbins–Monro conditions :math:`\sum_t \eta_t = \infty`, :math:`\sum_t \eta_t^2 < \infty`.

Robbins and Monro (1951): a stochastic approximation converges to its target when the steps
sum to infinity (the iterate can travel any distance: the bias is forgotten) and their
squares do not (the injected noise has a finite total). On the noisy quadratic
(:func:`lrdecay_lit.symbolic.nqm_split`) the two conditions are exactly what makes the bias
product and the variance sum of the final error tend to 0.

:func:`robbins_monro` checks them for one schedule with numeric hyper-parameters, from the
package's own derivations: the limit (:func:`~lrdecay_lit.symbolic.limit_at_infinity`), the
budget over :math:`N` steps (:func:`~lrdecay_lit.symbolic.budget_sum`) as
:math:`N \to \infty`, and, for the restarting and cycling schedules, the budget per period
(a geometric or a :math:`p`-series).

Example:
    >>> rm = robbins_monro("inverse_time_decay", learning_rate=0.1, decay_steps=10, decay_rate=1)
    >>> rm.sum_rate, rm.converges
    (oo, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from lrdecay_lit.symbolic._core import exact, expression, noise_variance, symbol, t
from lrdecay_lit.symbolic._derive import N, budget_sum, k, limit_at_infinity, sgdr_restarts
from lrdecay_lit.symbolic._result import Derivation

__all__ = ["robbins_monro"]

_OPTIONS = ("staircase", "cycle", "boundaries", "values")


def _large_n(expr: sp.Expr) -> sp.Expr:
    """The budget for N beyond every clip: ``Min(N, a) -> a``, ``Max(0, N - a) -> N - a``."""
    rep = {}
    for m in expr.atoms(sp.Min):
        if N in m.args and len(m.args) == 2:
            rep[m] = next(a for a in m.args if a is not N)
    for m in expr.atoms(sp.Max):
        if len(m.args) == 2 and 0 in m.args:
            rep[m] = next(a for a in m.args if a != 0)
    return expr.xreplace(rep)


def _series(term: sp.Expr, lo: int = 0) -> tuple[sp.Expr, bool]:
    """``Sum(term, (k, lo, oo))`` and whether it converges (sympy's convergence tests)."""
    s = sp.Sum(term, (k, lo, sp.oo))
    return s, bool(s.is_convergent())


def _verdict(first: bool, second: bool) -> str:
    if first and second:
        return "converges (both conditions hold)"
    if not first:
        return "stops short: the budget is finite, the start is never forgotten"
    return "stalls: the squares sum to infinity (noise keeps coming: a floor or restarts)"


def robbins_monro(name: str, **params: object) -> Derivation:
    r"""Whether schedule ``name`` with these hyper-parameters satisfies Robbins–Monro.

    Args:
        name: a schedule name; ``params`` its hyper-parameters by TF name (numbers, and
            ``staircase``/``cycle``/``boundaries``/``values``). Missing ones take TF's
            defaults where there are any.

    Returns:
        :class:`Derivation` with ``limit`` (of :math:`\eta_t`; an ``AccumBounds`` when there
        is none), ``sum_rate`` (:math:`\sum_t \eta_t`, ``oo`` or its value), ``sum_squares``
        (:math:`\sum_t \eta_t^2` or :math:`\sum_t \mathbb E\eta_t^2`: ``oo`` or a number),
        ``squares_kind`` (``"exact"``: that sum; ``"bound"``: an upper bound
        :math:`\eta_0\sum_t\eta_t`; ``"integral"``: the series of per-period integrals, which
        converges with the sum), ``first`` / ``second`` (the two conditions), ``converges``,
        ``verdict`` (one phrase) and ``proof`` (the argument, one sentence); also in ``note``.
    """
    from lrdecay_lit.symbolic._core import defaults

    opts = {key: params.pop(key) for key in _OPTIONS if key in params}
    values = {**{p: v for p, v in defaults(name).items()}, **params}
    lr = exact(values.get("learning_rate", 1))
    limit = limit_at_infinity(name, **opts, **values)
    kind = "exact"  # what sum_squares is: the sum, an upper bound, or the integral's series
    if name == "noisy_linear_cosine_decay":
        var_limit = noise_variance().subs(sp.Min(t, symbol("decay_steps")), symbol("decay_steps"))
        var_limit = var_limit.subs({symbol(p): exact(v) for p, v in values.items()})
        if var_limit == 0:
            rm = robbins_monro("linear_cosine_decay", **opts, **_linear_part(values))
            return Derivation(f"Robbins-Monro for {name}", rm.results, note=rm.note)
        sum_rate, sum_sq = sp.oo, sp.oo
        proof = (
            f"E[eta_t^2] >= Var eps_t, which settles at {sp.N(var_limit, 4)} > 0 after "
            "decay_steps: the expected squares sum to infinity (and the rate even goes negative)."
        )
    elif isinstance(limit, sp.AccumBounds):
        sum_rate, sum_sq = sp.oo, sp.oo
        proof = (
            f"no limit: every restart returns to the peak {limit.max}, so infinitely many "
            "terms stay above half of it and both series diverge."
        )
    elif limit != 0:
        sum_rate, sum_sq = sp.oo, sp.oo
        proof = (
            f"eta_t -> {limit} > 0: the terms do not tend to 0, so both series diverge "
            "(the squares by at least limit^2 per step)."
        )
    elif name == "cosine_decay_restarts" or (name == "polynomial_decay" and opts.get("cycle")):
        sum_rate, sum_sq, proof = _periods(name, values)
        kind = "integral"
    else:
        b = budget_sum(name, **opts, **values).value
        sum_rate = sp.limit(_large_n(b), N, sp.oo)
        if sum_rate == sp.oo:
            sum_sq = _sum_of_squares(name, opts, values)
            proof = (
                "eta_t -> 0; lim_N budget_sum = oo; the squares' sum is "
                + ("finite" if sum_sq != sp.oo else "infinite")
                + " (sympy summation)."
            )
        else:
            sum_sq = sp.nsimplify(lr * sum_rate)
            kind = "bound"
            proof = (
                f"lim_N budget_sum = {sp.N(sum_rate, 6)} < oo, so sum eta_t^2 <= "
                "eta_max sum eta_t is finite too; the first condition fails."
            )
    first = sum_rate == sp.oo
    second = sum_sq != sp.oo
    results = {
        "limit": limit,
        "sum_rate": sum_rate,
        "sum_squares": sum_sq,
        "squares_kind": kind,
        "first": first,
        "second": second,
        "converges": first and second,
        "verdict": _verdict(first, second),
        "proof": proof,
    }
    return Derivation(f"Robbins-Monro for {name}", results, note=proof)


def _linear_part(values: dict[str, object]) -> dict[str, object]:
    keep = ("learning_rate", "decay_steps", "num_periods", "alpha", "beta")
    return {key: v for key, v in values.items() if key in keep}


def _sum_of_squares(name: str, opts: Mapping[str, Any], values: dict[str, object]) -> sp.Expr:
    """:math:`\\sum_{n \\ge 0} \\eta(n)^2` by sympy (per stair for a staircase)."""
    expr = expression(name, **opts).subs({symbol(p): exact(v) for p, v in values.items()})
    n = sp.Symbol("n", integer=True, nonnegative=True)
    if opts.get("staircase"):
        ds = exact(values["decay_steps"])
        term, j = (expr.subs(t, k * ds) ** 2) * ds, k  # each stair holds decay_steps steps
    else:
        term, j = expr.subs(t, n) ** 2, n
    num, den = sp.fraction(sp.factor(term))
    base, power = den.as_base_exp()
    if not num.has(j) and power == 2 and sp.Poly(base, j).degree() == 1:
        # sum_{j>=0} a/(b + c j)^2 = a/c^2 psi'(b/c) (trigamma: the Hurwitz zeta at 2)
        c, b = sp.Poly(base, j).all_coeffs()
        return num / c**2 * sp.polygamma(1, b / c)
    return sp.summation(term, (j, 0, sp.oo))  # pragma: no cover - the schedules above


def _short(expr: sp.Expr) -> sp.Expr:
    """A per-period budget for the proof text: floats to 4 digits, then tidied."""
    return sp.N(sp.simplify(expr), 4)


def _periods(name: str, values: dict[str, object]) -> tuple[sp.Expr, sp.Expr, str]:
    """Restarting/cycling schedules that tend to 0: series of per-period budgets."""
    lr = exact(values["learning_rate"])
    x = sp.Symbol("x", nonnegative=True)  # position in a period, 0..1
    if name == "cosine_decay_restarts":
        info = sgdr_restarts().results
        sub = {symbol(p): exact(v) for p, v in values.items()}
        length = info["period_length"].subs(sub)
        m = exact(values["m_mul"])
        shape = (1 + sp.cos(sp.pi * x)) / 2  # alpha = 0 here (the limit is 0)
        per = length * lr * m**k * sp.integrate(shape, (x, 0, 1))
        per_sq = length * lr**2 * m ** (2 * k) * sp.integrate(shape**2, (x, 0, 1))
        what = "period k (length first_decay_steps t_mul^k, peak lr m_mul^k)"
    else:  # polynomial_decay with cycle and end_learning_rate = 0: cycle c = k + 1
        T, q = exact(values["decay_steps"]), exact(values["power"])
        c = k + 1
        tau = sp.Symbol("tau", positive=True)
        rate = lr * (1 - tau / (c * T)) ** q
        per = sp.simplify(sp.integrate(rate, (tau, (c - 1) * T, c * T)))
        per_sq = sp.simplify(sp.integrate(rate**2, (tau, (c - 1) * T, c * T)))
        what = "cycle k + 1 (horizon (k + 1) decay_steps)"
    s1, ok1 = _series(per)
    s2, ok2 = _series(per_sq)
    sum_rate = sp.oo if not ok1 else s1.doit()
    sum_sq = sp.oo if not ok2 else s2.doit()
    proof = (
        f"eta_t -> 0; over {what} the budget is {_short(per)} and the squares' budget "
        f"{_short(per_sq)}; the rate falls within a period, so a period's sum over whole "
        "steps is at least its integral and at most its integral plus its peak (the peaks' "
        "series converges exactly when the integrals' does): "
        f"sum eta {'converges' if ok1 else 'diverges'}, sum eta^2 "
        f"{'converges' if ok2 else 'diverges'}."
    )
    return sum_rate, sum_sq, proof
