"""Derivations about time: the step at which a rate is reached, half-lives."""

from __future__ import annotations

from typing import Any

import sympy as sp

from lrdecay_lit.symbolic._core import _check_name, exact, expression, symbol, t
from lrdecay_lit.symbolic._pieces import _active, _apply, _ds, _split, family
from lrdecay_lit.symbolic._result import Derivation

__all__ = ["step_to_reach", "half_life"]


def _solve_first(eq_lhs: sp.Expr, target: sp.Expr, var: sp.Symbol) -> sp.Expr:
    sols = sp.solve(sp.Eq(eq_lhs, target), var)
    if not sols:
        raise NotImplementedError(f"sympy found no solution of {eq_lhs} = {target}")
    if len(sols) > 1:  # cosine: acos and 2*pi - acos; keep the one in the decaying range
        sols = [s for s in sols if not s.has(sp.pi) or not (s - var).has(-sp.pi)]
        sols.sort(key=sp.count_ops)
    return sp.simplify(sols[0])


def step_to_reach(name: str, target: object = None, **options: Any) -> Derivation:
    r"""The step at which the learning rate first falls to ``target``.

    Solves :math:`\eta(t^*) = \eta^*` on the decaying part (sympy ``solve``); for a
    staircase schedule solves for the exponent :math:`p = \lfloor t/T \rfloor` and rounds
    it up, :math:`t^* = T \lceil p^* \rceil`. The first whole step with
    :math:`\eta \le \eta^*` is :math:`\lceil t^* \rceil`.

    Args:
        name: one of the monotone schedules: exponential_decay, natural_exp_decay,
            inverse_time_decay, polynomial_decay (no cycle), cosine_decay.
        target: :math:`\eta^*` (a number or sympy expression; default the symbol
            ``target``), between the floor and ``learning_rate``.

    Returns:
        :class:`Derivation` with ``crossing`` (:math:`t^*`, real) and ``first_step``
        (:math:`\lceil t^* \rceil`).

    Raises:
        NotImplementedError: linear_cosine (transcendental equation
            :math:`(\alpha + 1 - u)(1 + \cos 2\pi n u) = c`, no closed form: use
            ``sympy.nsolve`` on :func:`expression`), SGDR, the cycling polynomial, noise.

    Example:
        >>> step_to_reach("inverse_time_decay", target=0.05, learning_rate=0.1).crossing
        decay_steps/decay_rate
    """
    opts, subs = _split(dict(options))
    if not _check_name(name).monotone or opts.get("cycle"):
        raise NotImplementedError(
            f"no closed-form first-crossing step for {name} {opts or ''}: the schedule is not "
            "monotone or the equation is transcendental; solve numerically (sympy.nsolve)"
        )
    y = sp.Symbol("target", positive=True) if target is None else exact(target)
    expr = _active(expression(name, **opts))
    ds = _ds()
    u = sp.Symbol("u", nonnegative=True)  # t / T, or floor(t / T) for a staircase
    if opts.get("staircase"):
        u_star = _solve_first(expr.subs(sp.floor(t / ds), u), y, u)
        crossing = ds * sp.ceiling(u_star)
    else:
        crossing = ds * _solve_first(expr.subs(t, ds * u), y, u)
    crossing = _apply(crossing, subs)
    return Derivation(
        f"first step of {name} at target",
        {"crossing": crossing, "first_step": sp.ceiling(crossing)},
        note="target between the floor and learning_rate (otherwise never / at step 0).",
    )


def half_life(name: str, *, staircase: bool = False, t0: object = 0, **subs: Any) -> sp.Expr:
    r"""Steps :math:`h` after :math:`t_0` for the rate to halve, :math:`\eta(t_0+h) = \eta(t_0)/2`.

    Closed forms: exponential :math:`h = T \ln 2 / \ln(1/r)` and natural_exp
    :math:`h = T \ln 2 / k`, both independent of :math:`t_0` (a true half-life);
    inverse_time :math:`h = T/k + t_0`, which grows with :math:`t_0` (each halving takes
    longer). With ``staircase=True`` (only from :math:`t_0 = 0`): the first step at which
    the rate is at most half, :math:`T \lceil \ln 2 / \ln(1/r) \rceil`, etc.

    Example:
        >>> half_life("natural_exp_decay")
        decay_steps*log(2)/decay_rate
    """
    if name not in family("staircase"):
        raise ValueError(
            f"half_life is for {', '.join(family('staircase'))}. Received: name={name!r}"
        )
    lr = symbol("learning_rate")
    if staircase:
        if exact(t0) != 0:
            raise ValueError("staircase half-life is defined from t0 = 0 only")
        return step_to_reach(name, lr / 2, staircase=True, **subs).results["crossing"]
    h = sp.Symbol("h", positive=True)
    start = t if t0 is None else exact(t0)
    expr = expression(name)
    sol = sp.solve(sp.Eq(expr.subs(t, start + h), expr.subs(t, start) / 2), h)
    if len(sol) != 1:
        raise NotImplementedError(f"sympy returned {sol}")
    return _apply(sp.simplify(sol[0]), subs)
