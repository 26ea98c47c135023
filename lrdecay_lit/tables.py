"""Small tables of learning-rate values for the book: one row per step, one column per curve.

:func:`value_table` returns a :class:`ValueTable`, which a notebook shows as a Markdown
table (``text/markdown``, rendered by the book) and as aligned plain text
(``text/plain``, which nbval compares), so a table printed in a chapter is checked on
every test run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ValueTable", "value_table"]


@dataclass(frozen=True)
class ValueTable:
    """Rows of values at given steps; ``columns`` are the curves' labels."""

    steps: tuple[int, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]
    digits: int = 6
    step_label: str = "step"

    def _cells(self) -> list[list[str]]:
        return [
            [str(s), *(f"{v:.{self.digits}g}" for v in row)]
            for s, row in zip(self.steps, self.rows, strict=True)
        ]

    def _repr_markdown_(self) -> str:
        head = [self.step_label, *(f"`{c}`" for c in self.columns)]
        lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self._cells()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        head = [self.step_label, *self.columns]
        cells = self._cells()
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(head)]
        fmt = "  ".join(f"{{:>{w}}}" for w in widths)
        return "\n".join([fmt.format(*head), *(fmt.format(*r) for r in cells)])

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
