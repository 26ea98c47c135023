"""The sympy layer: expressions, the lambdify route bound to the numeric core, derivations.

Every derivation helper is checked against :mod:`lrdecay_lit.schedules` (the hand-written
numeric core), so a wrong closed form or a drift in the core makes a test here fail.
"""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import params as params_of
from strategies import piecewise, term_size

from lrdecay_lit import schedules as core
from lrdecay_lit import symbolic as S
from lrdecay_lit.noise import standard_normal_at
from lrdecay_lit.symbolic import exact, expression, numeric, symbol, t

RTOL = 1e-12
N_SETS = 120  # random parameter sets per schedule and option


def ev(expr: object, **values: object) -> float:
    """A sympy result evaluated at values given by symbol name (TF names, ``target``, ...)."""
    expr = sp.sympify(expr)
    repl = {s: exact(values[s.name]) for s in expr.free_symbols if s.name in values}
    return float(sp.N(expr.subs(repl), 30))


def _sub_all(expr: sp.Expr, values: dict[str, object], **extra: sp.Expr) -> sp.Expr:
    repl = {s: exact(values[s.name]) for s in expr.free_symbols if s.name in values}
    for s in expr.free_symbols:
        if s.name in extra:
            repl[s] = extra[s.name]
    return expr.subs(repl)


# --------------------------------------------------------------------------------------------
# random parameters (tests/strategies.py: from the definitions' domains) and steps

SETS = settings(max_examples=N_SETS, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)


def _steps(rng: np.random.Generator, ds: float) -> np.ndarray:
    base = np.arange(0, int(min(4 * ds, 1500)) + 2)
    mult = np.arange(0, 40) * ds
    extra = rng.integers(0, 10**7, size=20)
    s = np.concatenate([base, np.floor(mult), np.ceil(mult), np.ceil(mult) + 1, extra])
    return np.unique(s).astype(np.float64)


def _core_call(name: str, steps: np.ndarray, params: dict[str, object], **options: object):
    fn = getattr(core, name)
    return fn(global_step=steps, **params, **options)


def _restart_steps_exact(ds: float, t_mul: float, upto: float) -> list[int]:
    """Whole steps that are exactly a restart S_k (decimal reading of the inputs), k >= 1."""
    d, m = Fraction(repr(ds)), Fraction(repr(t_mul))
    out, kk = [], 1
    while kk < 400:
        s_k = d * kk if m == 1 else d * (1 - m**kk) / (1 - m)
        if s_k > upto:
            break
        if s_k.denominator == 1:
            out.append(int(s_k))
        kk += 1
    return out


def _exact_starts(ds: float, t_mul: float, upto: float) -> list[Fraction]:
    """S_0 = 0, S_1, ... <= upto with exact fractions of the decimal inputs."""
    d, m = Fraction(repr(float(ds))), Fraction(repr(float(t_mul)))
    out, kk = [], 0
    while kk < 400:
        s_k = d * kk if m == 1 else d * (1 - m**kk) / (1 - m)
        if s_k > upto:
            break
        out.append(s_k)
        kk += 1
    return out


