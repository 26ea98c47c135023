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
see the SGDR chapter), and in float32 the restart steps :math:`S_k` themselves cannot be
computed closely enough to tell which whole step comes first after them (``T0 = 10, t_mul =
1.3``: :math:`S_{24} = 18060.0257`, float32 gives 18060.01). So the generated code takes
the index from the package's one restart rule (:mod:`lrdecay_lit._restarts`): the first
whole step of every period up to :data:`TABLE_STOP` is listed in float64 when the code is
generated (:func:`~lrdecay_lit._restarts.restart_steps`) and the step is searched in that
list (``count_le``, a sorted search), exactly in any float type whose steps are whole.
Beyond :data:`TABLE_STOP`, or where the list would be too long (``t_mul`` = 1 or very
close to it), the index is TF's logarithm corrected against :math:`S_k` in the array's own
float type,

.. math::

    i = i_0 + [\,t \ge S_{i_0 + 1} - \epsilon(1 + S_{i_0 + 1})\,]
            - [\,t < S_{i_0} - \epsilon(1 + S_{i_0})\,]

where :math:`\epsilon` is the ``rtol`` argument of the generated function,
:func:`lrdecay_lit._restarts.restart_rtol` of the dtype used (the rule's one tolerance,
widened to the dtype's precision); with ``t_mul = 1`` and a whole ``first_decay_steps``
that is exact too.

noisy_linear_cosine_decay has no array version: its noise is drawn by the numpy core
(:mod:`lrdecay_lit.noise`), which the adapters call from the framework (a host callback).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from lrdecay_lit._restarts import restart_steps
from lrdecay_lit.symbolic._composite import SHIFT_FUNCTIONS, _leaf_value, build_expression
from lrdecay_lit.symbolic._core import (
    exact,
    restart_index,
    restart_start,
    restart_value,
    symbol,
    t,
)

__all__ = [
    "RTOL",
    "TABLE_STOP",
    "array_expression",
    "array_function",
    "ARRAY_FUNCTION_NAMES",
]

RTOL = sp.Symbol("rtol", positive=True)
"""The relative tolerance argument of the generated functions (SGDR restart placement)."""

TABLE_STOP = 2.0**24
"""Steps up to which SGDR's restart steps are listed (float32 holds every whole step there)."""

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


def _sgdr(node: Any, tables: dict[str, np.ndarray]) -> sp.Expr:
    """cosine_decay_restarts with its values and the period index of the restart rule."""
    p = node.params
    geometric = float(p["t_mul"]) != 1.0
    names = ("learning_rate", "first_decay_steps", "m_mul", "alpha") + (
        ("t_mul",) if geometric else ()
    )
    values = {symbol(n): exact(p[n]) for n in names}
    i0 = restart_index(geometric=geometric).subs(values)
    lo = restart_start(i0, geometric=geometric).subs(values)
    hi = restart_start(i0 + 1, geometric=geometric).subs(values)
    # the rule beyond the list: t >= S_k once within RTOL of it (S_k >= 0)
    up = sp.Piecewise((1, t >= hi - RTOL * (1 + hi)), (0, True))
    down = sp.Piecewise((1, t < lo - RTOL * (1 + lo)), (0, True))
    index = i0 + up - down
    t0, tm = float(p["first_decay_steps"]), float(p["t_mul"])
    stop = TABLE_STOP if tm >= 1.0 else min(TABLE_STOP, math.ceil(t0 / (1.0 - tm)) - 1.0)
    table = restart_steps(t0, tm, stop) if stop >= 0 else None
    if table is not None:
        name = f"sgdr_restarts_{len(tables)}"
        tables[name] = table.astype(np.float64)
        index = sp.Piecewise((sp.Function(name)(t), t <= stop), (index, True))
    k = sp.Dummy("k")
    return restart_value(k, geometric=geometric).subs(values).subs(k, index)


def _noisy_host(node: Any) -> Callable[[Any], np.ndarray]:
    """The numpy core's noisy schedule as a function of a float array of (local) steps."""

    def values(x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        # pieces of a composite are evaluated at every step, also before they start (a
        # negative local step, which `where` discards): give those step 0
        steps = np.rint(np.maximum(x, 0.0))
        return np.asarray(node(steps), dtype=np.float64).reshape(x.shape)

    return values


class _Generated:
    """What an expression needs besides array functions: SGDR restart lists, host calls."""

    def __init__(self) -> None:
        self.tables: dict[str, np.ndarray] = {}
        self.hosts: dict[str, Callable[[Any], np.ndarray]] = {}


def _array_expression(schedule: object) -> tuple[sp.Expr, _Generated]:
    extra = _Generated()

    def leaf(node: Any, path: tuple[str, ...]) -> sp.Expr:
        if node.name == "noisy_linear_cosine_decay":
            # the noise is the numpy core's function of (seed, step): called on the host
            name = f"noisy_host_{len(extra.hosts)}"
            extra.hosts[name] = _noisy_host(node)
            return sp.Function(name)(t)
        if node.name == "cosine_decay_restarts":
            return _sgdr(node, extra.tables)
        return _leaf_value(node)

    return build_expression(schedule, leaf, exact_shifts=True), extra


def array_expression(schedule: object) -> sp.Expr:
    """The expression :func:`array_function` prints: values substituted, SGDR corrected.

    Its free symbols are :data:`~lrdecay_lit.symbolic.t` and :data:`RTOL` (only with SGDR);
    an SGDR restart index searched in a list of restart steps appears as an undefined
    function ``sgdr_restarts_<n>(t)``.
    """
    return _array_expression(schedule)[0]


def _functions(extra: _Generated, count_le: Any, host_call: Any) -> dict[str, Any]:
    """``{name: f(t)}`` for the restart lists (``count_le``) and host calls (``host_call``)."""
    out = {}
    for name, table in extra.tables.items():
        if count_le is None:
            raise ValueError("The array namespace lacks `count_le(table, t)` (SGDR's restarts)")
        out[name] = _constants_in_numpy(
            functools.partial(count_le, table), functools.partial(_numpy_count_le, table)
        )
    for name, fn in extra.hosts.items():
        if host_call is None:
            raise ValueError("The array namespace lacks `host_call(fn, t)` (the noisy schedule)")
        out[name] = _constants_in_numpy(functools.partial(host_call, fn), fn)
    return out


def _constants_in_numpy(array_fn: Callable[[Any], Any], numpy_fn: Callable[[Any], Any]):
    """``array_fn`` for arrays; a plain number (a composite's constant, e.g. the value a
    warmup ramps to, ``f(0)``) is evaluated by ``numpy_fn`` and stays a Python float."""

    def f(x: Any) -> Any:
        if isinstance(x, int | float):
            return float(numpy_fn(np.float64(x)))
        return array_fn(x)

    return f


def _numpy_count_le(table: np.ndarray, t: Any) -> Any:
    return np.searchsorted(table, t, side="right").astype(np.result_type(t, 1.0))


def _numpy_host_call(fn: Callable[[Any], np.ndarray], t: Any) -> Any:
    return fn(t).astype(np.result_type(t, 1.0))


def _jax_count_le(table: np.ndarray, t: Any) -> Any:
    import jax.numpy as jnp

    dtype = jnp.result_type(t, float)
    return jnp.searchsorted(jnp.asarray(table, dtype), t, side="right").astype(dtype)


def jax_host_call(fn: Callable[[Any], np.ndarray], t: Any) -> Any:
    """``fn`` (numpy, float64) applied to the JAX array ``t`` by ``jax.pure_callback``."""
    import jax
    import jax.numpy as jnp

    t = jnp.asarray(t)
    out = jax.ShapeDtypeStruct(t.shape, t.dtype)
    return jax.pure_callback(
        lambda x: np.asarray(fn(x), dtype=out.dtype), out, t, vmap_method="sequential"
    )


_MODULE_FUNCTIONS = {
    "numpy": (_numpy_count_le, _numpy_host_call),
    "jax": (_jax_count_le, jax_host_call),
}


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
        schedule: a :class:`~lrdecay_lit.registry.Schedule` or composite.
        module: ``"jax"`` or ``"numpy"`` (sympy's printers for them), or a mapping from the
            names in :data:`ARRAY_FUNCTION_NAMES` to an array library's functions (e.g.
            ``keras.ops``): then a ``Piecewise`` is printed as nested ``where``. With SGDR
            the mapping also needs ``count_le(table, t)``: the number of entries of the
            sorted float64 numpy array ``table`` that are ``<= t``, in ``t``'s dtype; with
            noisy_linear_cosine_decay ``host_call(fn, t)``: the numpy function ``fn`` of
            float64 steps applied to ``t`` (a host callback), in ``t``'s dtype.

    Returns:
        ``f(t, rtol)``; ``t`` must already be a floating-point array of the library (the
        adapters cast the step), ``rtol`` the restart tolerance,
        :func:`lrdecay_lit._restarts.restart_rtol` ``(dtype)``. Every branch of a
        ``Piecewise`` is evaluated: an unused branch may hold
        ``nan`` (a later piece at a negative relative step), which ``where`` discards.

    Example:
        >>> import numpy as np
        >>> from lrdecay_lit.composites import warmup
        >>> f = array_function(warmup(0.5, 10), "numpy")
        >>> f(np.array([0.0, 5.0, 20.0]), 1e-12).tolist()
        [0.0, 0.25, 0.5]
    """
    expr, extra = _array_expression(schedule)
    if isinstance(module, str):
        functions = _functions(extra, *_MODULE_FUNCTIONS.get(module, (None, None)))
        return sp.lambdify((t, RTOL), expr, modules=[functions, SHIFT_FUNCTIONS, module])
    namespace = _namespace(module)
    namespace.update(_functions(extra, module.get("count_le"), module.get("host_call")))
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
