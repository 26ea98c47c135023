"""Tests of lrdecay_lit.composites (constant, warmup, join) and their sympy layer."""

from __future__ import annotations

import json
import math
import sys
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import lrdecay_lit as lr
from lrdecay_lit import symbolic as S
from lrdecay_lit.composites import (
    COMPOSITE_NAMES,
    Composite,
    Join,
    Warmup,
    as_schedule,
    constant,
    from_config,
    join,
    leaves,
    suggested_steps,
    warmup,
)
from lrdecay_lit.specs import example_params
from lrdecay_lit.symbolic._arrays import ARRAY_FUNCTION_NAMES

DETERMINISTIC = [n for n in lr.SCHEDULE_NAMES if not n.startswith("noisy")]


def base(name: str, **changes: object) -> lr.Schedule:
    """The articles' example of schedule ``name`` (with changes)."""
    return lr.Schedule(name, **{**example_params(name), **changes})


def composites_of(s: lr.Schedule) -> list[Composite]:
    """A warmup, a cosine warmup from a non-zero start, a join of three and a nested join."""
    return [
        warmup(s, 17),
        warmup(s, 9, kind="cosine", init_value=0.01),
        join([constant(0.05), s, warmup(s, 5)], [13, 90]),
        join([s, join([0.02, s], [7])], [33]),
    ]


# --------------------------------------------------------------------------- values


def test_constant():
    c = constant(0.25)
    assert c(7) == 0.25 and isinstance(c(7), np.float64)
    np.testing.assert_array_equal(c(np.arange(5)), np.full(5, 0.25))


