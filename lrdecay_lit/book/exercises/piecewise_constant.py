"""Answers to the exercises of the chapter ``book/piecewise_constant.ipynb``.

Every answer is computed from the package (the schedules' numbers or the sympy layer), with
the parameters of article B's example (:func:`lrdecay_lit.example` ``"B.piecewise_constant"``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.book.examples import example


def _value_at_30() -> float:
    from lrdecay_lit.schedules import piecewise_constant

    return float(piecewise_constant(30, **example("B.piecewise_constant").params))


def _budget_60() -> float:
    from lrdecay_lit import symbolic as S

    ex = example("B.piecewise_constant")
    return float(S.budget_sum("piecewise_constant", steps=ex.num_steps, **ex.params).value)


def _staircase_boundaries() -> list[int]:
    """Boundaries b with piecewise_constant == article B's staircase exponential: the steps
    just before each change of the staircase (b is the last step of the old value)."""
    stairs = example("B.exponential.staircase").values()
    return [int(i) for i in np.flatnonzero(np.diff(stairs))]


def _optax_boundaries() -> list[int]:
    """First step of each new value of article B's piecewise schedule (optax switches there)."""
    rates = example("B.piecewise_constant").values()
    return [int(i) + 1 for i in np.flatnonzero(np.diff(rates))]


ANSWERS: dict[str, Callable[[], object]] = {
    "value_at_30": _value_at_30,
    "budget_60": _budget_60,
    "staircase_boundaries": _staircase_boundaries,
    "optax_boundaries": _optax_boundaries,
    # TF checks len(values) == len(boundaries) + 1 but never the order of the boundaries
    # (lrdecay_lit/book/data/tf1_values.json records its results for [20, 10, 30]).
    "tf_refuses_unsorted": lambda: False,
}

HINTS: dict[str, str] = {
    "value_at_30": "at x == boundary TF still returns the value before the boundary.",
    "budget_60": "0.06 is used on steps 0..10 (11 steps), the last value on 51..59 (9 steps).",
    "staircase_boundaries": "the staircase changes AT 10, 20, ...; piecewise_constant changes "
    "one step AFTER each boundary.",
    "optax_boundaries": "optax scales from count >= boundary on; TF's new value starts at b + 1.",
    "tf_refuses_unsorted": "look at TF's result for boundaries [20, 10, 30] at step 5 and 25.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["piecewise_constant"])
HINTS.update(MAP_HINTS["piecewise_constant"])
