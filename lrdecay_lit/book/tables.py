"""Small tables for the book, shown as Markdown in the book and as plain text to nbval.

:class:`Table` (a header and rows of cells) is what a notebook displays: its
``text/markdown`` is rendered by the book and its aligned ``text/plain`` is what nbval
compares, so a table printed in a chapter is checked on every test run.
:func:`value_table` builds the most common one, a :class:`ValueTable` of learning rates
(one row per step, one column per curve), which shows itself through a :class:`Table`.
:func:`format_params` writes a schedule's arguments as a reader reads a call
(``learning_rate=0.5, decay_steps=10``: no dict reprs, no fractions such as ``3/50``), and
:func:`example_table` lists the articles' examples of a chapter with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Rational
from typing import Any, SupportsFloat

import numpy as np

__all__ = [
    "Table",
    "ValueTable",
    "example_table",
    "format_params",
    "format_value",
    "shorten",
    "value_table",
]


@dataclass(frozen=True)
class Table:
    """A table of ``header`` and ``rows``: Markdown for the book, aligned text for nbval.

    Cells are shown with ``str``; a cell may hold Markdown (e.g. a code span). The plain
    text drops the backticks of code spans and pads the columns.

    Args:
        header: the column titles.
        rows: the rows, each with one cell per column.
        align: ``"left"``, ``"right"``, or one of them per column.

    Example:
        >>> table = Table(["schedule", "steps"], [["`cosine_decay`", 50], ["fixed", 7]])
        >>> table
        schedule      steps
        cosine_decay  50
        fixed         7
        >>> print(table._repr_markdown_())
        | schedule | steps |
        |---|---|
        | `cosine_decay` | 50 |
        | fixed | 7 |
    """

    header: Sequence[object]
    rows: Sequence[Sequence[object]]
    align: str | Sequence[str] = "left"

    def __post_init__(self) -> None:
        n = len(self.header)
        for row in self.rows:
            if len(row) != n:
                raise ValueError(
                    f"Every row of a Table must have {n} cells (one per column). "
                    f"Received: row={list(row)!r}"
                )
        for a in self._aligns():
            if a not in ("left", "right"):
                raise ValueError(f"Argument `align` must be 'left' or 'right'. Received: {a!r}")

    def _aligns(self) -> list[str]:
        if isinstance(self.align, str):
            return [self.align] * len(self.header)
        return list(self.align)

    def _repr_markdown_(self) -> str:
        rule = "".join("---:|" if a == "right" else "---|" for a in self._aligns())
        lines = ["| " + " | ".join(map(str, self.header)) + " |", "|" + rule]
        lines += ["| " + " | ".join(map(str, row)) + " |" for row in self.rows]
        return "\n".join(lines)

    def __repr__(self) -> str:
        text = [[str(c).replace("`", "") for c in row] for row in (self.header, *self.rows)]
        widths = [max(len(row[i]) for row in text) for i in range(len(self.header))]
        pads = [str.rjust if a == "right" else str.ljust for a in self._aligns()]
        lines = [
            "  ".join(p(c, w) for p, c, w in zip(pads, row, widths, strict=True)) for row in text
        ]
        return "\n".join(line.rstrip() for line in lines)


@dataclass(frozen=True)
class ValueTable:
    """Rows of values at given steps; ``columns`` are the curves' labels."""

    steps: tuple[int, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]
    digits: int = 6
    step_label: str = "step"

    def table(self) -> Table:
        """The :class:`Table` this shows: values to ``digits`` significant digits, right-aligned."""
        return Table(
            [self.step_label, *(f"`{c}`" for c in self.columns)],
            [
                [str(s), *(f"{v:.{self.digits}g}" for v in row)]
                for s, row in zip(self.steps, self.rows, strict=True)
            ],
            align="right",
        )

    def _repr_markdown_(self) -> str:
        return self.table()._repr_markdown_()

    def __repr__(self) -> str:
        return repr(self.table())

    def column(self, label: str) -> np.ndarray:
        """The values of one column, as an array (for glue and tests)."""
        i = self.columns.index(label)
        return np.array([row[i] for row in self.rows])