def _restart_index_exact(ds: float, t_mul: float, steps: np.ndarray) -> tuple[np.ndarray, ...]:
    """Period index max{k : S_k <= t} and S_k, from exact fractions (steps are whole)."""
    starts = _exact_starts(ds, t_mul, float(steps.max()))
    ceils = np.array([-((-s.numerator) // s.denominator) for s in starts], dtype=np.float64)
    idx = np.searchsorted(ceils, steps, side="right") - 1
    return idx.astype(np.float64), np.array([float(s) for s in starts])[idx]


# --------------------------------------------------------------------------------------------
# the expressions


def test_import_lrdecay_lit_does_not_import_sympy():
    code = "import sys, lrdecay_lit; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("name", S.SCHEDULE_NAMES)
def test_symbols_are_the_tf_argument_names(name):
    from lrdecay_lit.specs import SPECS

    spec_names = [p.name for p in SPECS[name] if p.kind in ("float", "int")]
    if name == "piecewise_constant":
        assert [s.name for s in S.parameters(name, n_boundaries=2)] == [
            "b_0",
            "b_1",
            "v_0",
            "v_1",
            "v_2",
        ]
        expr = expression(name, n_boundaries=2)
    else:
        assert [s.name for s in S.parameters(name)] == spec_names
        expr = expression(name)
    allowed = {t, *S.parameters(name, n_boundaries=2)} | {symbol("eps")}
    assert expr.free_symbols <= allowed
    if name == "noisy_linear_cosine_decay":
        assert symbol("eps") in expr.free_symbols


@pytest.mark.parametrize("name", S.SCHEDULE_NAMES)
def test_defaults_are_tf_defaults(name):
    from lrdecay_lit.specs import SPECS

    for p in SPECS[name]:
        if p.kind == "float" and p.default is not None:
            assert S.defaults(name)[p.name] == exact(p.default)


def test_assumptions():
    assert t.is_nonnegative and t.is_real
    assert symbol("decay_steps").is_positive
    assert symbol("alpha").is_nonnegative and not symbol("alpha").is_positive
    assert symbol("eps").is_real and symbol("eps").is_positive is None
    assert symbol("b_3").is_real


def test_expression_options_and_errors():
    assert expression("exponential_decay", staircase=True).has(sp.floor)
    assert not expression("exponential_decay").has(sp.floor)
    assert expression("polynomial_decay", cycle=True).has(sp.ceiling)
    assert expression("cosine_decay").has(sp.Min)
    assert expression("exponential_decay", decay_rate=0.9).has(sp.Rational(9, 10))
    with pytest.raises(ValueError, match="staircase"):
        expression("cosine_decay", staircase=True)
    with pytest.raises(ValueError, match="cycle"):
        expression("exponential_decay", cycle=True)
    with pytest.raises(ValueError, match="not a parameter"):
        expression("exponential_decay", alpha=0.1)
    with pytest.raises(ValueError, match="name"):
        expression("step_decay")
    with pytest.raises(ValueError, match="n_boundaries"):
        expression("piecewise_constant")
    with pytest.raises(ValueError, match="len"):
        expression("piecewise_constant", boundaries=[1, 2], values=[1, 2])


def test_piecewise_expression_from_lists():
    e = expression("piecewise_constant", boundaries=[10, 20], values=[0.06, 0.05, 0.04])
    assert [e.subs(t, x) for x in (9, 10, 11, 20, 21)] == [
        sp.Rational(6, 100),
        sp.Rational(6, 100),
        sp.Rational(5, 100),
        sp.Rational(5, 100),
        sp.Rational(4, 100),
    ]


def test_schedule_expr_uses_this_module():
    from lrdecay_lit.registry import Schedule

    sch = Schedule(
        "exponential_decay", learning_rate=0.6, decay_steps=10, decay_rate=0.6, staircase=True
    )
    assert sch.expr() == expression("exponential_decay", staircase=True)


def test_sgdr_t_mul_1_branch_is_the_limit_of_the_geometric_one():
    geo = S.restart_start(S.k)
    assert sp.limit(geo, symbol("t_mul"), 1) == S.restart_start(S.k, geometric=False)
    e1 = expression("cosine_decay_restarts", t_mul=1)
    assert e1.has(sp.floor(t / symbol("first_decay_steps")))
    assert not e1.has(sp.log)


# --------------------------------------------------------------------------------------------
# the lambdify route == the numeric core, to 1e-12

CASES = [
    ("exponential_decay", {}),
    ("exponential_decay", {"staircase": True}),
    ("natural_exp_decay", {}),
    ("natural_exp_decay", {"staircase": True}),
    ("inverse_time_decay", {}),
    ("inverse_time_decay", {"staircase": True}),
    ("polynomial_decay", {}),
    ("polynomial_decay", {"cycle": True}),
    ("cosine_decay", {}),
    ("linear_cosine_decay", {}),
    ("fixed", {}),
]


@pytest.mark.parametrize(("name", "options"), CASES, ids=lambda v: str(v))
@SETS
@given(data=st.data(), seed=SEEDS)
def test_numeric_route_agrees_with_core(name, options, data, seed):
    rng = np.random.default_rng(seed)
    fn = numeric(name, **options)
    params = data.draw(params_of(name))
    steps = _steps(rng, params.get("decay_steps", 10.0))
    want = _core_call(name, steps, params, **options)
    got = fn(steps, **params)
    atol = RTOL * term_size(params)  # where the terms cancel (1 + cos -> 0)
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=str(params))


@SETS
@given(params=params_of("noisy_linear_cosine_decay"), seed=SEEDS)
def test_numeric_route_agrees_with_core_noisy(params, seed):
    rng = np.random.default_rng(seed)
    fn = numeric("noisy_linear_cosine_decay")
    steps = _steps(rng, params["decay_steps"])
    want = core.noisy_linear_cosine_decay(global_step=steps, **params, seed=seed)
    got = fn(steps, seed=seed, **params)
    tc = np.minimum(steps, params["decay_steps"])
    var = params["initial_variance"] / (1 + tc) ** params["variance_decay"]
    eps = np.sqrt(var) * standard_normal_at(seed, steps)  # a negative draw cancels terms
    atol = RTOL * term_size(params, noise=float(np.abs(eps).max()))
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=str(params))
    # without noise it is linear_cosine_decay, exactly
    quiet = {**params, "initial_variance": 0.0}
    lc = {k: v for k, v in params.items() if k not in ("initial_variance", "variance_decay")}
    np.testing.assert_allclose(
        fn(steps, seed=seed, **quiet),
        core.linear_cosine_decay(global_step=steps, **lc),
        rtol=RTOL,
        atol=0,
    )


@SETS
@given(lists=piecewise())
def test_numeric_route_agrees_with_core_piecewise(lists):
    fn = numeric("piecewise_constant")
    b, v = np.array(lists["boundaries"]), np.array(lists["values"])
    steps = np.unique(np.concatenate([np.arange(0, 520), np.floor(b), np.ceil(b)]))
    np.testing.assert_array_equal(fn(steps, b, v), core.piecewise_constant(steps, b, v))


@SETS
@given(params=params_of("cosine_decay_restarts"), t0=st.floats(0.5, 60))
def test_numeric_route_agrees_with_core_sgdr_off_grid(params, t0):
    """Random real first_decay_steps and t_mul: no restart falls on a whole step."""
    fn = numeric("cosine_decay_restarts")
    params["first_decay_steps"] = t0 + 1e-3
    steps = np.arange(0, 3000.0)
    tm, t0 = params["t_mul"], params["first_decay_steps"]
    if tm < 1:
        steps = steps[steps < t0 / (1 - tm) - 1e-6]
    want = core.cosine_decay_restarts(global_step=steps, **params)
    atol = 1e-11 * term_size(params)  # near the end of a period 1 + cos(pi x) -> 0
    np.testing.assert_allclose(
        fn(steps, **params), want, rtol=1e-11, atol=atol, err_msg=str(params)
    )


SGDR_GRID = [
    (d, m)
    for d in (1, 2, 3, 5, 7, 10, 13, 20, 26, 30, 40)
    for m in (0.5, 0.75, 0.8, 0.9, 1.0, 1.1, 1.2, 1.25, 1.3, 1.5, 2.0, 3.0)
]


def _sgdr_grid_steps(d: float, m: float) -> np.ndarray:
    steps = np.arange(0, 2500.0)
    if m < 1:
        steps = steps[steps < d / (1 - m) - 1e-9]
    return steps


def test_numeric_route_sgdr_matches_exact_arithmetic():
    """The lambdify route puts every whole step in the period exact arithmetic gives."""
    fn = numeric("cosine_decay_restarts")
    for d, m in SGDR_GRID:
        steps = _sgdr_grid_steps(d, m)
        idx, starts = _restart_index_exact(d, m, steps)
        x = (steps - starts) / (d * m**idx)
        want = 0.5 * 0.7**idx * (1 + np.cos(np.pi * x))
        got = fn(steps, learning_rate=1.0, first_decay_steps=d, t_mul=m, m_mul=0.7)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"{d=} {m=}")


def test_numeric_route_agrees_with_core_sgdr_grid():
    """Whole first_decay_steps and decimal t_mul: many restarts fall exactly on whole steps."""
    fn = numeric("cosine_decay_restarts")
    for d, m in SGDR_GRID:
        steps = _sgdr_grid_steps(d, m)
        params = {
            "learning_rate": 0.3,
            "first_decay_steps": d,
            "t_mul": m,
            "m_mul": 0.8,
            "alpha": 0.011,
        }
        want = core.cosine_decay_restarts(global_step=steps, **params)
        np.testing.assert_allclose(
            fn(steps, **params), want, rtol=1e-11, atol=0, err_msg=f"{d=} {m=}"
        )


def test_core_restarts_land_on_exact_restart_steps():
    """At every exact restart S_k the core returns the peak (regression: T0=13, t_mul=1.2)."""
    misses = []
    for d, m in SGDR_GRID:
        for s in _restart_steps_exact(d, m, _sgdr_grid_steps(d, m)[-1]):
            v = core.cosine_decay_restarts(1.0, s, d, m, 1.0, 0.0)
            if not abs(v - 1.0) < 1e-9:
                misses.append((d, m, s))
    assert misses == []
    assert core.cosine_decay_restarts(1.0, 13, 13, t_mul=1.2) == 1.0


def test_numeric_scalar_and_shape():
    f = numeric("cosine_decay")
    out = f(5, learning_rate=0.3, decay_steps=50)
    assert isinstance(out, np.float64)
    assert f(np.zeros((2, 3)), learning_rate=0.3, decay_steps=50).shape == (2, 3)
    assert numeric("fixed")(np.arange(4), learning_rate=0.1).tolist() == [0.1] * 4
    with pytest.raises(TypeError, match="missing"):
        f(5, learning_rate=0.3)
    with pytest.raises(TypeError, match="unexpected"):
        f(5, learning_rate=0.3, decay_steps=50, beta=1)


