"""The learning rates that real TensorFlow computed, as recorded in ``data/tf1_values.json``.

``tools/make_golden_tf.py`` runs TensorFlow (in its own virtualenv) on every article
example, the TF defaults and edge cases, and writes the results, float32 and float64, with
the versions it ran (``load()["tensorflow"]``) and what TF did with invalid arguments
(``load()["observations"]``). ``tests/test_golden.py`` compares :mod:`lrdecay_lit`
against them; the book reads them through :func:`case` and :func:`values`, so no chapter
opens the file itself.

Example:
    >>> import lrdecay_lit as lr
    >>> steps, tf64 = values("article/A.exponential")
    >>> bool(abs(lr.exponential_decay(0.5, steps, 10, 0.9) - tf64).max() < 1e-15)
    True
    >>> case("article/A.exponential")["schedule"]
    'exponential_decay'
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["PATH", "load", "case", "cases", "values"]

PATH = Path(__file__).parent / "data" / "tf1_values.json"
"""Where the golden file lives (installed with the package as package data)."""


@cache
def _load() -> dict[str, Any]:
    return json.loads(PATH.read_text())


def load() -> dict[str, Any]:
    """The whole golden file (a fresh copy: callers may modify it)."""
    return json.loads(json.dumps(_load()))


def cases(**where: Any) -> list[dict[str, Any]]:
    """The cases whose fields equal ``where`` (e.g. ``schedule="cosine_decay"``), in file order."""
    return [
        json.loads(json.dumps(c))
        for c in _load()["cases"]
        if all(c.get(k) == v for k, v in where.items())
    ]


def case(case_id: str) -> dict[str, Any]:
    """One case by its ``id`` (``"article/B.cosine"``, ``"edge/polynomial.cycle.step0"``, ...)."""
    found = cases(id=case_id)
    if not found:
        raise KeyError(f"No case with id {case_id!r} in {PATH.name}")
    return found[0]


def values(case_id: str, dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """``(steps, learning rates)`` TensorFlow computed for a case, in ``dtype``.

    Args:
        case_id: the case's ``id``.
        dtype: ``"float64"`` or ``"float32"`` (the precision TF computed in; the values are
            returned as float64 arrays holding exactly TF's results).
    """
    if dtype not in ("float32", "float64"):
        raise ValueError(f"Argument `dtype` must be 'float32' or 'float64'. Received: {dtype!r}")
    c = case(case_id)
    return np.array(c["steps"]), np.array(c[f"tf_{dtype}"], dtype=float)
