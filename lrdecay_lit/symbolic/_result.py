"""A small container for a derivation's named results, with a LaTeX view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

__all__ = ["Derivation", "latex"]


@dataclass(frozen=True)
class Derivation:
    """Named sympy results of one derivation, in order, with a note on what was (not) done.

    Results are reachable as attributes or items: ``d.peak`` or ``d["peak"]``.

    Attributes:
        title: what was derived.
        results: name -> sympy object, in display order.
        closed_form: ``False`` when (part of) the result is an unevaluated ``Sum`` /
            ``Integral`` or a numerical value, because no closed form was found.
        note: assumptions made and, when ``closed_form`` is false, what was done instead.
    """

    title: str
    # sympy objects (and the odd bool or str): Any, since sympy ships no type information
    results: Mapping[str, Any] = field(default_factory=dict)
    closed_form: bool = True
    note: str = ""

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_") or key in ("title", "results", "closed_form", "note"):
            raise AttributeError(key)
        try:
            return self.results[key]
        except KeyError:
            raise AttributeError(
                f"{self.title!r} has no result {key!r}; results: {', '.join(self.results)}"
            ) from None

    def __getitem__(self, key: str) -> Any:
        return self.results[key]

    def keys(self) -> list[str]:
        """Names of the results, in order."""
        return list(self.results)

    @property
    def latex(self) -> str:
        r"""The results as one LaTeX ``aligned`` block (``name &= value \\ ...``)."""
        rows = []
        for key, value in self.results.items():
            name = r"\text{" + key.replace("_", r"\_") + "}"
            rows.append(f"{name} &= {latex(value)}")
        return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex}$$"

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v}" for k, v in self.results.items())
        return f"Derivation({self.title!r}: {body})"


def latex(obj: object) -> str:
    """LaTeX of a sympy object, a :class:`Derivation`, or anything sympy can print."""
    if isinstance(obj, Derivation):
        return obj.latex
    if isinstance(obj, bool):
        return r"\text{" + str(obj) + "}"
    if isinstance(obj, str):
        return r"\text{" + obj + "}"
    return sp.latex(obj)
