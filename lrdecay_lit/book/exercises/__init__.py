"""Answer checkers for the book's exercises: ``check("exponential_decay.half_life", 65.8)``.

Each chapter has a module here named after it (``exercises/exponential_decay.py`` for the
chapter ``book/exponential_decay.ipynb``) with a dict ``ANSWERS`` mapping an exercise id
to a zero-argument function that *computes* the expected answer from the package (never a
typed-in number), and optionally ``HINTS`` with a hint per id. :func:`check` compares a
student's answer with it:

- numbers and arrays: relative tolerance ``rtol`` (default 1e-6);
- sympy expressions (or strings sympy can parse): the difference simplifies to 0;
- bools and strings: equality (strings case- and space-insensitive).

Example:
    >>> from lrdecay_lit.book.exercises import check
    >>> check("_demo.sum", 4)
    ✔ Correct: _demo.sum
    True
    >>> check("_demo.sum", 5)
    ✘ Not yet: _demo.sum. Hint: two and two.
    False
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["check", "expected", "exercise_ids"]


def _module(chapter: str) -> Any:
    try:
        return importlib.import_module(f"lrdecay_lit.book.exercises.{chapter}")
    except ModuleNotFoundError:
        raise KeyError(f"no exercises for chapter {chapter!r}") from None


def _split(exercise_id: str) -> tuple[str, str]:
    chapter, _, key = exercise_id.partition(".")
    if not key:
        raise KeyError(f"exercise ids look like 'chapter.name'; got {exercise_id!r}")
    return chapter, key


def exercise_ids(chapter: str) -> list[str]:
    """The exercise ids of a chapter, e.g. ``exercise_ids("exponential_decay")``."""
    return [f"{chapter}.{k}" for k in _module(chapter).ANSWERS]


def expected(exercise_id: str) -> Any:
    """The expected answer (computed), for the solutions and for tests."""
    chapter, key = _split(exercise_id)
    answers: dict[str, Callable[[], Any]] = _module(chapter).ANSWERS
    if key not in answers:
        raise KeyError(f"unknown exercise {exercise_id!r}; known: {exercise_ids(chapter)}")
    return answers[key]()


def _matches(answer: Any, want: Any, rtol: float) -> bool:
    if isinstance(want, bool | np.bool_):
        return isinstance(answer, bool | np.bool_) and bool(answer) == bool(want)
    if isinstance(want, str):
        return (
            isinstance(answer, str)
            and answer.replace(" ", "").lower() == want.replace(" ", "").lower()
        )
    if isinstance(want, numbers.Number) or isinstance(want, np.ndarray | list | tuple):
        try:
            a = np.asarray(answer, dtype=float)
            w = np.asarray(want, dtype=float)
        except (TypeError, ValueError):
            return False
        return a.shape == w.shape and bool(np.allclose(a, w, rtol=rtol, atol=0.0))
    import sympy as sp  # only symbolic answers need sympy

    try:
        diff = sp.simplify(sp.sympify(answer) - want)
    except (sp.SympifyError, TypeError):
        return False
    return diff == 0


def check(exercise_id: str, answer: Any, rtol: float = 1e-6) -> bool:
    """Print whether ``answer`` is right for ``exercise_id`` and return it as a bool."""
    chapter, key = _split(exercise_id)
    ok = _matches(answer, expected(exercise_id), rtol)
    if ok:
        print(f"✔ Correct: {exercise_id}")
    else:
        hint = getattr(_module(chapter), "HINTS", {}).get(key)
        print(f"✘ Not yet: {exercise_id}." + (f" Hint: {hint}" if hint else ""))
    return ok
