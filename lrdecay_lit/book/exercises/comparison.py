"""Answers to the exercises of the chapter ``book/comparison.ipynb``.

The chapter's common rules: every schedule starts at ``LR0`` = 0.1, runs ``N`` = 9000 steps
and ends at ``LR0 / 100``. Every answer is computed from the package (its schedules or its
sympy layer) under those rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from lrdecay_lit.registry import Schedule

LR0 = 0.1
"""Initial learning rate of every schedule in the comparison."""
N = 9000
"""Number of steps of the run (steps 0 .. N - 1)."""
END = LR0 / 100
"""The learning rate every schedule ends at."""


def _solve_rate(name: str) -> float:
    """decay_rate making ``name`` (decay_steps = N) end at LR0 / 100, solved with sympy."""
    import sympy as sp

    from lrdecay_lit import symbolic as S

    expr = S.expression(name).subs(
        {S.symbol("learning_rate"): S.exact(LR0), S.symbol("decay_steps"): N, S.t: N}
    )
    (root,) = sp.solve(sp.Eq(expr, S.exact(END)), S.symbol("decay_rate"))
    return float(root)


def _natural_exp_rate() -> float:
    return _solve_rate("natural_exp_decay")


def _inverse_time_rate() -> float:
    return _solve_rate("inverse_time_decay")


def _inverse_time_half() -> int:
    from lrdecay_lit import symbolic as S

    reach = S.step_to_reach(
        "inverse_time_decay",
        S.exact(LR0 / 2),
        learning_rate=LR0,
        decay_steps=N,
        decay_rate=_inverse_time_rate(),
    )
    return int(reach.first_step)


def _cosine_linear_budget_ratio() -> float:
    steps = np.arange(N)
    cosine = Schedule("cosine_decay", learning_rate=LR0, decay_steps=N, alpha=END / LR0)
    linear = Schedule("polynomial_decay", learning_rate=LR0, decay_steps=N, end_learning_rate=END)
    return float(cosine(steps).sum() / linear(steps).sum())


def _sgdr_first_half() -> int:
    sgdr = Schedule(
        "cosine_decay_restarts",
        learning_rate=LR0,
        first_decay_steps=N / 7,
        t_mul=2.0,
        m_mul=1.0,
        alpha=END / LR0,
    )
    values = sgdr(np.arange(N))
    return int(np.argmax(values <= LR0 / 2))


def _smallest_budget() -> str:
    steps = np.arange(N)
    line_up = {
        "exponential_decay": Schedule(
            "exponential_decay", learning_rate=LR0, decay_steps=N, decay_rate=END / LR0
        ),
        "natural_exp_decay": Schedule(
            "natural_exp_decay", learning_rate=LR0, decay_steps=N, decay_rate=math.log(100)
        ),
        "inverse_time_decay": Schedule(
            "inverse_time_decay", learning_rate=LR0, decay_steps=N, decay_rate=99.0
        ),
        "piecewise_constant": Schedule(
            "piecewise_constant", boundaries=[N // 3, 2 * N // 3], values=[LR0, LR0 / 10, END]
        ),
        "polynomial_decay": Schedule(
            "polynomial_decay", learning_rate=LR0, decay_steps=N, end_learning_rate=END
        ),
        "cosine_decay": Schedule("cosine_decay", learning_rate=LR0, decay_steps=N, alpha=END / LR0),
        "cosine_decay_restarts": Schedule(
            "cosine_decay_restarts",
            learning_rate=LR0,
            first_decay_steps=N / 7,
            t_mul=2.0,
            alpha=END / LR0,
        ),
        "linear_cosine_decay": Schedule(
            "linear_cosine_decay", learning_rate=LR0, decay_steps=N, beta=END / LR0
        ),
    }
    budgets = {name: float(s(steps).sum()) for name, s in line_up.items()}
    return min(budgets, key=budgets.__getitem__)


ANSWERS: dict[str, Callable[[], object]] = {
    "natural_exp_rate": _natural_exp_rate,
    "inverse_time_rate": _inverse_time_rate,
    "inverse_time_half": _inverse_time_half,
    "cosine_linear_budget_ratio": _cosine_linear_budget_ratio,
    "sgdr_first_half": _sgdr_first_half,
    "smallest_budget": _smallest_budget,
}

HINTS: dict[str, str] = {
    "natural_exp_rate": "natural_exp_decay at t = T is lr * exp(-decay_rate).",
    "inverse_time_rate": "inverse_time_decay at t = T is lr / (1 + decay_rate).",
    "inverse_time_half": "lr / (1 + k t / T) = lr / 2 when k t / T = 1; round up.",
    "cosine_linear_budget_ratio": "sum both schedules over np.arange(9000) and divide.",
    "sgdr_first_half": "t = T0 / pi * acos(-alpha / (1 - alpha)), rounded up.",
    "smallest_budget": "the 1/t schedule that must end at 1 % drops fastest.",
}
