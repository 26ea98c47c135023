"""piecewise_constant: a rate per interval between boundaries.

Its parameters are two lists, so its sympy expression has one symbol per entry
(``b_0, b_1, ...`` and ``v_0, v_1, ...``): :meth:`Definition.expression` takes
``symbols["boundaries"]`` and ``symbols["values"]`` as sequences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lrdecay_lit._validation import (
    check_rates,
    check_sorted_boundaries,
    check_steps,
    check_values_length,
)
from lrdecay_lit.schedules._common import Steps, result
from lrdecay_lit.schedules._definition import Definition, param

__all__ = ["piecewise_constant", "DEFINITION"]

_PARAMS = (
    param(
        "boundaries",
        "floats",
        None,
        [10, 20, 30, 40, 50],
        description="steps where the rate changes (strictly increasing)",
        symbol="b",
    ),
    param(
        "values",
        "floats",
        None,
        [0.06, 0.05, 0.04, 0.03, 0.02, 0.01],
        description="len(boundaries) + 1 rates",
        symbol="v",
    ),
)


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
    return result(v[np.searchsorted(b, t, side="left")], x)


def _build(t: Any, symbols: Mapping[str, Any]) -> Any:
    import sympy as sp

    b, v = list(symbols["boundaries"]), list(symbols["values"])
    pieces = [(v[i], t <= b[i]) for i in range(len(b))]
    return sp.Piecewise(*pieces, (v[-1], True))


DEFINITION = Definition("piecewise_constant", _PARAMS, piecewise_constant, _build, step_arg="x")
