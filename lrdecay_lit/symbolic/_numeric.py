r"""Numpy functions generated from the sympy expressions (``sympy.lambdify``).

Not a second implementation: nothing here is written by hand per schedule. The functions
are printed mechanically from each definition's sympy expression
(:func:`lrdecay_lit.symbolic.expression`), and ``tests/test_symbolic.py`` checks that the
hand-vectorised numpy twins (:mod:`lrdecay_lit.schedules`) agree with them to 1e-12. The
only shared code is the package's one restart rule (:mod:`lrdecay_lit._restarts`), which
gives cosine_decay_restarts' period index here as in the core.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from lrdecay_lit import _restarts as restart_rule
from lrdecay_lit.noise import fresh_seed, standard_normal_at
from lrdecay_lit.symbolic._core import (
    _check_name,
    defaults,
    expression,
    fill_values,
    noise_variance,
    parameter_values,
    parameters,
    restart_value,
    symbol,
    t,
)

__all__ = ["numeric", "numeric_expr", "RESTART_RTOL"]

RESTART_RTOL = restart_rule.RESTART_RTOL
r"""Relative distance within which an SGDR restart :math:`S_k` counts as the whole step it is
near (the package's one restart rule, :mod:`lrdecay_lit._restarts`): exact restarts
(``first_decay_steps=8, t_mul=1.5`` restarts at 20, 38, ...) are not pushed into the
previous period by rounding."""


def _lambdify(args: Sequence[sp.Symbol], expr: sp.Expr) -> Callable[..., np.ndarray]:
    return sp.lambdify(args, expr, modules="numpy")


def _as_steps(global_step: object) -> tuple[np.ndarray, bool]:
    arr = np.asarray(global_step, dtype=np.float64)
    return arr, arr.ndim == 0


def _finish(values: object, steps: np.ndarray, scalar: bool) -> np.ndarray | np.float64:
    out = np.array(np.broadcast_to(np.asarray(values, dtype=np.float64), steps.shape))
    return np.float64(out[()]) if scalar else out


@functools.cache
def _generic(name: str, staircase: bool, cycle: bool) -> Callable[..., np.ndarray]:
    expr = expression(name, staircase=staircase, cycle=cycle)
    return _lambdify((t, *parameters(name)), expr)


@functools.cache
def _piecewise(n: int) -> Callable[..., np.ndarray]:
    return _lambdify(
        (t, *parameters("piecewise_constant", n_boundaries=n)),
        expression("piecewise_constant", n_boundaries=n),
    )


@functools.cache
def _noisy() -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]:
    names = parameters("noisy_linear_cosine_decay")
    value = _lambdify((t, symbol("eps"), *names), expression("noisy_linear_cosine_decay"))
    var = _lambdify((t, *names), noise_variance())
    return value, var


@functools.cache
def _restarts(geometric: bool) -> Callable[..., np.ndarray]:
    """The SGDR value as a function of the step and a given period index ``k``."""
    k = sp.Symbol("k", integer=True, nonnegative=True)
    names = parameters("cosine_decay_restarts")
    return _lambdify((t, k, *names), restart_value(k, geometric=geometric))


def _restarts_call(steps: np.ndarray, args: list[float]) -> np.ndarray:
    geometric = args[2] != 1.0
    value_at = _restarts(geometric)
    # the period index by the package's one restart rule (TF's logarithm, corrected where
    # rounding puts a step in the wrong period); the values from the sympy expression
    i = restart_rule.restart_index(steps, args[1], args[2])
    ok = np.isfinite(i)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.asarray(value_at(steps, np.where(ok, i, 0.0), *args), dtype=np.float64)
    return np.where(ok, out, np.nan)


def numeric(
    name: str, *, staircase: bool = False, cycle: bool = False
) -> Callable[..., np.ndarray | np.float64]:
    r"""A vectorised numpy function generated from :func:`expression` by ``sympy.lambdify``.

    The returned function is called as ``f(global_step, **params)`` with parameters by TF
    name (TF's defaults fill the omitted ones), or for piecewise_constant
    ``f(x, boundaries, values)``, and returns float64 of the shape of ``global_step`` (a
    numpy scalar for a scalar step). No validation: it is the reference the hand-written
    core is tested against, not a user-facing function.

    noisy_linear_cosine_decay takes ``eps=`` (an array of noise values) or ``seed=`` (an
    int), drawing :math:`\varepsilon_t = \sqrt{\operatorname{Var}\varepsilon_t}\,z_t` with
    :math:`z_t` = :func:`lrdecay_lit.noise.standard_normal_at` ``(seed, t)``, the same draws
    as the core.

    cosine_decay_restarts uses the geometric branch unless ``t_mul == 1`` (TF's ``cond``);
    its period index is the package's one restart rule
    (:func:`lrdecay_lit._restarts.restart_index`: a restart within :data:`RESTART_RTOL` of a
    whole step is at that step).

    Example:
        >>> f = numeric("exponential_decay", staircase=True)
        >>> f([0, 10, 25], learning_rate=0.6, decay_steps=10, decay_rate=0.6).round(4).tolist()
        [0.6, 0.36, 0.216]
    """
    _check_name(name)
    if name == "piecewise_constant":

        def piecewise(x: object, boundaries: Sequence[float], values: Sequence[float]):
            steps, scalar = _as_steps(x)
            b = [float(v) for v in boundaries]
            v = [float(v) for v in values]
            if len(v) != len(b) + 1:
                raise ValueError("`values` must have len(boundaries) + 1 entries")
            return _finish(_piecewise(len(b))(steps, *b, *v), steps, scalar)

        return piecewise

    if name == "noisy_linear_cosine_decay":

        def noisy(global_step: object, *, eps: object = None, seed: object = None, **params):
            steps, scalar = _as_steps(global_step)
            args = parameter_values(name, params)
            value, var = _noisy()
            if eps is None:
                key = fresh_seed() if seed is None else seed
                eps = np.sqrt(var(steps, *args)) * standard_normal_at(key, steps)  # type: ignore[arg-type]
            return _finish(value(steps, np.asarray(eps, dtype=np.float64), *args), steps, scalar)

        return noisy

    if name == "cosine_decay_restarts":

        def restarts(global_step: object, **params: object):
            steps, scalar = _as_steps(global_step)
            return _finish(_restarts_call(steps, parameter_values(name, params)), steps, scalar)

        return restarts

    fn = _generic(name, bool(staircase), bool(cycle))
    expression(name, staircase=staircase, cycle=cycle)  # validates the options

    def generated(global_step: object, **params: object):
        steps, scalar = _as_steps(global_step)
        return _finish(fn(steps, *parameter_values(name, params)), steps, scalar)

    generated.__name__ = name
    return generated


def numeric_expr(expr: sp.Expr, name: str | None = None) -> Callable[..., np.ndarray]:
    """Any expression in ``t`` and hyper-parameters (a derivative, a bound...) as numpy.

    Returns ``f(global_step, **params)``; parameters are passed by symbol name, and when
    ``name`` is given TF's defaults of that schedule fill the omitted ones.

    Example:
        >>> from lrdecay_lit.symbolic import derivative
        >>> f = numeric_expr(derivative("inverse_time_decay"))
        >>> float(f(0, learning_rate=0.1, decay_steps=10, decay_rate=0.2))
        -0.002
    """
    names = sorted(s.name for s in expr.free_symbols if s is not t)
    args = [t, *(next(s for s in expr.free_symbols if s.name == n) for n in names)]
    fn = _lambdify(args, expr)
    dflt = defaults(name) if name is not None else {}

    def evaluate(global_step: object, **params: object):
        steps, scalar = _as_steps(global_step)
        values = fill_values(names, params, dflt, "missing parameter `{}`")
        with np.errstate(invalid="ignore", divide="ignore"):  # unused Piecewise branches
            return _finish(fn(steps, *values), steps, scalar)

    return evaluate
