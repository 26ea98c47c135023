"""Answers to the exercises of the chapter ``book/errata.ipynb``.

Every answer is computed from the package: the articles' examples
(:func:`lrdecay_lit.example`), the schedules and the sympy layer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.book.examples import example
from lrdecay_lit.registry import Schedule
from lrdecay_lit.schedules import cosine_decay, linear_cosine_decay


def _shifted_rise_step() -> int:
    """Reading (c) of claim 6 records eta(t + 1) at step t: the first rise, one step early."""
    ex = example("B.polynomial.cycle_true")
    eta = np.asarray(Schedule(ex.schedule, **ex.params)(np.arange(ex.num_steps + 1)))
    recorded = eta[1:]  # recorded at steps 0 .. num_steps - 1
    return int(np.argmax(np.diff(recorded) > 0) + 1)


def _linear_cosine_gap_50() -> float:
    return float(linear_cosine_decay(0.1, 50, 100) - cosine_decay(0.1, 50, 100))


def _third_rise() -> float:
    ex = example("B.polynomial.cycle_true")
    return float(Schedule(ex.schedule, **ex.params)(3 * ex.params["decay_steps"] + 1))


ANSWERS: dict[str, Callable[[], object]] = {
    "shifted_rise_step": _shifted_rise_step,
    "linear_cosine_gap_50": _linear_cosine_gap_50,
    "third_rise": _third_rise,
}

HINTS: dict[str, str] = {
    "shifted_rise_step": "the true curve rises at step 11; reading (c) plots eta(t + 1) at t.",
    "linear_cosine_gap_50": "lr.linear_cosine_decay(0.1, 50, 100) - lr.cosine_decay(0.1, 50, 100)",
    "third_rise": "k = 3, q = 1, T = 10: end + (lr - end) * (T - 1) / ((k + 1) * T).",
}
