r"""What the derivations share: their symbols, option splitting, the clip and the hooks.

The derivation modules are split by job (:mod:`._calculus`: derivatives and convexity;
:mod:`._limits`: limit and floor; :mod:`._reach`: crossing steps and half-lives;
:mod:`._budget`: integrals and sums; :mod:`._relations`: identities between schedules and
their families' closed forms). Each works from the definitions' facts
(:class:`lrdecay_lit.schedules.Definition`: ``clip``, ``monotone``, ``noise``, ``options``);
what is genuinely particular to one schedule (SGDR's periods, the linear-cosine floor, a
Dirichlet sum) is a *hook*, a function registered for that schedule and job with
:func:`hook`, which the job calls instead of its generic route. A new schedule needs a hook
only where the generic route (sympy's ``limit``, ``integrate``, ``summation``) does not do.

Notation used in the docstrings: :math:`\eta_0` = ``learning_rate``, :math:`T` =
``decay_steps``, :math:`r` = ``decay_rate``, :math:`f = t/T`, :math:`u = \min(t, T)/T`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from lrdecay_lit.schedules import DEFINITIONS
from lrdecay_lit.symbolic._core import exact, symbol, t

__all__ = ["T", "N", "k", "hook", "special", "family"]

T = sp.Symbol("T", positive=True)
"""The end of the integration range :math:`[0, T]` for :func:`budget_integral`."""


N = sp.Symbol("N", integer=True, positive=True)
"""The number of steps :math:`0, \\dots, N - 1` summed by :func:`budget_sum`."""


k = sp.Symbol("k", integer=True, nonnegative=True)
"""An index: of a staircase block, a polynomial cycle or an SGDR restart."""


_n = sp.Symbol("n", integer=True, nonnegative=True)  # an integer step (sum dummy)

_OPTION_NAMES: tuple[str, ...] = (
    *dict.fromkeys(
        p.name for d in DEFINITIONS.values() for p in d.params if p.kind in ("bool", "floats")
    ),
    "n_boundaries",
)
"""Keyword arguments that select or size the expression (the boolean and list parameters,
and piecewise_constant's symbolic size) rather than being values to substitute."""


def family(option: str) -> tuple[str, ...]:
    """The schedules that have the boolean parameter ``option`` (``"staircase"``: the
    exponential family), in TF's order."""
    return tuple(name for name, d in DEFINITIONS.items() if option in d.options)


_HOOKS: dict[tuple[str, str], Callable[..., Any]] = {}


def hook(job: str, *names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as ``job``'s special case for the schedules ``names``."""
    unknown = [n for n in names if n not in DEFINITIONS]
    if unknown:  # pragma: no cover - a typo in a registration
        raise ValueError(f"hook for unknown schedules {unknown}")

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        for n in names:
            _HOOKS[(job, n)] = fn
        return fn

    return register


def special(job: str, name: str) -> Callable[..., Any] | None:
    """The hook registered for ``job`` and schedule ``name``, or ``None`` (generic route)."""
    return _HOOKS.get((job, name))


def _ds() -> sp.Symbol:
    return symbol("decay_steps")


def _apply(expr: sp.Expr, subs: dict[str, object]) -> sp.Expr:
    """Substitute hyper-parameter values (by TF name) into a derived result."""
    if not subs:
        return expr
    return expr.subs({symbol(key): exact(v) for key, v in subs.items()})


def _split(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate expression options (booleans, lists) from hyper-parameter values."""
    opts = {key: options.pop(key) for key in _OPTION_NAMES if key in options}
    if "t_mul" in options and exact(options["t_mul"]) == 1:
        # SGDR's arithmetic branch must be chosen when the expression is built: the
        # geometric one is 0/0 at t_mul = 1 (the value stays in the substitutions too)
        opts["t_mul"] = 1
    return opts, options


def _freeze_steps(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace every floor/ceiling by a constant dummy (they are constant almost everywhere)."""
    back: dict[sp.Symbol, sp.Expr] = {}
    for node in sorted(expr.atoms(sp.floor, sp.ceiling), key=sp.count_ops, reverse=True):
        d = sp.Dummy("c", integer=True)
        back[d] = node
        expr = expr.xreplace({node: d})
    return expr, back


def _clip(expr: sp.Expr) -> sp.Symbol | None:
    """The ``T`` of the clip ``Min(t, T)`` in ``expr``, or ``None``."""
    for m in expr.atoms(sp.Min):
        if t in m.args and len(m.args) == 2:
            return next(a for a in m.args if a is not t)
    return None


def _active(expr: sp.Expr) -> sp.Expr:
    """``expr`` on the decaying range :math:`t \\le T`: the clip ``Min(t, T)`` becomes ``t``."""
    ds = _clip(expr)
    return expr if ds is None else expr.subs(sp.Min(t, ds), t)


def _settled(expr: sp.Expr) -> sp.Expr:
    """``expr`` for :math:`t \\ge T`: the clip ``Min(t, T)`` becomes ``T``."""
    ds = _clip(expr)
    return expr if ds is None else expr.subs(sp.Min(t, ds), ds)


def _tidy(e: sp.Expr, back: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """``simplify``, except ``factor_terms`` for SGDR (a floor of a log: simplify is slow)."""
    if any(v.has(sp.log) for v in back.values()):
        return sp.factor_terms(e)
    return sp.simplify(e)


def _diff_ae(expr: sp.Expr, order: int = 1) -> sp.Expr:
    """Derivative almost everywhere: floor/ceiling frozen, the clip split into two pieces."""
    ds = _clip(expr)
    frozen, back = _freeze_steps(_active(expr))
    d = _tidy(sp.diff(frozen, t, order), back).xreplace(back)  # simplify while frozen: fast
    if ds is None:
        return d
    return sp.Piecewise((d, t < ds), (sp.diff(_settled(expr), t, order), True))
