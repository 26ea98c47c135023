r"""The cosine schedules: cosine_decay and cosine_decay_restarts (SGDR).

The restart rule of cosine_decay_restarts (which period a step is in) is
:mod:`lrdecay_lit._restarts`, used by every route (numpy here, the sympy-generated numpy,
the array namespaces, the JavaScript). Its closed forms, TF's arithmetic, are written once
here as sympy (:func:`sgdr_index`, :func:`sgdr_start`, :func:`sgdr_position`,
:func:`sgdr_value`) and used by the expression and by the derivations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from lrdecay_lit._restarts import restart_period
from lrdecay_lit._validation import check_steps
from lrdecay_lit.schedules._common import (
    POSITIVE,
    UNIT,
    Steps,
    alpha,
    learning_rate,
    result,
    steps,
)
from lrdecay_lit.schedules._definition import Definition, Domain, Slider, check_params, param

__all__ = [
    "cosine_decay",
    "cosine_decay_restarts",
    "sgdr_index",
    "sgdr_start",
    "sgdr_position",
    "sgdr_value",
    "DEFINITIONS",
]

_COSINE = (
    learning_rate(0.3),
    steps("decay_steps", 50, "length of the half cosine"),
    alpha(0.01, "floor, as a fraction of learning_rate"),
)
_RESTARTS = (
    learning_rate(0.3),
    steps("first_decay_steps", 10, "length of the first period", symbol="T_{0}"),
    param(
        "t_mul",
        "float",
        2.0,
        1.5,
        POSITIVE,
        Slider(0.5, 3.0, 0.05),
        "each period is t_mul times longer than the previous",
        "m",
    ),
    param(
        "m_mul",
        "float",
        1.0,
        0.8,
        Domain(gt=0, le=1),
        Slider(0.05, 1.0, 0.05),
        "each restart peak is m_mul times the previous",
        r"\mu",
    ),
    alpha(0.011, "floor, as a fraction of learning_rate", UNIT),
)


def cosine_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    alpha: float = 0.0,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Cosine decay (half a cosine wave) from ``learning_rate`` to ``alpha * learning_rate``.

    .. math::

        \eta_t = \eta_0\left[(1 - \alpha)\,\tfrac12\left(1 + \cos\frac{\pi \min(t, T)}{T}\right)
                 + \alpha\right]

    The step is clipped at :math:`T`: after ``decay_steps`` the rate stays at
    :math:`\alpha\eta_0`.

    TF: ``tf.compat.v1.train.cosine_decay``. Keras: ``CosineDecay(lr, T, alpha)``.
    PyTorch: ``CosineAnnealingLR(T_max=T, eta_min=alpha*lr)`` (but it keeps oscillating
    after ``T_max`` instead of holding). optax: ``cosine_decay_schedule(init_value, T,
    alpha)``.

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        alpha: floor as a fraction of ``learning_rate``, :math:`0 \le \alpha \le 1`.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; ``alpha`` outside [0, 1] (TF accepts it; the
            curve then rises); bad steps.

    Example:
        >>> cosine_decay(0.3, [0, 25, 50, 60], 50, alpha=0.01).round(6).tolist()
        [0.3, 0.1515, 0.003, 0.003]
    """
    lr, ds, a = check_params(_COSINE, learning_rate, decay_steps, alpha)
    t = check_steps("global_step", global_step)
    p = np.minimum(t, ds)
    p *= math.pi / ds
    np.cos(p, out=p)
    p += 1.0
    p *= 0.5 * (1.0 - a) * lr
    p += a * lr
    return result(p, global_step)