# --------------------------------------------------------------------------------------------
# derivation helpers, each checked against the numeric core

BIG = 20000.0  # a long decay_steps: one step is a small increment, finite differences work


def _central(name: str, params: dict, steps: np.ndarray, **options) -> tuple[np.ndarray, ...]:
    f = _core_call(name, steps, params, **options)
    fp = _core_call(name, steps + 1, params, **options)
    fm = _core_call(name, steps - 1, params, **options)
    return f, (fp - fm) / 2, fp - 2 * f + fm


SMOOTH = [
    ("exponential_decay", {"learning_rate": 0.5, "decay_steps": BIG, "decay_rate": 0.3}),
    ("natural_exp_decay", {"learning_rate": 0.6, "decay_steps": BIG, "decay_rate": 1.7}),
    ("inverse_time_decay", {"learning_rate": 0.1, "decay_steps": BIG, "decay_rate": 2.5}),
    (
        "polynomial_decay",
        {"learning_rate": 0.5, "decay_steps": BIG, "end_learning_rate": 0.01, "power": 2.5},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.5, "decay_steps": BIG, "end_learning_rate": 0.01, "power": 0.5},
    ),
    ("cosine_decay", {"learning_rate": 0.3, "decay_steps": BIG, "alpha": 0.01}),
    (
        "linear_cosine_decay",
        {"learning_rate": 0.3, "decay_steps": BIG, "num_periods": 3.0, "alpha": 0.1, "beta": 0.2},
    ),
]


@pytest.mark.parametrize(("name", "params"), SMOOTH, ids=lambda v: str(v)[:30])
def test_derivative_and_relative_rate_match_finite_differences(name, params):
    steps = np.linspace(1, 0.98 * BIG, 37).round()
    f, d1, d2 = _central(name, params, steps)
    der = S.numeric_expr(S.derivative(name), name)
    der2 = S.numeric_expr(S.derivative(name, 2), name)
    rel = S.numeric_expr(S.relative_decay_rate(name), name)
    np.testing.assert_allclose(der(steps, **params), d1, rtol=1e-6, atol=1e-13)
    np.testing.assert_allclose(der2(steps, **params), d2, rtol=1e-4, atol=1e-15)
    np.testing.assert_allclose(rel(steps, **params), -d1 / f, rtol=1e-6, atol=1e-13)
    after = np.array([BIG + 5, 3 * BIG])
    if core.DEFINITIONS[name].clip is not None:  # flat after decay_steps
        assert np.all(der(after, **params) == 0)


def test_derivative_of_staircase_and_sgdr_inside_a_period():
    assert S.derivative("exponential_decay", staircase=True) == 0
    assert S.relative_decay_rate("exponential_decay") == -sp.log(symbol("decay_rate")) / (
        symbol("decay_steps")
    )
    params = {
        "learning_rate": 0.3,
        "first_decay_steps": 5000.0,
        "t_mul": 1.5,
        "m_mul": 0.8,
        "alpha": 0.011,
    }
    steps = np.array([100.0, 2000.0, 4000.0, 5100.0, 9000.0, 12000.0])
    _, d1, _ = _central("cosine_decay_restarts", params, steps)
    der = S.numeric_expr(S.derivative("cosine_decay_restarts"), "cosine_decay_restarts")
    np.testing.assert_allclose(der(steps, **params), d1, rtol=1e-6)


CONVEX = [
    ("exponential_decay", SMOOTH[0][1], {}),
    ("natural_exp_decay", SMOOTH[1][1], {}),
    ("inverse_time_decay", SMOOTH[2][1], {}),
    ("polynomial_decay", SMOOTH[3][1], {"power": 2.5}),
    ("polynomial_decay", SMOOTH[4][1], {"power": 0.5}),
    ("cosine_decay", SMOOTH[5][1], {}),
]


@pytest.mark.parametrize(("name", "params", "subs"), CONVEX, ids=lambda v: str(v)[:25])
def test_convexity_sets_match_second_differences(name, params, subs):
    c = S.convexity(name, **subs)
    assert c.closed_form
    u = np.linspace(0.01, 0.99, 99)
    u = u[np.abs(u - 0.5) > 0.02]  # away from cosine's inflection point
    steps = (u * BIG).round()
    _, _, d2 = _central(name, params, steps)
    convex = np.array([bool(c.convex_on.contains(sp.Rational(str(x)))) for x in u])
    concave = np.array([bool(c.concave_on.contains(sp.Rational(str(x)))) for x in u])
    assert np.all(d2[convex] > 0) and np.all(d2[concave] < 0)
    assert np.all(convex | concave)


def test_convexity_linear_cosine_and_sgdr():
    lc = S.convexity("linear_cosine_decay")
    assert not lc.closed_form and isinstance(lc.convex_on, sp.ConditionSet)
    # the sign expression still predicts the numeric second differences
    p = SMOOTH[6][1]
    u = np.linspace(0.013, 0.987, 60)
    _, _, d2 = _central("linear_cosine_decay", p, (u * BIG).round())
    sign = sp.lambdify(sp.Symbol("u", nonnegative=True), _sub_all(lc.sign, p), "numpy")(
        np.round(u * BIG) / BIG
    )
    ok = np.abs(sign) > 1e-2
    assert np.all(np.sign(sign[ok]) == np.sign(d2[ok]))
    sg = S.convexity("cosine_decay_restarts")
    assert sg.concave_on == sp.Interval.Ropen(0, sp.Rational(1, 2))
    params = {
        "learning_rate": 0.3,
        "first_decay_steps": 4000.0,
        "t_mul": 2.0,
        "m_mul": 0.9,
        "alpha": 0.0,
    }
    steps = np.array([500.0, 1500.0, 2500.0, 3500.0, 4000 + 2000.0, 4000 + 7000.0])
    _, _, d2 = _central("cosine_decay_restarts", params, steps)
    assert np.all(np.sign(d2) == [-1, -1, 1, 1, -1, 1])


