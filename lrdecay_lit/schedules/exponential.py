r"""The exponential family: exponential_decay, natural_exp_decay, inverse_time_decay.

The three share their parameters (``learning_rate``, ``decay_steps``, ``decay_rate``,
``staircase``) and their exponent :math:`p = t/T` (:math:`\lfloor t/T \rfloor` with a
staircase); they differ only in the function of :math:`p`:

.. math::

    \eta_0 r^{p} \quad\text{(exponential)}, \qquad
    \eta_0 e^{-k p} \quad\text{(natural\_exp)}, \qquad
    \frac{\eta_0}{1 + k p} \quad\text{(inverse\_time)}

and in the domain of ``decay_rate``: :math:`0 < r \le 1` for exponential_decay (a factor),
:math:`k \ge 0` for the other two (a rate; 0 is a constant schedule).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from lrdecay_lit._validation import check_steps
from lrdecay_lit.schedules._common import (
    RATE,
    Steps,
    learning_rate,
    result,
    staircase,
    steps,
)
from lrdecay_lit.schedules._definition import Definition, Domain, Slider, check_params, param

__all__ = ["exponential_decay", "natural_exp_decay", "inverse_time_decay", "DEFINITIONS"]

_EXPONENTIAL = (
    learning_rate(0.5),
    steps("decay_steps", 10, "steps over which the rate is multiplied by decay_rate once"),
    param(
        "decay_rate",
        "float",
        None,
        0.9,
        Domain(gt=0, le=1),
        Slider(0.01, 1.0, 0.01),
        "factor applied every decay_steps steps",
        "r",
    ),
    staircase(),
)
_NATURAL_EXP = (
    learning_rate(0.6),
    steps("decay_steps", 10, "steps over which the rate falls by a factor e^-decay_rate"),
    param(
        "decay_rate",
        "float",
        None,
        0.6,
        RATE,
        Slider(0.0, 5.0, 0.01),
        "k in exp(-k t / decay_steps)",
        "k",
    ),
    staircase(),
)
_INVERSE_TIME = (
    learning_rate(0.1),
    steps("decay_steps", 10, "steps per unit of k in 1 / (1 + k t / decay_steps)"),
    param(
        "decay_rate",
        "float",
        None,
        0.2,
        RATE,
        Slider(0.0, 5.0, 0.01),
        "k in 1 / (1 + k t / decay_steps)",
        "k",
    ),
    staircase(),
)


def _exponent(t: np.ndarray, decay_steps: float, staircase: bool) -> np.ndarray:
    """``t / decay_steps``, floored when ``staircase`` (shared by the exponential family)."""
    p = t / decay_steps
    if staircase:
        np.floor(p, out=p)
    return p


def exponential_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    decay_rate: float,
    staircase: bool = False,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Exponential decay: the rate is multiplied by ``decay_rate`` every ``decay_steps`` steps.

    .. math::

        \eta_t = \eta_0 \, r^{p}, \qquad
        p = \begin{cases} t/T & \text{smooth} \\ \lfloor t/T \rfloor & \text{staircase} \end{cases}

    with :math:`\eta_0` = ``learning_rate``, :math:`r` = ``decay_rate``, :math:`T` =
    ``decay_steps`` and :math:`t` = ``global_step``.

    TF: ``tf.compat.v1.train.exponential_decay``. Keras:
    ``keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, decay_steps,
    decay_rate, staircase)``. PyTorch: ``ExponentialLR(gamma=r**(1/T))`` (smooth) or
    ``StepLR(step_size=T, gamma=r)`` (staircase). optax: ``exponential_decay(init_value,
    transition_steps=T, decay_rate=r, staircase=...)``.

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`, the steps over which the rate is multiplied by ``decay_rate``.
        decay_rate: :math:`0 < r \le 1`.
        staircase: floor :math:`t/T`, so the rate changes only every ``decay_steps`` steps.
        name: ignored (TF's op name).

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; ``decay_rate`` outside (0, 1] (TF also accepts
            ``r > 1``, a growing rate that overflows to ``inf``); bad steps.

    Example:
        >>> float(exponential_decay(0.5, 20, 10, 0.9))
        0.405
        >>> exponential_decay(0.6, [0, 9, 10, 15], 10, 0.6, staircase=True).round(6).tolist()
        [0.6, 0.6, 0.36, 0.36]
    """
    lr, ds, rate, staircase = check_params(
        _EXPONENTIAL, learning_rate, decay_steps, decay_rate, staircase
    )
    t = check_steps("global_step", global_step)
    # r**p as exp(p ln r), with ln r / T folded into one constant for the smooth curve: one
    # multiply, one exp (np.power is several times slower). Relative error about
    # eps * (1 + 3 |p ln r|), at most 1.6e-13 while the value is above 1e-300
    # (tests/test_schedules.py checks it against mpmath)
    if staircase:
        p = _exponent(t, ds, True)
        p *= math.log(rate)
    else:
        p = t * (math.log(rate) / ds)
    np.exp(p, out=p)
    p *= lr
    return result(p, global_step)


