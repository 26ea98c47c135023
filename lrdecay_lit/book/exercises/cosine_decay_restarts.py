"""Answers to the exercises of the chapter ``book/cosine_decay_restarts.ipynb``.

Every answer is computed from the package's sympy layer (restart steps, index, peaks,
horizon) with the parameters of article B's example (``B.cosine_restarts``: learning_rate
0.3, first_decay_steps 10, t_mul 1.5, m_mul 0.8, alpha 0.011) or those of the exercise.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from lrdecay_lit.book.examples import example


def _subs(**values: float) -> dict:
    from lrdecay_lit import symbolic as S

    return {S.symbol(name): S.exact(v) for name, v in values.items()}


def _first_step_period_4() -> int:
    from lrdecay_lit import symbolic as S

    p = example("B.cosine_restarts").params
    s4 = S.restart_start(4).subs(_subs(first_decay_steps=p["first_decay_steps"], t_mul=p["t_mul"]))
    return math.ceil(s4)


def _restarts_in_1000() -> int:
    from lrdecay_lit import symbolic as S

    index = S.restart_index().subs(_subs(first_decay_steps=10, t_mul=2.0))
    return int(index.subs(S.t, 999))


def _peak_5() -> float:
    import sympy as sp

    from lrdecay_lit import symbolic as S

    p = example("B.cosine_restarts").params
    k = sp.Symbol("k", integer=True, nonnegative=True)
    peak = S.sgdr_restarts().peak.subs(
        _subs(learning_rate=p["learning_rate"], m_mul=p["m_mul"], alpha=p["alpha"])
    )
    return float(peak.subs(k, 5))


def _horizon() -> float:
    from lrdecay_lit import symbolic as S

    h = S.sgdr_restarts().horizon_t_mul_below_1
    return float(h.subs(_subs(first_decay_steps=30, t_mul=0.8)))


ANSWERS: dict[str, Callable[[], object]] = {
    "first_step_period_4": _first_step_period_4,
    "restarts_in_1000": _restarts_in_1000,
    "peak_5": _peak_5,
    "horizon": _horizon,
}

HINTS: dict[str, str] = {
    "first_step_period_4": "S_4 = T0 (t_mul**4 - 1) / (t_mul - 1) is not a whole number: round up.",
    "restarts_in_1000": "list S_k = 10 (2**k - 1) and count those between 1 and 999.",
    "peak_5": "lr ((1 - alpha) m_mul**5 + alpha): the floor is not scaled by m_mul.",
    "horizon": "sum the geometric series of period lengths T0 t_mul**k.",
}

# the chapter's one-step map exercises (fixed points), from one shared module
from lrdecay_lit.book.exercises._one_step_maps import MAP_ANSWERS, MAP_HINTS  # noqa: E402

ANSWERS.update(MAP_ANSWERS["cosine_decay_restarts"])
HINTS.update(MAP_HINTS["cosine_decay_restarts"])
