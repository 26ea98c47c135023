r"""How the book writes each symbol, and LaTeX / display of sympy expressions in that notation.

The sympy symbols of :mod:`lrdecay_lit.symbolic` are named like TF's arguments
(``learning_rate``, ``decay_steps``, ...), which is right for code and unreadable in
print. :data:`NOTATION` maps each argument name to the book's symbol (:math:`\eta_0`,
:math:`T`, ...); :func:`tex` prints an expression with it and :func:`show` displays an
equation in a notebook. A chapter that uses another letter for the same argument (the
rate :math:`k` of ``natural_exp_decay``) passes ``names={"decay_rate": "k"}``.

sympy and IPython are imported when a function is called, never at import time.

Example:
    >>> from lrdecay_lit import symbolic as S
    >>> tex(S.expression("exponential_decay"))
    'r^{\\frac{t}{T}} \\eta_{0}'
    >>> tex(S.expression("natural_exp_decay"), names={"decay_rate": "k"})
    '\\eta_{0} e^{- \\frac{k t}{T}}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["NOTATION", "symbol_names", "tex", "show"]

NOTATION: dict[str, str] = {
    "learning_rate": r"\eta_{0}",
    "decay_steps": "T",
    "first_decay_steps": "T_{0}",
    "decay_rate": "r",
    "end_learning_rate": r"\eta_{\text{end}}",
    "power": "q",
    "alpha": r"\alpha",
    "beta": r"\beta",
    "t_mul": "m",
    "m_mul": r"\mu",
    "num_periods": "n",
    "initial_variance": r"\sigma_{0}^{2}",
    "variance_decay": "d",
    "eps": r"\varepsilon_{t}",
    # symbols that lrdecay_lit.symbolic's derivations introduce
    "target": r"\eta^{*}",  # the level of step_to_reach
    "alpha_c": r"\alpha_{\cos}",  # cosine_decay's alpha in linear_cosine_vs_cosine
}
"""TF argument name (or name of a symbol of the package's derivations) → the book's LaTeX
symbol (the step ``t`` prints as itself)."""


def symbol_names(expr: Any, names: Mapping[Any, str] | None = None) -> dict[Any, str]:
    r"""sympy's ``symbol_names`` argument for ``expr``: its free symbols in the book's notation.

    ``names`` keys are symbol names (``"decay_rate"``) or sympy symbols; a symbol key stands
    for its name, so a chapter can key its extra letters by the symbols it defines.

    Example:
        >>> import sympy as sp
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
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> print(tex(sp.polygamma(0, x) + sp.polygamma(1, x)))
        \psi{\left(x \right)} + \operatorname{polygamma}{\left(1,x \right)}
    """
    import sympy as sp

    latex_options.setdefault("ln_notation", True)
    if isinstance(expr, sp.Basic) and expr.has(sp.polygamma):
        expr = expr.replace(
            lambda e: isinstance(e, sp.polygamma) and e.args[0] == 0,
            lambda e: _digamma(e.args[1]),
        )
    return sp.latex(expr, symbol_names=symbol_names(expr, names), **latex_options)


def _digamma(x: Any) -> Any:
    """An unevaluated ``psi(x)`` that prints as the Greek letter (sympy's is polygamma)."""
    import sympy as sp

    return sp.Function("psi")(x)


def show(lhs: str, expr: Any, names: Mapping[Any, str] | None = None, **latex_options: Any) -> Any:
    """An IPython ``Math`` object displaying the equation ``lhs = expr`` (LaTeX ``lhs``)."""
    from IPython.display import Math

    return Math(f"{lhs} = {tex(expr, names, **latex_options)}")
