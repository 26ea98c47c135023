"""Answers to the exercises of the chapter ``book/exponential_decay.ipynb``.

Every answer is computed from the package (the schedule's numbers or its sympy layer), with
the parameters of article A's example (:func:`lrdecay_lit.example` ``"A.exponential"``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.book.examples import example
from lrdecay_lit.registry import Schedule


def _article_a() -> Schedule:
    return Schedule("exponential_decay", **example("A.exponential").params)


def _per_step_factor() -> float:
    s = _article_a()
    return float(s(1) / s(0))


def _half_life_a() -> float:
    from lrdecay_lit import symbolic as S

    params = {k: v for k, v in example("A.exponential").params.items() if k != "staircase"}
    return float(S.half_life("exponential_decay", **params))


def _half_step_staircase_a() -> int:
    ex = example("A.exponential")
    stairs = np.asarray(
        Schedule("exponential_decay", **{**ex.params, "staircase": True})(ex.steps())
    )
    return int(np.argmax(stairs <= stairs[0] / 2))


def _rate_for_half_life() -> float:
    import sympy as sp

    from lrdecay_lit import symbolic as S

    r = S.symbol("decay_rate")
    (root,) = sp.solve(sp.Eq(S.half_life("exponential_decay", decay_steps=100), 1000), r)
    return float(root)


def _budget_a() -> float:
    return float(example("A.exponential").values().sum())


def _relative_rate() -> object:
    from lrdecay_lit import symbolic as S

    return S.relative_decay_rate("exponential_decay")


def _constant_between_decay_steps() -> bool:
    first = _article_a()(np.arange(10))
    return bool(np.unique(first).size == 1)


ANSWERS: dict[str, Callable[[], object]] = {
    "per_step_factor": _per_step_factor,
    "half_life_A": _half_life_a,
    "half_step_staircase_A": _half_step_staircase_a,
    "rate_for_half_life": _rate_for_half_life,
    "budget_A": _budget_a,
    "relative_rate": _relative_rate,
    "constant_between_decay_steps": _constant_between_decay_steps,
}

HINTS: dict[str, str] = {
    "per_step_factor": "the relative decay rate is the same at every step; what is eta(1)/eta(0)?",
    "half_life_A": "solve 0.9 ** (t / 10) = 1/2 for t (a real number, not a whole step).",
    "half_step_staircase_A": "the staircase only drops at multiples of decay_steps.",
    "rate_for_half_life": "T ln 2 / ln(1/r) = 1000 with T = 100; solve for r.",
    "budget_A": "a geometric series with ratio 0.9 ** (1/10) and 200 terms.",
    "relative_rate": "use S.symbol('decay_rate') and S.symbol('decay_steps'), not new symbols.",
    "constant_between_decay_steps": "print exponential_decay(0.5, range(10), 10, 0.9).",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["exponential_decay"])
HINTS.update(MAP_HINTS["exponential_decay"])