def test_limits_at_infinity_match_late_steps():
    late = np.array([1e12, 2e12 + 3])
    for name, params in SMOOTH[:6]:
        lim = ev(S.limit_at_infinity(name), **params)
        np.testing.assert_allclose(_core_call(name, late, params), lim, atol=1e-8)
    assert S.limit_at_infinity("exponential_decay", decay_rate=1) == symbol("learning_rate")
    p = {"learning_rate": 0.3, "decay_steps": 50.0, "num_periods": 3.0, "alpha": 0.4, "beta": 0.2}
    assert core.linear_cosine_decay(global_step=1e6, **p) == pytest.approx(
        ev(S.limit_at_infinity("linear_cosine_decay"), **p), rel=1e-12
    )
    # polynomial cycle: the peaks converge to end_learning_rate
    lim = S.limit_at_infinity("polynomial_decay", cycle=True)
    assert lim == symbol("end_learning_rate")
    v = core.polynomial_decay(0.5, np.arange(10**6, 10**6 + 30), 10, 0.01, 1.0, cycle=True)
    assert np.all(np.abs(v - 0.01) < 1e-5)
    # SGDR: m_mul < 1 -> alpha * lr; m_mul = 1 -> oscillates between alpha*lr and lr
    sg = S.limit_at_infinity("cosine_decay_restarts")
    assert sg.args[0][0] == symbol("alpha") * symbol("learning_rate")
    assert isinstance(sg.args[1][0], sp.AccumBounds)
    v = core.cosine_decay_restarts(0.3, np.arange(2000, 2400), 1.0, 1.0, 0.9, 0.1)
    np.testing.assert_allclose(v, 0.03, rtol=1e-12)


FLOORS = [
    (
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 10.0, "end_learning_rate": 0.011, "power": 1.0},
        {},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 10.0, "end_learning_rate": 0.01, "power": 2.0},
        {"cycle": True},
    ),
    ("cosine_decay", {"learning_rate": 0.3, "decay_steps": 50.0, "alpha": 0.01}, {}),
    (
        "linear_cosine_decay",
        {"learning_rate": 0.3, "decay_steps": 50.0, "num_periods": 3.0, "alpha": 0.0, "beta": 0.2},
        {},
    ),
    (
        "linear_cosine_decay",
        {"learning_rate": 0.3, "decay_steps": 50.0, "num_periods": 1.0, "alpha": 0.5, "beta": 0.2},
        {},
    ),
    (
        "cosine_decay_restarts",
        {
            "learning_rate": 0.3,
            "first_decay_steps": 10.0,
            "t_mul": 1.5,
            "m_mul": 0.8,
            "alpha": 0.011,
        },
        {},
    ),
    (
        "exponential_decay",
        {"learning_rate": 0.5, "decay_steps": 10.0, "decay_rate": 0.9},
        {"staircase": True},
    ),
    ("fixed", {"learning_rate": 0.01}, {}),
]


@pytest.mark.parametrize(("name", "params", "options"), FLOORS, ids=lambda v: str(v)[:25])
def test_floor_value_is_the_numeric_minimum(name, params, options):
    fl = S.floor_value(name, **options)
    value = ev(fl.value, **params)
    steps = np.arange(0, 400.0)
    curve = _core_call(name, steps, params, **options)
    assert curve.min() >= value - 1e-15
    reached = fl.results.get("reached")
    if name == "linear_cosine_decay":  # its set is explicit once the values are given
        reached = S.floor_value(name, **params).reached
    if reached is not None and reached != sp.S.EmptySet:
        where = reached if name == "linear_cosine_decay" else _sub_all(reached, params)
        if isinstance(where, sp.Union):
            hits = [
                float(x)
                for part in where.args
                if isinstance(part, sp.FiniteSet)
                for x in part
                if float(x).is_integer()
            ]
            hits += [s for s in steps[::7] if where.contains(sp.Integer(int(s))) == sp.true]
        elif isinstance(where, sp.ImageSet):
            hits = [float(where.lamda(j)) for j in range(1, 20)]
        elif isinstance(where, sp.FiniteSet):
            hits = [float(x) for x in where if float(x).is_integer()]
        else:
            hits = [s for s in steps[::7] if where.contains(sp.Integer(int(s))) == sp.true]
        assert hits, "the floor is said to be reached"
        np.testing.assert_allclose(curve[np.array(hits, dtype=int)], value, rtol=1e-12, atol=1e-15)
    else:  # approached: within 2% of the range of the curve
        assert curve.min() - value < 0.02 * (curve.max() - value)


def test_floor_value_special_cases():
    assert S.floor_value("noisy_linear_cosine_decay").value == -sp.oo
    assert S.floor_value("natural_exp_decay").value == 0
    fl = S.floor_value("piecewise_constant", values=[0.06, 0.05, 0.01, 0.03], boundaries=[1, 2, 3])
    assert fl.value == sp.Rational(1, 100)


REACH = [
    ("exponential_decay", {"learning_rate": 0.5, "decay_rate": 0.9}, {}),
    ("exponential_decay", {"learning_rate": 0.6, "decay_rate": 0.6}, {"staircase": True}),
    ("natural_exp_decay", {"learning_rate": 0.6, "decay_rate": 0.6}, {}),
    ("natural_exp_decay", {"learning_rate": 0.6, "decay_rate": 0.6}, {"staircase": True}),
    ("inverse_time_decay", {"learning_rate": 0.1, "decay_rate": 0.2}, {}),
    ("inverse_time_decay", {"learning_rate": 0.1, "decay_rate": 0.2}, {"staircase": True}),
    ("polynomial_decay", {"learning_rate": 0.102, "end_learning_rate": 0.011, "power": 1.7}, {}),
    ("cosine_decay", {"learning_rate": 0.3, "alpha": 0.01}, {}),
]


@pytest.mark.parametrize(("name", "params", "options"), REACH, ids=lambda v: str(v)[:25])
def test_step_to_reach_is_the_first_numeric_crossing(name, params, options):
    res = S.step_to_reach(name, **options)
    rng = np.random.default_rng(3)
    for _ in range(15):
        p = {**params, "decay_steps": float(rng.choice([7.0, 10.0, 50.0, 33.3]))}
        steps = np.arange(0, 5000.0)
        curve = _core_call(name, steps, p, **options)
        lo = p.get("end_learning_rate", 0) + p.get("alpha", 0) * p["learning_rate"]
        target = float(rng.uniform(lo + 0.05 * (p["learning_rate"] - lo), p["learning_rate"]))
        first = int(ev(res.first_step, target=target, **p))
        assert curve[first] <= target * (1 + 1e-12)
        assert first == 0 or curve[first - 1] > target
    with pytest.raises(NotImplementedError):
        S.step_to_reach("linear_cosine_decay")


