"""What the family modules share: the result shape, and the parameters several schedules have.

A parameter that several schedules share (``learning_rate``, ``decay_steps``, ``alpha``,
...) is made by one factory here, so its domain, kind and book symbol are written once;
each schedule gives its own example (the articles' value) and, where it differs, its own
description or slider.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit.schedules._definition import Domain, Param, Slider, param

Steps = ArrayLike
"""A training step (int, or integer-valued float) or an array of them."""

POSITIVE = Domain(gt=0)
NONNEGATIVE = Domain(ge=0)
RATE = Domain(ge=0, degenerate=0)
"""A learning rate or a decay rate: ``>= 0``, 0 accepted but no decay (zero or constant)."""
UNIT = Domain(ge=0, le=1)
"""``[0, 1]``: a fraction (``alpha`` of the cosine schedules)."""


def result(values: np.ndarray, global_step: Steps) -> np.ndarray | np.float64:
    """Numpy float64 scalar for a scalar ``global_step``, else the array, shaped like the input.

    :func:`~lrdecay_lit._validation.check_steps` hands back at least a 1-D array (so
    in-place ufuncs work on scalars too); this undoes that for scalar input.
    """
    if isinstance(global_step, np.ndarray):
        scalar = global_step.ndim == 0
    else:
        scalar = isinstance(global_step, numbers.Real)
    return values[0] if scalar else values


def learning_rate(example: float) -> Param:
    return param(
        "learning_rate",
        "float",
        None,
        example,
        RATE,
        Slider(0.0, 1.0, 0.001),
        "initial learning rate",
        r"\eta_{0}",
    )


def steps(name: str, example: int, what: str, symbol: str = "T") -> Param:
    """A length in steps (``decay_steps``, ``first_decay_steps``): ``> 0``."""
    return param(name, "float", None, example, POSITIVE, Slider(1, 200, 1), what, symbol)


def staircase() -> Param:
    return param(
        "staircase", "bool", False, False, description="floor step/decay_steps (decay in stairs)"
    )


def alpha(example: float, what: str, domain: Domain = UNIT, maximum: float = 1.0) -> Param:
    return param(
        "alpha", "float", 0.0, example, domain, Slider(0.0, maximum, 0.001), what, r"\alpha"
    )


def beta(example: float) -> Param:
    return param(
        "beta",
        "float",
        0.001,
        example,
        NONNEGATIVE,
        Slider(0.0, 1.0, 0.001),
        "floor, as a fraction of learning_rate",
        r"\beta",
    )


def num_periods(example: float) -> Param:
    return param(
        "num_periods",
        "float",
        0.5,
        example,
        NONNEGATIVE,
        Slider(0.0, 10.0, 0.1),
        "number of cosine periods within decay_steps",
        "n",
    )