def test_linear_warmup_ramps_to_the_schedules_step_zero_then_shifts_it():
    cos = base("cosine_decay")  # 0.3, decay_steps 50, alpha 0.01
    w = warmup(cos, 10, init_value=0.1)
    steps = np.arange(200)
    got = w(steps)
    np.testing.assert_allclose(got[:10], 0.1 + (0.3 - 0.1) * steps[:10] / 10, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(got[10:], cos(steps[10:] - 10))
    assert got[10] == cos(0) == w.peak  # step W is the peak: the curve is continuous
    assert got[0] == 0.1


def test_cosine_warmup_is_half_a_cosine():
    w = warmup(0.5, 8, kind="cosine")
    t = np.arange(8)
    np.testing.assert_allclose(w(t), 0.25 * (1 - np.cos(np.pi * t / 8)), rtol=1e-15, atol=0)
    assert w(8) == 0.5


def test_zero_warmup_is_the_schedule():
    s = base("exponential_decay")
    np.testing.assert_array_equal(warmup(s, 0)(np.arange(100)), s(np.arange(100)))


def test_join_boundary_step_belongs_to_the_later_piece_at_its_step_zero():
    """Piece i owns b_{i-1} <= t < b_i; at t = b_i the next piece starts at its step 0."""
    e = base("exponential_decay")  # 0.5 * 0.9 ** (t / 10)
    j = join([constant(0.01), e, constant(0.002)], [5, 25])
    assert j(4) == 0.01  # last step of piece 0
    assert j(5) == e(0) == 0.5  # boundary: piece 1 at its step 0
    assert j(24) == e(19)
    assert j(25) == 0.002  # boundary: piece 2
    np.testing.assert_array_equal(j.piece_index([0, 4, 5, 24, 25, 10**6]), [0, 0, 1, 1, 2, 2])
    np.testing.assert_array_equal(j(np.arange(5, 25)), e(np.arange(20)))


def test_join_is_unlike_piecewise_constant_at_a_boundary():
    """TF's piecewise_constant keeps the earlier value at a boundary; join switches there."""
    pc = lr.piecewise_constant([9, 10, 11], [10], [1.0, 0.5])
    j = join([1.0, 0.5], [10])
    assert pc.tolist() == [1.0, 1.0, 0.5]
    assert j([9, 10, 11]).tolist() == [1.0, 0.5, 0.5]


def test_join_of_one_schedule_is_that_schedule():
    s = base("cosine_decay")
    np.testing.assert_array_equal(join([s], [])(np.arange(80)), s(np.arange(80)))


@given(
    st.lists(st.integers(1, 10_000), min_size=1, max_size=6, unique=True).map(sorted),
    st.lists(st.integers(0, 20_000), min_size=1, max_size=50),
)
def test_join_owner_property(boundaries, steps):
    j = join([float(i) for i in range(len(boundaries) + 1)], boundaries)
    owner = [sum(b <= s for b in boundaries) for s in steps]  # boundaries at or before the step
    assert j(np.asarray(steps)).tolist() == [float(o) for o in owner]


def test_nested_join_shifts_add_up():
    e = base("exponential_decay")
    j = join([0.1, join([0.2, e], [10])], [5])
    assert j(15) == e(0)
    assert j(40) == e(25)


@pytest.mark.parametrize("comp", composites_of(base("cosine_decay_restarts")), ids=repr)
def test_shapes_like_the_core(comp):
    assert isinstance(comp(3), np.float64)
    assert isinstance(comp(np.int64(3)), np.float64)
    assert comp(np.array(3)).shape == ()
    grid = np.arange(60).reshape(6, 10)
    out = comp(grid)
    assert out.shape == (6, 10) and out.dtype == np.float64
    np.testing.assert_array_equal(out.ravel(), comp(np.arange(60)))
    assert comp([]).shape == (0,)
    np.testing.assert_array_equal(comp([3.0, 4.0]), comp([3, 4]))


def test_vectorised_no_python_loop_over_steps():
    """A million steps in well under a second (pieces are masked, steps are not looped)."""
    import time

    comp = join([warmup(base("cosine_decay", decay_steps=500_000), 10_000), 1e-4], [510_000])
    start = time.perf_counter()
    comp(np.arange(1_000_000))
    assert time.perf_counter() - start < 2.0


def test_noisy_schedule_inside_a_composite_is_seeded():
    noisy = base("noisy_linear_cosine_decay", seed=3)
    w = warmup(noisy, 10)
    np.testing.assert_array_equal(w(np.arange(60)), w(np.arange(60)))
    np.testing.assert_array_equal(w(np.arange(10, 60)), noisy(np.arange(50)))


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: warmup(0.1, -1), ValueError, "Argument `warmup_steps` must be >= 0. Received"),
        (lambda: warmup(0.1, 2.5), ValueError, "`warmup_steps` must be a whole number of steps"),
        (lambda: warmup(0.1, 5, kind="exp"), ValueError, "`kind` must be one of 'linear', 'c"),
        (lambda: warmup(0.1, 5, init_value=-1), ValueError, "`init_value` must be >= 0."),
        (lambda: warmup(0.1, True), TypeError, "`warmup_steps` must be a real number"),
        (lambda: warmup(lr.cosine_decay, 5), TypeError, "Argument `schedule` must be a Sched"),
        (lambda: constant(math.nan), ValueError, "Argument `value` must be finite."),
        (lambda: constant(-0.1), ValueError, "Argument `value` must be >= 0."),
        (lambda: join([], []), ValueError, "Argument `schedules` must contain at least one"),
        (lambda: join(0.1, []), TypeError, "Argument `schedules` must be a list of schedules"),
        (lambda: join([0.1, 0.2], []), ValueError, "must have len(schedules) - 1 = 1 entries"),
        (lambda: join([0.1, 0.2, 0.3], [20, 10]), ValueError, "must be strictly increasing"),
        (lambda: join([0.1, 0.2], [0]), ValueError, "Argument `boundaries` must be >= 1"),
        (lambda: join([0.1, 0.2], [10.5]), ValueError, "must be whole numbers of steps"),
        (lambda: join([0.1, "x"], [10]), TypeError, "Argument `schedules[1]` must be a Sch"),
        (lambda: warmup(0.1, 5)(-1), ValueError, "Argument `step` must be >= 0 (a training"),
        (lambda: join([0.1, 0.2], [3])([1.5]), ValueError, "Argument `step` must be a whole"),
        (lambda: warmup(0.1, 5)("3"), TypeError, "Argument `step` must be an integer step"),
    ],
)
def test_validation_messages(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_bad_inner_schedule_is_reported_by_the_schedule():
    with pytest.raises(ValueError, match="Argument `decay_steps` must be > 0"):
        warmup({"name": "cosine_decay", "learning_rate": 0.1, "decay_steps": 0}, 5)


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_config_round_trip_through_json(name):
    for comp in composites_of(base(name)):
        config = json.loads(json.dumps(comp.get_config()))
        again = from_config(config)
        assert again == comp and type(again) is type(comp)
        np.testing.assert_array_equal(again(np.arange(120)), comp(np.arange(120)))


def test_config_shape():
    w = warmup(join([0.1, 0.01], [50]), 10, kind="cosine", init_value=0.001)
    assert w.get_config() == {
        "name": "warmup",
        "schedule": {
            "name": "join",
            "schedules": [{"name": "constant", "value": 0.1}, {"name": "constant", "value": 0.01}],
            "boundaries": [50],
        },
        "warmup_steps": 10,
        "kind": "cosine",
        "init_value": 0.001,
    }
    assert Warmup.from_config(w.get_config()) == w
    with pytest.raises(ValueError, match="Not a join config"):
        Join.from_config(w.get_config())
    assert set(COMPOSITE_NAMES) == {"constant", "warmup", "join"}
    assert from_config(base("fixed").get_config()) == base("fixed")
    with pytest.raises(TypeError, match="a dict with a 'name'"):
        from_config({"value": 1})


def test_as_schedule():
    s = base("cosine_decay")
    assert as_schedule(s) is s
    assert as_schedule(0.5) == constant(0.5)
    assert as_schedule(s.get_config()) == s
    with pytest.raises(TypeError):
        as_schedule(True)


# --------------------------------------------------------------------------- flat parameters


def test_flat_params_and_spec_agree():
    j = join([warmup(base("cosine_decay"), 10), base("piecewise_constant")], [100])
    assert list(j.params) == [p.name for p in j.spec]
    assert j.params["p0__warmup_steps"] == 10
    assert j.params["p0__schedule__decay_steps"] == 50
    assert j.params["p1__boundaries"] == [10, 20, 30, 40, 50]
    assert j.params["boundaries"] == [100]
    spec = {p.name: p for p in j.spec}
    assert spec["p0__schedule__alpha"].kind == "float"
    assert "p0 (warmup)" in spec["p0__warmup_steps"].description


def test_replace_by_flat_name():
    j = join([warmup(base("cosine_decay"), 10), 0.001], [100])
    k = j.replace(p0__schedule__decay_steps=80, boundaries=[120], p1__value=0.002)
    assert k.schedules[0].schedule.params["decay_steps"] == 80
    assert k.boundaries == (120,) and k.schedules[1] == constant(0.002)
    assert j.boundaries == (100,)  # the original is unchanged
    with pytest.raises(TypeError, match=r"unknown parameter\(s\) \['p2__value', 'speed'\]"):
        j.replace(speed=1, p2__value=0.1)
    with pytest.raises(ValueError, match="Argument `decay_steps` must be > 0"):
        j.replace(p0__schedule__decay_steps=0)


def test_leaves_and_suggested_steps():
    w = warmup(join([base("cosine_decay"), 0.001], [100]), 20)
    assert [(s.name, path) for s, path in leaves(w)] == [
        ("cosine_decay", ("schedule", "p0")),
        ("constant", ("schedule", "p1")),
    ]
    assert suggested_steps(base("cosine_decay")) == 60  # the article's range
    assert suggested_steps(base("cosine_decay", decay_steps=500)) == 600
    assert w.num_steps == 20 + 100 + 60


def test_import_lrdecay_lit_stays_light():
    code = (
        "import sys, lrdecay_lit as lr; lr.warmup(0.1, 5)(3); "
        "print(sorted(m for m in ('sympy', 'matplotlib', 'ipywidgets', 'torch', 'jax', 'keras', "
        "'optax', 'tensorflow') if m in sys.modules))"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- sympy layer


def _close(a, b, rtol=1e-12):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape
    scale = np.maximum(np.abs(a), np.abs(b))
    bad = np.abs(a - b) > rtol * scale + 1e-15
    assert not bad.any(), (np.flatnonzero(bad)[:5], a[bad][:5], b[bad][:5])


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_generated_numpy_agrees_with_the_core(name):
    """numeric_of (lambdified Piecewise + generated leaves) vs the hand-vectorised core."""
    steps = np.arange(400)
    for comp in composites_of(base(name)):
        _close(S.numeric_of(comp)(steps), comp(steps))


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_array_function_in_numpy_agrees_with_the_core(name):
    """The code the jax/Keras adapters use, printed for numpy in float64."""
    steps = np.arange(400)
    for comp in [base(name), *composites_of(base(name))]:
        f = S.array_function(comp, "numpy")
        with np.errstate(all="ignore"):
            got = np.broadcast_to(f(steps.astype(np.float64), S.RESTART_RTOL), steps.shape)
        _close(got, comp(steps))


def test_array_function_places_sgdr_restarts_exactly():
    s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=8, t_mul=1.5)
    steps = np.arange(3000)
    f = S.array_function(warmup(s, 3), "numpy")
    with np.errstate(all="ignore"):
        got = f(steps.astype(np.float64), S.RESTART_RTOL)
    _close(got, warmup(s, 3)(steps))


def test_array_function_calls_the_core_for_noise():
    # the noise is the numpy core's function of (seed, step), called as a host function
    noisy = lr.Schedule("noisy_linear_cosine_decay", learning_rate=0.1, decay_steps=50, seed=4)
    comp = warmup(noisy, 3)
    f = S.array_function(comp, "numpy")
    steps = np.arange(80)
    with np.errstate(all="ignore"):
        got = np.broadcast_to(f(steps.astype(np.float64), S.RESTART_RTOL), steps.shape)
    np.testing.assert_array_equal(got[3:], comp(steps)[3:])
    _close(got, comp(steps))
    with pytest.raises(ValueError, match="host_call"):
        S.array_function(comp, {n: getattr(np, n) for n in ARRAY_FUNCTION_NAMES})


def test_array_function_lists_sgdr_restarts_for_a_sorted_search():
    s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=10, t_mul=1.3)
    assert "sgdr_restarts_0(t)" in str(S.array_expression(s))
    with pytest.raises(ValueError, match="count_le"):
        S.array_function(s, {n: getattr(np, n) for n in ARRAY_FUNCTION_NAMES})
    # t_mul = 1: the index is floor(t / T0), no list
    flat = s.replace(t_mul=1.0)
    assert "sgdr_restarts" not in str(S.array_expression(flat))


