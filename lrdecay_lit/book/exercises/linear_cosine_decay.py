"""Answers to the exercises of the chapter ``book/linear_cosine_decay.ipynb``.

Every answer is computed from the package, with article B's examples (``B.linear_cosine``:
learning_rate 0.3, decay_steps 50, num_periods 3, alpha 0, beta 0.2; ``B.noisy_linear_cosine``:
learning_rate 0.1, decay_steps 50, initial_variance 0.01, variance_decay 0.1, num_periods 0.2,
alpha 0.5, beta 0.2) or the values of the exercise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lrdecay_lit.book.examples import example
from lrdecay_lit.schedules import cosine_decay, linear_cosine_decay


def _start_value() -> float:
    return float(example("B.linear_cosine").values()[0])


def _floor_step() -> int:
    # the whole steps before decay_steps where the rate equals the floor beta * lr
    ex = example("B.linear_cosine")
    p = ex.params
    values = ex.values()[: int(p["decay_steps"])]
    floor = p["learning_rate"] * p["beta"]
    (steps,) = np.nonzero(np.isclose(values, floor, rtol=1e-12, atol=0.0))
    return int(steps[0])


def _gap_at_half() -> float:
    return float(cosine_decay(0.1, 50, 100) - linear_cosine_decay(0.1, 50, 100))


def _noisy_params() -> dict[str, Any]:
    return {k: v for k, v in example("B.noisy_linear_cosine").params.items() if k != "seed"}


def _noisy_std_10() -> float:
    from lrdecay_lit import symbolic as S

    p = _noisy_params()
    std = S.noisy_moments().std.subs({S.symbol(k): S.exact(v) for k, v in p.items()})
    return float(std.subs(S.t, 10))


def _noisy_expected_budget() -> float:
    p = _noisy_params()
    p.pop("initial_variance")
    p.pop("variance_decay")
    return float(linear_cosine_decay(**p, global_step=np.arange(60)).sum())


ANSWERS: dict[str, Callable[[], object]] = {
    "start_value": _start_value,
    "floor_step": _floor_step,
    "gap_at_half": _gap_at_half,
    "noisy_std_10": _noisy_std_10,
    "noisy_expected_budget": _noisy_expected_budget,
}

HINTS: dict[str, str] = {
    "start_value": "at t = 0 the line and the cosine part are both 1: lr (1 + alpha + beta).",
    "floor_step": "the cosine part cos^2(pi n t / T) vanishes where n t / T is half an odd number.",
    "gap_at_half": "at u = 1/2 the difference is lr (beta - u c) with c = 1/2.",
    "noisy_std_10": "sigma_t = lr c_t sqrt(initial_variance / (1 + t)**variance_decay).",
    "noisy_expected_budget": "the noise has mean 0: sum linear_cosine_decay over the 60 steps.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["linear_cosine_decay"])
HINTS.update(MAP_HINTS["linear_cosine_decay"])