def natural_exp_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    decay_rate: float,
    staircase: bool = False,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Natural exponential decay: exponential decay with base :math:`e^{-k}`.

    .. math::

        \eta_t = \eta_0 \, e^{-k p}, \qquad
        p = \begin{cases} t/T & \text{smooth} \\ \lfloor t/T \rfloor & \text{staircase} \end{cases}

    which is :func:`exponential_decay` with ``decay_rate`` :math:`= e^{-k}` (TF implements it
    exactly that way). Here :math:`k` = ``decay_rate``. This function evaluates
    :math:`e^{-kp}` directly, which avoids the relative error :math:`p\,\varepsilon` that
    rounding :math:`e^{-k}` first would cause at large steps.

    TF: ``tf.compat.v1.train.natural_exp_decay``. Keras: ``ExponentialDecay(lr, T,
    math.exp(-k))``. PyTorch: ``ExponentialLR(gamma=math.exp(-k/T))``. optax:
    ``exponential_decay(lr, T, math.exp(-k))``.

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        decay_rate: :math:`k \ge 0` (``0`` gives a constant rate).
        staircase: floor :math:`t/T`.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; ``decay_rate < 0`` (TF accepts it: a growing rate);
            bad steps.

    Example:
        >>> round(float(natural_exp_decay(0.6, 10, 10, 0.6)), 6)
        0.329287
    """
    lr, ds, k, staircase = check_params(
        _NATURAL_EXP, learning_rate, decay_steps, decay_rate, staircase
    )
    t = check_steps("global_step", global_step)
    p = _exponent(t, ds, staircase)
    p *= -k
    return result(lr * np.exp(p, out=p), global_step)


def inverse_time_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    decay_rate: float,
    staircase: bool = False,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Inverse-time decay: the rate falls like :math:`1/t`.

    .. math::

        \eta_t = \frac{\eta_0}{1 + k\,p}, \qquad
        p = \begin{cases} t/T & \text{smooth} \\ \lfloor t/T \rfloor & \text{staircase} \end{cases}

    TF: ``tf.compat.v1.train.inverse_time_decay``. Keras: ``InverseTimeDecay(lr, T, k,
    staircase)``. PyTorch: ``LambdaLR(lambda t: 1 / (1 + k * t / T))``. optax: no built-in;
    ``lambda t: lr / (1 + k * t / T)``.

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        decay_rate: :math:`k \ge 0`.
        staircase: floor :math:`t/T`.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; ``decay_rate < 0`` (TF accepts it and divides by
            zero at :math:`t = T/k`); bad steps.

    Example:
        >>> round(float(inverse_time_decay(0.1, 50, 10, 0.2)), 6)
        0.05
    """
    lr, ds, k, staircase = check_params(
        _INVERSE_TIME, learning_rate, decay_steps, decay_rate, staircase
    )
    t = check_steps("global_step", global_step)
    p = _exponent(t, ds, staircase)
    p *= k
    p += 1.0
    return result(np.divide(lr, p, out=p), global_step)


# --- the sympy expressions ----------------------------------------------------------------


def _builder(kernel: Callable[[Any, Any, Any], Any]) -> Callable[..., Any]:
    """The family's expression: ``kernel(learning_rate, decay_rate, p)`` of the exponent p."""

    def build(t: Any, symbols: Mapping[str, Any], *, staircase: bool = False) -> Any:
        import sympy as sp

        ds = symbols["decay_steps"]
        p = sp.floor(t / ds) if staircase else t / ds
        return kernel(symbols["learning_rate"], symbols["decay_rate"], p)

    return build


def _exp(lr: Any, k: Any, p: Any) -> Any:
    import sympy as sp

    return lr * sp.exp(-k * p)


DEFINITIONS = (
    Definition(
        "exponential_decay",
        _EXPONENTIAL,
        exponential_decay,
        _builder(lambda lr, r, p: lr * r**p),
        num_steps=200,
        monotone=True,
    ),
    Definition("natural_exp_decay", _NATURAL_EXP, natural_exp_decay, _builder(_exp), monotone=True),
    Definition(
        "inverse_time_decay",
        _INVERSE_TIME,
        inverse_time_decay,
        _builder(lambda lr, k, p: lr / (1 + k * p)),
        monotone=True,
    ),
)
"""The family's definitions, in TF's order."""