def test_array_function_with_a_namespace_prints_nested_where():
    import inspect

    f = S.array_function(
        join([0.1, 0.01], [5]), {n: getattr(np, n) for n in S._arrays.ARRAY_FUNCTION_NAMES}
    )
    assert "where(" in inspect.getsource(f) and "select" not in inspect.getsource(f)
    assert f(np.array([4.0, 5.0]), 0.0).tolist() == [0.1, 0.01]


def test_expression_is_a_piecewise_of_shifted_pieces():
    cos = lr.Schedule("cosine_decay", learning_rate=0.5, decay_steps=100)
    e = S.expression_of(warmup(cos, 10))
    t = S.t
    inner = S.expression("cosine_decay", learning_rate=0.5, decay_steps=100, alpha=0)
    assert e == sp.Piecewise((t / 20, t < 10), (inner.subs(t, t - 10), True))
    assert warmup(cos, 10).expr(substitute=True) == e == warmup(cos, 10).expr(symbolic=False)
    assert warmup(cos, 10).expr() == S.expression_of(warmup(cos, 10), symbolic=True)
    with pytest.raises(ValueError, match="the same switch"):
        warmup(cos, 10).expr(substitute=True, symbolic=True)
    sym = S.expression_of(warmup(cos, 10), symbolic=True)
    names = {s.name for s in sym.free_symbols}
    assert names == {"t", "warmup_steps", "init_value", "learning_rate", "decay_steps", "alpha"}
    j = S.expression_of(join([cos, cos], [7]), symbolic=True)
    assert {"learning_rate__0", "learning_rate__1", "boundary_1"} <= {
        s.name for s in j.free_symbols
    }