def test_half_life_really_halves():
    rng = np.random.default_rng(9)
    for _ in range(10):
        ds, h = float(rng.integers(1, 60)), int(rng.integers(1, 300))
        r = 0.5 ** (ds / h)  # exponential_decay with a whole half-life h
        hl = ev(S.half_life("exponential_decay"), decay_steps=ds, decay_rate=r)
        assert hl == pytest.approx(h, rel=1e-12)
        t0 = rng.integers(0, 1000, size=5).astype(float)
        a = core.exponential_decay(0.5, t0, ds, r)
        b = core.exponential_decay(0.5, t0 + h, ds, r)
        np.testing.assert_allclose(b, a / 2, rtol=1e-12)
        k = ds * math.log(2) / h  # natural_exp_decay with the same half-life
        assert ev(S.half_life("natural_exp_decay"), decay_steps=ds, decay_rate=k) == (
            pytest.approx(h, rel=1e-12)
        )
        np.testing.assert_allclose(
            core.natural_exp_decay(0.5, t0 + h, ds, k),
            core.natural_exp_decay(0.5, t0, ds, k) / 2,
            rtol=1e-12,
        )
        # inverse_time: the "half-life" from t0 is T/k + t0 (it grows)
        m = int(rng.integers(1, 50))
        kk = ds / m  # T/k = m whole steps
        hl0 = S.half_life("inverse_time_decay", t0=None)
        for s in t0:
            hs = ev(hl0.subs(t, exact(float(s))), decay_steps=ds, decay_rate=kk)
            assert hs == pytest.approx(m + s, rel=1e-12)
            assert core.inverse_time_decay(0.1, s + round(hs), ds, kk) == pytest.approx(
                core.inverse_time_decay(0.1, s, ds, kk) / 2, rel=1e-12
            )
    # staircase: the first step with rate <= half
    for name, r in (
        ("exponential_decay", 0.6),
        ("natural_exp_decay", 0.3),
        ("inverse_time_decay", 0.3),
    ):
        first = int(ev(S.half_life(name, staircase=True), decay_steps=10.0, decay_rate=r))
        curve = _core_call(
            name,
            np.arange(0, 500.0),
            {"learning_rate": 1.0, "decay_steps": 10.0, "decay_rate": r},
            staircase=True,
        )
        assert curve[first] <= 0.5 + 1e-15 and curve[first - 1] > 0.5


# budgets ------------------------------------------------------------------------------------

BUDGETS = [
    ("exponential_decay", {"learning_rate": 0.5, "decay_steps": 10.0, "decay_rate": 0.9}, {}),
    (
        "exponential_decay",
        {"learning_rate": 0.6, "decay_steps": 10.0, "decay_rate": 0.6},
        {"staircase": True},
    ),
    ("natural_exp_decay", {"learning_rate": 0.6, "decay_steps": 10.0, "decay_rate": 0.6}, {}),
    (
        "natural_exp_decay",
        {"learning_rate": 0.6, "decay_steps": 7.0, "decay_rate": 0.6},
        {"staircase": True},
    ),
    ("inverse_time_decay", {"learning_rate": 0.1, "decay_steps": 10.0, "decay_rate": 0.2}, {}),
    (
        "inverse_time_decay",
        {"learning_rate": 0.1, "decay_steps": 10.0, "decay_rate": 0.2},
        {"staircase": True},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.102, "decay_steps": 10.0, "end_learning_rate": 0.011, "power": 1.0},
        {},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.5, "decay_steps": 13.0, "end_learning_rate": 0.01, "power": 2.5},
        {},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 10.0, "end_learning_rate": 0.01, "power": 1.0},
        {"cycle": True},
    ),
    (
        "polynomial_decay",
        {"learning_rate": 0.1, "decay_steps": 6.0, "end_learning_rate": 0.01, "power": 0.7},
        {"cycle": True},
    ),
    ("cosine_decay", {"learning_rate": 0.3, "decay_steps": 50.0, "alpha": 0.01}, {}),
    ("cosine_decay", {"learning_rate": 0.3, "decay_steps": 12.5, "alpha": 0.2}, {}),
    (
        "linear_cosine_decay",
        {"learning_rate": 0.3, "decay_steps": 50.0, "num_periods": 3.3, "alpha": 0.1, "beta": 0.2},
        {},
    ),
    (
        "noisy_linear_cosine_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 50.0,
            "initial_variance": 0.0,
            "variance_decay": 0.1,
            "num_periods": 0.2,
            "alpha": 0.5,
            "beta": 0.2,
        },
        {},
    ),
    ("fixed", {"learning_rate": 0.01}, {}),
]


@pytest.mark.parametrize(("name", "params", "options"), BUDGETS, ids=lambda v: str(v)[:25])
def test_budget_sum_equals_numeric_sum(name, params, options):
    res = S.budget_sum(name, **options)
    assert res.closed_form
    expr = _sub_all(res.value, params)
    for n_steps in (1, 2, 7, 10, 11, 37, 60, 200):
        want = _core_call(name, np.arange(0, n_steps, dtype=float), params, **options).sum()
        got = float(sp.N(expr.subs(S.N, n_steps), 30))
        assert got == pytest.approx(want, rel=1e-11), n_steps


def _integral_numeric(name, params, options, upper, m=400):
    """integral_0^upper by the midpoint rule on the core, on a grid 2m times finer.

    decay_steps is scaled by 2m, so the core's whole steps are the points k / (2m); the odd
    ones are the midpoints of cells of width 1/m. Jumps at multiples of 1/m (stairs,
    restarts at whole or half steps) fall on cell edges, where the midpoint rule is exact.
    """
    scaled = dict(params)
    for key in ("decay_steps", "first_decay_steps"):
        if key in scaled:
            scaled[key] = scaled[key] * 2 * m
    mid = np.arange(1, 2 * upper * m, 2, dtype=float)
    return _core_call(name, mid, scaled, **options).sum() / m


@pytest.mark.parametrize(("name", "params", "options"), BUDGETS, ids=lambda v: str(v)[:25])
def test_budget_integral_equals_numeric_integral(name, params, options):
    res = S.budget_integral(name, **options)
    assert res.closed_form
    expr = _sub_all(res.value, params)
    for upper in (3, 10, 25, 80):
        got = float(sp.N(expr.subs(S.T, upper), 30))
        assert got == pytest.approx(_integral_numeric(name, params, options, upper), rel=2e-6)


def test_budget_sgdr_and_piecewise():
    p = {
        "learning_rate": 0.3,
        "first_decay_steps": 10.0,
        "t_mul": 1.5,
        "m_mul": 0.8,
        "alpha": 0.011,
    }
    res = S.budget_integral("cosine_decay_restarts")
    assert res.closed_form
    f = sp.lambdify(S.T, _sub_all(res.value, p), "mpmath")
    for upper in (4, 10, 25, 33, 60):
        want = _integral_numeric("cosine_decay_restarts", p, {}, upper, m=1000)
        assert float(f(upper)) == pytest.approx(want, rel=2e-6)
    p1 = {**p, "t_mul": 1.0}
    res1 = S.budget_integral("cosine_decay_restarts", t_mul=1)
    f1 = sp.lambdify(S.T, _sub_all(res1.value, p1), "mpmath")
    for upper in (4, 10, 25, 33):
        want = _integral_numeric("cosine_decay_restarts", p1, {}, upper, m=1000)
        assert float(f1(upper)) == pytest.approx(want, rel=2e-6)
    sres = S.budget_sum("cosine_decay_restarts")
    assert not sres.closed_form and sres.value.has(sp.Sum)
    b, v = [10, 20, 30, 40, 50], [0.06, 0.05, 0.04, 0.03, 0.02, 0.01]
    ps = S.budget_sum("piecewise_constant", boundaries=b, values=v)
    pi = S.budget_integral("piecewise_constant", boundaries=b, values=v)
    for n_steps in (1, 10, 11, 12, 45, 60):
        want = core.piecewise_constant(np.arange(n_steps), b, v).sum()
        assert float(ps.value.subs(S.N, n_steps)) == pytest.approx(want, rel=1e-12)
    for upper in (5, 10, 33, 70):
        want = np.trapezoid(
            core.piecewise_constant(np.arange(upper * 100 + 1), [x * 100 for x in b], v), dx=0.01
        )
        assert float(pi.value.subs(S.T, upper)) == pytest.approx(want, rel=1e-3)


