r"""Derivations: what follows from each schedule's expression, as sympy objects.

Every function returns a sympy expression or a :class:`Derivation` (named results plus a
note); ``tests/test_symbolic.py`` checks each result against the numeric core
(:mod:`lrdecay_lit.schedules`).

Notation used in the docstrings: :math:`\eta_0` = ``learning_rate``, :math:`T` =
``decay_steps``, :math:`r` = ``decay_rate``, :math:`f = t/T`, :math:`u = \min(t, T)/T`.
"""

from __future__ import annotations

import sympy as sp

from lrdecay_lit.symbolic._core import (
    _check_name,
    exact,
    expression,
    noise_variance,
    restart_index,
    restart_position,
    restart_start,
    symbol,
    t,
)
from lrdecay_lit.symbolic._result import Derivation

__all__ = [
    "T",
    "N",
    "k",
    "derivative",
    "relative_decay_rate",
    "convexity",
    "limit_at_infinity",
    "floor_value",
    "step_to_reach",
    "half_life",
    "budget_integral",
    "budget_sum",
    "natural_exp_is_exponential",
    "exponential_vs_inverse_time",
    "staircase_gap",
    "polynomial_cycle",
    "sgdr_restarts",
    "linear_cosine_vs_cosine",
    "noisy_moments",
    "telescopes",
]

T = sp.Symbol("T", positive=True)
"""The end of the integration range :math:`[0, T]` for :func:`budget_integral`."""
N = sp.Symbol("N", integer=True, positive=True)
"""The number of steps :math:`0, \\dots, N - 1` summed by :func:`budget_sum`."""
k = sp.Symbol("k", integer=True, nonnegative=True)
"""An index: of a staircase block, a polynomial cycle or an SGDR restart."""
_n = sp.Symbol("n", integer=True, nonnegative=True)  # an integer step (sum dummy)

_EXP_FAMILY = ("exponential_decay", "natural_exp_decay", "inverse_time_decay")
_CLIPPED = ("polynomial_decay", "cosine_decay", "linear_cosine_decay", "noisy_linear_cosine_decay")


def _ds() -> sp.Symbol:
    return symbol("decay_steps")


def _apply(expr: sp.Expr, subs: dict[str, object]) -> sp.Expr:
    """Substitute hyper-parameter values (by TF name) into a derived result."""
    if not subs:
        return expr
    return expr.subs({symbol(key): exact(v) for key, v in subs.items()})


