r"""What the object model needs from sympy: the step, exact numbers, a base schedule's expression.

Core code (:mod:`lrdecay_lit.registry`, :mod:`lrdecay_lit.composites`) builds each node's
sympy expression through this module, which imports sympy when a function is first called
(``import lrdecay_lit`` never does). A base schedule's expression comes from its definition
(:func:`base_expression`); composites add ``Piecewise``, ramps and shifted steps.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy as sp

__all__ = [
    "SHIFT_FUNCTIONS",
    "base_expression",
    "book_symbols",
    "exact",
    "latex",
    "parameter_symbol",
    "shift",
    "step_symbol",
]


@functools.cache
def step_symbol() -> sp.Symbol:
    r"""The training step :math:`t \ge 0`, the same symbol as :data:`lrdecay_lit.symbolic.t`."""
    import sympy as sp

    return sp.Symbol("t", nonnegative=True)


def exact(value: object) -> sp.Expr:
    """A number as an exact sympy number: ``0.9`` becomes ``9/10`` (its decimal reading)."""
    import numbers

    import sympy as sp

    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError(f"Expected a number, got a bool: {value!r}")
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, numbers.Real):
        return sp.Rational(repr(float(value)))
    return sp.sympify(value)


@functools.cache
def _shift_function() -> Any:
    import sympy as sp

    return sp.Function("shift", real=True)


def shift(start: sp.Expr, *, exact_shifts: bool = False) -> sp.Expr:
    """The step relative to ``start``: ``t - start``, or ``shift(t, start)`` for generated code.

    ``shift(t, s)`` is kept as one term by sympy (``3/50 (t - 90)`` is not distributed into
    ``3t/50 - 27/5``, which cancels badly in float32); pass :data:`SHIFT_FUNCTIONS` to
    ``lambdify`` so that it means ``t - s``.
    """
    t = step_symbol()
    return _shift_function()(t, start) if exact_shifts else t - start


SHIFT_FUNCTIONS: dict[str, Callable[..., Any]] = {"shift": lambda step, start: step - start}
"""What ``shift`` means to ``lambdify``: pass it in ``modules``."""


_STRENGTH = ({"positive": True}, {"nonnegative": True}, {"real": True})


@functools.cache
def parameter_assumptions() -> dict[str, dict[str, bool]]:
    r"""Each parameter symbol's sympy assumptions: what holds on every schedule's domain.

    A name shared by several schedules (``decay_rate``: :math:`(0, 1]` for
    exponential_decay, :math:`[0, \infty)` for natural_exp and inverse_time) gets the
    weakest of their domains' assumptions, so no value a schedule accepts contradicts them.
    """
    from lrdecay_lit.schedules import DEFINITIONS

    out: dict[str, dict[str, bool]] = {}
    for d in DEFINITIONS.values():
        for p in d.symbol_params:
            a = p.domain.assumptions
            out[p.name] = max(a, out.get(p.name, a), key=_STRENGTH.index)
    out["eps"] = {"real": True}  # the noise of a noisy schedule
    return out


def parameter_symbol(name: str, suffix: str = "") -> sp.Symbol:
    """The sympy symbol of hyper-parameter ``name`` (the same as ``symbolic.symbol(name)``)."""
    import sympy as sp

    return sp.Symbol(name + suffix, **parameter_assumptions()[name])


def base_expression(
    name: str,
    options: Mapping[str, object],
    values: Mapping[str, object],
    *,
    symbolic: bool = False,
    suffix: str = "",
) -> sp.Expr:
    """Base schedule ``name``'s expression in :func:`step_symbol`, from its definition.

    Args:
        name: a schedule name.
        options: the booleans that select the expression (``staircase``, ``cycle``).
        values: the hyper-parameters to put in, as exact numbers (lists for
            piecewise_constant). With ``symbolic``, every real parameter not in ``values``
            is its symbol, named like TF's argument (``values`` then holds what selects the
            expression: piecewise_constant's lists, ``t_mul=1`` for SGDR's arithmetic branch).
        symbolic: keep the real parameters as symbols.
        suffix: appended to every symbol's name (``learning_rate__1`` in a join's piece 1).
    """
    from lrdecay_lit.schedules import definition

    d = definition(name)
    symbols: dict[str, object] = {}
    for p in d.symbol_params:
        if symbolic and p.name not in values:
            symbols[p.name] = parameter_symbol(p.name, suffix)
    for key, value in values.items():
        if isinstance(value, list | tuple):
            symbols[key] = [exact(v) for v in value]
        else:
            symbols[key] = exact(value)
    if d.noise:
        symbols["eps"] = parameter_symbol("eps", suffix)
    return d.expression(step_symbol(), symbols, **{k: bool(v) for k, v in options.items()})


@functools.cache
def book_symbols() -> dict[str, str]:
    """Parameter name → the book's LaTeX symbol (:attr:`~lrdecay_lit.schedules.Param.symbol`).

    A name shared by several schedules takes the first schedule's symbol (TF order); the
    noise ``eps`` of the noisy schedule is :math:`\\varepsilon_t`.
    """
    from lrdecay_lit.schedules import DEFINITIONS

    out: dict[str, str] = {}
    for d in DEFINITIONS.values():
        for p in d.symbol_params:
            if p.symbol is not None:
                out.setdefault(p.name, p.symbol)
    out["eps"] = r"\varepsilon_{t}"
    return out


def latex(expr: sp.Expr, own: Mapping[str, str] | None = None) -> str:
    r"""LaTeX of a node's expression in the book's notation.

    A symbol ``name__i_j`` (a base schedule's parameter inside joins) prints as the book's
    symbol with the superscript :math:`(i,j)`; the composites' own ones by ``own`` (symbol
    base name → LaTeX, ``{"boundary": "B"}``: ``boundary_2`` is :math:`B_{2}`).
    """
    import sympy as sp

    own = own or {}
    names: dict[sp.Symbol, str] = {}
    for s in expr.free_symbols:
        base, _, suffix = s.name.partition("__")
        head, _, index = base.rpartition("_")
        tex = book_symbols().get(base)
        if tex is None and base in own:
            tex = own[base]
        elif tex is None and head in own and index.isdigit():
            tex = f"{own[head]}_{{{index}}}"
        if tex is None:
            continue
        if suffix:
            tex = f"{{{tex}}}^{{({suffix.replace('_', ',')})}}"
        names[s] = tex
    return sp.latex(expr, symbol_names=names, ln_notation=True)