def cosine_decay_restarts(
    learning_rate: float,
    global_step: Steps,
    first_decay_steps: float,
    t_mul: float = 2.0,
    m_mul: float = 1.0,
    alpha: float = 0.0,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017).

    Period :math:`i = 0, 1, \dots` lasts :math:`T_0 m^i` steps (:math:`m` = ``t_mul``) and
    starts at :math:`S_i = T_0 (m^i - 1)/(m - 1)` (:math:`S_i = T_0 i` when :math:`m = 1`).
    With :math:`f = t / T_0`:

    .. math::

        i = \begin{cases}
            \lfloor f \rfloor & m = 1 \\
            \left\lfloor \dfrac{\ln(1 + f (m - 1))}{\ln m} \right\rfloor & m \ne 1
        \end{cases},
        \qquad
        \phi = \frac{t - S_i}{T_0 m^i},
        \qquad
        \eta_t = \eta_0\left[(1 - \alpha)\,\tfrac12\,\mu^i\,(1 + \cos \pi\phi) + \alpha\right]

    where :math:`\mu` = ``m_mul`` scales each restart's peak. Note that the floor
    :math:`\alpha\eta_0` is *not* scaled by :math:`\mu^i`. This is TF's arithmetic; in
    addition, where floating-point rounding of the logarithm would put a step into the
    wrong period (TF float32 does this at some restart steps), the period index is
    corrected, so restarts happen exactly at :math:`S_i`.

    TF: ``tf.compat.v1.train.cosine_decay_restarts``. Keras: ``CosineDecayRestarts(lr,
    first_decay_steps, t_mul, m_mul, alpha)``. PyTorch: ``CosineAnnealingWarmRestarts(
    T_0, T_mult, eta_min)`` (integer ``T_mult`` only, no ``m_mul``). optax:
    ``sgdr_schedule`` (a list of warmup-cosine pieces).

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        first_decay_steps: :math:`T_0 > 0`, the length of the first period.
        t_mul: :math:`m > 0`, factor applied to each period's length. With :math:`m < 1`
            the periods shrink and all of them fit in :math:`T_0/(1 - m)` steps.
        m_mul: :math:`0 < \mu \le 1`, factor applied to each restart's peak.
        alpha: floor as a fraction of ``learning_rate``, :math:`0 \le \alpha \le 1`.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``first_decay_steps <= 0``; ``t_mul <= 0``; ``m_mul`` outside (0, 1]
            (TF accepts ``m_mul > 1``, which overflows at large steps); ``alpha`` outside
            [0, 1]; with ``t_mul < 1``, a step at or beyond :math:`T_0/(1 - m)`, where TF
            returns ``nan``; bad steps.

    Example:
        >>> cosine_decay_restarts(0.3, [0, 9, 10, 25], 10, 1.5, 0.8, 0.011).round(6).tolist()
        [0.3, 0.010561, 0.24066, 0.193188]
    """
    lr, t0, tm, mm, a = check_params(
        _RESTARTS, learning_rate, first_decay_steps, t_mul, m_mul, alpha
    )
    t = check_steps("global_step", global_step)
    if tm < 1.0 and t.size and t.max() >= t0 / (1.0 - tm):
        raise ValueError(
            f"Argument `global_step` must be < first_decay_steps / (1 - t_mul) = "
            f"{t0 / (1.0 - tm):g} when t_mul < 1 (all periods have ended by then; TF "
            f"returns nan). Received: global_step={t.max():g}"
        )
    # the package's one restart rule (lrdecay_lit._restarts): TF's logarithm, with the steps
    # at (or within rounding of) a restart put in the period exact arithmetic gives
    i, start, length = restart_period(t, t0, tm)
    phase = t - start
    phase /= length
    phase *= math.pi
    np.cos(phase, out=phase)
    phase += 1.0
    phase *= mm**i
    phase *= 0.5 * (1.0 - a) * lr
    phase += a * lr
    return result(phase, global_step)


# --- the sympy expressions ----------------------------------------------------------------


def _build_cosine(t: Any, symbols: Mapping[str, Any]) -> Any:
    import sympy as sp

    lr, ds, a = symbols["learning_rate"], symbols["decay_steps"], symbols["alpha"]
    cd = (1 + sp.cos(sp.pi * sp.Min(t, ds) / ds)) / 2
    return lr * ((1 - a) * cd + a)


def sgdr_index(t: Any, t0: Any, m: Any, *, geometric: bool = True) -> Any:
    r"""TF's period index :math:`i(t) = \lfloor \ln(1 - f(1 - m)) / \ln m \rfloor`
    (:math:`\lfloor f \rfloor` when not ``geometric``, i.e. :math:`m = 1`), :math:`f = t/T_0`."""
    import sympy as sp

    f = t / t0
    if not geometric:
        return sp.floor(f)
    return sp.floor(sp.log(1 - f * (1 - m)) / sp.log(m))


def sgdr_start(k: Any, t0: Any, m: Any, *, geometric: bool = True) -> Any:
    r"""The start :math:`S_k = T_0 (1 - m^k)/(1 - m)` of period :math:`k` (:math:`k T_0`)."""
    import sympy as sp

    k = sp.sympify(k)
    if not geometric:
        return k * t0
    return t0 * (1 - m**k) / (1 - m)


def sgdr_position(t: Any, i: Any, t0: Any, m: Any, *, geometric: bool = True) -> Any:
    r"""The fraction :math:`x = (f - (1 - m^i)/(1 - m))/m^i` of period :math:`i` done."""
    f = t / t0
    if not geometric:
        return f - i
    return (f - (1 - m**i) / (1 - m)) / m**i


def sgdr_value(i: Any, x: Any, lr: Any, m_mul: Any, a: Any) -> Any:
    r"""The rate at position :math:`x` of period :math:`i`:
    :math:`\eta_0[(1 - \alpha)\tfrac12\mu^i(1 + \cos\pi x) + \alpha]`."""
    import sympy as sp

    return lr * ((1 - a) * m_mul**i * (1 + sp.cos(sp.pi * x)) / 2 + a)


def _geometric(t_mul: Any) -> bool:
    """TF's ``cond``: the geometric branch unless ``t_mul`` is the number 1."""
    return not (t_mul == 1)


def _build_restarts(t: Any, symbols: Mapping[str, Any]) -> Any:
    t0, m = symbols["first_decay_steps"], symbols["t_mul"]
    geometric = _geometric(m)
    i = sgdr_index(t, t0, m, geometric=geometric)
    x = sgdr_position(t, i, t0, m, geometric=geometric)
    return sgdr_value(i, x, symbols["learning_rate"], symbols["m_mul"], symbols["alpha"])


DEFINITIONS = (
    Definition(
        "cosine_decay", _COSINE, cosine_decay, _build_cosine, clip="decay_steps", monotone=True
    ),
    Definition("cosine_decay_restarts", _RESTARTS, cosine_decay_restarts, _build_restarts),
)
"""The family's definitions, in TF's order."""