def test_budget_closed_forms_telescope():
    m = sp.Symbol("M", integer=True, nonnegative=True)
    c = sp.Symbol("c", positive=True)
    assert S.telescopes(S._budget._dirichlet_cos(c, m), sp.cos(c * m), m)
    assert S.telescopes(S._budget._dirichlet_sin(c, m), sp.sin(c * m), m)


# relations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("staircase", [False, True])
@settings(max_examples=1, deadline=None)
@given(data=st.data())
def test_natural_exp_is_exponential_with_base_e_minus_k(staircase, data):
    proof = S.natural_exp_is_exponential(staircase=staircase)
    assert proof.difference == 0
    steps = np.arange(0, 500.0)
    for p in data.draw(st.lists(params_of("natural_exp_decay"), min_size=20, max_size=20)):
        lr, ds, kk = p["learning_rate"], p["decay_steps"], p["decay_rate"]
        np.testing.assert_allclose(
            core.natural_exp_decay(lr, steps, ds, kk, staircase),
            core.exponential_decay(lr, steps, ds, math.exp(-kk), staircase),
            rtol=1e-12,
        )


def test_exponential_vs_inverse_time_first_order():
    res = S.exponential_vs_inverse_time()
    r = symbol("decay_rate")
    assert res.matching_decay_rate.rhs == sp.exp(-r)
    lr, ds, kk = 0.1, 1e5, 0.7
    for step in (1.0, 3.0, 10.0):
        inv = core.inverse_time_decay(lr, step, ds, kk)
        nat = core.natural_exp_decay(lr, step, ds, kk)
        ex = core.exponential_decay(lr, step, ds, math.exp(-kk))
        assert ex == pytest.approx(nat, rel=1e-12)
        gap = ev(
            res.second_order_gap.subs(t, exact(step)),
            learning_rate=lr,
            decay_steps=ds,
            decay_rate=kk,
        )
        assert inv - nat == pytest.approx(gap, rel=1e-3)
        # first order: the difference is second order small
        assert abs(inv - nat) < (kk * step / ds) ** 2 * lr


@pytest.mark.parametrize("name", ["exponential_decay", "natural_exp_decay", "inverse_time_decay"])
def test_staircase_is_never_below_smooth_and_the_gap_is_closed_form(name):
    g = S.staircase_gap(name)
    rng = np.random.default_rng(4)
    for _ in range(20):
        ds = float(rng.integers(2, 40))
        rate = float(
            rng.uniform(0.05, 0.99) if name == "exponential_decay" else rng.uniform(0.05, 3)
        )
        p = {"learning_rate": 0.5, "decay_steps": ds, "decay_rate": rate}
        steps = np.arange(0, 20 * ds)
        stair = _core_call(name, steps, p, staircase=True)
        smooth = _core_call(name, steps, p)
        gap = stair - smooth
        assert gap.min() >= -1e-15, "the staircase never goes below the smooth curve"
        assert gap.max() == pytest.approx(ev(g.max_whole_steps, **p), rel=1e-9)
        assert gap.max() < ev(g.sup, **p)
        for j in (0, 1, 5):
            block = gap[int(j * ds) : int((j + 1) * ds)]
            assert block.max() < ev(
                g.sup_in_block.subs(sp.Symbol("j", integer=True, nonnegative=True), j), **p
            )


def test_polynomial_cycle_restarts_and_peaks():
    pc = S.polynomial_cycle()
    kk = sp.Symbol("k", integer=True, positive=True)
    for ds, power in ((10.0, 1.0), (10.0, 2.0), (7.0, 0.5)):
        p = {"learning_rate": 0.1, "decay_steps": ds, "end_learning_rate": 0.01, "power": power}
        steps = np.arange(0, 30 * ds + 1)
        curve = core.polynomial_decay(0.1, steps, ds, 0.01, power, cycle=True)
        jumps = np.nonzero(np.diff(curve) > 0)[0] + 1
        restart = [int(ev(pc.restart_step.subs(kk, j), **p)) for j in range(1, 31)]
        assert jumps.tolist() == [r + 1 for r in restart[:-1]]  # jump right after k*T
        assert np.all(np.diff(jumps) == ds), "the period does not grow"
        np.testing.assert_allclose(curve[restart], 0.01, rtol=1e-12)
        first = [ev(pc.value_first_step_after.subs(kk, j), **p) for j in range(1, 30)]
        np.testing.assert_allclose(curve[jumps], first, rtol=1e-12)
        peaks = np.array([ev(pc.peak.subs(kk, j), **p) for j in range(1, 30)])
        assert np.all(np.diff(peaks) < 0), "each peak is lower"
        assert np.all(curve[jumps] < peaks)
    # non-whole decay_steps: the jump is at the first whole step after k*T
    curve = core.polynomial_decay(0.1, np.arange(0, 100.0), 7.5, 0.01, 1.0, cycle=True)
    jumps = np.nonzero(np.diff(curve) > 0)[0] + 1
    assert jumps.tolist() == [math.floor(j * 7.5) + 1 for j in range(1, 14)]


def test_sgdr_restart_steps_are_where_the_numeric_curve_jumps():
    sg = S.sgdr_restarts()
    kk = S.k
    cases = [
        (7.3, 1.5),
        (10.0, 1.5),
        (9.7, 2.0),
        (12.0, 1.0),
        (11.1, 1.0),
        (4.3, 0.8),
        (10.0, 2.0),
        (3.3, 2.7),
    ]
    for t0, tm in cases:
        p = {
            "learning_rate": 1.0,
            "first_decay_steps": t0,
            "t_mul": tm,
            "m_mul": 0.9,
            "alpha": 0.05,
        }
        upto = 600.0 if tm >= 1 else math.floor(t0 / (1 - tm) - 1e-9)
        steps = np.arange(0, upto)
        curve = core.cosine_decay_restarts(global_step=steps, **p)
        jumps = np.nonzero(np.diff(curve) > 0)[0] + 1
        start = sg.restart_step_t_mul_1 if tm == 1 else sg.restart_step
        s_k = [ev(start.subs(kk, j), **p) for j in range(1, 60)]
        expected = sorted({math.ceil(s - 1e-9) for s in s_k if 0 < s < steps[-1]})
        if tm < 1:  # periods shorter than a step: several restarts between two steps
            expected = [e for e in expected if e <= steps[-1]]
            assert set(jumps.tolist()) <= set(expected)
            continue
        assert jumps.tolist() == expected, (t0, tm)
        for j, s in enumerate(s_k[:5], start=1):
            if float(s).is_integer():
                assert curve[int(s)] == pytest.approx(ev(sg.peak.subs(kk, j), **p), rel=1e-12)
            lengths = ev(sg.period_length.subs(kk, j), **p)
            assert lengths == pytest.approx(t0 * tm**j)
    assert sg.limit_t_mul_to_1 == sg.restart_step_t_mul_1
    assert sg.horizon_t_mul_below_1 == -symbol("first_decay_steps") / (symbol("t_mul") - 1)


