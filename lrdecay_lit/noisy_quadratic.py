r"""The noisy quadratic model, evaluated exactly with numpy for any schedule.

SGD on :math:`f(x) = \lambda x^2/2` with gradient noise of variance :math:`\sigma^2` has
second moment :math:`E_t = \mathbb E x_t^2` obeying

.. math:: E_{t+1} = (1 - \eta_t\lambda)^2 E_t + \eta_t^2\sigma^2

(derived in :func:`lrdecay_lit.symbolic.nqm_recursion`). :func:`second_moment` runs this
recursion for whole arrays of schedules at once (one numpy operation per step, over every
schedule and curvature together), split into its bias part (the start :math:`E_0`, decayed)
and its variance part (the noise, accumulated); the expected loss is :math:`\lambda E_t/2`.
:func:`noise_floor` is the constant-rate fixed point :math:`\eta\sigma^2/(\lambda(2 -
\eta\lambda))`. :func:`fit` calibrates the model's four numbers on measured loss curves
(used by the training chapter to predict one schedule's curve from another's).

Example:
    >>> import numpy as np
    >>> path = second_moment(np.full(2000, 0.1), curvature=1.0, noise_var=1.0, start=1.0)
    >>> round(float(path.total[-1]), 6), round(noise_floor(0.1, 1.0, 1.0), 6)
    (0.052632, 0.052632)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._validation import check_real

__all__ = ["NQMPath", "NQMFit", "second_moment", "expected_loss", "noise_floor", "fit"]


@dataclass(frozen=True)
class NQMPath:
    """:math:`E_t` for :math:`t = 0 \\dots N` (last axis), and its two parts.

    Attributes:
        total: ``bias + variance``.
        bias: :math:`E_0 \\prod_{s<t} (1 - \\eta_s\\lambda)^2`.
        variance: :math:`\\sigma^2 \\sum_{s<t} \\eta_s^2 \\prod_{s<r<t} (1 - \\eta_r\\lambda)^2`.
    """

    total: np.ndarray
    bias: np.ndarray
    variance: np.ndarray


def _positive(name: str, value: ArrayLike, *, allow_zero: bool = False) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    bad = ~np.isfinite(arr) | ((arr < 0) if allow_zero else (arr <= 0))
    if bad.any():
        rule = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"Argument `{name}` must be finite and {rule}. Received: {name}={arr[bad].flat[0]!r}"
        )
    return arr


def second_moment(
    rates: ArrayLike, curvature: ArrayLike, noise_var: ArrayLike, start: ArrayLike
) -> NQMPath:
    r"""Run :math:`E_{t+1} = (1-\eta_t\lambda)^2 E_t + \eta_t^2\sigma^2` from :math:`E_0`.

    Args:
        rates: the schedule, shape ``(..., N)`` (steps on the last axis); any leading axes
            are independent runs evaluated together.
        curvature: :math:`\lambda > 0`; noise_var: :math:`\sigma^2 \ge 0`; start:
            :math:`E_0 \ge 0`. Each broadcasts against ``rates[..., 0]``.

    Returns:
        :class:`NQMPath` with arrays of shape ``(..., N + 1)``: index ``t`` is the state
        *before* step ``t`` (index 0 is :math:`E_0`, index ``N`` the final error).
    """
    eta = np.asarray(rates, dtype=np.float64)
    if eta.ndim == 0:
        raise ValueError("Argument `rates` must have a step axis. Received: a scalar")
    lam = _positive("curvature", curvature)
    s2 = _positive("noise_var", noise_var, allow_zero=True)
    e0 = _positive("start", start, allow_zero=True)
    lead = np.broadcast_shapes(eta.shape[:-1], lam.shape, s2.shape, e0.shape)
    n = eta.shape[-1]
    contraction = (1.0 - eta * lam[..., None]) ** 2  # (..., N)
    injection = eta**2 * s2[..., None]
    contraction = np.broadcast_to(contraction, (*lead, n))
    injection = np.broadcast_to(injection, (*lead, n))
    bias = np.empty((*lead, n + 1))
    var = np.empty((*lead, n + 1))
    bias[..., 0] = e0
    var[..., 0] = 0.0
    for i in range(n):  # a linear recursion with varying coefficients: one step at a time
        bias[..., i + 1] = contraction[..., i] * bias[..., i]
        var[..., i + 1] = contraction[..., i] * var[..., i] + injection[..., i]
    return NQMPath(bias + var, bias, var)


def expected_loss(
    rates: ArrayLike, curvature: ArrayLike, noise_var: ArrayLike, start: ArrayLike
) -> np.ndarray:
    r""":math:`\mathbb E f(x_t) = \lambda E_t / 2`, shape ``(..., N + 1)``."""
    lam = _positive("curvature", curvature)
    return lam[..., None] / 2 * second_moment(rates, lam, noise_var, start).total


def noise_floor(rate: float, curvature: float, noise_var: float) -> float:
    r"""The constant-rate fixed point :math:`E^* = \eta\sigma^2/(\lambda(2 - \eta\lambda))`.

    Raises:
        ValueError: unless :math:`0 < \eta < 2/\lambda` (beyond it the recursion diverges).
    """
    lam = check_real("curvature", curvature, gt=0)
    s2 = check_real("noise_var", noise_var, ge=0)
    eta = check_real("rate", rate, gt=0, lt=2 / lam)
    return eta * s2 / (lam * (2 - eta * lam))


@dataclass(frozen=True)
class NQMFit:
    """The NQM's numbers fitted to measured losses: loss = ``offset`` + λ E_t / 2.

    Attributes:
        curvature, noise_var, start: :math:`\\lambda`, :math:`\\sigma^2`, :math:`E_0`.
        offset: the loss at the optimum (the model's :math:`f(0)`; a real problem's minimum
            is not 0).
        rms_log_error: root-mean-square of log(measured / model) over the fitted points.
    """

    curvature: float
    noise_var: float
    start: float
    offset: float
    rms_log_error: float

    def predict(self, rates: ArrayLike) -> np.ndarray:
        """The expected loss before each step ``0 .. N`` under the schedule ``rates``."""
        return self.offset + expected_loss(rates, self.curvature, self.noise_var, self.start)


def _columns(rates: np.ndarray, steps: np.ndarray, lam: float) -> np.ndarray:
    path = second_moment(rates, lam, 1.0, 1.0)
    return np.stack(
        [np.ones(len(steps)), lam / 2 * path.bias[steps], lam / 2 * path.variance[steps]], 1
    )


def fit(
    runs: Sequence[tuple[ArrayLike, ArrayLike, ArrayLike]],
    curvatures: ArrayLike | None = None,
) -> NQMFit:
    r"""Fit :math:`\lambda, \sigma^2, E_0` and an offset to measured loss curves.

    Args:
        runs: ``(rates, steps, loss)`` triples: a schedule (``N`` rates), the steps at which
            the loss was measured (integers in ``0 .. N``) and the measured loss there. All
            runs share the four numbers.
        curvatures: the :math:`\lambda` grid searched (default 200 values, log-spaced so that
            :math:`\eta_{\max}\lambda` runs from 1e-4 to 1.9: stable for every rate given).

    For each :math:`\lambda` the loss is linear in ``(offset, λE_0/2, λσ²/2)``: a
    non-negative least-squares fit in relative error (every subset of the three columns is
    tried; the feasible one with the smallest residual wins). The best :math:`\lambda` wins.
    """
    data = []
    for rates, steps, loss in runs:
        r = np.asarray(rates, dtype=np.float64)
        s = np.asarray(steps, dtype=np.intp)
        y = _positive("loss", loss)
        if s.shape != y.shape or s.min() < 0 or s.max() > r.shape[-1]:
            raise ValueError("Argument `runs` must hold steps in 0..N with one loss per step")
        data.append((r, s, y))
    peak = max(float(r.max()) for r, _, _ in data)
    grid = (
        np.geomspace(1e-4, 1.9, 200) / peak
        if curvatures is None
        else _positive("curvatures", curvatures)
    )
    y_all = np.concatenate([y for _, _, y in data])
    best: tuple[float, float, np.ndarray] | None = None
    subsets = [m for m in range(1, 8)]
    for lam in grid:
        cols = np.concatenate([_columns(r, s, float(lam)) for r, s, _ in data])
        a = cols / y_all[:, None]  # relative residuals: (cols @ c - y) / y
        for mask in subsets:
            use = [i for i in range(3) if mask >> i & 1]
            coef, *_ = np.linalg.lstsq(a[:, use], np.ones(len(y_all)), rcond=None)
            if (coef < 0).any():
                continue
            c = np.zeros(3)
            c[use] = coef
            res = float(np.sum((a @ c - 1.0) ** 2))
            if best is None or res < best[0]:
                best = (res, float(lam), c)
    assert best is not None  # the offset alone is always feasible for positive losses
    _, lam, c = best
    model = np.concatenate([_columns(r, s, lam) for r, s, _ in data]) @ c
    rms = float(np.sqrt(np.mean(np.log(y_all / model) ** 2)))
    return NQMFit(
        curvature=lam,
        noise_var=float(c[2]),
        start=float(c[1]),
        offset=float(c[0]),
        rms_log_error=rms,
    )