def _split(options: dict[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """Separate expression options (booleans, lists) from hyper-parameter values."""
    opts = {
        key: options.pop(key)
        for key in ("staircase", "cycle", "n_boundaries", "boundaries", "values")
        if key in options
    }
    if "t_mul" in options and exact(options["t_mul"]) == 1:
        # SGDR's arithmetic branch must be chosen when the expression is built: the
        # geometric one is 0/0 at t_mul = 1 (the value stays in the substitutions too)
        opts["t_mul"] = 1
    return opts, options


def _freeze_steps(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace every floor/ceiling by a constant dummy (they are constant almost everywhere)."""
    back: dict[sp.Symbol, sp.Expr] = {}
    for node in sorted(expr.atoms(sp.floor, sp.ceiling), key=sp.count_ops, reverse=True):
        d = sp.Dummy("c", integer=True)
        back[d] = node
        expr = expr.xreplace({node: d})
    return expr, back


def _clip(expr: sp.Expr) -> sp.Symbol | None:
    """The ``T`` of the clip ``Min(t, T)`` in ``expr``, or ``None``."""
    for m in expr.atoms(sp.Min):
        if t in m.args and len(m.args) == 2:
            return next(a for a in m.args if a is not t)
    return None


def _active(expr: sp.Expr) -> sp.Expr:
    """``expr`` on the decaying range :math:`t \\le T`: the clip ``Min(t, T)`` becomes ``t``."""
    ds = _clip(expr)
    return expr if ds is None else expr.subs(sp.Min(t, ds), t)


def _settled(expr: sp.Expr) -> sp.Expr:
    """``expr`` for :math:`t \\ge T`: the clip ``Min(t, T)`` becomes ``T``."""
    ds = _clip(expr)
    return expr if ds is None else expr.subs(sp.Min(t, ds), ds)


def _tidy(e: sp.Expr, back: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """``simplify``, except ``factor_terms`` for SGDR (a floor of a log: simplify is slow)."""
    if any(v.has(sp.log) for v in back.values()):
        return sp.factor_terms(e)
    return sp.simplify(e)


def _diff_ae(expr: sp.Expr, order: int = 1) -> sp.Expr:
    """Derivative almost everywhere: floor/ceiling frozen, the clip split into two pieces."""
    ds = _clip(expr)
    frozen, back = _freeze_steps(_active(expr))
    d = _tidy(sp.diff(frozen, t, order), back).xreplace(back)  # simplify while frozen: fast
    if ds is None:
        return d
    return sp.Piecewise((d, t < ds), (sp.diff(_settled(expr), t, order), True))


# --- rate of decay -------------------------------------------------------------------------


def derivative(name: str, order: int = 1, **options: object) -> sp.Expr:
    r"""The ``order``-th derivative of the schedule with respect to the step, :math:`\eta^{(n)}(t)`.

    Staircase floors, the polynomial cycle's ceiling and SGDR's restart index are constant
    between their jumps, so the result is the derivative *almost everywhere* (the jumps are
    not written as delta functions). The clip :math:`\min(t, T)` becomes a ``Piecewise``
    that is zero for :math:`t \ge T`.

    Example:
        >>> derivative("exponential_decay")
        decay_rate**(t/decay_steps)*learning_rate*log(decay_rate)/decay_steps
    """
    opts, subs = _split(dict(options))
    return _apply(_diff_ae(expression(name, **opts), order), subs)


def relative_decay_rate(name: str, **options: object) -> sp.Expr:
    r"""The relative decay rate :math:`-\eta'(t)/\eta(t)` (per step; constant = exponential).

    Example:
        >>> relative_decay_rate("natural_exp_decay")
        decay_rate/decay_steps
        >>> relative_decay_rate("inverse_time_decay")
        decay_rate/(decay_rate*t + decay_steps)
    """
    opts, subs = _split(dict(options))
    expr = expression(name, **opts)
    ds = _clip(expr)
    frozen, back = _freeze_steps(_active(expr))
    rel = _tidy(-sp.diff(frozen, t) / frozen, back).xreplace(back)
    if ds is not None:
        rel = sp.Piecewise((rel, t < ds), (0, True))
    return _apply(rel, subs)


# --- convexity -----------------------------------------------------------------------------

_DECAYING_SIGNS = {
    # factor -> its sign in the decaying case the core enforces (alpha <= 1, end < lr)
    "alpha - 1": -1,
    "end_learning_rate - learning_rate": -1,
    "-end_learning_rate + learning_rate": 1,
}


def _positive_on_unit(factor: sp.Expr, u: sp.Symbol) -> bool:
    """True when ``factor`` is provably >= 0 for u in (0, 1) (tries u > 0 and u < 1)."""
    if factor.is_nonnegative:
        return True
    w = sp.Symbol("w", positive=True)
    return bool(factor.subs(u, w).is_nonnegative or factor.subs(u, 1 - w).is_nonnegative)


def convexity(name: str, **options: object) -> Derivation:
    r"""Second derivative on the decaying part and where the schedule is convex / concave.

    Works in :math:`u = t/T` on :math:`[0, 1]` for clipped schedules (the curve is flat
    after :math:`T`) and on :math:`[0, \infty)` for the exponential family; for
    cosine_decay_restarts in the position :math:`x \in [0, 1)` inside each period. Factors
    proven positive are dropped; ``sign`` is what is left, and has the sign of
    :math:`\eta''`. ``alpha - 1`` and ``end_learning_rate - learning_rate`` are taken as
    negative (the decaying case the core enforces).

    Returns:
        :class:`Derivation` with ``second_derivative`` (in t), ``sign`` (in u or x),
        ``convex_on`` and ``concave_on`` (sets of u or x; a ``ConditionSet`` when sympy
        cannot solve the inequality, e.g. linear_cosine_decay, whose inflection points are
        transcendental: find them numerically with ``sympy.nsolve``).

    Example:
        >>> convexity("cosine_decay").concave_on
        Interval.Ropen(0, 1/2)
    """
    opts, subs = _split(dict(options))
    if opts.get("staircase"):
        raise ValueError("a staircase schedule is piecewise constant: no convexity to study")
    if name in ("piecewise_constant", "fixed", "noisy_linear_cosine_decay"):
        raise ValueError(f"convexity is not defined for {name} (constant or random pieces)")
    u = sp.Symbol("u", nonnegative=True)
    cycling = bool(opts.pop("cycle", False))
    expr = expression(name, **opts)
    if name == "cosine_decay_restarts":
        i = sp.Symbol("i", integer=True, nonnegative=True)
        x = sp.Symbol("x", nonnegative=True)
        t0, tm = symbol("first_decay_steps"), symbol("t_mul")
        lr, a, mm = symbol("learning_rate"), symbol("alpha"), symbol("m_mul")
        in_period = lr * ((1 - a) * mm**i * (1 + sp.cos(sp.pi * x)) / 2 + a)
        # t = S_i + x * T0 m^i inside period i, so d2/dt2 = d2/dx2 / (T0 m^i)^2
        d2 = sp.simplify(sp.diff(in_period, x, 2) / (t0 * tm**i) ** 2)
        var, interval, scale = x, sp.Interval(0, 1, right_open=True), None
        d2_t = d2
    else:
        ds = _ds()
        frozen, back = _freeze_steps(_active(expr))
        d2_t = sp.simplify(sp.diff(frozen, t, 2))
        var, scale = u, ds
        d2 = sp.simplify(d2_t.subs(t, ds * u))
        d2_t = d2_t.xreplace(back)
        interval = sp.Interval(0, sp.oo) if name in _EXP_FAMILY else sp.Interval(0, 1)
    sign = sp.Integer(1)
    for factor in sp.Mul.make_args(sp.factor_terms(d2)):
        known = _DECAYING_SIGNS.get(str(factor))
        if known is not None:
            sign *= known
        elif not _positive_on_unit(factor, var):
            sign *= factor
    sign = _apply(sign, subs)
    coeff, dep = sign.as_independent(var, as_Add=False)

    def where(positive: bool) -> sp.Set:
        if not dep.has(var):
            cond = (sign > 0) if positive else (sign < 0)
            cond = sp.simplify(cond)
            if cond is sp.true:
                return interval
            if cond is sp.false:
                return sp.S.EmptySet
            return sp.ConditionSet(var, cond, interval)
        rel = (dep > 0) if (coeff.is_positive == positive) else (dep < 0)
        if coeff.is_positive is None and coeff.is_negative is None:
            rel = (sign > 0) if positive else (sign < 0)
        return sp.solveset(rel, var, interval)

    results = {
        "second_derivative": _apply(d2_t, subs),
        "variable": sp.Eq(var, t / scale) if scale is not None else sp.Eq(var, restart_position()),
        "sign": sign,
        "convex_on": where(True),
        "concave_on": where(False),
    }
    solved = not any(
        isinstance(s, sp.ConditionSet) for s in (results["convex_on"], results["concave_on"])
    )
    note = "alpha < 1 and end_learning_rate < learning_rate assumed (a decaying schedule)."
    if cycling:
        note += (
            " With cycle=True each cycle c is the same curve with T replaced by c*T"
            " (see polynomial_cycle), so the sign of the second derivative is the same."
        )
    if not solved:
        note += " sympy could not solve the sign inequality; locate roots with sympy.nsolve."
    return Derivation(f"convexity of {name}", results, closed_form=solved, note=note)


# --- limits and floors ---------------------------------------------------------------------


def limit_at_infinity(name: str, **options: object) -> sp.Expr:
    r"""The limit of :math:`\eta(t)` as :math:`t \to \infty`.

    Clipped schedules (polynomial without cycle, cosine, linear_cosine) are constant after
    :math:`T`, so their limit is the value at :math:`T`. For the exponential decay the answer
    depends on :math:`r`: sympy is given :math:`r = e^{-\rho}` (:math:`\rho > 0`, i.e.
    :math:`r < 1`), and :math:`r = 1` separately. The polynomial cycle and SGDR oscillate: the
    limit exists when their peaks (from :func:`polynomial_cycle`, :func:`sgdr_restarts`)
    converge to their troughs; for SGDR with ``m_mul = 1`` the result is sympy's
    ``AccumBounds`` (the set of limit points). For noisy_linear_cosine_decay the result
    still contains ``eps``: the rate does not converge, its distribution does.

    Example:
        >>> limit_at_infinity("cosine_decay")
        alpha*learning_rate
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    expr = expression(name, **opts)
    lr = symbol("learning_rate")
    if name == "exponential_decay":
        rho = sp.Symbol("rho", positive=True)
        r = symbol("decay_rate")
        below_one = sp.limit(expr.subs(r, sp.exp(-rho)), t, sp.oo)
        at_one = sp.limit(expr.subs(r, 1), t, sp.oo)
        out = sp.Piecewise((below_one, r < 1), (at_one, True))
    elif name == "polynomial_decay" and opts.get("cycle"):
        # troughs are end_learning_rate and the peaks tend to it: squeeze
        out = polynomial_cycle().results["peak_limit"]
    elif name == "cosine_decay_restarts":
        info = sgdr_restarts()
        peak, trough = info.results["peak"], lr * symbol("alpha")
        mm = symbol("m_mul")
        below = sp.limit(peak.subs(mm, sp.exp(-sp.Symbol("mu", positive=True))), k, sp.oo)
        out = sp.Piecewise((below, mm < 1), (sp.AccumBounds(trough, peak.subs(mm, 1)), True))
    elif name == "piecewise_constant":
        out = expr.args[-1][0]
    elif name in _CLIPPED:
        out = sp.simplify(_settled(expr))
    else:
        out = sp.limit(expr, t, sp.oo)
    return _apply(out, subs)


def floor_value(name: str, **options: object) -> Derivation:
    r"""The lowest learning rate the schedule gets to, :math:`\inf_{t \ge 0} \eta(t)`.

    Returns:
        :class:`Derivation` with ``value`` (the infimum) and ``reached`` (the steps where
        it is attained, or ``EmptySet`` when it is only approached).

    The derivation is the schedule's monotonicity (:func:`derivative` has one sign on the
    decaying part) plus its settled value. The floors are: 0 for the exponential family
    (never reached), ``end_learning_rate`` for polynomial_decay (from :math:`T` on; with
    cycle, at every multiple of :math:`T`), :math:`\alpha\eta_0` for cosine_decay (from
    :math:`T` on) and for SGDR (approached at the end of every period, reached only in the
    limit), and for linear_cosine_decay :math:`\beta\eta_0` if and only if :math:`\alpha = 0`
    or :math:`n \ge 1/2`, reached at the zeros :math:`t = T(2j+1)/(2n) \le T` of the cosine
    factor :math:`c` and on :math:`[T, \infty)` when :math:`\alpha c_T = 0`
    (:math:`c_T = (1 + \cos 2\pi n)/2`); otherwise (:math:`\alpha > 0`, :math:`n < 1/2`) it
    is larger, :math:`\eta_0(\beta + \alpha c_T)`, held from :math:`T` on (see
    :func:`_linear_cosine_floor`). noisy_linear_cosine_decay has no floor:
    Gaussian noise is unbounded below (``-oo`` when ``initial_variance > 0``).
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    lr = symbol("learning_rate")
    ds = symbol("decay_steps")
    closed, note = True, ""
    if name in _EXP_FAMILY:
        if opts.get("staircase"):
            value, reached = sp.Integer(0), sp.S.EmptySet
        else:
            value, reached = limit_at_infinity(name, **opts), sp.S.EmptySet
        if name == "exponential_decay":
            value = sp.Integer(0)
            note = "decay_rate < 1 (with decay_rate = 1 the rate is constant)."
    elif name == "polynomial_decay":
        value = symbol("end_learning_rate")
        if opts.get("cycle"):
            reached = sp.ImageSet(sp.Lambda(k, k * ds), sp.Naturals)
        else:
            reached = sp.Interval(ds, sp.oo)
        note = "end_learning_rate <= learning_rate (otherwise the schedule ramps up)."
    elif name == "cosine_decay":
        value, reached = sp.simplify(_settled(expression(name))), sp.Interval(ds, sp.oo)
    elif name == "cosine_decay_restarts":
        value, reached = lr * symbol("alpha"), sp.S.EmptySet
        note = "approached at the end of every period (position x -> 1), never reached."
    elif name == "linear_cosine_decay":
        value, reached = _linear_cosine_floor(subs)
        note = (
            "eta = lr*((alpha + 1 - u)*c(u) + beta), u = min(t, T)/T, "
            "c(u) = (1 + cos(2 pi n u))/2 >= 0, so eta >= beta*lr, with equality where "
            "(alpha + 1 - u)*c(u) = 0: at the zeros t = T(2j+1)/(2n) <= T of c (there are "
            "some iff n >= 1/2) and on [T, oo) iff alpha*c(1) = 0. If alpha > 0 and n < 1/2 "
            "both factors are positive and decreasing on [0, 1], so the minimum is the value "
            "from T on, lr*(beta + alpha*c(1)) > beta*lr."
        )
    elif name == "noisy_linear_cosine_decay":
        value, reached = -sp.oo, sp.S.EmptySet
        note = "Gaussian noise: unbounded below when initial_variance > 0."
    elif name == "piecewise_constant":
        pieces = expression(name, **opts).args
        value = sp.Min(*[v for v, _ in pieces])
        reached = None
    else:  # fixed
        value, reached = lr, sp.Interval(0, sp.oo)
    results = {"value": _apply(value, subs)}
    if name == "linear_cosine_decay":
        results["reached"] = reached  # substituted by _linear_cosine_floor
    elif reached is not None:
        results["reached"] = _apply(reached, subs) if isinstance(reached, sp.Basic) else reached
    return Derivation(f"floor of {name}", results, closed_form=closed, note=note)


def _linear_cosine_floor(subs: dict[str, object]) -> tuple[sp.Expr, sp.Set]:
    r"""Minimum and arg-min set of linear_cosine_decay, with the values in ``subs`` put in.

    :math:`\eta = \eta_0((\alpha + 1 - u)c(u) + \beta)`, :math:`u = \min(t, T)/T`,
    :math:`c(u) = (1 + \cos 2\pi n u)/2`. Both factors are :math:`\ge 0`, so
    :math:`\eta \ge \beta\eta_0`, with equality exactly where the product vanishes: at the
    zeros :math:`t = T(2j+1)/(2n) \le T` of :math:`c` (some exist iff :math:`n \ge 1/2`) and on
    :math:`[T, \infty)` iff :math:`\alpha c_T = 0`. When :math:`\alpha > 0` and :math:`n < 1/2`,
    :math:`c` and :math:`\alpha + 1 - u` are positive and decreasing on :math:`[0, 1]`, so the
    minimum is the settled value :math:`\eta_0(\beta + \alpha c_T)`, on :math:`[T, \infty)`.

    With ``decay_steps``, ``num_periods`` and ``alpha`` all given, the set is explicit (a
    finite set of zeros and/or an interval); otherwise it is written with an image set.
    """
    lr, ds, n_p = symbol("learning_rate"), symbol("decay_steps"), symbol("num_periods")
    a, b = symbol("alpha"), symbol("beta")
    half = sp.Rational(1, 2)
    c_T = (1 + sp.cos(2 * sp.pi * n_p)) / 2  # the cosine factor from T on
    value = sp.Piecewise(
        (lr * b, sp.Or(sp.Eq(a, 0), n_p >= half)),
        (lr * (b + a * c_T), True),
    )
    given = {
        key: exact(subs[key]) for key in ("decay_steps", "num_periods", "alpha") if key in subs
    }
    if len(given) == 3:
        T_, n_, a_ = given["decay_steps"], given["num_periods"], given["alpha"]
        zeros = sp.FiniteSet(
            *[T_ * (2 * j + 1) / (2 * n_) for j in range(int(sp.floor(n_ + half)))]
        )
        settled_zero = sp.simplify(a_ * c_T.subs(n_p, n_)) == 0
        tail = sp.Interval(T_, sp.oo) if (settled_zero or n_ < half) else sp.S.EmptySet
        return value, sp.Union(zeros, tail)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    zeros = sp.Intersection(
        sp.ImageSet(sp.Lambda(j, ds * (2 * j + 1) / (2 * n_p)), sp.Naturals0),
        sp.Interval(0, ds),
        evaluate=False,
    )
    tail = sp.Piecewise(
        (sp.Interval(ds, sp.oo), sp.Or(sp.Eq(a * c_T, 0), n_p < half)), (sp.S.EmptySet, True)
    )
    return value, sp.Union(zeros, tail, evaluate=False)


# --- reaching a target, half-lives ---------------------------------------------------------

_MONOTONE = (
    "exponential_decay",
    "natural_exp_decay",
    "inverse_time_decay",
    "polynomial_decay",
    "cosine_decay",
)


def _solve_first(eq_lhs: sp.Expr, target: sp.Expr, var: sp.Symbol) -> sp.Expr:
    sols = sp.solve(sp.Eq(eq_lhs, target), var)
    if not sols:
        raise NotImplementedError(f"sympy found no solution of {eq_lhs} = {target}")
    if len(sols) > 1:  # cosine: acos and 2*pi - acos; keep the one in the decaying range
        sols = [s for s in sols if not s.has(sp.pi) or not (s - var).has(-sp.pi)]
        sols.sort(key=sp.count_ops)
    return sp.simplify(sols[0])


def step_to_reach(name: str, target: object = None, **options: object) -> Derivation:
    r"""The step at which the learning rate first falls to ``target``.

    Solves :math:`\eta(t^*) = \eta^*` on the decaying part (sympy ``solve``); for a
    staircase schedule solves for the exponent :math:`p = \lfloor t/T \rfloor` and rounds
    it up, :math:`t^* = T \lceil p^* \rceil`. The first whole step with
    :math:`\eta \le \eta^*` is :math:`\lceil t^* \rceil`.

    Args:
        name: one of the monotone schedules: exponential_decay, natural_exp_decay,
            inverse_time_decay, polynomial_decay (no cycle), cosine_decay.
        target: :math:`\eta^*` (a number or sympy expression; default the symbol
            ``target``), between the floor and ``learning_rate``.

    Returns:
        :class:`Derivation` with ``crossing`` (:math:`t^*`, real) and ``first_step``
        (:math:`\lceil t^* \rceil`).

    Raises:
        NotImplementedError: linear_cosine (transcendental equation
            :math:`(\alpha + 1 - u)(1 + \cos 2\pi n u) = c`, no closed form: use
            ``sympy.nsolve`` on :func:`expression`), SGDR, the cycling polynomial, noise.

    Example:
        >>> step_to_reach("inverse_time_decay", target=0.05, learning_rate=0.1).crossing
        decay_steps/decay_rate
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    if name not in _MONOTONE or opts.get("cycle"):
        raise NotImplementedError(
            f"no closed-form first-crossing step for {name} {opts or ''}: the schedule is not "
            "monotone or the equation is transcendental; solve numerically (sympy.nsolve)"
        )
    y = sp.Symbol("target", positive=True) if target is None else exact(target)
    expr = _active(expression(name, **opts))
    ds = _ds()
    u = sp.Symbol("u", nonnegative=True)  # t / T, or floor(t / T) for a staircase
    if opts.get("staircase"):
        u_star = _solve_first(expr.subs(sp.floor(t / ds), u), y, u)
        crossing = ds * sp.ceiling(u_star)
    else:
        crossing = ds * _solve_first(expr.subs(t, ds * u), y, u)
    crossing = _apply(crossing, subs)
    return Derivation(
        f"first step of {name} at target",
        {"crossing": crossing, "first_step": sp.ceiling(crossing)},
        note="target between the floor and learning_rate (otherwise never / at step 0).",
    )


def half_life(name: str, *, staircase: bool = False, t0: object = 0, **subs: object) -> sp.Expr:
    r"""Steps :math:`h` after :math:`t_0` for the rate to halve, :math:`\eta(t_0+h) = \eta(t_0)/2`.

    Closed forms: exponential :math:`h = T \ln 2 / \ln(1/r)` and natural_exp
    :math:`h = T \ln 2 / k`, both independent of :math:`t_0` (a true half-life);
    inverse_time :math:`h = T/k + t_0`, which grows with :math:`t_0` (each halving takes
    longer). With ``staircase=True`` (only from :math:`t_0 = 0`): the first step at which
    the rate is at most half, :math:`T \lceil \ln 2 / \ln(1/r) \rceil`, etc.

    Example:
        >>> half_life("natural_exp_decay")
        decay_steps*log(2)/decay_rate
    """
    if name not in _EXP_FAMILY:
        raise ValueError(f"half_life is for {', '.join(_EXP_FAMILY)}. Received: name={name!r}")
    lr = symbol("learning_rate")
    if staircase:
        if exact(t0) != 0:
            raise ValueError("staircase half-life is defined from t0 = 0 only")
        return step_to_reach(name, lr / 2, staircase=True, **subs).results["crossing"]
    h = sp.Symbol("h", positive=True)
    start = t if t0 is None else exact(t0)
    expr = expression(name)
    sol = sp.solve(sp.Eq(expr.subs(t, start + h), expr.subs(t, start) / 2), h)
    if len(sol) != 1:
        raise NotImplementedError(f"sympy returned {sol}")
    return _apply(sp.simplify(sol[0]), subs)


# --- the learning-rate budget --------------------------------------------------------------


def _sum(term: sp.Expr, j: sp.Symbol, lo: object, hi: object) -> sp.Expr:
    """sum_{j=lo}^{hi} term, with closed forms sympy misses (1/(a + b j): digamma)."""
    out = sp.summation(term, (j, lo, hi))
    if not out.has(sp.Sum):
        return out
    # a / (b + c j)  ->  (a/c) (psi(b/c + hi + 1) - psi(b/c + lo))
    num, den = sp.fraction(sp.together(term))
    if not num.has(j) and sp.Poly(den, j).degree() == 1:
        c, b = sp.Poly(den, j).all_coeffs()
        shift = b / c
        psi = sp.polygamma(0, shift + hi + 1) - sp.polygamma(0, shift + lo)
        return sp.simplify(num / c) * psi
    return out


def _staircase_budget(expr: sp.Expr, upper: sp.Expr) -> sp.Expr:
    r"""D sum_{j<q} g(j) + (X - q D) g(q) with q = floor(X / D): the stairs, integrated."""
    ds = _ds()
    j = sp.Symbol("j", integer=True, nonnegative=True)
    g = expr.subs(sp.floor(t / ds), j)
    q = sp.floor(upper / ds)
    return ds * _sum(g, j, 0, q - 1) + (upper - q * ds) * g.subs(j, q)


def _split_clip(expr: sp.Expr, before: sp.Expr, upper: sp.Expr, cut: sp.Expr) -> sp.Expr:
    """Budget of a clipped schedule: ``before`` up to the clip, then the settled value."""
    settled = sp.simplify(_settled(expr))
    return sp.Piecewise(
        (before, upper <= cut),
        (before.subs(upper, cut) + settled * (upper - cut), True),
    )


def budget_integral(name: str, upper: sp.Expr | None = None, **options: object) -> Derivation:
    r"""The learning-rate budget :math:`\int_0^{T} \eta(t)\,dt` in closed form.

    ``upper`` is the end of the range (default the symbol :data:`T`). Staircase and
    cycling schedules are integrated period by period (:math:`q = \lfloor T/T_d \rfloor`
    whole periods plus a partial one), SGDR with its restart index :math:`i(T)` and
    position :math:`x(T)`; inverse_time's staircase sum is a digamma difference, the
    cycling polynomial's a generalised harmonic number :math:`H_K^{(q)}`. For
    noisy_linear_cosine_decay the result is the *expected* budget.

    Example:
        >>> budget_integral("inverse_time_decay").value
        decay_steps*learning_rate*log(T*decay_rate/decay_steps + 1)/decay_rate
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    # integrate up to the symbol T and put a numeric end in last: substituting a number for
    # the clip point (_split_clip) must not also replace that number inside the formula
    X = T
    expr = expression(name, **opts)
    note = ""
    ds = symbol("decay_steps")
    tv = sp.Symbol("tau", nonnegative=True)
    if name == "noisy_linear_cosine_decay":
        expr = expr.subs(symbol("eps"), 0)
        note = "expected budget (the noise has mean 0)."
    if opts.get("staircase"):
        value = _staircase_budget(expr, X)
    elif name == "polynomial_decay" and opts.get("cycle"):
        lr, end, q = symbol("learning_rate"), symbol("end_learning_rate"), symbol("power")
        c = sp.Symbol("c", integer=True, positive=True)  # cycle c covers ((c-1)T, cT]
        in_cycle = (lr - end) * (1 - tv / (c * ds)) ** q + end
        whole = sp.simplify(sp.integrate(in_cycle, (tv, (c - 1) * ds, c * ds)))
        K = sp.floor(X / ds)
        # whole == A c^{-q} + B; sum_{c=1}^{K} c^{-q} is the generalised harmonic number
        b_coef = sp.limit(whole, c, sp.oo)
        a_coef = sp.simplify((whole - b_coef) * c**q)
        if a_coef.has(c):  # pragma: no cover - the integral above has this shape
            raise AssertionError(f"unexpected per-cycle integral {whole}")
        full = a_coef * sp.harmonic(K, q) + b_coef * K
        partial = sp.integrate(in_cycle.subs(c, K + 1), (tv, K * ds, X))
        value = full + sp.simplify(partial)
        note = "K = floor(T / decay_steps) whole cycles (generalised harmonic number) + a partial."
    elif name == "cosine_decay_restarts":
        value = _sgdr_integral(X, geometric=exact(subs.get("t_mul", 2)) != 1)
        note = (
            "whole periods (geometric sums) up to the restart index i(T), plus the partial "
            "period up to the position x(T). Pass t_mul=1 for TF's other branch."
        )
    elif name == "piecewise_constant":
        pieces = expression(name, **opts).args
        # each condition says t <= b; sympy may print it as b >= t: the larger side is b
        bs = [c.gts for _, c in pieces[:-1]]
        vs = [v for v, _ in pieces]
        value = vs[0] * sp.Min(X, bs[0])
        for i in range(1, len(bs)):
            value += vs[i] * (sp.Min(X, bs[i]) - sp.Min(X, bs[i - 1]))
        value += vs[-1] * sp.Max(0, X - bs[-1])
        note = "assumes 0 <= b_0 < b_1 < ... (the core checks the order)."
    else:
        active = _active(expr)
        if active.has(ds):  # integrate in w = t / T: tidier closed forms
            w = sp.Symbol("w", nonnegative=True)
            before = ds * sp.integrate(active.subs(t, ds * w), (w, 0, X / ds))
            before = sp.factor_terms(sp.piecewise_fold(before))
        else:
            before = sp.integrate(active.subs(t, tv), (tv, 0, X))
        if _clip(expr) is not None:
            value = _split_clip(expr, before, X, ds)
        else:
            value = before
    value = _apply(value, subs) if value is not None else value
    if upper is not None:
        value = value.subs(T, exact(upper))
    closed = not value.has(sp.Integral, sp.Sum)
    return Derivation(f"integral budget of {name}", {"value": value}, closed_form=closed, note=note)


def _dirichlet_cos(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} \cos(cn) = \sin(cM/2)\cos(c(M-1)/2)/\sin(c/2)`."""
    return sp.sin(c * M / 2) * sp.cos(c * (M - 1) / 2) / sp.sin(c / 2)


def _dirichlet_sin(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} \sin(cn) = \sin(cM/2)\sin(c(M-1)/2)/\sin(c/2)`."""
    return sp.sin(c * M / 2) * sp.sin(c * (M - 1) / 2) / sp.sin(c / 2)


def _n_cos_sum(c: sp.Expr, M: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{n=0}^{M-1} n\cos(cn) = \frac{d}{dc}\sum_{n=0}^{M-1} \sin(cn)`."""
    cc = sp.Dummy("c", positive=True)
    return sp.diff(_dirichlet_sin(cc, M), cc).subs(cc, c)


def telescopes(closed: sp.Expr, term: sp.Expr, M: sp.Symbol) -> bool:
    r"""Prove :math:`F(M) = \sum_{n=0}^{M-1} a_n` by :math:`F(M+1) - F(M) = a_M`, :math:`F(0) = 0`.

    ``term`` is :math:`a_M` (written in ``M``). Used by the tests on the closed forms of
    :func:`budget_sum` that sympy's ``summation`` does not find by itself.
    """
    difference = closed.subs(M, M + 1) - closed - term
    step = sp.simplify(sp.expand_trig(difference))
    if step != 0:  # cosine sums
        step = sp.simplify(difference.rewrite(sp.exp))
    if step != 0:  # digamma/harmonic closed forms: psi(x + 1) = psi(x) + 1/x
        step = sp.simplify(sp.expand_func(difference))
    return step == 0 and sp.simplify(closed.subs(M, 0)) == 0


def budget_sum(name: str, steps: sp.Expr | None = None, **options: object) -> Derivation:
    r"""The learning-rate budget over whole steps, :math:`\sum_{n=0}^{N-1} \eta(n)`.

    ``steps`` is :math:`N` (default the symbol :data:`N`): steps :math:`0 \dots N-1`.
    Closed forms: geometric series (exponential, natural_exp); a digamma difference
    :math:`\frac{T}{k}\left(\psi(T/k + N) - \psi(T/k)\right)` (inverse_time); Hurwitz zeta
    differences :math:`\sum_{j=a}^{b} j^q = \zeta(-q, a) - \zeta(-q, b+1)` (polynomial with
    any power; plain polynomials for a whole ``power``) and generalised harmonic numbers for
    the cycle; Dirichlet-kernel sums of cosines (cosine, linear_cosine, valid when
    :math:`\sin(c/2) \ne 0`). Staircase and cycling sums assume a whole ``decay_steps``.

    SGDR has no closed form over whole steps (its restarts :math:`S_k` are not whole steps
    in general, so the sum does not split into whole periods): the result is the
    unevaluated ``Sum`` and ``closed_form`` is false; :func:`budget_integral` is closed.

    Example:
        >>> budget_sum("fixed").value
        N*learning_rate
    """
    opts, subs = _split(dict(options))
    _check_name(name)
    M_ = N if steps is None else exact(steps)
    expr = expression(name, **opts)
    note = ""
    ds = symbol("decay_steps")
    lr = symbol("learning_rate")
    if name == "noisy_linear_cosine_decay":
        expr = expr.subs(symbol("eps"), 0)
        note = "expected budget (the noise has mean 0). "
    if opts.get("staircase"):
        value = _staircase_budget(expr, M_)
        note += "whole decay_steps assumed (each stair is decay_steps steps long)."
    elif name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay", "fixed"):
        value = _sum(expr.subs(t, _n), _n, 0, M_ - 1)
        if isinstance(value, sp.Piecewise):  # geometric series: drop the ratio == 1 branch
            value = value.args[-1][0]
            note = "decay_rate != 1 (the ratio-1 branch is the constant schedule)."
    elif name == "polynomial_decay":
        end, q = symbol("end_learning_rate"), symbol("power")
        qv = exact(subs["power"]) if "power" in subs else q
        if opts.get("cycle"):
            # step 0, then cycle k = 0, 1, ... covers steps kT+1 .. (k+1)T with horizon (k+1)T
            K = sp.floor((M_ - 1) / ds)
            R = M_ - 1 - K * ds
            zeta = sp.zeta
            whole = zeta(-qv, 1) - zeta(-qv, ds)  # sum_{m=1}^{T-1} m^q
            part = zeta(-qv, ds - R) - zeta(-qv, ds)  # sum_{m=T-R}^{T-1} m^q
            value = (
                lr
                + end * (M_ - 1)
                + (lr - end) * ds ** (-qv) * (whole * sp.harmonic(K, qv) + (K + 1) ** (-qv) * part)
            )
            note = (
                "whole decay_steps assumed: step 0, K = floor((N-1)/T) whole cycles, "
                "R = N-1-K T steps of the next; Hurwitz zeta + generalised harmonic numbers."
            )
        else:
            Mc = sp.Min(M_, sp.ceiling(ds))  # steps n < T decay, the others are at the end
            if qv.is_Integer:
                head = _sum(_active(expr).subs({t: _n, q: qv}), _n, 0, Mc - 1)
                value = sp.simplify(head + end * (M_ - Mc))
            else:
                hz = sp.zeta(-qv, ds - Mc + 1) - sp.zeta(-qv, ds + 1)
                value = (lr - end) * ds ** (-qv) * hz + end * M_
                note = "Hurwitz zeta: sum_{j=a}^{b} j^q = zeta(-q, a) - zeta(-q, b + 1)."
    elif name in ("cosine_decay", "linear_cosine_decay", "noisy_linear_cosine_decay"):
        a = symbol("alpha")
        Mc = sp.Min(M_, sp.ceiling(ds))
        settled = sp.simplify(_settled(expr))
        if name == "cosine_decay":
            c = sp.pi / ds
            head = lr * ((1 - a) * (Mc + _dirichlet_cos(c, Mc)) / 2 + a * Mc)
        else:
            beta, n_p = symbol("beta"), symbol("num_periods")
            c = 2 * sp.pi * n_p / ds
            # (a + 1 - n/T) (1 + cos cn) / 2 + beta, summed term by term
            s0, s1 = Mc, Mc * (Mc - 1) / 2
            sc, snc = _dirichlet_cos(c, Mc), _n_cos_sum(c, Mc)
            head = lr * (((a + 1) * (s0 + sc) - (s1 + snc) / ds) / 2 + beta * Mc)
            note += "valid when num_periods / decay_steps is not a whole number (sin(c/2) != 0)."
        value = head + settled * (M_ - Mc)
    elif name == "piecewise_constant":
        pieces = expression(name, **opts).args
        cs = [sp.floor(c.gts) + 1 for _, c in pieces[:-1]]  # steps 0..floor(b) are <= b
        vs = [v for v, _ in pieces]
        value = vs[0] * sp.Min(M_, cs[0])
        for i in range(1, len(cs)):
            value += vs[i] * (sp.Min(M_, cs[i]) - sp.Min(M_, cs[i - 1]))
        value += vs[-1] * sp.Max(0, M_ - cs[-1])
        note = "assumes 0 <= b_0 < b_1 < ... (the core checks the order)."
    else:  # cosine_decay_restarts, or polynomial with something unexpected
        value = sp.Sum(expr.subs(t, _n), (_n, 0, M_ - 1))
        note = (
            "no closed form over whole steps: restarts S_k are not whole steps in "
            "general, so the sum does not split into whole periods. Evaluate the Sum "
            "numerically (or use budget_integral, which is closed)."
        )
    value = _apply(value, subs)
    closed = not value.has(sp.Sum, sp.Integral)
    return Derivation(f"sum budget of {name}", {"value": value}, closed_form=closed, note=note)


# --- relations between schedules -------------------------------------------------------------


def natural_exp_is_exponential(staircase: bool = False) -> Derivation:
    r"""Prove natural_exp_decay(:math:`\eta_0, k`) = exponential_decay(:math:`\eta_0, e^{-k}`).

    Returns ``lhs``, ``rhs`` and ``difference`` = ``simplify(lhs - rhs)``, which is 0:
    :math:`(e^{-k})^{p} = e^{-kp}` for real :math:`p` (smooth :math:`p = t/T`, staircase
    :math:`p = \lfloor t/T \rfloor`).

    Example:
        >>> natural_exp_is_exponential(staircase=True).difference
        0
    """
    lhs = expression("natural_exp_decay", staircase=staircase)
    r = symbol("decay_rate")
    rhs = expression("exponential_decay", staircase=staircase).subs(r, sp.exp(-r), evaluate=False)
    rhs_unevaluated = sp.UnevaluatedExpr(sp.exp(-r)) ** (
        sp.floor(t / _ds()) if staircase else t / _ds()
    ) * symbol("learning_rate")
    difference = sp.simplify(lhs - rhs)
    return Derivation(
        "natural_exp_decay = exponential_decay with decay_rate e^-k",
        {"lhs": lhs, "rhs": rhs_unevaluated, "difference": difference},
        note="sympy rewrites (e^-k)^p as e^(-k p) since p is real, so the difference is 0.",
    )


def exponential_vs_inverse_time(order: int = 3) -> Derivation:
    r"""Taylor series at :math:`t = 0` of exponential/natural_exp and inverse_time decay.

    .. math::

        \eta_0 e^{-kt/T} = \eta_0\left(1 - \frac{kt}{T} + \frac{k^2t^2}{2T^2} - \dots\right),
        \qquad
        \frac{\eta_0}{1 + kt/T} = \eta_0\left(1 - \frac{kt}{T} + \frac{k^2t^2}{T^2} - \dots\right)

    They agree to first order when inverse_time's ``decay_rate`` :math:`k` equals
    natural_exp's, i.e. exponential's ``decay_rate`` is :math:`e^{-k}`
    (``matching_decay_rate``); ``second_order_gap`` is inverse minus natural at
    :math:`t^2`: inverse_time decays *slower* after the first steps.
    """
    r = symbol("decay_rate")
    rho = sp.Symbol("rho", positive=True)  # exponential's decay_rate
    ex = expression("exponential_decay").subs(r, rho)
    nat = expression("natural_exp_decay")
    inv = expression("inverse_time_decay")
    s_ex = sp.series(ex, t, 0, order).removeO()
    s_nat = sp.series(nat, t, 0, order).removeO()
    s_inv = sp.series(inv, t, 0, order).removeO()
    match = sp.solve(sp.Eq(s_ex.coeff(t, 1), s_inv.coeff(t, 1)), rho)
    gap = sp.simplify(sp.series(inv - nat, t, 0, 3).removeO())
    return Derivation(
        "exponential vs inverse_time near t = 0",
        {
            "exponential_series": s_ex,
            "natural_exp_series": s_nat,
            "inverse_time_series": s_inv,
            "matching_decay_rate": sp.Eq(rho, match[0]),
            "second_order_gap": gap,
        },
        note="rho is exponential_decay's decay_rate, decay_rate the inverse_time (and "
        "natural_exp) one.",
    )


def staircase_gap(name: str) -> Derivation:
    r"""Staircase minus smooth for the exponential family, and its largest value.

    Write :math:`t = T(j + x)` with block :math:`j = \lfloor t/T \rfloor` and
    :math:`x \in [0, 1)`. The staircase holds :math:`g(j)` for the whole block while the
    smooth curve :math:`g(j + x)` falls, so for a decaying schedule the staircase is
    **never below** the smooth curve: ``gap`` :math:`= g(j) - g(j + x) \ge 0`. Within block
    :math:`j` the gap grows with :math:`x` towards ``sup_in_block`` :math:`= g(j) - g(j+1)`
    (approached just before the next stair, not reached); the largest is in the first
    block, ``sup``. Over whole steps with a whole ``decay_steps`` the largest gap is at
    :math:`x = (T - 1)/T`: ``max_whole_steps``.

    Example:
        >>> staircase_gap("exponential_decay").sup
        learning_rate*(1 - decay_rate)
    """
    if name not in _EXP_FAMILY:
        raise ValueError(f"staircase_gap is for {', '.join(_EXP_FAMILY)}. Received: {name!r}")
    ds = _ds()
    j = sp.Symbol("j", integer=True, nonnegative=True)
    x = sp.Symbol("x", nonnegative=True)
    smooth = expression(name)
    g = sp.Lambda(t, smooth.subs(t, ds * t))  # g(p) = rate at exponent p
    gap = sp.simplify(g(j) - g(j + x))
    sup_block = sp.simplify(gap.subs(x, 1))
    results = {
        "gap": gap,
        "sup_in_block": sup_block,
        "sup": sp.simplify(sup_block.subs(j, 0)),
        "max_whole_steps": sp.simplify(gap.subs({j: 0, x: (ds - 1) / ds})),
        "ratio_sup": sp.simplify(g(j) / g(j + 1)),
    }
    return Derivation(
        f"staircase - smooth for {name}",
        results,
        note="decay_rate < 1 for exponential_decay, decay_rate > 0 otherwise (decaying).",
    )


def polynomial_cycle() -> Derivation:
    r"""polynomial_decay with ``cycle=True``: cycles, restarts and peaks in closed form.

    TF multiplies ``decay_steps`` by :math:`c(t) = \max(1, \lceil t/T \rceil)` (1 at step
    0, where :math:`\lceil 0 \rceil = 0` would divide by zero). So cycle :math:`c` covers
    :math:`((c-1)T, cT]`: **every cycle lasts T steps** (the period does not grow); only
    the *horizon* :math:`cT` grows. At :math:`t = kT` the rate is exactly
    ``end_learning_rate`` (:math:`t/(kT) = 1`); right after, the horizon jumps to
    :math:`(k+1)T`, so the :math:`k`-th restart (k >= 1) peaks at

    .. math::

        \sup_{t \downarrow kT} \eta = \eta_{\text{end}} + (\eta_0 - \eta_{\text{end}})
        \left(\frac{1}{k+1}\right)^{q}

    and at the first whole step after the restart, :math:`kT + 1` (whole :math:`T`),
    :math:`\eta_{\text{end}} + (\eta_0 - \eta_{\text{end}})\left(\frac{T-1}{(k+1)T}\right)^q`.
    Each peak is lower (``peak_ratio`` < 1) and the peaks tend to the end rate.

    Example:
        >>> polynomial_cycle().restart_step
        decay_steps*k
    """
    ds, end = _ds(), symbol("end_learning_rate")
    expr = expression("polynomial_decay", cycle=True)
    cycle_index = sp.Max(1, sp.ceiling(t / ds))
    eps = sp.Symbol("epsilon", positive=True)
    kk = sp.Symbol("k", integer=True, positive=True)
    # just after the restart t = kT + eps (eps < T): ceiling((kT + eps)/T) = k + 1
    right = expr.subs(sp.ceiling(t / ds), kk + 1).subs(sp.Max(1, kk + 1), kk + 1)
    peak = sp.simplify(sp.limit(right.subs(t, kk * ds + eps), eps, 0, "+"))
    at_restart = sp.simplify(
        expr.subs(sp.ceiling(t / ds), kk).subs(sp.Max(1, kk), kk).subs(t, kk * ds)
    )
    first_step = sp.simplify(right.subs(t, kk * ds + 1))
    return Derivation(
        "polynomial_decay with cycle=True",
        {
            "cycle_index": cycle_index,
            "horizon": ds * cycle_index,
            "restart_step": kk * ds,
            "value_at_restart_step": at_restart,
            "peak": peak,
            "value_first_step_after": first_step,
            "peak_ratio": sp.simplify(peak.subs(kk, kk + 1) / peak).subs(end, 0),
            "period": ds,
            "peak_limit": sp.limit(peak, kk, sp.oo),
        },
        note="k >= 1 counts restarts; peak_ratio is shown for end_learning_rate = 0; "
        "value_first_step_after assumes a whole decay_steps.",
    )


def _sgdr_integral(upper: sp.Expr, geometric: bool) -> sp.Expr:
    r"""SGDR's integral: :math:`\sum_{j<i} T_0 m^j \bar\eta_j` + the partial period :math:`i`."""
    x = sp.Symbol("x", nonnegative=True)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    i = sp.Symbol("i", integer=True, nonnegative=True)
    lr, a, mm = symbol("learning_rate"), symbol("alpha"), symbol("m_mul")
    t0, tm = symbol("first_decay_steps"), symbol("t_mul") if geometric else sp.Integer(1)
    in_period = lr * ((1 - a) * mm**j * (1 + sp.cos(sp.pi * x)) / 2 + a)
    length = t0 * tm**j  # dt = length dx inside period j
    per_period = sp.expand(length * sp.integrate(in_period, (x, 0, 1)))
    full = sp.factor_terms(sp.summation(per_period, (j, 0, i - 1)))
    xi = sp.Symbol("xi", nonnegative=True)
    partial = sp.factor_terms((length * sp.integrate(in_period, (x, 0, xi))).subs(j, i))
    index = restart_index(geometric=geometric).subs(t, upper)
    position = restart_position(geometric=geometric).subs(t, upper)
    return (full + partial).subs(xi, position).subs(i, index)


def _sgdr_parts(geometric: bool = True) -> dict[str, sp.Expr]:
    return {
        "index": restart_index(geometric=geometric),
        "position": restart_position(geometric=geometric),
    }


def sgdr_restarts() -> Derivation:
    r"""cosine_decay_restarts (SGDR): restart steps, period lengths and peaks in closed form.

    Period :math:`k` lasts :math:`T_0 m^k` steps and starts at :math:`S_k = \sum_{j<k}
    T_0 m^j = T_0 (1 - m^k)/(1 - m)` (:math:`m \ne 1`), :math:`S_k = k T_0` (:math:`m = 1`,
    also the limit of the former as :math:`m \to 1`). Inverting :math:`S_i \le t <
    S_{i+1}` gives TF's restart index :math:`i(t)`. At a restart the position is 0 and the
    rate peaks at :math:`\eta_0((1 - \alpha)\mu^k + \alpha)` (:math:`\mu` = ``m_mul``):
    the peak *above the floor* is scaled by :math:`\mu^k`. With :math:`m < 1` all periods
    fit before ``horizon`` :math:`= T_0/(1 - m)`.

    Example:
        >>> sgdr_restarts().peak
        learning_rate*(alpha + m_mul**k*(1 - alpha))
    """
    t0, tm = symbol("first_decay_steps"), symbol("t_mul")
    start = restart_start(k)
    start1 = restart_start(k, geometric=False)
    value = expression("cosine_decay_restarts")
    i_sym = sp.Symbol("i", integer=True, nonnegative=True)
    in_period = value.subs(restart_index(), i_sym)
    peak = sp.simplify(in_period.subs(i_sym, k).subs(t, start))
    s = sp.Symbol("s", positive=True)  # t_mul = 1/(1+s) < 1
    horizon = sp.simplify(sp.limit(start.subs(tm, 1 / (1 + s)), k, sp.oo).subs(s, 1 / tm - 1))
    return Derivation(
        "cosine_decay_restarts (SGDR)",
        {
            "index": restart_index(),
            "index_t_mul_1": restart_index(geometric=False),
            "position": restart_position(),
            "position_t_mul_1": restart_position(geometric=False),
            "restart_step": start,
            "restart_step_t_mul_1": start1,
            "limit_t_mul_to_1": sp.limit(start, tm, 1),
            "period_length": t0 * tm**k,
            "peak": sp.factor_terms(peak),
            "horizon_t_mul_below_1": horizon,
        },
        note="k = 0, 1, ... counts periods (restart k starts period k); the index "
        "inverts S_i <= t < S_{i+1} (checked against the numeric core, which corrects "
        "floating-point rounding at exact restart steps).",
    )


def linear_cosine_vs_cosine() -> Derivation:
    r"""linear_cosine_decay with the default ``num_periods = 1/2`` minus cosine_decay.

    With :math:`u = \min(t, T)/T` and both ``alpha`` at their default 0:

    .. math::

        \eta_{\text{lc}} - \eta_{\text{cos}} = \eta_0\left[\beta - u\,\tfrac12(1 + \cos\pi u)\right]

    so the two are **not** equal (the article's claim): linear_cosine has the extra
    factor :math:`1 - u` and the floor :math:`\beta\eta_0`. ``general`` keeps both alphas
    (``alpha`` for linear_cosine, ``alpha_c`` for cosine). The largest gap (most negative)
    is where :math:`1 + \cos\pi u - \pi u \sin\pi u = 0`, a transcendental equation: sympy
    has no closed form, ``u_star`` is found with ``nsolve`` (closed_form is false for it).
    """
    lr, ds, beta = symbol("learning_rate"), _ds(), symbol("beta")
    alpha_c = sp.Symbol("alpha_c", nonnegative=True)
    u = sp.Symbol("u", nonnegative=True)
    lc = expression("linear_cosine_decay", num_periods=sp.Rational(1, 2))
    cos = expression("cosine_decay").subs(symbol("alpha"), alpha_c)
    general = sp.simplify((lc - cos).subs(sp.Min(t, ds), ds * u))
    default = sp.simplify(general.subs({symbol("alpha"): 0, alpha_c: 0}))
    shape = sp.simplify(-(default - lr * beta) / lr)  # u (1 + cos pi u) / 2
    stationary = sp.simplify(sp.diff(shape, u))
    u_star = sp.nsolve(stationary, u, 0.4)
    return Derivation(
        "linear_cosine_decay (num_periods=1/2) - cosine_decay",
        {
            "u": sp.Eq(u, sp.Min(t, ds) / ds),
            "general": general,
            "difference": default,
            "at_end": default.subs(u, 1),
            "stationary_condition": sp.Eq(stationary, 0),
            "u_star": u_star,
            "max_shortfall": sp.N(shape.subs(u, u_star), 15) * lr,
        },
        closed_form=False,
        note="difference is closed; u_star (where the gap is largest) is numerical: "
        "1 + cos(pi u) = pi u sin(pi u) has no closed-form root.",
    )


def noisy_moments() -> Derivation:
    r"""Mean and variance of noisy_linear_cosine_decay at step t (sympy.stats).

    The rate is linear in the noise, :math:`\eta_t = \eta_0[(\alpha + \ell_t +
    \varepsilon_t)c_t + \beta]`, so with :math:`\varepsilon_t \sim \mathcal N(0, v_t)`,
    :math:`v_t = \sigma_0^2/(1 + \min(t, T))^d`:

    .. math::

        \mathbb E\,\eta_t = \text{linear\_cosine\_decay}(t), \qquad
        \operatorname{Var}\eta_t = \eta_0^2 c_t^2 v_t

    Example:
        >>> noisy_moments().mean == expression("linear_cosine_decay")
        True
    """
    from sympy.stats import E, Normal, variance

    v = sp.Symbol("v", positive=True)
    z = Normal("z", 0, sp.sqrt(v))
    expr = expression("noisy_linear_cosine_decay")
    random = expr.subs(symbol("eps"), z)
    mean = sp.simplify(E(random))
    var = sp.factor(sp.simplify(variance(random)))
    var_t = var.subs(v, noise_variance())
    if sp.simplify(mean - expression("linear_cosine_decay")) == 0:
        mean = expression("linear_cosine_decay")
    return Derivation(
        "moments of noisy_linear_cosine_decay",
        {
            "mean": mean,
            "variance": var_t,
            "noise_variance": noise_variance(),
            "std": sp.sqrt(var_t),
        },
        note="the noise is independent from step to step; its variance uses min(t, T).",
    )