def test_linear_cosine_default_is_not_cosine_decay():
    res = S.linear_cosine_vs_cosine()
    lr, ds, beta = 0.3, 50.0, 0.001
    steps = np.arange(0, 80.0)
    diff = core.linear_cosine_decay(lr, steps, ds) - core.cosine_decay(lr, steps, ds)
    u = np.minimum(steps, ds) / ds
    f = sp.lambdify(
        (sp.Symbol("u", nonnegative=True),),
        _sub_all(res.difference, {"learning_rate": lr, "beta": beta}),
        "numpy",
    )
    np.testing.assert_allclose(diff, f(u), rtol=1e-10, atol=1e-16)
    assert np.abs(diff).max() > 0.05  # far from equal
    big = 1e5
    steps = np.arange(0, big + 1)
    d = core.linear_cosine_decay(1.0, steps, big, beta=0.0) - core.cosine_decay(1.0, steps, big)
    assert -d.min() == pytest.approx(
        float(res.max_shortfall.subs(symbol("learning_rate"), 1)), rel=1e-8
    )
    assert np.argmin(d) / big == pytest.approx(float(res.u_star), abs=2e-5)


def test_noisy_moments_match_monte_carlo():
    mo = S.noisy_moments()
    assert sp.simplify(mo.mean - expression("linear_cosine_decay")) == 0
    p = {
        "learning_rate": 0.1,
        "decay_steps": 50.0,
        "initial_variance": 0.3,
        "variance_decay": 0.55,
        "num_periods": 0.2,
        "alpha": 0.5,
        "beta": 0.2,
    }
    steps = np.array([0.0, 5.0, 20.0, 49.0, 50.0, 80.0])
    # the noise is a function of (seed, step): independent draws at one step take seeds
    reps = 5000
    draws = np.stack(
        [core.noisy_linear_cosine_decay(global_step=steps, **p, seed=s) for s in range(reps)]
    )
    mean = sp.lambdify(t, _sub_all(mo.mean, p), "numpy")(steps)
    var = sp.lambdify(t, _sub_all(mo.variance, p), "numpy")(steps)
    se = np.sqrt(var / reps)
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 5 * se)
    se_var = var * np.sqrt(2 / (reps - 1))
    assert np.all(np.abs(draws.var(axis=0, ddof=1) - var) < 5 * se_var)


def test_derivation_latex():
    d = S.sgdr_restarts()
    assert d.latex.startswith(r"\begin{aligned}") and r"\text{peak}" in d.latex
    assert d._repr_latex_().startswith("$$")
    assert S.latex(expression("cosine_decay")).count(r"\cos") == 1
    with pytest.raises(AttributeError, match="no result"):
        d.nope  # noqa: B018
    assert "peak" in d.keys()


def test_budget_piecewise_with_symbolic_boundaries_matches_numeric():
    # Regression: sympy prints `t <= b_0` as `b_0 >= t`; the budget must still read b_0.
    b0, b1, v0, v1, v2 = S.parameters("piecewise_constant", n_boundaries=2)
    values = {b0: 10, b1: 20, v0: 3, v1: 2, v2: 1}
    total = S.budget_sum("piecewise_constant", n_boundaries=2).value
    integral = S.budget_integral("piecewise_constant", n_boundaries=2).value
    for n in (5, 11, 21, 35):
        want = core.piecewise_constant(np.arange(n), [10, 20], [3, 2, 1]).sum()
        assert float(total.subs({**values, S.N: n})) == want
    assert integral.subs({**values, S.T: 35}) == 10 * 3 + 10 * 2 + 15 * 1


def test_telescopes_proves_the_inverse_time_digamma_sum():
    m = sp.Symbol("M", integer=True, nonnegative=True)
    eta0, big_t, k = S.parameters("inverse_time_decay")
    closed = big_t / k * eta0 * (sp.polygamma(0, big_t / k + m) - sp.polygamma(0, big_t / k))
    term = eta0 / (1 + k * m / big_t)
    assert S.telescopes(closed, term, m)
    assert not S.telescopes(2 * closed, term, m)


def test_substitutions_of_an_example_are_exact_and_skip_options():
    import lrdecay_lit as lr

    ex = lr.example("B.exponential.staircase")
    subs = S.substitutions(ex)
    assert subs[S.symbol("decay_rate")] == sp.Rational(3, 5)
    assert set(subs) == {S.symbol(k) for k in ex.params if k != "staircase"}
    assert S.substitutions(dict(ex.params)) == subs


def test_generic_branch_drops_the_constant_rate_case():
    import lrdecay_lit as lr

    for name in ("exponential_decay", "natural_exp_decay"):
        budget = S.generic_branch(S.budget_sum(name).value, S.symbol("decay_rate"))
        assert not budget.has(sp.Piecewise)
        ex = lr.example("B.exponential.smooth")
        value = budget.subs({**S.substitutions(ex), S.N: ex.num_steps})
        expected = lr.Schedule(name, **ex.params)(np.arange(ex.num_steps)).sum()
        assert float(value) == pytest.approx(expected, rel=1e-12)
    x = sp.Symbol("x")
    untouched = sp.Piecewise((1, x > 0), (2, True))
    assert S.generic_branch(untouched, S.symbol("decay_rate")) == untouched


def test_budget_integral_with_a_numeric_end_past_the_clip():
    # Regression: a numeric end past the clip point was substituted into the formula twice
    # (138 -> 21.171 instead of 7.839). Past decay_steps the rate holds at its floor, so the
    # budget to 138 is the budget to 50 plus 88 steps at the core's floor value.
    params = {"learning_rate": 0.3, "decay_steps": 50, "alpha": 0.01}
    got = S.budget_integral("cosine_decay", 138, **params).value
    to_clip = S.budget_integral("cosine_decay", 50, **params).value
    floor = core.cosine_decay(0.3, 50, 50, 0.01)
    assert float(got) == pytest.approx(float(to_clip) + 88 * floor, rel=1e-12)
    assert float(to_clip) == pytest.approx(0.3 * 50 * (1 + 0.01) / 2, rel=1e-12)


