r"""TensorFlow 1's learning-rate decays as vectorised float64 numpy functions.

Each function has TF1's name, argument names, argument order and defaults
(``tf.compat.v1.train.<name>``), so code from the articles runs unchanged, but it takes a
whole numpy array of steps at once and returns float64 values of the same shape (a numpy
float64 scalar for a scalar step). ``name`` is accepted and ignored, as a convenience for
pasted TF code.

The maths of every schedule lives once, in sympy, in :mod:`lrdecay_lit.symbolic`; the
functions here are hand-vectorised for speed and tested against those expressions to
1e-12 (``tests/test_symbolic.py``) and against values produced by TensorFlow itself
(``tests/test_golden.py``).

Arguments are validated with :mod:`lrdecay_lit._validation`: where TensorFlow would return
``nan``/``inf`` or a silently wrong curve (``decay_steps=0``, negative steps, unsorted
boundaries, ...) these functions raise a ``ValueError`` or ``TypeError`` that names the
argument and the rule. The rules that are stricter than TF are listed in each docstring
under *Raises*.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._restarts import restart_period
from lrdecay_lit._validation import (
    check_bool,
    check_rates,
    check_real,
    check_sorted_boundaries,
    check_steps,
    check_values_length,
)
from lrdecay_lit.noise import check_seed, fresh_seed, standard_normal_at

__all__ = [
    "exponential_decay",
    "natural_exp_decay",
    "inverse_time_decay",
    "polynomial_decay",
    "piecewise_constant",
    "cosine_decay",
    "cosine_decay_restarts",
    "linear_cosine_decay",
    "noisy_linear_cosine_decay",
    "fixed",
]

Steps = ArrayLike
"""A training step (int, or integer-valued float) or an array of them."""


def _result(values: np.ndarray, global_step: Steps) -> np.ndarray | np.float64:
    """Numpy float64 scalar for a scalar ``global_step``, else the array, shaped like the input.

    :func:`check_steps` hands back at least a 1-D array (so in-place ufuncs work on scalars
    too); this undoes that for scalar input.
    """
    if isinstance(global_step, np.ndarray):
        scalar = global_step.ndim == 0
    else:
        scalar = isinstance(global_step, numbers.Real)
    return values[0] if scalar else values


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    rate = check_real("decay_rate", decay_rate, gt=0, le=1)
    staircase = check_bool("staircase", staircase)
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
    return _result(p, global_step)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    k = check_real("decay_rate", decay_rate, ge=0)
    staircase = check_bool("staircase", staircase)
    t = check_steps("global_step", global_step)
    p = _exponent(t, ds, staircase)
    p *= -k
    return _result(lr * np.exp(p, out=p), global_step)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    k = check_real("decay_rate", decay_rate, ge=0)
    staircase = check_bool("staircase", staircase)
    t = check_steps("global_step", global_step)
    p = _exponent(t, ds, staircase)
    p *= k
    p += 1.0
    return _result(np.divide(lr, p, out=p), global_step)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    end = check_real("end_learning_rate", end_learning_rate, ge=0)
    q = check_real("power", power, gt=0)
    cycle = check_bool("cycle", cycle)
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
    return _result(p, global_step)


def piecewise_constant(
    x: Steps,
    boundaries: Sequence[float],
    values: Sequence[float],
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Piecewise-constant rate: ``values[i]`` between ``boundaries[i-1]`` and ``boundaries[i]``.

    .. math::

        \eta_x = v_i \quad\text{for}\quad b_{i-1} < x \le b_i,
        \qquad b_{-1} = -\infty,\ b_n = +\infty

    At exactly a boundary :math:`x = b_i` the rate is still :math:`v_i`, the value *before*
    the boundary; the new value starts one step later.

    TF: ``tf.compat.v1.train.piecewise_constant``. Keras: ``PiecewiseConstantDecay(
    boundaries, values)`` (same convention). PyTorch: ``MultiStepLR`` (multiplicative
    factors, switches *at* the milestone). optax: ``piecewise_constant_schedule(init,
    {boundary: scale})`` (multiplicative, switches at the boundary).

    Args:
        x: step or array of steps (whole numbers :math:`\ge 0`); TF calls it ``x``.
        boundaries: strictly increasing, finite numbers :math:`b_0 < \dots < b_{n-1}`.
        values: the :math:`n + 1` rates :math:`v_0, \dots, v_n \ge 0` (learning rates, checked
            like every other schedule's; TF accepts negative ones).
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``x``.

    Raises:
        ValueError: ``len(values) != len(boundaries) + 1`` (TF checks this too); unsorted or
            repeated boundaries (TF accepts them and returns the wrong value); non-finite
            entries; a negative value (TF draws it: a negative learning rate climbs the
            loss); bad steps.
        TypeError: non-numeric boundaries or values.

    Example:
        >>> piecewise_constant([9, 10, 11], [10, 20], [0.06, 0.05, 0.04]).tolist()
        [0.06, 0.06, 0.05]
    """
    b = check_sorted_boundaries("boundaries", boundaries)
    v = check_rates("values", check_values_length("values", values, b.size), values)
    t = check_steps("x", x)
    if t.dtype.kind == "i" and abs(b[0]) < 2**62 and abs(b[-1]) < 2**62:
        # For whole-number steps, b < t exactly when floor(b) < t, and searching integers
        # in integers is several times faster than mixing in floats.
        b = np.floor(b).astype(np.int64)
    # side="left" counts the boundaries strictly below t: at t == b[i] the value is v[i]
    return _result(v[np.searchsorted(b, t, side="left")], x)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    a = check_real("alpha", alpha, ge=0, le=1)
    t = check_steps("global_step", global_step)
    p = np.minimum(t, ds)
    p *= math.pi / ds
    np.cos(p, out=p)
    p += 1.0
    p *= 0.5 * (1.0 - a) * lr
    p += a * lr
    return _result(p, global_step)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    t0 = check_real("first_decay_steps", first_decay_steps, gt=0)
    tm = check_real("t_mul", t_mul, gt=0)
    mm = check_real("m_mul", m_mul, gt=0, le=1)
    a = check_real("alpha", alpha, ge=0, le=1)
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
    return _result(phase, global_step)


