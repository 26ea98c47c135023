r"""Any schedule as a function of array-library tensors, printed from its sympy expression.

The framework adapters (:mod:`lrdecay_lit.adapters`) need the learning rate as a function
that runs *inside* the framework: under ``jax.jit`` (optax, Keras on JAX) or on the
tensors of Keras' backend. Rather than a third hand-written copy of every schedule, the
function is generated here from the same sympy expression as everything else
(:func:`~lrdecay_lit.symbolic.build_expression` for composites), with ``sympy.lambdify``:
``modules="jax"`` for JAX, ``"numpy"`` for numpy, or any namespace of array functions
(Keras' ``keras.ops``) with a printer that writes a ``Piecewise`` as nested ``where``.

One change to the expressions: SGDR's restart index :math:`i(t) = \lfloor \ln(1 - f(1 - m))
/ \ln m \rfloor` rounds the wrong way at some restart steps in float32 (TF has this bug,
see the SGDR chapter). The generated code corrects it the way the core does: with
:math:`S_k` the restart steps (:func:`~lrdecay_lit.symbolic.restart_start`),

.. math::

    i = i_0 + [\,t \ge S_{i_0 + 1} - \epsilon(1 + S_{i_0 + 1})\,]
            - [\,t < S_{i_0} - \epsilon(1 + S_{i_0})\,]

where :math:`\epsilon` is the ``rtol`` argument of the generated function (a few float
epsilons of the dtype used).

noisy_linear_cosine_decay has no array version: its noise needs a random source, and a
step -> lr function under ``jit`` has none.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from lrdecay_lit.symbolic._composite import SHIFT_FUNCTIONS, _leaf_value, build_expression
from lrdecay_lit.symbolic._core import (
    exact,
    expression,
    restart_index,
    restart_start,
    symbol,
    t,
)

__all__ = ["RTOL", "array_expression", "array_function", "ARRAY_FUNCTION_NAMES"]

RTOL = sp.Symbol("rtol", positive=True)
"""The relative tolerance argument of the generated functions (SGDR restart placement)."""

ARRAY_FUNCTION_NAMES: tuple[str, ...] = (
    "where",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "equal",
    "not_equal",
    "logical_and",
    "logical_or",
    "logical_not",
    "floor",
    "ceil",
    "exp",
    "log",
    "cos",
    "sin",
    "sqrt",
    "maximum",
    "minimum",
    "power",
)
"""The array functions a namespace passed to :func:`array_function` must provide."""


def _sgdr(node: Any) -> sp.Expr:
    """cosine_decay_restarts with its values and the corrected restart index (see above)."""
    p = node.params
    geometric = float(p["t_mul"]) != 1.0
    k = sp.Dummy("k")
    full = expression("cosine_decay_restarts", **({} if geometric else {"t_mul": 1}))
    idx = restart_index(geometric=geometric)
    value_at = full.subs(idx, k)
    names = ("learning_rate", "first_decay_steps", "m_mul", "alpha") + (
        ("t_mul",) if geometric else ()
    )
    values = {symbol(n): exact(p[n]) for n in names}
    i0 = idx.subs(values)
    lo = restart_start(i0, geometric=geometric).subs(values)
    hi = restart_start(i0 + 1, geometric=geometric).subs(values)
    up = sp.Piecewise((1, t >= hi - RTOL * (1 + hi)), (0, True))  # S_k >= 0
    down = sp.Piecewise((1, t < lo - RTOL * (1 + lo)), (0, True))
    return value_at.subs(values).subs(k, i0 + up - down)


def _leaf(node: Any, path: tuple[str, ...]) -> sp.Expr:
    if node.name == "noisy_linear_cosine_decay":
        raise ValueError(
            "noisy_linear_cosine_decay draws random noise at every step: it has no "
            "step -> learning rate function for an array library (use the numpy core, "
            "which takes a seed, or linear_cosine_decay for its mean)"
        )
    if node.name == "cosine_decay_restarts":
        return _sgdr(node)
    return _leaf_value(node)


def array_expression(schedule: object) -> sp.Expr:
    """The expression :func:`array_function` prints: values substituted, SGDR corrected.

    Its free symbols are :data:`~lrdecay_lit.symbolic.t` and :data:`RTOL` (only with SGDR).
    """
    return build_expression(schedule, _leaf, exact_shifts=True)


class _WherePrinter(NumPyPrinter):
    """NumPy's printer, but a ``Piecewise`` becomes nested ``where`` (no ``select``)."""

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        *pieces, (last, cond) = expr.args
        out = self._print(last) if cond == sp.true else "nan"
        for value, condition in reversed(pieces):
            out = f"where({self._print(condition)}, {self._print(value)}, {out})"
        return out


def _namespace(ops: Mapping[str, Any]) -> dict[str, Any]:
    missing = [n for n in ARRAY_FUNCTION_NAMES if n not in ops]
    if missing:
        raise ValueError(f"The array namespace lacks {missing}")
    return {
        **{n: ops[n] for n in ARRAY_FUNCTION_NAMES},
        "pi": math.pi,
        "nan": math.nan,
        "inf": math.inf,
        "reduce": functools.reduce,
        **SHIFT_FUNCTIONS,
    }


def array_function(
    schedule: object, module: str | Mapping[str, Any] = "jax"
) -> Callable[[Any, Any], Any]:
    """``f(t, rtol)``: the schedule's learning rate at step(s) ``t`` in an array library.

    Args:
        schedule: a :class:`~lrdecay_lit.registry.Schedule` or composite (not noisy).
        module: ``"jax"`` or ``"numpy"`` (sympy's printers for them), or a mapping from the
            names in :data:`ARRAY_FUNCTION_NAMES` to an array library's functions (e.g.
            ``keras.ops``): then a ``Piecewise`` is printed as nested ``where``.

    Returns:
        ``f(t, rtol)``; ``t`` must already be a floating-point array of the library (the
        adapters cast the step), ``rtol`` the restart tolerance (a few epsilons of its
        dtype). Every branch of a ``Piecewise`` is evaluated: an unused branch may hold
        ``nan`` (a later piece at a negative relative step), which ``where`` discards.

    Example:
        >>> import numpy as np
        >>> from lrdecay_lit.composites import warmup
        >>> f = array_function(warmup(0.5, 10), "numpy")
        >>> f(np.array([0.0, 5.0, 20.0]), 1e-12).tolist()
        [0.0, 0.25, 0.5]
    """
    expr = array_expression(schedule)
    if isinstance(module, str):
        return sp.lambdify((t, RTOL), expr, modules=[SHIFT_FUNCTIONS, module])
    namespace = _namespace(module)
    printer = _WherePrinter(
        {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
    )
    fn = sp.lambdify((t, RTOL), expr, modules=[namespace], printer=printer)
    # lambdify imports any name the printer used and the namespace lacks from numpy, which
    # would silently leave the array library: refuse instead
    used = {k for keys in printer.module_imports.values() for k in keys}
    leaked = sorted(used - set(namespace))
    if leaked:  # pragma: no cover - every function the expressions use is listed
        raise ValueError(f"The generated code needs {leaked}, missing from the namespace")
    return fn