def test_sgdr_with_t_mul_one_derives_on_the_arithmetic_branch():
    # Regression: the geometric branch is 0/0 at t_mul = 1 (the derivative came out nan).
    params = {
        "learning_rate": 0.3,
        "first_decay_steps": 1000,
        "t_mul": 1,
        "m_mul": 0.8,
        "alpha": 0.01,
    }
    slope = S.derivative("cosine_decay_restarts", **params)
    assert not slope.has(sp.nan, sp.zoo)
    step = 2250  # mid third period
    values = core.cosine_decay_restarts(global_step=np.array([step - 1, step + 1]), **params)
    assert float(slope.subs(S.t, step)) == pytest.approx((values[1] - values[0]) / 2, rel=1e-5)
    budget = S.budget_integral("cosine_decay_restarts", 3000, **params).value
    assert float(budget) == pytest.approx(0.3 * 1000 * (0.99 * 0.5 * (1 + 0.8 + 0.64) + 0.03))


# ---- linear_cosine_decay's floor against a dense numerical minimum (issue 19, item 8) ---------

LC_ALPHAS = (0.0, 0.1, 0.5, 1.0)
LC_PERIODS = (0.1, 0.2, 0.45, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0)


@pytest.mark.parametrize("alpha", LC_ALPHAS)
@pytest.mark.parametrize("num_periods", LC_PERIODS)
def test_linear_cosine_floor_is_the_dense_numerical_minimum(alpha, num_periods):
    params = {
        "learning_rate": 0.1,
        "decay_steps": 60,
        "beta": 0.2,
        "alpha": alpha,
        "num_periods": num_periods,
    }
    fl = S.floor_value("linear_cosine_decay", **params)
    value = float(fl.value)
    t = np.linspace(0.0, 2 * params["decay_steps"], 240_001)  # step 1/2000, not whole steps

    def lc(x):  # TF's formula, written out (the package accepts whole steps only)
        u = np.minimum(x, params["decay_steps"]) / params["decay_steps"]
        c = 0.5 * (1 + np.cos(2 * np.pi * num_periods * u))
        return params["learning_rate"] * ((alpha + 1 - u) * c + params["beta"])

    curve = lc(t)
    whole = np.arange(0, 121)
    np.testing.assert_allclose(
        lc(whole), core.linear_cosine_decay(global_step=whole, **params), rtol=1e-12, atol=1e-15
    )
    # the minimum of the dense curve is the floor, to the grid's resolution
    assert curve.min() >= value - 1e-15
    assert curve.min() - value < 1e-7
    # beta * lr is the floor exactly when alpha = 0 or num_periods >= 1/2
    at_lower_bound = np.isclose(value, params["beta"] * params["learning_rate"], rtol=1e-12)
    assert at_lower_bound == (alpha == 0 or num_periods >= 0.5)
    # every point said to reach it does, and the dense grid finds no other
    reached = fl.reached
    inside = np.array([reached.contains(sp.Rational(str(x))) == sp.true for x in t[::1201]])
    np.testing.assert_allclose(curve[::1201][inside], value, rtol=1e-12, atol=1e-15)
    assert np.all(curve[::1201][~inside] > value)
    zeros = [
        x
        for x in (reached.args if isinstance(reached, sp.Union) else [reached])
        if isinstance(x, sp.FiniteSet)
    ]
    for z in zeros:
        hits = np.array([float(x) for x in z])
        np.testing.assert_allclose(lc(hits), value, rtol=1e-12, atol=1e-15)
    expected = sorted(
        60 * (2 * j + 1) / (2 * num_periods)
        for j in range(10)
        if (2 * j + 1) / (2 * num_periods) < 1
    )
    found = sorted(float(x) for z in zeros for x in z if float(x) < 60)
    np.testing.assert_allclose(found, expected, rtol=1e-12)
    assert (reached.contains(sp.Integer(61)) == sp.true) == (
        alpha * (1 + np.cos(2 * np.pi * num_periods)) / 2 < 1e-15 or num_periods < 0.5
    )


def test_linear_cosine_floor_the_audits_counterexample():
    # alpha = 0.5, n = 0.2: the minimum is the settled value, not beta * lr (issue 19)
    fl = S.floor_value(
        "linear_cosine_decay",
        learning_rate=0.1,
        decay_steps=50,
        beta=0.2,
        alpha=0.5,
        num_periods=0.2,
    )
    assert float(fl.value) == pytest.approx(0.052725, abs=1e-6)
    article = S.floor_value("linear_cosine_decay", decay_steps=50, alpha=0, num_periods=3)
    assert article.reached == sp.Union(
        sp.FiniteSet(sp.Rational(25, 3), 25, sp.Rational(125, 3)), sp.Interval(50, sp.oo)
    )


# ------------------------------------------------------------------ definitions and the symbols


@pytest.mark.parametrize("name", S.SCHEDULE_NAMES)
def test_symbol_assumptions_hold_on_every_domain(name):
    """One domain per parameter: the sympy symbol's assumptions hold wherever the core
    accepts a value, except at the domain's declared degenerate value (no decay)."""
    d = core.DEFINITIONS[name]
    for p in d.symbol_params:
        sym = symbol(p.name)
        for x in (p.domain.lower, p.domain.upper, p.example, p.default):
            if x is None or x not in p.domain or x == p.domain.degenerate:
                continue
            assert sym.is_positive is not True or x > 0, (name, p.name, x)
            assert sym.is_nonnegative is not True or x >= 0, (name, p.name, x)
        if p.domain.degenerate is not None:  # accepted by the core, excluded by sympy
            assert p.domain.degenerate in p.domain and sym.is_positive, (name, p.name)


@pytest.mark.parametrize(("d", "m"), [(10, 1.3), (8, 1.5), (13, 1.2), (7, 1.0), (10, 0.8)])
def test_every_route_restarts_on_the_same_steps(d, m):
    """The one restart rule: the core, the generated numpy and the array-namespace code
    put every step in the same period (the peak exactly at each restart)."""
    from lrdecay_lit.registry import Schedule

    p = {"learning_rate": 1.0, "first_decay_steps": d, "t_mul": m, "m_mul": 0.5, "alpha": 0.0}
    steps = _sgdr_grid_steps(d, m)
    want = core.cosine_decay_restarts(global_step=steps, **p)
    close = {"rtol": 1e-12, "atol": 1e-15}  # atol: 1 + cos(pi x) -> 0 at a period's end
    np.testing.assert_allclose(numeric("cosine_decay_restarts")(steps, **p), want, **close)
    arrays = S.array_function(Schedule("cosine_decay_restarts", **p), "numpy")
    np.testing.assert_allclose(arrays(steps, 1e-12), want, **close)
    starts = enumerate(_exact_starts(d, m, steps[-1]))
    at_restart = [(kk, int(s_k)) for kk, s_k in starts if s_k.denominator == 1]
    assert len(at_restart) > 1  # restarts that fall on whole steps: the peak is there
    for kk, s_k in at_restart:
        assert want[s_k] == 0.5**kk, (kk, s_k)
