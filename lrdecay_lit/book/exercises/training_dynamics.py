"""Answers to the exercises of the chapter ``book/training_dynamics.ipynb``.

Every answer is computed from the package: the noisy quadratic's floor
(:func:`lrdecay_lit.noisy_quadratic.noise_floor`), its recursion
(:func:`~lrdecay_lit.noisy_quadratic.second_moment`) and the Robbins–Monro check
(:func:`lrdecay_lit.symbolic.robbins_monro`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit import noisy_quadratic as Q
from lrdecay_lit.registry import Schedule


def _cycle_converges() -> bool:
    from lrdecay_lit import symbolic as S

    rm = S.robbins_monro(
        "polynomial_decay",
        learning_rate=0.1,
        decay_steps=100,
        end_learning_rate=0.0,
        power=1.0,
        cycle=True,
    )
    return bool(rm.converges)


def _exponential_bias() -> float:
    rates = Schedule("exponential_decay", learning_rate=2.0, decay_steps=1000, decay_rate=0.01)(
        np.arange(1000)
    )
    return float(Q.second_moment(rates, 0.01, 0.0, 1.0).total[-1])


ANSWERS: dict[str, Callable[[], object]] = {
    "floor": lambda: Q.noise_floor(0.1, 1.0, 1.0),
    "halving": lambda: Q.noise_floor(1.0, 1.0, 1.0) / Q.noise_floor(0.5, 1.0, 1.0),
    "cycle_converges": _cycle_converges,
    "exponential_bias": _exponential_bias,
}

HINTS: dict[str, str] = {
    "floor": "E* = eta sigma^2 / (lambda (2 - eta lambda)).",
    "halving": "compute both floors exactly; the first-order rule (proportional) is not exact.",
    "cycle_converges": "cycle c spends ~ c^(-power); the squares ~ c^(-2 power).",
    "exponential_bias": "with sigma = 0, E_N = E_0 prod (1 - eta_t lambda)^2.",
}
