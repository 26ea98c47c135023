"""Answers to the "one-step map" exercises of the eight schedule chapters.

Each chapter module adds its entries (``ANSWERS.update(MAP_ANSWERS["cosine_decay"])``), so
the ids stay ``"<chapter>.map_..."``. Every answer is computed from
:func:`lrdecay_lit.symbolic.one_step_map` and its helpers with an article example's values.
This module has no exercises of its own (``ANSWERS`` is empty).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lrdecay_lit.book.examples import example

ANSWERS: dict[str, Callable[[], object]] = {}


def _params(key: str) -> dict[str, Any]:
    return dict(example(key).params)


def _slope(key: str) -> float:
    from lrdecay_lit import symbolic as S

    p = _params(key)
    ex = example(key)
    return float(S.one_step_map(ex.schedule, **p).slope)


def _non_identity_steps(key: str) -> int:
    """How many of the one-step maps t -> t + 1 (t + 1 < num_steps) are not the identity."""
    import sympy as sp

    from lrdecay_lit import symbolic as S

    ex = example(key)
    p = _params(key)
    _, rho = S.chain_factor(ex.schedule, staircase=bool(p.pop("staircase", False)))
    f = sp.lambdify(S.t, rho.subs(S.substitutions(p)), modules="numpy")
    steps = np.arange(ex.num_steps - 1, dtype=float)
    return int(np.count_nonzero(np.broadcast_to(f(steps), steps.shape) != 1))


def _tail_constant() -> float:
    """lim n * eta_n for inverse_time (the neutral fixed point is approached like 1/n)."""
    import sympy as sp

    from lrdecay_lit import symbolic as S

    p = _params("B.inverse_time.smooth")
    p.pop("staircase")
    n = sp.Symbol("n", positive=True)
    return float(sp.limit(n * S.expression("inverse_time_decay", **p).subs(S.t, n), n, sp.oo))


def _rest_value() -> float:
    from lrdecay_lit import symbolic as S

    return float(S.limit_at_infinity("piecewise_constant", **_params("B.piecewise_constant")))


def _steps_to_floor() -> int:
    """First step at which the chained polynomial_decay is exactly at its fixed point."""
    from lrdecay_lit import symbolic as S

    p = _params("A.polynomial.cycle_false")
    chained = S.chain_iterate(
        "polynomial_decay", example("A.polynomial.cycle_false").num_steps, **p
    )
    return int(np.flatnonzero(chained == p["end_learning_rate"])[0])


def _cosine_half_factor() -> float:
    from lrdecay_lit import symbolic as S

    p = _params("B.cosine")
    _, rho = S.chain_factor("cosine_decay")
    return float(rho.subs(S.substitutions(p)).subs(S.t, S.exact(p["decay_steps"]) / 2))


def _resets() -> int:
    """Resets (a new SGDR period begins) among the steps of article B's example."""
    from lrdecay_lit.registry import Schedule

    ex = example("B.cosine_restarts")
    values = Schedule(ex.schedule, **ex.params)(np.arange(ex.num_steps))
    return int(np.count_nonzero(np.diff(values) > 0))


def _landing() -> int:
    """First whole step at which linear_cosine_decay is exactly beta * lr (exact arithmetic)."""
    from lrdecay_lit import symbolic as S

    ex = example("B.linear_cosine")
    expr = S.expression("linear_cosine_decay", **ex.params)
    centre = S.exact(ex.params["beta"]) * S.exact(ex.params["learning_rate"])
    return next(k for k in range(ex.num_steps) if (expr.subs(S.t, k) - centre).simplify() == 0)


MAP_ANSWERS: dict[str, dict[str, Callable[[], object]]] = {
    "exponential_decay": {
        "map_slope": lambda: _slope("A.exponential"),
        "map_staircase_moves": lambda: _non_identity_steps("B.exponential.staircase"),
    },
    "natural_exp_decay": {"map_slope": lambda: _slope("B.natural_exp.smooth")},
    "inverse_time_decay": {
        "map_slope": lambda: _slope("B.inverse_time.smooth"),
        "map_tail_constant": _tail_constant,
    },
    "piecewise_constant": {"map_rest": _rest_value},
    "polynomial_decay": {"map_steps_to_floor": _steps_to_floor},
    "cosine_decay": {"map_half_factor": _cosine_half_factor},
    "cosine_decay_restarts": {"map_resets": _resets},
    "linear_cosine_decay": {"map_landing": _landing},
}

MAP_HINTS: dict[str, dict[str, str]] = {
    "exponential_decay": {
        "map_slope": "the map is eta -> r**(1/T) eta; its derivative is the same everywhere.",
        "map_staircase_moves": "the rate changes only when t + 1 is a multiple of decay_steps.",
    },
    "natural_exp_decay": {"map_slope": "the map is eta -> exp(-k/T) eta."},
    "inverse_time_decay": {
        "map_slope": "differentiate eta / (1 + k eta / (T lr)) and put eta = 0.",
        "map_tail_constant": "n / (1 + k n / T) tends to T / k; multiply by lr.",
    },
    "piecewise_constant": {"map_rest": "after the last boundary the map is the identity."},
    "polynomial_decay": {"map_steps_to_floor": "the closed form reaches the floor at t = T."},
    "cosine_decay": {"map_half_factor": "(1 + cos(pi (t+1)/T)) / (1 + cos(pi t/T)) at t = T/2."},
    "cosine_decay_restarts": {
        "map_resets": "restarts at S_k = T0 (1 - m**k)/(1 - m): 10, 25, 47.5."
    },
    "linear_cosine_decay": {"map_landing": "the cosine factor is 0 where 2 n t / T is odd."},
}
