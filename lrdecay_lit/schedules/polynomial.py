"""polynomial_decay: a power of the remaining fraction, with TF's optional cycling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from lrdecay_lit._validation import check_steps
from lrdecay_lit.schedules._common import NONNEGATIVE, POSITIVE, Steps, learning_rate, result, steps
from lrdecay_lit.schedules._definition import Definition, Slider, check_params, param

__all__ = ["polynomial_decay", "DEFINITION"]

_PARAMS = (
    learning_rate(0.5),
    steps("decay_steps", 10, "steps to reach end_learning_rate"),
    param(
        "end_learning_rate",
        "float",
        0.0001,
        0.0001,
        NONNEGATIVE,
        Slider(0.0, 1.0, 0.0001),
        "final learning rate",
        r"\eta_{\text{end}}",
    ),
    param(
        "power",
        "float",
        1.0,
        1.0,
        POSITIVE,
        Slider(0.1, 5.0, 0.1),
        "exponent of (1 - t/decay_steps)",
        "q",
    ),
    param("cycle", "bool", False, False, description="restart after each multiple of decay_steps"),
)


def polynomial_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    end_learning_rate: float = 0.0001,
    power: float = 1.0,
    cycle: bool = False,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Polynomial decay from ``learning_rate`` to ``end_learning_rate`` over ``decay_steps``.

    .. math::

        \eta_t = (\eta_0 - \eta_{\text{end}})\left(1 - \frac{\tilde t}{\tilde T}\right)^{q}
                 + \eta_{\text{end}}, \qquad
        (\tilde t, \tilde T) = \begin{cases}
            (\min(t, T),\ T) & \text{cycle off} \\
            (t,\ T \max(1, \lceil t/T \rceil)) & \text{cycle on}
        \end{cases}

    With ``cycle=False`` the rate holds at :math:`\eta_{\text{end}}` after :math:`T`.
    With ``cycle=True`` TF stretches the *horizon* to the next multiple of :math:`T`
    (and uses :math:`T` itself at step 0): the rate jumps back up after each multiple of
    :math:`T`, each time to a lower peak, and every cycle lasts exactly :math:`T` steps.

    TF: ``tf.compat.v1.train.polynomial_decay``. Keras: ``PolynomialDecay(lr, T, end,
    power, cycle)``. PyTorch: ``PolynomialLR(total_iters=T, power=q)`` (decays to 0, no
    end value, no cycle). optax: ``polynomial_schedule(init_value, end_value, power,
    transition_steps)`` (no cycle).

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        end_learning_rate: :math:`\eta_{\text{end}} \ge 0` (may exceed ``learning_rate``,
            which turns the schedule into a ramp up).
        power: :math:`q > 0`.
        cycle: restart after every multiple of ``decay_steps`` instead of holding the end value.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; ``power <= 0`` (TF accepts it; ``power < 0``
            divides by zero at :math:`t = T`); negative ``end_learning_rate``; bad steps.

    Example:
        >>> polynomial_decay(0.1, [0, 5, 10, 11, 20, 21], 10, 0.01, cycle=True).round(6).tolist()
        [0.1, 0.055, 0.01, 0.0505, 0.01, 0.037]
    """
    lr, ds, end, q, cycle = check_params(
        _PARAMS, learning_rate, decay_steps, end_learning_rate, power, cycle
    )
    t = check_steps("global_step", global_step)
    if cycle:
        horizon = np.ceil(t / ds)
        np.maximum(horizon, 1.0, out=horizon)  # TF: multiplier 1 at step 0
        horizon *= ds
        p = t / horizon
        np.minimum(p, 1.0, out=p)  # guards 1 - p >= 0 against rounding for non-integer T
    else:
        p = np.minimum(t, ds)
        p /= ds
    np.subtract(1.0, p, out=p)
    if q != 1.0:
        np.power(p, q, out=p)
    p *= lr - end
    p += end
    return result(p, global_step)


def _build(t: Any, symbols: Mapping[str, Any], *, cycle: bool = False) -> Any:
    import sympy as sp

    lr, ds = symbols["learning_rate"], symbols["decay_steps"]
    end, q = symbols["end_learning_rate"], symbols["power"]
    if cycle:
        frac = t / (ds * sp.Max(1, sp.ceiling(t / ds)))
    else:
        frac = sp.Min(t, ds) / ds
    return (lr - end) * (1 - frac) ** q + end


DEFINITION = Definition(
    "polynomial_decay",
    _PARAMS,
    polynomial_decay,
    _build,
    num_steps=200,
    clip="decay_steps",
    monotone=True,
)