def test_latex_uses_the_books_notation():
    cos = lr.Schedule("cosine_decay", learning_rate=0.5, decay_steps=100)
    tex = warmup(cos, 10).latex(substitute=False)
    assert r"\eta_{\text{init}}" in tex and "W" in tex and r"\eta_{0}" in tex
    tex = join([cos, cos], [7]).latex(substitute=False)
    assert r"{\eta_{0}}^{(1)}" in tex and "B_{1}" in tex


@pytest.mark.parametrize(
    "name", ["exponential_decay", "inverse_time_decay", "polynomial_decay", "cosine_decay"]
)
def test_derivative_matches_finite_differences(name):
    for comp in composites_of(base(name))[:3]:
        d = S.numeric_expr(S.derivative_of(comp))
        f = S.numeric_of(comp)
        # interior points of each piece, away from its kinks
        t = np.array([3.5, 11.25, 40.5, 52.5, 95.5, 150.5])
        h = 1e-5
        with np.errstate(all="ignore"):
            fd = (f(t + h) - f(t - h)) / (2 * h)
        _close(d(t), fd, rtol=1e-5)


def test_derivative_of_a_cosine_warmup():
    assert S.derivative_of(warmup(0.5, 10, kind="cosine")) == sp.Piecewise(
        (sp.pi * sp.sin(sp.pi * S.t / 10) / 40, S.t < 10), (0, True)
    )


