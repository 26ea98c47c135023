"""Answers to the exercises of the chapter ``book/natural_exp_decay.ipynb``.

Every answer is computed from the package (the schedules' numbers or the sympy layer), with
the parameters of the articles' examples (:func:`lrdecay_lit.example`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from lrdecay_lit.book.examples import example
from lrdecay_lit.registry import Schedule


def _params(key: str) -> dict[str, Any]:
    return {k: v for k, v in example(key).params.items() if k != "staircase"}


def _rate_from_k() -> float:
    # the factor natural_exp_decay applies over one decay_steps is exponential's decay_rate
    params = _params("B.natural_exp.smooth")
    s = Schedule("natural_exp_decay", **params)
    return float(s(params["decay_steps"]) / s(0))


def _k_from_rate() -> float:
    # natural_exp_decay's k is minus the log of the factor exponential_decay applies per T
    params = _params("A.exponential")
    s = Schedule("exponential_decay", **params)
    return -math.log(float(s(params["decay_steps"]) / s(0)))


def _half_life_b() -> float:
    from lrdecay_lit import symbolic as S

    return float(S.half_life("natural_exp_decay", **_params("B.natural_exp.smooth")))


def _k_for_tenfold() -> float:
    import sympy as sp

    from lrdecay_lit import symbolic as S

    eta = S.expression("natural_exp_decay", decay_steps=10)
    (root,) = sp.solve(
        sp.Eq(eta.subs(S.t, 60), S.symbol("learning_rate") / 10), S.symbol("decay_rate")
    )
    return float(root)


def _staircase_value() -> float:
    ex = example("B.natural_exp.staircase")
    return float(Schedule(ex.schedule, **ex.params)(35))


def _half_life_formula() -> object:
    from lrdecay_lit import symbolic as S

    return S.half_life("natural_exp_decay")


ANSWERS: dict[str, Callable[[], object]] = {
    "rate_from_k": _rate_from_k,
    "k_from_rate": _k_from_rate,
    "half_life_B": _half_life_b,
    "k_for_tenfold": _k_for_tenfold,
    "staircase_value": _staircase_value,
    "half_life_formula": _half_life_formula,
}

HINTS: dict[str, str] = {
    "rate_from_k": "natural_exp_decay(k) is exponential_decay(decay_rate = e^-k).",
    "k_from_rate": "invert r = e^-k: k = ln(1/r).",
    "half_life_B": "solve exp(-0.6 t / 10) = 1/2 for t.",
    "k_for_tenfold": "exp(-k * 60 / 10) = 1/10.",
    "staircase_value": "floor(35 / 10) = 3 drops, each by the factor e^-0.6.",
    "half_life_formula": "use S.symbol(...) for the parameters, so sympy knows they are positive.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["natural_exp_decay"])
HINTS.update(MAP_HINTS["natural_exp_decay"])
