r"""Symbols, and every schedule's sympy expression in them.

Each schedule's expression is written once, in its definition
(:meth:`lrdecay_lit.schedules.Definition.expression`, in the family modules of
:mod:`lrdecay_lit.schedules`); this module gives it the package's symbols: the step
:math:`t` and one symbol per parameter, named exactly like TensorFlow's argument, with the
assumptions its domains allow. Everything else in :mod:`lrdecay_lit.symbolic` (numpy
functions, derivations, JavaScript) is computed from these expressions.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import sympy as sp

from lrdecay_lit._expressions import exact, parameter_assumptions
from lrdecay_lit.schedules import DEFINITIONS, Definition, definition
from lrdecay_lit.schedules.cosine import sgdr_index, sgdr_position, sgdr_start, sgdr_value

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
    "restart_value",
    "noise_variance",
    "substitutions",
    "generic_branch",
]

SCHEDULE_NAMES: tuple[str, ...] = tuple(DEFINITIONS)
"""The schedules with an expression, in the order of :data:`lrdecay_lit.SCHEDULE_NAMES`."""

t = sp.Symbol("t", nonnegative=True)
r"""The training step (TF's ``global_step``, ``x`` for piecewise_constant): a real
:math:`t \ge 0`. Sums over steps use an integer dummy instead."""

_ASSUMPTIONS: dict[str, dict[str, bool]] = parameter_assumptions()
"""Each parameter symbol's assumptions: the core's table (weakest over the schedules' domains)."""


def _check_name(name: str) -> Definition:
    return definition(name)


@functools.cache
def symbol(name: str) -> sp.Symbol:
    """The sympy symbol of a hyper-parameter, named exactly like TF's argument.

    ``b_0, b_1, ...`` (boundaries) and ``v_0, v_1, ...`` (values) of piecewise_constant are
    real; ``t`` is the step. The assumptions come from the parameters' domains
    (:class:`lrdecay_lit.schedules.Domain`): ``learning_rate``, ``decay_steps``,
    ``first_decay_steps``, ``decay_rate``, ``power``, ``t_mul``, ``m_mul`` positive (0 is
    accepted for ``learning_rate`` and natural_exp/inverse_time's ``decay_rate``, but is no
    decay: the domain's ``degenerate`` value); ``end_learning_rate``, ``alpha``, ``beta``,
    ``num_periods``, ``initial_variance``, ``variance_decay`` nonnegative; ``eps`` (the
    noise of noisy_linear_cosine_decay) real.

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
    d = _check_name(name)
    if not d.symbol_params:  # piecewise_constant: lists, one symbol per entry
        n = int(n_boundaries)
        if n < 1:
            raise ValueError(
                f"Argument `n_boundaries` must be >= 1. Received: n_boundaries={n_boundaries!r}"
            )
        b, v = _list_symbols(n)
        return (*b, *v)
    return tuple(symbol(p.name) for p in d.symbol_params)


def _list_symbols(n: int) -> tuple[tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]]:
    """piecewise_constant's ``b_0 .. b_{n-1}`` and ``v_0 .. v_n``."""
    return tuple(symbol(f"b_{i}") for i in range(n)), tuple(symbol(f"v_{i}") for i in range(n + 1))


def parameter_values(name: str, params: dict[str, object]) -> list[float]:
    """The values of schedule ``name``'s symbolic parameters, in order, as floats.

    From ``params`` (by TF name), else TF's default; the one check of a parameter mapping
    for the generated numeric routes (no validation of the values themselves).

    Raises:
        TypeError: an unknown parameter, or a required one missing.
    """
    names = [p.name for p in _check_name(name).symbol_params]
    unknown = set(params) - set(names)
    if unknown:
        raise TypeError(f"{name}() got unexpected parameter(s) {sorted(unknown)}")
    return fill_values(names, params, defaults(name), f"{name}() missing required parameter `{{}}`")


def fill_values(
    names: Sequence[str], params: dict[str, object], dflt: dict[str, object], missing: str
) -> list[float]:
    """The values of ``names`` in order: from ``params``, else ``dflt``, else TypeError."""
    out = []
    for n in names:
        if n in params:
            out.append(float(params[n]))  # type: ignore[arg-type]
        elif n in dflt:
            out.append(float(dflt[n]))  # type: ignore[arg-type]
        else:
            raise TypeError(missing.format(n))
    return out


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
    return {k: exact(v) for k, v in _check_name(name).defaults.items()}


# --- cosine_decay_restarts: restart index and position, TF's arithmetic ------------------


def restart_index(*, geometric: bool = True) -> sp.Expr:
    r"""Index :math:`i(t)` of the SGDR period containing step :math:`t` (TF's formula).

    .. math::

        i(t) = \left\lfloor \frac{\ln\left(1 - f (1 - m)\right)}{\ln m} \right\rfloor
        \ (m \ne 1), \qquad i(t) = \lfloor f \rfloor\ (m = 1), \qquad f = t / T_0

    with :math:`m` = ``t_mul`` and :math:`T_0` = ``first_decay_steps``.
    """
    return sgdr_index(t, symbol("first_decay_steps"), symbol("t_mul"), geometric=geometric)


def restart_start(k: sp.Expr | int, *, geometric: bool = True) -> sp.Expr:
    r"""Step :math:`S_k` at which SGDR period :math:`k` starts (the :math:`k`-th restart).

    .. math::

        S_k = T_0 \frac{1 - m^k}{1 - m}\ (m \ne 1), \qquad S_k = k T_0\ (m = 1)
    """
    return sgdr_start(k, symbol("first_decay_steps"), symbol("t_mul"), geometric=geometric)


def restart_position(i: sp.Expr | None = None, *, geometric: bool = True) -> sp.Expr:
    r"""Fraction :math:`x \in [0, 1)` of the current SGDR period already done at step t.

    .. math::

        x = \frac{f - \frac{1 - m^i}{1 - m}}{m^i}\ (m \ne 1), \qquad x = f - i\ (m = 1)

    ``i`` defaults to :func:`restart_index`; pass a symbol to keep the index abstract.
    """
    if i is None:
        i = restart_index(geometric=geometric)
    t0, m = symbol("first_decay_steps"), symbol("t_mul")
    return sgdr_position(t, i, t0, m, geometric=geometric)


def restart_value(k: sp.Expr, *, geometric: bool = True) -> sp.Expr:
    r"""SGDR's rate at step :math:`t` in period ``k``: the expression with :math:`i(t) = k`.

    Every route that finds the period by the package's restart rule
    (:mod:`lrdecay_lit._restarts`) instead of TF's logarithm evaluates this.

    Example:
        >>> k = sp.Symbol("k")
        >>> restart_value(k, geometric=False)
        learning_rate*(alpha + m_mul**k*(1 - alpha)*(cos(pi*(-k + t/first_decay_steps)) + 1)/2)
    """
    x = restart_position(k, geometric=geometric)
    return sgdr_value(k, x, symbol("learning_rate"), symbol("m_mul"), symbol("alpha"))


def noise_variance() -> sp.Expr:
    r"""Variance of :math:`\varepsilon_t` in noisy_linear_cosine_decay.

    .. math:: \operatorname{Var}\varepsilon_t = \frac{\sigma_0^2}{(1 + \min(t, T))^{d}}
    """
    d = definition("noisy_linear_cosine_decay")
    assert d.variance is not None
    return d.variance(t, _symbols(d))


# --- the expressions ----------------------------------------------------------------------


def _symbols(d: Definition, n_boundaries: int = 0, **numbers: object) -> dict[str, object]:
    """The ``symbols`` argument of ``d.expression``: each parameter's symbol (or a number)."""
    out: dict[str, object] = {p.name: symbol(p.name) for p in d.symbol_params}
    if d.noise:
        out["eps"] = symbol("eps")
    if not d.symbol_params:
        out["boundaries"], out["values"] = _list_symbols(n_boundaries)
    out.update(numbers)
    return out


def _build(name: str, staircase: bool, cycle: bool, n_boundaries: int) -> sp.Expr:
    d = definition(name)
    options = {k: True for k, on in (("staircase", staircase), ("cycle", cycle)) if on}
    return d.expression(t, _symbols(d, n_boundaries), **options)


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
    d = _check_name(name)
    for option, on in (("staircase", staircase), ("cycle", cycle)):
        if on and option not in d.options:
            raise ValueError(f"`{option}` does not apply to {name}. Received: {option}=True")
    nb = 0
    if not d.symbol_params:
        nb = _piecewise_size(n_boundaries, boundaries, values)
    elif n_boundaries is not None or boundaries is not None or values is not None:
        raise ValueError("`n_boundaries`, `boundaries`, `values` apply to piecewise_constant only")
    if "t_mul" in subs and "t_mul" in d.names and exact(subs["t_mul"]) == 1:
        # SGDR's arithmetic branch (TF's cond): chosen when the expression is built, since
        # the geometric one is 0/0 at t_mul = 1
        subs = dict(subs)
        del subs["t_mul"]
        expr = d.expression(t, _symbols(d, t_mul=sp.Integer(1)))
    else:
        expr = _cached(name, bool(staircase), bool(cycle), nb)
    repl: dict[sp.Symbol, sp.Expr] = {}
    if boundaries is not None:
        repl.update({symbol(f"b_{i}"): exact(b) for i, b in enumerate(boundaries)})
    if values is not None:
        repl.update({symbol(f"v_{i}"): exact(v) for i, v in enumerate(values)})
    allowed = {p.name for p in d.symbol_params} | ({"eps"} if d.noise else set())
    for key, value in subs.items():
        if key not in allowed:
            raise ValueError(
                f"Argument `{key}` is not a parameter of {name} "
                f"(parameters: {', '.join(sorted(allowed)) or 'boundaries, values'})"
            )
        repl[symbol(key)] = exact(value)
    return expr.subs(repl) if repl else expr
