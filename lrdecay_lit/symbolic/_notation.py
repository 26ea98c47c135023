r"""The book's symbol of every sympy symbol, and LaTeX of expressions in that notation.

The sympy symbols are named like TF's arguments (``learning_rate``, ``decay_steps``, ...),
which is right for code and unreadable in print. Each parameter's book symbol is a fact of
its definition (:attr:`lrdecay_lit.schedules.Param.symbol`); :data:`NOTATION` collects
them (a name shared by several schedules takes the first schedule's symbol, in TF order:
``decay_rate`` prints :math:`r`, and a chapter that writes natural_exp_decay's rate
:math:`k` passes ``names={"decay_rate": "k"}``), plus the symbols this layer's derivations
introduce. :func:`tex` prints an expression with it; :mod:`lrdecay_lit.book.notation` displays
equations in a notebook.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from lrdecay_lit.schedules import DEFINITIONS

__all__ = ["NOTATION", "symbol_names", "tex"]

_DERIVATION_SYMBOLS: dict[str, str] = {
    "target": r"\eta^{*}",  # the level of step_to_reach
    "alpha_c": r"\alpha_{\cos}",  # cosine_decay's alpha in linear_cosine_vs_cosine
}


def _notation() -> dict[str, str]:
    out: dict[str, str] = {}
    for d in DEFINITIONS.values():
        for p in d.symbol_params:
            if p.symbol is not None:
                out.setdefault(p.name, p.symbol)
        if d.noise_symbol is not None:  # the noise eps of symbolic.expression
            out.setdefault("eps", d.noise_symbol)
    return {**out, **_DERIVATION_SYMBOLS}


NOTATION: dict[str, str] = _notation()
"""TF argument name (or name of a symbol of the package's derivations) → the book's LaTeX
symbol (the step ``t`` prints as itself)."""


def symbol_names(expr: Any, names: Mapping[Any, str] | None = None) -> dict[Any, str]:
    r"""sympy's ``symbol_names`` argument for ``expr``: its free symbols in the book's notation.

    ``names`` keys are symbol names (``"decay_rate"``) or sympy symbols; a symbol key stands
    for its name, so a chapter can key its extra letters by the symbols it defines.

    Example:
        >>> rho = sp.Symbol("rho", positive=True)
        >>> symbol_names(rho * sp.Symbol("decay_steps"), {rho: r"\varrho"})
        {decay_steps: 'T', rho: '\\varrho'}
    """
    table = {**NOTATION, **{getattr(k, "name", k): v for k, v in (names or {}).items()}}
    found = [s for s in getattr(expr, "free_symbols", ()) if s.name in table]
    return {s: table[s.name] for s in sorted(found, key=lambda s: s.name)}


def tex(expr: Any, names: Mapping[Any, str] | None = None, **latex_options: Any) -> str:
    r"""LaTeX of ``expr`` in the book's notation (``ln`` for the natural logarithm).

    The digamma function (sympy's ``polygamma(0, x)``, which sympy prints as
    :math:`\operatorname{polygamma}(0, x)`) is printed :math:`\psi(x)`, as in the textbooks.

    Args:
        expr: a sympy expression (or anything ``sympy.latex`` prints).
        names: extra or overriding symbols, by TF argument name, sympy symbol name or sympy
            symbol.
        **latex_options: passed on to ``sympy.latex`` (e.g. ``order="none"``).

    Example:
        >>> x = sp.Symbol("x")
        >>> print(tex(sp.polygamma(0, x) + sp.polygamma(1, x)))
        \psi{\left(x \right)} + \operatorname{polygamma}{\left(1,x \right)}
    """
    latex_options.setdefault("ln_notation", True)
    if isinstance(expr, sp.Basic) and expr.has(sp.polygamma):
        expr = expr.replace(
            lambda e: isinstance(e, sp.polygamma) and e.args[0] == 0,
            lambda e: _digamma(e.args[1]),
        )
    return sp.latex(expr, symbol_names=symbol_names(expr, names), **latex_options)


def _digamma(x: Any) -> Any:
    """An unevaluated ``psi(x)`` that prints as the Greek letter (sympy's is polygamma)."""
    return sp.Function("psi")(x)
