r"""Symbols and the one sympy expression of every schedule.

Every schedule of :mod:`lrdecay_lit.schedules` is written here once, as a sympy expression
in the step :math:`t` and symbols named exactly like TensorFlow's arguments. Everything
else in :mod:`lrdecay_lit.symbolic` (numpy functions, derivations, JavaScript) is computed
from these expressions.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Sequence

import sympy as sp

from lrdecay_lit.specs import SCHEDULE_NAMES as _SPEC_NAMES

__all__ = [
    "SCHEDULE_NAMES",
    "t",
    "symbol",
    "parameters",
    "defaults",
    "expression",
    "exact",
    "restart_index",
    "restart_position",
    "restart_start",
    "noise_variance",
    "substitutions",
    "generic_branch",
]

SCHEDULE_NAMES: tuple[str, ...] = _SPEC_NAMES
"""The schedules with an expression, in the order of :data:`lrdecay_lit.SCHEDULE_NAMES`."""

t = sp.Symbol("t", nonnegative=True)
r"""The training step (TF's ``global_step``, ``x`` for piecewise_constant): a real
:math:`t \ge 0`. Sums over steps use an integer dummy instead."""

_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    "learning_rate": {"positive": True},
    "decay_steps": {"positive": True},
    "first_decay_steps": {"positive": True},
    "decay_rate": {"positive": True},
    "end_learning_rate": {"nonnegative": True},
    "power": {"positive": True},
    "t_mul": {"positive": True},
    "m_mul": {"positive": True},
    "alpha": {"nonnegative": True},
    "num_periods": {"nonnegative": True},
    "beta": {"nonnegative": True},
    "initial_variance": {"nonnegative": True},
    "variance_decay": {"nonnegative": True},
    "eps": {"real": True},
}

_PARAMS: dict[str, tuple[str, ...]] = {
    "exponential_decay": ("learning_rate", "decay_steps", "decay_rate"),
    "natural_exp_decay": ("learning_rate", "decay_steps", "decay_rate"),
    "inverse_time_decay": ("learning_rate", "decay_steps", "decay_rate"),
    "polynomial_decay": ("learning_rate", "decay_steps", "end_learning_rate", "power"),
    "cosine_decay": ("learning_rate", "decay_steps", "alpha"),
    "cosine_decay_restarts": ("learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha"),
    "linear_cosine_decay": ("learning_rate", "decay_steps", "num_periods", "alpha", "beta"),
    "noisy_linear_cosine_decay": (
        "learning_rate",
        "decay_steps",
        "initial_variance",
        "variance_decay",
        "num_periods",
        "alpha",
        "beta",
    ),
    "fixed": ("learning_rate",),
}

_DEFAULTS: dict[str, dict[str, str]] = {
    "polynomial_decay": {"end_learning_rate": "0.0001", "power": "1"},
    "cosine_decay": {"alpha": "0"},
    "cosine_decay_restarts": {"t_mul": "2", "m_mul": "1", "alpha": "0"},
    "linear_cosine_decay": {"num_periods": "0.5", "alpha": "0", "beta": "0.001"},
    "noisy_linear_cosine_decay": {
        "initial_variance": "1",
        "variance_decay": "0.55",
        "num_periods": "0.5",
        "alpha": "0",
        "beta": "0.001",
    },
}

_BOOL_OPTIONS: dict[str, tuple[str, ...]] = {
    "exponential_decay": ("staircase",),
    "natural_exp_decay": ("staircase",),
    "inverse_time_decay": ("staircase",),
    "polynomial_decay": ("cycle",),
}


def _check_name(name: str) -> None:
    if name not in SCHEDULE_NAMES:
        raise ValueError(
            f"Argument `name` must be one of {', '.join(SCHEDULE_NAMES)}. Received: name={name!r}"
        )


@functools.cache
def symbol(name: str) -> sp.Symbol:
    """The sympy symbol of a hyper-parameter, named exactly like TF's argument.

    ``b_0, b_1, ...`` (boundaries) and ``v_0, v_1, ...`` (values) of piecewise_constant are
    real; ``t`` is the step. The assumptions are: ``learning_rate``, ``decay_steps``,
    ``first_decay_steps``, ``decay_rate``, ``power``, ``t_mul``, ``m_mul`` positive;
    ``end_learning_rate``, ``alpha``, ``beta``, ``num_periods``, ``initial_variance``,
    ``variance_decay`` nonnegative; ``eps`` (the noise of noisy_linear_cosine_decay) real.

    Example:
        >>> symbol("decay_rate").is_positive
        True
    """
    if name == "t":
        return t
    if name in _ASSUMPTIONS:
        return sp.Symbol(name, **_ASSUMPTIONS[name])
    head, _, index = name.partition("_")
    if head in ("b", "v") and index.isdigit():
        return sp.Symbol(name, real=True)
    raise ValueError(f"Argument `name` must be a known parameter name. Received: name={name!r}")


def _piecewise_size(
    n_boundaries: int | None,
    boundaries: Sequence[object] | None,
    values: Sequence[object] | None,
) -> int:
    sizes = set()
    if n_boundaries is not None:
        sizes.add(int(n_boundaries))
    if boundaries is not None:
        sizes.add(len(boundaries))
    if values is not None:
        sizes.add(len(values) - 1)
    if not sizes:
        raise ValueError(
            "piecewise_constant needs `n_boundaries` (symbolic b_i, v_i) or `boundaries` "
            "and/or `values`. Received: none of them"
        )
    if len(sizes) > 1 or min(sizes) < 1:
        raise ValueError(
            "Argument `values` must have len(boundaries) + 1 entries and there must be at "
            f"least one boundary. Received: n_boundaries={n_boundaries!r}, "
            f"boundaries={boundaries!r}, values={values!r}"
        )
    return sizes.pop()


def parameters(name: str, *, n_boundaries: int = 0) -> tuple[sp.Symbol, ...]:
    """The hyper-parameter symbols of schedule ``name`` in TF's argument order.

    Booleans (``staircase``, ``cycle``) are not symbols: they select the expression. For
    piecewise_constant pass ``n_boundaries`` to get ``b_0 .. b_{n-1}, v_0 .. v_n``.
    """
    _check_name(name)
    if name == "piecewise_constant":
        n = int(n_boundaries)
        if n < 1:
            raise ValueError(
                f"Argument `n_boundaries` must be >= 1. Received: n_boundaries={n_boundaries!r}"
            )
        return tuple(symbol(f"b_{i}") for i in range(n)) + tuple(
            symbol(f"v_{i}") for i in range(n + 1)
        )
    return tuple(symbol(p) for p in _PARAMS[name])


def exact(value: object) -> sp.Expr:
    """A number as an exact sympy number: ``0.9`` becomes ``9/10`` (its decimal reading)."""
    if isinstance(value, sp.Basic):
        return value  # type: ignore[return-value]
    if isinstance(value, bool):
        raise TypeError(f"Expected a number, got a bool: {value!r}")
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, numbers.Real):
        return sp.Rational(repr(float(value)))
    return sp.sympify(value)


def substitutions(params: object) -> dict[sp.Symbol, sp.Expr]:
    """Hyper-parameters as exact sympy substitutions ``{symbol(name): exact(value)}``.

    ``params`` is a mapping of TF argument names to values, or anything with a ``params``
    mapping (an article example, a ``Schedule``). Options that are not numbers
    (``staircase``, ``cycle``: bools) and ``name`` are left out.

    Example:
        >>> substitutions({"learning_rate": 0.5, "decay_rate": 0.9, "staircase": True})
        {learning_rate: 1/2, decay_rate: 9/10}
    """
    values = getattr(params, "params", params)
    return {
        symbol(k): exact(v)
        for k, v in values.items()  # type: ignore[attr-defined]
        if k != "name" and not isinstance(v, bool)
    }


def generic_branch(expr: sp.Expr, parameter: sp.Symbol) -> sp.Expr:
    """``expr`` with every ``Piecewise`` replaced by its first branch that involves ``parameter``.

    sympy splits a sum or an integral into cases at the parameter values where the closed
    form changes (a geometric sum at ratio 1: ``decay_rate = 1`` is a constant rate, no
    decay). This keeps the generic case, the one the chapter is about.

    Example:
        >>> r, n = symbol("decay_rate"), sp.Symbol("n", positive=True, integer=True)
        >>> total = sp.summation(r**t, (t, 0, n - 1))
        >>> total.args[0][0]
        n
        >>> generic_branch(total, r)
        (1 - decay_rate**n)/(1 - decay_rate)
    """
    return expr.replace(
        lambda e: isinstance(e, sp.Piecewise),
        lambda pw: next((e for e, _ in pw.args if e.has(parameter)), pw),
    )


def defaults(name: str) -> dict[str, sp.Expr]:
    """TF's defaults of schedule ``name`` as exact sympy numbers (``beta=1/1000``, ...).

    Example:
        >>> defaults("linear_cosine_decay")
        {'num_periods': 1/2, 'alpha': 0, 'beta': 1/1000}
    """
    _check_name(name)
    return {k: sp.Rational(v) for k, v in _DEFAULTS.get(name, {}).items()}


# --- cosine_decay_restarts: restart index and position, TF's arithmetic ------------------


def restart_index(*, geometric: bool = True) -> sp.Expr:
    r"""Index :math:`i(t)` of the SGDR period containing step :math:`t` (TF's formula).

    .. math::

        i(t) = \left\lfloor \frac{\ln\left(1 - f (1 - m)\right)}{\ln m} \right\rfloor
        \ (m \ne 1), \qquad i(t) = \lfloor f \rfloor\ (m = 1), \qquad f = t / T_0

    with :math:`m` = ``t_mul`` and :math:`T_0` = ``first_decay_steps``.
    """
    f = t / symbol("first_decay_steps")
    if not geometric:
        return sp.floor(f)
    m = symbol("t_mul")
    return sp.floor(sp.log(1 - f * (1 - m)) / sp.log(m))


def restart_start(k: sp.Expr | int, *, geometric: bool = True) -> sp.Expr:
    r"""Step :math:`S_k` at which SGDR period :math:`k` starts (the :math:`k`-th restart).

    .. math::

        S_k = T_0 \frac{1 - m^k}{1 - m}\ (m \ne 1), \qquad S_k = k T_0\ (m = 1)
    """
    k = sp.sympify(k)
    t0 = symbol("first_decay_steps")
    if not geometric:
        return k * t0
    m = symbol("t_mul")
    return t0 * (1 - m**k) / (1 - m)


def restart_position(i: sp.Expr | None = None, *, geometric: bool = True) -> sp.Expr:
    r"""Fraction :math:`x \in [0, 1)` of the current SGDR period already done at step t.

    .. math::

        x = \frac{f - \frac{1 - m^i}{1 - m}}{m^i}\ (m \ne 1), \qquad x = f - i\ (m = 1)

    ``i`` defaults to :func:`restart_index`; pass a symbol to keep the index abstract.
    """
    if i is None:
        i = restart_index(geometric=geometric)
    f = t / symbol("first_decay_steps")
    if not geometric:
        return f - i
    m = symbol("t_mul")
    return (f - (1 - m**i) / (1 - m)) / m**i


def noise_variance() -> sp.Expr:
    r"""Variance of :math:`\varepsilon_t` in noisy_linear_cosine_decay.

    .. math:: \operatorname{Var}\varepsilon_t = \frac{\sigma_0^2}{(1 + \min(t, T))^{d}}
    """
    ds = symbol("decay_steps")
    return symbol("initial_variance") / (1 + sp.Min(t, ds)) ** symbol("variance_decay")


# --- the expressions ----------------------------------------------------------------------


def _build(name: str, staircase: bool, cycle: bool, n_boundaries: int) -> sp.Expr:
    s = symbol
    lr = s("learning_rate")
    if name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        ds, r = s("decay_steps"), s("decay_rate")
        p = sp.floor(t / ds) if staircase else t / ds
        if name == "exponential_decay":
            return lr * r**p
        if name == "natural_exp_decay":
            return lr * sp.exp(-r * p)
        return lr / (1 + r * p)
    if name == "polynomial_decay":
        ds, end, q = s("decay_steps"), s("end_learning_rate"), s("power")
        if cycle:
            frac = t / (ds * sp.Max(1, sp.ceiling(t / ds)))
        else:
            frac = sp.Min(t, ds) / ds
        return (lr - end) * (1 - frac) ** q + end
    if name == "piecewise_constant":
        b = [s(f"b_{i}") for i in range(n_boundaries)]
        v = [s(f"v_{i}") for i in range(n_boundaries + 1)]
        pieces = [(v[i], t <= b[i]) for i in range(n_boundaries)]
        return sp.Piecewise(*pieces, (v[-1], True))
    if name == "cosine_decay":
        ds, a = s("decay_steps"), s("alpha")
        cd = (1 + sp.cos(sp.pi * sp.Min(t, ds) / ds)) / 2
        return lr * ((1 - a) * cd + a)
    if name == "cosine_decay_restarts":
        m_mul, a = s("m_mul"), s("alpha")
        i = restart_index()
        x = restart_position(i)
        return lr * ((1 - a) * m_mul**i * (1 + sp.cos(sp.pi * x)) / 2 + a)
    if name in ("linear_cosine_decay", "noisy_linear_cosine_decay"):
        ds, n, a, beta = s("decay_steps"), s("num_periods"), s("alpha"), s("beta")
        tc = sp.Min(t, ds)
        linear = (ds - tc) / ds
        if name == "noisy_linear_cosine_decay":
            linear = linear + s("eps")
        cd = (1 + sp.cos(2 * sp.pi * n * tc / ds)) / 2
        return lr * ((a + linear) * cd + beta)
    if name == "fixed":
        return lr
    raise AssertionError(name)  # pragma: no cover


@functools.lru_cache(maxsize=256)
def _cached(name: str, staircase: bool, cycle: bool, n_boundaries: int) -> sp.Expr:
    return _build(name, staircase, cycle, n_boundaries)


def expression(
    name: str,
    *,
    staircase: bool = False,
    cycle: bool = False,
    n_boundaries: int | None = None,
    boundaries: Sequence[object] | None = None,
    values: Sequence[object] | None = None,
    **subs: object,
) -> sp.Expr:
    r"""The sympy expression of schedule ``name`` in the step :data:`t`.

    The expression is TF's arithmetic written exactly: staircase is a ``floor``, the
    polynomial cycle a ``ceiling`` (with ``Max(1, .)`` for TF's special case at step 0),
    clipping a ``Min``, piecewise_constant a ``Piecewise``; cosine_decay_restarts uses the
    closed-form restart index :func:`restart_index` and position :func:`restart_position`.

    With :math:`p = t/T` (:math:`\lfloor t/T \rfloor` with ``staircase``),
    :math:`u = \min(t, T)/T`, :math:`c(t) = \max(1, \lceil t/T \rceil)`:

    .. math::

        \begin{aligned}
        \text{exponential\_decay} &= \eta_0 r^{p} \qquad
        \text{natural\_exp\_decay} = \eta_0 e^{-r p} \qquad
        \text{inverse\_time\_decay} = \frac{\eta_0}{1 + r p} \\
        \text{polynomial\_decay} &= (\eta_0 - \eta_e)(1 - u)^{q} + \eta_e
            \quad\text{or, with cycle,}\quad
            (\eta_0 - \eta_e)\Bigl(1 - \frac{t}{T c(t)}\Bigr)^{q} + \eta_e \\
        \text{piecewise\_constant} &= v_i \ \text{ for } b_{i-1} < t \le b_i \\
        \text{cosine\_decay} &= \eta_0\bigl[(1 - \alpha)\tfrac12(1 + \cos \pi u) + \alpha\bigr] \\
        \text{cosine\_decay\_restarts} &= \eta_0\bigl[(1 - \alpha)\tfrac12 \mu^{i(t)}
            (1 + \cos \pi x(t)) + \alpha\bigr]
            \quad (i, x: \text{restart\_index}, \text{restart\_position}) \\
        \text{linear\_cosine\_decay} &= \eta_0\bigl[(\alpha + 1 - u)\tfrac12(1 + \cos 2\pi n u)
            + \beta\bigr] \\
        \text{noisy\_linear\_cosine\_decay} &= \eta_0\bigl[(\alpha + 1 - u + \varepsilon_t)
            \tfrac12(1 + \cos 2\pi n u) + \beta\bigr] \\
        \text{fixed} &= \eta_0
        \end{aligned}

    Args:
        name: the schedule's function name (``"exponential_decay"``, ...).
        staircase: exponential/natural_exp/inverse_time: floor :math:`t/T`.
        cycle: polynomial_decay: TF's cycling.
        n_boundaries: piecewise_constant with symbolic ``b_i``, ``v_i``.
        boundaries, values: piecewise_constant with concrete lists (either or both).
        **subs: hyper-parameter values to substitute, by TF name (floats are read as exact
            decimals: ``0.9 -> 9/10``). ``t_mul=1`` selects SGDR's arithmetic branch.

    Returns:
        A sympy expression. noisy_linear_cosine_decay contains the noise symbol ``eps``,
        :math:`\varepsilon_t \sim \mathcal N(0, \operatorname{Var}\varepsilon_t)` (see
        :func:`noise_variance`).

    Example:
        >>> expression("exponential_decay", staircase=True)
        decay_rate**floor(t/decay_steps)*learning_rate
        >>> expression("polynomial_decay", cycle=True, end_learning_rate=0, power=1)
        learning_rate*(1 - t/(decay_steps*Max(1, ceiling(t/decay_steps))))
    """
    _check_name(name)
    if staircase and name not in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        raise ValueError(f"`staircase` does not apply to {name}. Received: staircase=True")
    if cycle and name != "polynomial_decay":
        raise ValueError(f"`cycle` does not apply to {name}. Received: cycle=True")
    nb = 0
    if name == "piecewise_constant":
        nb = _piecewise_size(n_boundaries, boundaries, values)
    elif n_boundaries is not None or boundaries is not None or values is not None:
        raise ValueError("`n_boundaries`, `boundaries`, `values` apply to piecewise_constant only")
    if name == "cosine_decay_restarts" and "t_mul" in subs and exact(subs["t_mul"]) == 1:
        subs = dict(subs)
        del subs["t_mul"]
        i = restart_index(geometric=False)
        x = restart_position(i, geometric=False)
        m_mul, a, lr = symbol("m_mul"), symbol("alpha"), symbol("learning_rate")
        expr = lr * ((1 - a) * m_mul**i * (1 + sp.cos(sp.pi * x)) / 2 + a)
    else:
        expr = _cached(name, bool(staircase), bool(cycle), nb)
    repl: dict[sp.Symbol, sp.Expr] = {}
    if boundaries is not None:
        repl.update({symbol(f"b_{i}"): exact(b) for i, b in enumerate(boundaries)})
    if values is not None:
        repl.update({symbol(f"v_{i}"): exact(v) for i, v in enumerate(values)})
    allowed = set(_PARAMS.get(name, ())) | ({"eps"} if name.startswith("noisy") else set())
    for key, value in subs.items():
        if key not in allowed:
            raise ValueError(
                f"Argument `{key}` is not a parameter of {name} "
                f"(parameters: {', '.join(sorted(allowed)) or 'boundaries, values'})"
            )
        repl[symbol(key)] = exact(value)
    return expr.subs(repl) if repl else expr
