"""Answers to the exercises of the chapter ``book/polynomial_decay.ipynb``.

Every answer is computed from the package (the schedules' numbers or the sympy layer), with
the parameters of the articles' examples (``"A.polynomial.*"``, ``"B.polynomial.*"``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.book.examples import example


def _value_at_21_b() -> float:
    from lrdecay_lit.schedules import polynomial_decay

    return float(polynomial_decay(global_step=21, **example("B.polynomial.cycle_true").params))


def _seventh_restart_a() -> int:
    """Seventh whole step at which article A's cycling rate goes up."""
    values = example("A.polynomial.cycle_true").values()
    return int(np.flatnonzero(np.diff(values) > 0)[6] + 1)


def _third_peak():
    """lim_{t -> 3T+} of the cycling schedule, from the package's polynomial_cycle()."""
    from lrdecay_lit import symbolic as S

    peak = S.polynomial_cycle().results["peak"]
    (k,) = (s for s in peak.free_symbols if s.name == "k")
    return peak.subs(k, 3)


def _half_step_power_2() -> float:
    """Real step at which article A's schedule (no cycle) with power 2 is half the start."""
    from lrdecay_lit import symbolic as S

    params = {**example("A.polynomial.cycle_false").params, "power": 2}
    params.pop("cycle")
    lr0 = S.exact(params["learning_rate"])
    return float(S.step_to_reach("polynomial_decay", lr0 / 2, **params).results["crossing"])


def _cycles_grow() -> bool:
    """Do the cycles of article A's cycling schedule get longer? (gaps between restarts)"""
    values = example("A.polynomial.cycle_true").values()
    gaps = np.diff(np.flatnonzero(np.diff(values) > 0))
    return bool(np.any(gaps[1:] > gaps[:-1]))


ANSWERS: dict[str, Callable[[], object]] = {
    "value_at_21_B": _value_at_21_b,
    "seventh_restart_A": _seventh_restart_a,
    "third_peak": _third_peak,
    "half_step_power_2": _half_step_power_2,
    "cycles_grow": _cycles_grow,
}

HINTS: dict[str, str] = {
    "value_at_21_B": "with cycle=True the horizon is decay_steps * ceil(21 / decay_steps).",
    "seventh_restart_A": "the k-th restart is right after k * decay_steps.",
    "third_peak": "just after 3T the horizon is 4T, so 1 - t/horizon = 1/4.",
    "half_step_power_2": "solve end + (lr - end) (1 - t/T)**2 = lr / 2 for t < T.",
    "cycles_grow": "look at the gaps between the steps where the rate goes up.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["polynomial_decay"])
HINTS.update(MAP_HINTS["polynomial_decay"])
