r"""Display of equations in the book's notation (a book helper).

The notation itself (:data:`NOTATION`: each parameter's book symbol, a fact of its
definition, :attr:`lrdecay_lit.schedules.Param.symbol`) and the LaTeX printer
(:func:`tex`, :func:`symbol_names`) live in the symbolic layer,
:mod:`lrdecay_lit.symbolic._notation`; they are re-exported here. :func:`show` displays an
equation in a notebook. A chapter that uses another letter for the same argument (the rate
:math:`k` of ``natural_exp_decay``) passes ``names={"decay_rate": "k"}``.

sympy and IPython are imported when a function is called (or :data:`NOTATION` first
read), never at import time.

Example:
    >>> from lrdecay_lit import symbolic as S
    >>> tex(S.expression("exponential_decay"))
    'r^{\\frac{t}{T}} \\eta_{0}'
    >>> tex(S.expression("natural_exp_decay"), names={"decay_rate": "k"})
    '\\eta_{0} e^{- \\frac{k t}{T}}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - read lazily by __getattr__
    from lrdecay_lit.symbolic._notation import NOTATION

__all__ = ["NOTATION", "symbol_names", "tex", "show"]


def __getattr__(name: str) -> object:
    """:data:`NOTATION`, read from the symbolic layer on first use (it imports sympy)."""
    if name == "NOTATION":
        from lrdecay_lit.symbolic._notation import NOTATION

        return NOTATION
    raise AttributeError(f"module 'lrdecay_lit.book.notation' has no attribute {name!r}")


def symbol_names(expr: Any, names: Mapping[Any, str] | None = None) -> dict[Any, str]:
    """sympy's ``symbol_names`` for ``expr`` in the book's notation
    (:func:`lrdecay_lit.symbolic._notation.symbol_names`)."""
    from lrdecay_lit.symbolic._notation import symbol_names as names_of

    return names_of(expr, names)


def tex(expr: Any, names: Mapping[Any, str] | None = None, **latex_options: Any) -> str:
    """LaTeX of ``expr`` in the book's notation (:func:`lrdecay_lit.symbolic._notation.tex`)."""
    from lrdecay_lit.symbolic._notation import tex as tex_of

    return tex_of(expr, names, **latex_options)


def show(lhs: str, expr: Any, names: Mapping[Any, str] | None = None, **latex_options: Any) -> Any:
    """An IPython ``Math`` object displaying the equation ``lhs = expr`` (LaTeX ``lhs``)."""
    from IPython.display import Math

    return Math(f"{lhs} = {tex(expr, names, **latex_options)}")
