"""fixed: a constant learning rate (TF-slim's ``'fixed'`` decay type)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from lrdecay_lit._validation import check_steps
from lrdecay_lit.schedules._common import Steps, learning_rate, result
from lrdecay_lit.schedules._definition import Definition, check_params

__all__ = ["fixed", "DEFINITION"]

_PARAMS = (learning_rate(0.01),)


def fixed(learning_rate: float, global_step: Steps) -> np.ndarray | np.float64:
    r"""A constant learning rate, :math:`\eta_t = \eta_0` (TF-slim's ``'fixed'`` decay type).

    TF-slim returns ``tf.constant(learning_rate)``; this returns the constant broadcast to
    the shape of ``global_step`` so it plots and compares like every other schedule.
    Keras: a float learning rate. PyTorch: no scheduler (or ``ConstantLR(factor=1)``).
    optax: ``constant_schedule(value)``.

    Args:
        learning_rate: the rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Example:
        >>> fixed(0.01, [0, 1000]).tolist()
        [0.01, 0.01]
    """
    (lr,) = check_params(_PARAMS, learning_rate)
    t = check_steps("global_step", global_step)
    return result(np.full(t.shape, lr), global_step)


def _build(t: Any, symbols: Mapping[str, Any]) -> Any:
    return symbols["learning_rate"]


DEFINITION = Definition("fixed", _PARAMS, fixed, _build, monotone=False)