def value_table(
    curves: Mapping[str, Sequence[float] | np.ndarray],
    steps: Iterable[int],
    *,
    digits: int = 6,
    step_label: str = "step",
) -> ValueTable:
    """A table of ``curves[label][step]`` for each step in ``steps``.

    Args:
        curves: label → learning rates indexed by step (e.g. a schedule evaluated on
            ``np.arange(N)``).
        steps: the steps to show (rows).
        digits: significant digits.

    Example:
        >>> import lrdecay_lit as lr
        >>> t = range(60)
        >>> value_table({"staircase": lr.exponential_decay(0.6, t, 10, 0.6, True)}, [0, 10, 20])
        step  staircase
           0        0.6
          10       0.36
          20      0.216
    """
    labels = tuple(curves)
    arrays = [np.asarray(curves[k], dtype=float) for k in labels]
    steps = tuple(int(s) for s in steps)
    rows = tuple(tuple(float(a[s]) for a in arrays) for s in steps)
    return ValueTable(steps, labels, rows, digits, step_label)


def shorten(text: str, width: int = 60) -> str:
    """The first line of ``text``, cut to at most ``width`` characters (ending in "…").

    For table cells that quote long messages (errors of TensorFlow or of lrdecay_lit).

    Example:
        >>> shorten("ValueError: Argument `decay_steps` must be > 0.\\nmore", 30)
        'ValueError: Argument `decay_s…'
    """
    if width < 1:
        raise ValueError(f"Argument `width` must be >= 1. Received: width={width}")
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= width else first[: width - 1] + "…"


def format_value(value: object) -> str:
    """One argument's value as a reader writes it: exact fractions as decimals, lists kept.

    Example:
        >>> from fractions import Fraction
        >>> format_value(Fraction(3, 50)), format_value(0.0001), format_value(10), str(True)
        ('0.06', '0.0001', '10', 'True')
        >>> format_value([10, 20]), format_value((0.1, Fraction(1, 8)))
        ('[10, 20]', '[0.1, 0.125]')
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    exact = isinstance(value, Rational) or type(value).__module__.startswith("sympy")
    if exact and isinstance(value, SupportsFloat):
        value = float(value)  # e.g. sympy's Rational(3, 50) or Fraction(3, 50)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return str(value)


def format_params(params: Mapping[str, Any], *, code: bool = True, skip: Iterable[str] = ()) -> str:
    """A schedule's arguments as ``name=value`` pairs joined by ", " (for tables and titles).

    Args:
        params: argument name → value (e.g. an :class:`~lrdecay_lit.book.examples.Example`'s
            ``params``).
        code: write each pair as a Markdown code span (for tables); ``False`` for plain
            text (plot titles).
        skip: argument names to leave out.

    Example:
        >>> format_params({"learning_rate": 0.5, "decay_steps": 10, "staircase": False})
        '`learning_rate=0.5`, `decay_steps=10`, `staircase=False`'
        >>> format_params({"learning_rate": 0.5, "alpha": 0.0}, code=False)
        'learning_rate=0.5, alpha=0'
    """
    skipped = set(skip)
    pairs = [f"{k}={format_value(v)}" for k, v in params.items() if k not in skipped]
    return ", ".join(f"`{p}`" for p in pairs) if code else ", ".join(pairs)


def example_table(examples: Iterable[Any]) -> Table:
    """The articles' examples (``lrdecay_lit.book.examples.Example``) as a reader's table.

    One row per example: key, article, arguments (:func:`format_params`), steps and colour.

    Example:
        >>> import lrdecay_lit as lr
        >>> example_table([lr.example("B.cosine")])
        key       article  parameters                                     steps  colour
        B.cosine  B        learning_rate=0.3, decay_steps=50, alpha=0.01     60  r
    """
    rows = [
        [f"`{e.key}`", e.article, format_params(e.params), str(e.num_steps), f"`{e.color}`"]
        for e in examples
    ]
    return Table(
        ["key", "article", "parameters", "steps", "colour"],
        rows,
        align=["left", "left", "left", "right", "left"],
    )