def _linear_cosine_parts(
    t: np.ndarray, decay_steps: float, num_periods: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clipped step, linear part :math:`1 - \\min(t,T)/T` and cosine part of linear_cosine."""
    tc = np.minimum(t, decay_steps)
    linear = (decay_steps - tc) / decay_steps
    cos = tc * (2.0 * math.pi * num_periods / decay_steps)
    np.cos(cos, out=cos)
    cos += 1.0
    cos *= 0.5
    return tc, linear, cos


def linear_cosine_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    num_periods: float = 0.5,
    alpha: float = 0.0,
    beta: float = 0.001,
    name: str | None = None,
) -> np.ndarray | np.float64:
    r"""Linear cosine decay (Bello et al. 2017): a cosine ripple on a linear ramp down.

    .. math::

        \ell_t = 1 - \frac{\min(t, T)}{T}, \quad
        c_t = \tfrac12\left(1 + \cos\frac{2\pi\,n\,\min(t, T)}{T}\right), \quad
        \eta_t = \eta_0\left[(\alpha + \ell_t)\,c_t + \beta\right]

    with :math:`n` = ``num_periods``. After :math:`T` steps the rate holds at
    :math:`\eta_0 (\alpha c_T + \beta)`. Even with the default :math:`n = 1/2` this is *not*
    :func:`cosine_decay`: the extra factor :math:`\ell_t` makes it fall faster.

    TF: ``tf.compat.v1.train.linear_cosine_decay``. Keras 2 had
    ``tf.keras.experimental.LinearCosineDecay``; Keras 3, PyTorch and optax have no
    built-in (use a lambda / ``LambdaLR``).

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        num_periods: :math:`n \ge 0`, number of cosine periods in the decay.
        alpha: :math:`\alpha \ge 0`, added to the linear part.
        beta: :math:`\beta \ge 0`, the floor as a fraction of ``learning_rate``.
        name: ignored.

    Returns:
        float64 learning rate(s), same shape as ``global_step``.

    Raises:
        ValueError: ``decay_steps <= 0``; negative ``num_periods``, ``alpha`` or ``beta``
            (TF accepts them); bad steps.

    Example:
        >>> linear_cosine_decay(0.3, [0, 25, 50], 50, 3, 0.0, 0.2).round(6).tolist()
        [0.36, 0.06, 0.06]
    """
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    n = check_real("num_periods", num_periods, ge=0)
    a = check_real("alpha", alpha, ge=0)
    b = check_real("beta", beta, ge=0)
    t = check_steps("global_step", global_step)
    _, linear, cos = _linear_cosine_parts(t, ds, n)
    linear += a
    linear *= cos
    linear += b
    linear *= lr
    return _result(linear, global_step)


def noisy_linear_cosine_decay(
    learning_rate: float,
    global_step: Steps,
    decay_steps: float,
    initial_variance: float = 1.0,
    variance_decay: float = 0.55,
    num_periods: float = 0.5,
    alpha: float = 0.0,
    beta: float = 0.001,
    name: str | None = None,
    *,
    seed: int | None = None,
) -> np.ndarray | np.float64:
    r"""Linear cosine decay with Gaussian noise on the linear part (Bello et al. 2017).

    .. math::

        \eta_t = \eta_0\left[(\alpha + \ell_t + \varepsilon_t)\,c_t + \beta\right], \qquad
        \varepsilon_t \sim \mathcal N\!\left(0,\ \frac{\sigma_0^2}{(1 + \min(t, T))^{d}}\right)

    with :math:`\ell_t, c_t` as in :func:`linear_cosine_decay`, :math:`\sigma_0^2` =
    ``initial_variance`` and :math:`d` = ``variance_decay``. The noise is independent
    from step to step; its variance uses the step clipped at :math:`T`, as TF does.
    Its expected value is :func:`linear_cosine_decay`.

    The draw is a function of the seed and the step, :math:`\varepsilon_t = \sigma_t\,
    z(\text{seed}, t)` (:func:`lrdecay_lit.noise.standard_normal_at`, counter-based
    Philox): one call for many steps and one call per step (a PyTorch scheduler) give the
    same values bit for bit, and so does any slice of steps.

    TF: ``tf.compat.v1.train.noisy_linear_cosine_decay``. No Keras 3, PyTorch or optax
    built-in.

    Args:
        learning_rate: initial learning rate :math:`\eta_0 \ge 0`.
        global_step: step or array of steps (whole numbers :math:`\ge 0`).
        decay_steps: :math:`T > 0`.
        initial_variance: :math:`\sigma_0^2 \ge 0`.
        variance_decay: :math:`d \ge 0`.
        num_periods: :math:`n \ge 0`.
        alpha: :math:`\alpha \ge 0`.
        beta: :math:`\beta \ge 0`.
        name: ignored.
        seed: a whole number in ``[0, 2**128)``, the key of the noise (a plain int, so a
            schedule's config serialises); ``None`` draws a fresh key from the operating
            system at every call. Not in TF, whose noise cannot be seeded per call.

    Returns:
        float64 learning rate(s), same shape as ``global_step``. Can be negative when the
        noise is large, as in TF.

    Raises:
        ValueError: ``decay_steps <= 0``; negative variance, decay, ``num_periods``,
            ``alpha`` or ``beta``; bad steps.
        TypeError: ``seed`` of another type (a ``numpy.random.Generator`` included: the
            noise is keyed by an int).

    Example:
        >>> a = noisy_linear_cosine_decay(0.1, range(5), 50, 0.01, 0.1, 0.2, 0.5, 0.2, seed=7)
        >>> b = [noisy_linear_cosine_decay(0.1, k, 50, 0.01, 0.1, 0.2, 0.5, 0.2, seed=7)
        ...      for k in range(5)]
        >>> bool((a == b).all())
        True
    """
    lr = check_real("learning_rate", learning_rate, ge=0)
    ds = check_real("decay_steps", decay_steps, gt=0)
    var0 = check_real("initial_variance", initial_variance, ge=0)
    vd = check_real("variance_decay", variance_decay, ge=0)
    n = check_real("num_periods", num_periods, ge=0)
    a = check_real("alpha", alpha, ge=0)
    b = check_real("beta", beta, ge=0)
    key = fresh_seed() if seed is None else check_seed(seed)
    t = check_steps("global_step", global_step)
    tc, linear, cos = _linear_cosine_parts(t, ds, n)
    std = np.sqrt(var0 / (1.0 + tc) ** vd)
    noise = standard_normal_at(key, t)
    noise *= std
    linear += a
    linear += noise
    linear *= cos
    linear += b
    linear *= lr
    return _result(linear, global_step)


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
    lr = check_real("learning_rate", learning_rate, ge=0)
    t = check_steps("global_step", global_step)
    return _result(np.full(t.shape, lr), global_step)