@pytest.mark.parametrize(
    "name",
    [
        "exponential_decay",
        "inverse_time_decay",
        "polynomial_decay",
        "cosine_decay",
        "cosine_decay_restarts",
        "piecewise_constant",
        "linear_cosine_decay",
        "fixed",
    ],
)
def test_budget_integral_matches_quadrature(name):
    comp = join([warmup(base(name), 12, kind="cosine"), 0.002], [150])
    exact = S.budget_integral_of(comp, 200)
    assert exact.closed_form
    f = S.numeric_of(comp)
    x = np.linspace(0, 200, 400_001)
    with np.errstate(all="ignore"):
        y = f(x)
    quad = float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)))
    assert float(exact.value) == pytest.approx(quad, rel=2e-4)


def test_budget_integral_symbolic_upper_is_piecewise_in_it():
    w = warmup(0.5, 10)
    value = S.budget_integral_of(w).value
    assert float(value.subs(S.T, 4)) == pytest.approx(0.05 * 16 / 2)
    assert float(value.subs(S.T, 30)) == pytest.approx(2.5 + 10)


@pytest.mark.parametrize(
    "name",
    [
        "exponential_decay",
        "natural_exp_decay",
        "inverse_time_decay",
        "polynomial_decay",
        "cosine_decay",
        "piecewise_constant",
        "fixed",
    ],
)
def test_budget_sum_matches_the_core(name):
    comp = join(
        [warmup(base(name), 12), base(name, staircase=True) if "exp" in name else 0.002], [150]
    )
    for count in (7, 100, 300):
        value = S.budget_sum_of(comp, count).value
        assert float(value) == pytest.approx(float(np.sum(comp(np.arange(count)))), rel=1e-10)


def test_budget_sum_symbolic_count():
    value = S.budget_sum_of(warmup(0.5, 10)).value
    for count in (3, 10, 25):
        assert float(value.subs(S.N, count)) == pytest.approx(
            float(np.sum(warmup(0.5, 10)(np.arange(count))))
        )


def test_limit_is_the_last_pieces_limit():
    cos = base("cosine_decay")  # alpha 0.01 of 0.3
    assert S.limit_at_infinity_of(warmup(cos, 10)) == sp.Rational(3, 1000)
    assert S.limit_at_infinity_of(join([cos, 0.002], [100])) == sp.Rational(1, 500)
    e = base("exponential_decay")
    assert S.limit_at_infinity_of(warmup(join([0.1, e], [5]), 3)) == 0


def test_helpers_accept_base_schedules_too():
    e = base("exponential_decay")
    assert S.derivative_of(e) == S.derivative("exponential_decay", **e.params)
    assert S.expression_of(e) == S.expression("exponential_decay", **e.params)


# --------------------------------------------------------------------------- explorers


def test_explorer_controls_come_from_the_flat_spec():
    pytest.importorskip("ipywidgets")
    from lrdecay_lit.widgets import explore

    w = warmup(lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=100), 20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = explore(w, static=False, view="none")
    assert [k for k in ex.controls if k not in ex.common] == [p.name for p in w.spec]
    assert float(ex.lines[0].get_ydata()[20]) == 0.1
    ex.controls["warmup_steps"].value = 40
    assert float(ex.lines[0].get_ydata()[40]) == 0.1
    assert ex.curves[0].schedule.warmup_steps == 40
    assert ex.curves[0].label == "linear warmup(40) → cosine_decay"
    assert "W" in ex.formula.value and "begin{cases}" in ex.formula.value
    ex.controls["init_value"].value = 0.2  # above the peak: still valid (a ramp down)
    assert ex.errors == []


def test_explorer_overrides_and_static_figure():
    pytest.importorskip("matplotlib")
    from lrdecay_lit.widgets import explore

    j = join([warmup(base("cosine_decay"), 10), 0.001], [100])
    fig = explore(j, p0__warmup_steps=5)
    assert fig.axes[0].get_title() == "join(linear warmup(5) → cosine_decay, constant(0.001))"
    y = fig.axes[0].get_lines()[0].get_ydata()
    assert len(y) == j.num_steps and y[5] == 0.3
    with pytest.raises(TypeError, match="unknown parameter"):
        explore(j, warmup_steps=5)
