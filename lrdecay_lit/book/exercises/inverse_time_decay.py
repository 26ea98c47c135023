"""Answers to the exercises of the chapter ``book/inverse_time_decay.ipynb``.

Every answer is computed from the package (the schedules' numbers or the sympy layer), with
the parameters of article B's example (:func:`lrdecay_lit.example` ``"B.inverse_time.smooth"``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lrdecay_lit.book.examples import example


def _params() -> dict[str, Any]:
    """Article B's inverse-time arguments without ``staircase``: lr 0.1, T 10, k 0.2."""
    return {k: v for k, v in example("B.inverse_time.smooth").params.items() if k != "staircase"}


def _tenth() -> int:
    """First whole step at which the smooth rate is at most a tenth of the initial rate."""
    from lrdecay_lit import symbolic as S

    p = _params()
    reach = S.step_to_reach("inverse_time_decay", p["learning_rate"] / 10, **p)
    return int(reach.first_step)


def _third_halving() -> float:
    """Steps from lr/4 to lr/8 (the third halving) of the smooth schedule (exact, sympy)."""
    from lrdecay_lit import symbolic as S

    p = _params()
    lr0 = S.exact(p["learning_rate"])
    quarter = S.step_to_reach("inverse_time_decay", lr0 / 4, **p).crossing
    eighth = S.step_to_reach("inverse_time_decay", lr0 / 8, **p).crossing
    return float(eighth - quarter)


def _exp_halving() -> float:
    """Half-life of natural_exp_decay with the same arguments (constant: any halving)."""
    from lrdecay_lit import symbolic as S

    p = _params()
    return float(
        S.half_life("natural_exp_decay", decay_steps=p["decay_steps"], decay_rate=p["decay_rate"])
    )


def _budget_crossing():
    """tau with integral_0^tau inverse_time = integral_0^oo natural_exp (same arguments)."""
    import sympy as sp

    from lrdecay_lit import symbolic as S

    tau = sp.Symbol("tau", positive=True)
    inverse = S.budget_integral("inverse_time_decay", upper=tau).value
    total = sp.limit(S.budget_integral("natural_exp_decay", upper=tau).value, tau, sp.oo)
    (crossing,) = sp.solve(sp.Eq(inverse, total), tau)
    return crossing


def _staircase_rate() -> float:
    """decay_rate for which the staircase (decay_steps 10) is exactly half at step 30."""
    import sympy as sp

    from lrdecay_lit import symbolic as S

    eta = S.expression("inverse_time_decay", staircase=True, learning_rate=1, decay_steps=10)
    (rate,) = sp.solve(sp.Eq(eta.subs(S.t, 30), sp.Rational(1, 2)), S.symbol("decay_rate"))
    return float(rate)


def _never_below_exponential() -> bool:
    """Is inverse_time_decay >= natural_exp_decay (same arguments) over 1000 steps?"""
    from lrdecay_lit.schedules import inverse_time_decay, natural_exp_decay

    steps = np.arange(1000)
    p = _params()
    return bool(
        np.all(
            inverse_time_decay(global_step=steps, **p) >= natural_exp_decay(global_step=steps, **p)
        )
    )


ANSWERS: dict[str, Callable[[], object]] = {
    "tenth": _tenth,
    "third_halving": _third_halving,
    "exp_halving": _exp_halving,
    "budget_crossing": _budget_crossing,
    "staircase_rate": _staircase_rate,
    "never_below_exponential": _never_below_exponential,
}

HINTS: dict[str, str] = {
    "tenth": "solve lr / (1 + k t / T) = lr / 10 for t.",
    "third_halving": "the rate is lr / 2**j at t = (2**j - 1) T / k; subtract two of these.",
    "exp_halving": "exp(-k t / T) = 1/2 gives t = T ln 2 / k.",
    "budget_crossing": "the exponential's total is lr T / k; set (lr T / k) ln(1 + k tau / T) "
    "equal to it. Build the answer from S.symbol('decay_steps') and S.symbol('decay_rate').",
    "staircase_rate": "at step 30, floor(30 / 10) = 3: solve 1 + 3 k = 2.",
    "never_below_exponential": "compare e^x with 1 + x for x = k t / T >= 0.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["inverse_time_decay"])
HINTS.update(MAP_HINTS["inverse_time_decay"])
