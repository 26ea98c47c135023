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
    "COMPOSITE_NOTATION",
    "SHIFT_FUNCTIONS",
    "base_expression",
    "exact",
    "latex",
    "parameter_symbol",
    "shift",
    "step_symbol",
]

COMPOSITE_NOTATION: dict[str, str] = {
    "warmup_steps": "W",
    "init_value": r"\eta_{\text{init}}",
    "value": "c",
    "boundary": "B",
}
"""The book's symbols for the composites' own parameters (``boundary_1`` prints ``B_{1}``)."""


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
def _assumptions() -> dict[str, dict[str, bool]]:
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

    return sp.Symbol(name + suffix, **_assumptions()[name])


def base_expression(
    name: str,
    options: Mapping[str, object],
    values: Mapping[str, object] | None,
    *,
    suffix: str = "",
) -> sp.Expr:
    """Base schedule ``name``'s expression in :func:`step_symbol`, from its definition.

    Args:
        name: a schedule name.
        options: what selects the expression: the booleans (``staircase``, ``cycle``),
            piecewise_constant's ``boundaries``/``values`` lists (put in as exact numbers),
            ``t_mul=1`` for SGDR's arithmetic branch.
        values: the numeric hyper-parameters to put in (exact decimals), or None to keep
            them as symbols named like TF's arguments.
        suffix: appended to every symbol's name (``learning_rate__1`` in a join's piece 1).
    """
    from lrdecay_lit.schedules import definition

    d = definition(name)
    flags = {k: bool(v) for k, v in options.items() if isinstance(v, bool)}
    symbols: dict[str, object] = {}
    for p in d.symbol_params:
        if values is None:
            symbols[p.name] = parameter_symbol(p.name, suffix)
        else:
            symbols[p.name] = exact(values[p.name])
    for key, value in options.items():
        if key in flags:
            continue
        if isinstance(value, list | tuple):
            symbols[key] = [exact(v) for v in value]
        else:
            symbols[key] = exact(value)  # t_mul = 1: the arithmetic branch
    if d.noise:
        symbols["eps"] = parameter_symbol("eps", suffix)
    return d.expression(step_symbol(), symbols, **flags)


def _book_symbol(name: str) -> str | None:
    """The book's LaTeX symbol of hyper-parameter ``name`` (None: print it as sympy does)."""
    from lrdecay_lit.schedules import DEFINITIONS

    for d in DEFINITIONS.values():
        for p in d.params:
            if p.name == name and p.symbol is not None:
                return p.symbol
    return {"eps": r"\varepsilon_{t}"}.get(name)


def latex(expr: sp.Expr) -> str:
    r"""LaTeX of a node's expression in the book's notation.

    A symbol ``name__i_j`` (a base schedule's parameter inside joins) prints as the book's
    symbol with the superscript :math:`(i,j)`; a composite's own ones as in
    :data:`COMPOSITE_NOTATION` (``boundary_2`` is :math:`B_{2}`).
    """
    import sympy as sp

    names: dict[sp.Symbol, str] = {}
    for s in expr.free_symbols:
        base, _, suffix = s.name.partition("__")
        head, _, index = base.rpartition("_")
        tex = _book_symbol(base)
        if tex is None and base in COMPOSITE_NOTATION:
            tex = COMPOSITE_NOTATION[base]
        elif tex is None and head in COMPOSITE_NOTATION and index.isdigit():
            tex = f"{COMPOSITE_NOTATION[head]}_{{{index}}}"
        if tex is None:
            continue
        if suffix:
            tex = f"{{{tex}}}^{{({suffix.replace('_', ',')})}}"
        names[s] = tex
    return sp.latex(expr, symbol_names=names, ln_notation=True)
