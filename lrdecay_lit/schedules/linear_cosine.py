r"""linear_cosine_decay and noisy_linear_cosine_decay (Bello et al. 2017).

The noisy schedule is the linear cosine one with Gaussian noise :math:`\varepsilon_t` added
to the linear part: one expression builder (:func:`_build`) with the noise as an option.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from lrdecay_lit._validation import check_steps
from lrdecay_lit.noise import check_seed, fresh_seed, standard_normal_at
from lrdecay_lit.schedules._common import (
    NONNEGATIVE,
    Steps,
    alpha,
    beta,
    learning_rate,
    num_periods,
    result,
    steps,
)
from lrdecay_lit.schedules._definition import Definition, Slider, check_params, param

__all__ = ["linear_cosine_decay", "noisy_linear_cosine_decay", "DEFINITIONS"]

_LINEAR_COSINE = (
    learning_rate(0.3),
    steps("decay_steps", 50, "steps of the linear ramp"),
    num_periods(3.0),
    alpha(0.0, "added to the linear part", NONNEGATIVE, maximum=2.0),
    beta(0.2),
)
_NOISY = (
    learning_rate(0.1),
    steps("decay_steps", 50, "steps of the linear ramp"),
    param(
        "initial_variance",
        "float",
        1.0,
        0.01,
        NONNEGATIVE,
        Slider(0.0, 1.0, 0.001),
        "noise variance at step 0",
        r"\sigma_{0}^{2}",
    ),
    param(
        "variance_decay",
        "float",
        0.55,
        0.1,
        NONNEGATIVE,
        Slider(0.0, 2.0, 0.01),
        "d in variance / (1 + t)^d",
        "d",
    ),
    num_periods(0.2),
    alpha(0.5, "added to the linear part", NONNEGATIVE, maximum=2.0),
    beta(0.2),
    param(
        "seed",
        "seed",
        None,
        0,
        slider=Slider(0, 9999, 1),
        description="random seed of the noise (not in TF)",
    ),
)


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
    lr, ds, n, a, b = check_params(
        _LINEAR_COSINE, learning_rate, decay_steps, num_periods, alpha, beta
    )
    t = check_steps("global_step", global_step)
    _, linear, cos = _linear_cosine_parts(t, ds, n)
    linear += a
    linear *= cos
    linear += b
    linear *= lr
    return result(linear, global_step)


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
    lr, ds, var0, vd, n, a, b = check_params(
        _NOISY,
        learning_rate,
        decay_steps,
        initial_variance,
        variance_decay,
        num_periods,
        alpha,
        beta,
    )
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
    return result(linear, global_step)


# --- the sympy expressions ----------------------------------------------------------------


def _build(t: Any, symbols: Mapping[str, Any], noisy: bool = False) -> Any:
    import sympy as sp

    lr, ds = symbols["learning_rate"], symbols["decay_steps"]
    n, a, beta_ = symbols["num_periods"], symbols["alpha"], symbols["beta"]
    tc = sp.Min(t, ds)
    linear = (ds - tc) / ds
    if noisy:
        linear = linear + symbols["eps"]
    cd = (1 + sp.cos(2 * sp.pi * n * tc / ds)) / 2
    return lr * ((a + linear) * cd + beta_)


def _build_noisy(t: Any, symbols: Mapping[str, Any]) -> Any:
    return _build(t, symbols, noisy=True)


def _variance(t: Any, symbols: Mapping[str, Any]) -> Any:
    r""":math:`\operatorname{Var}\varepsilon_t = \sigma_0^2/(1 + \min(t, T))^{d}` (TF clips t)."""
    import sympy as sp

    ds = symbols["decay_steps"]
    return symbols["initial_variance"] / (1 + sp.Min(t, ds)) ** symbols["variance_decay"]


DEFINITIONS = (
    Definition(
        "linear_cosine_decay", _LINEAR_COSINE, linear_cosine_decay, _build, clip="decay_steps"
    ),
    Definition(
        "noisy_linear_cosine_decay",
        _NOISY,
        noisy_linear_cosine_decay,
        _build_noisy,
        clip="decay_steps",
        noise=True,
        variance=_variance,
    ),
)
"""The family's definitions, in TF's order."""
