"""Answers to the exercises of the chapter ``book/cosine_decay.ipynb``.

Every answer is computed from the package (the article's example is ``B.cosine``:
learning_rate 0.3, decay_steps 50, alpha 0.01, 60 steps).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.book.examples import example
from lrdecay_lit.schedules import cosine_decay


def _values() -> np.ndarray:
    ex = example("B.cosine")
    return np.asarray(cosine_decay(**ex.params, global_step=ex.steps()))


def _first_below_half() -> int:
    ex = example("B.cosine")
    return int(np.argmax(_values() < ex.params["learning_rate"] / 2))


def _max_slope() -> float:
    # steepest drop of the continuous curve, at t = T/2: d/dt of the symbolic expression
    import sympy as sp

    from lrdecay_lit import symbolic as S

    ex = example("B.cosine")
    active = S.expression("cosine_decay", **ex.params).subs(
        sp.Min(S.exact(ex.params["decay_steps"]), S.t), S.t
    )
    slope = sp.diff(active, S.t).subs(S.t, S.exact(ex.params["decay_steps"]) / 2)
    return float(slope)


def _slope_ratio() -> float:
    # steepest slope over the straight line's slope -(1 - alpha) lr / T
    ex = example("B.cosine")
    p = ex.params
    line = -(1 - p["alpha"]) * p["learning_rate"] / p["decay_steps"]
    return _max_slope() / line


ANSWERS: dict[str, Callable[[], object]] = {
    "first_below_half": _first_below_half,
    "budget_60": lambda: float(_values().sum()),
    "max_slope": _max_slope,
    "slope_ratio": _slope_ratio,
    "alpha_for_floor": lambda: 1e-4 / 0.1,
}

HINTS: dict[str, str] = {
    "first_below_half": "solve cos(pi t / T) < -alpha / (1 - alpha) and round up to a whole step.",
    "budget_60": "the 50 decaying steps give lr((1-alpha)(T+1)/2 + alpha T); add 10 floor steps.",
    "max_slope": "the slope is negative: -pi lr (1 - alpha) / (2 T) at t = T/2.",
    "slope_ratio": "divide the steepest slope by -(1 - alpha) lr / T; no parameter is left.",
    "alpha_for_floor": "the floor is alpha * learning_rate.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["cosine_decay"])
HINTS.update(MAP_HINTS["cosine_decay"])
