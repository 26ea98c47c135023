"""Tests of lrdecay_lit.schedules: closed forms, TF semantics, shapes, and invariants.

Closed forms here are written from the TF1 source's arithmetic, step by step, so a change
of convention in the package (boundary side, cycle at step 0, clipping, restart index)
fails a test. Values from TensorFlow itself are in test_golden.py; agreement with the sympy
expressions is in test_symbolic.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import params as params_of

import lrdecay_lit as lr
from lrdecay_lit import schedules
from lrdecay_lit._restarts import restart_horizon

STEPS = np.arange(0, 301)


# --------------------------------------------------------------------------- closed forms


def test_exponential_closed_form():
    got = lr.exponential_decay(0.5, STEPS, 10, 0.9)
    np.testing.assert_allclose(got, 0.5 * 0.9 ** (STEPS / 10), rtol=1e-15)


def test_exponential_staircase_changes_only_every_decay_steps():
    got = lr.exponential_decay(0.6, STEPS, 10, 0.6, staircase=True)
    np.testing.assert_allclose(got, 0.6 * 0.6 ** (STEPS // 10), rtol=1e-15)
    changes = np.flatnonzero(np.diff(got)) + 1
    np.testing.assert_array_equal(changes, np.arange(10, 301, 10))


def test_natural_exp_is_exponential_with_base_e_minus_rate():
    for staircase in (False, True):
        a = lr.natural_exp_decay(0.6, STEPS, 10, 0.6, staircase=staircase)
        b = lr.exponential_decay(0.6, STEPS, 10, math.exp(-0.6), staircase=staircase)
        np.testing.assert_allclose(a, b, rtol=1e-13)


def test_inverse_time_closed_form_and_staircase():
    np.testing.assert_allclose(
        lr.inverse_time_decay(0.1, STEPS, 10, 0.2), 0.1 / (1 + 0.2 * STEPS / 10), rtol=1e-15
    )
    np.testing.assert_allclose(
        lr.inverse_time_decay(0.1, STEPS, 10, 0.2, staircase=True),
        0.1 / (1 + 0.2 * (STEPS // 10)),
        rtol=1e-15,
    )


def test_polynomial_holds_end_value_after_decay_steps():
    got = lr.polynomial_decay(0.5, STEPS, 10, 0.0001)
    expected = (0.5 - 0.0001) * (1 - np.minimum(STEPS, 10) / 10) + 0.0001
    np.testing.assert_allclose(got, expected, rtol=1e-14)
    assert np.all(got[10:] == 0.0001)


def test_polynomial_power():
    got = lr.polynomial_decay(1.0, STEPS, 100, 0.0, power=2.0)
    np.testing.assert_allclose(got, (1 - np.minimum(STEPS, 100) / 100) ** 2, rtol=1e-14, atol=0)


def test_polynomial_cycle_tf_arithmetic():
    # TF: multiplier = 1 if step == 0 else ceil(step / decay_steps); horizon = T * multiplier
    t = STEPS.astype(float)
    mult = np.where(t == 0, 1.0, np.ceil(t / 10))
    expected = (0.1 - 0.01) * (1 - t / (10 * mult)) + 0.01
    np.testing.assert_allclose(
        lr.polynomial_decay(0.1, STEPS, 10, 0.01, cycle=True), expected, rtol=1e-14
    )


def test_polynomial_cycle_restarts_every_decay_steps_with_lower_peaks():
    got = lr.polynomial_decay(0.1, STEPS, 10, 0.01, cycle=True)
    # the end value is reached exactly at every multiple of T ...
    np.testing.assert_allclose(got[10::10], 0.01, rtol=1e-14)
    # ... and the rate jumps up one step later: the period stays T (it does not grow)
    jumps = np.flatnonzero(np.diff(got) > 0) + 1
    np.testing.assert_array_equal(jumps, np.arange(11, 301, 10))
    # peak after the k-th restart: (lr - end) * (1 - (kT + 1) / ((k + 1) T)) + end
    k = np.arange(1, 30)
    np.testing.assert_allclose(
        got[k * 10 + 1], 0.09 * (1 - (k * 10 + 1) / ((k + 1) * 10)) + 0.01, rtol=1e-14
    )
    assert np.all(np.diff(got[k * 10 + 1]) < 0)  # "each rise is lower"


def test_piecewise_constant_boundary_belongs_to_earlier_value():
    b, v = [10, 20, 30, 40, 50], [0.06, 0.05, 0.04, 0.03, 0.02, 0.01]
    got = lr.piecewise_constant(STEPS[:61], b, v)
    expected = np.select(
        [STEPS[:61] <= 10, STEPS[:61] <= 20, STEPS[:61] <= 30, STEPS[:61] <= 40, STEPS[:61] <= 50],
        v[:5],
        v[5],
    )
    np.testing.assert_array_equal(got, expected)
    assert lr.piecewise_constant(10, b, v) == 0.06
    assert lr.piecewise_constant(11, b, v) == 0.05


def test_cosine_closed_form_and_clipping():
    got = lr.cosine_decay(0.3, STEPS, 50, alpha=0.01)
    cd = 0.5 * (1 + np.cos(np.pi * np.minimum(STEPS, 50) / 50))
    np.testing.assert_allclose(got, 0.3 * ((1 - 0.01) * cd + 0.01), rtol=1e-14)
    assert np.all(got[50:] == got[50])
    assert got[50] == pytest.approx(0.3 * 0.01, rel=1e-14)


def _sgdr_reference(lr0, t, t0, t_mul, m_mul, alpha):
    """Period-by-period construction of SGDR in plain Python (no logarithms)."""
    out = []
    for step in t:
        start, length, i = 0.0, float(t0), 0
        while step >= start + length:
            start += length
            length *= t_mul
            i += 1
        frac = (step - start) / length
        out.append(lr0 * ((1 - alpha) * 0.5 * m_mul**i * (1 + math.cos(math.pi * frac)) + alpha))
    return np.array(out)


@pytest.mark.parametrize(
    ("t0", "t_mul", "m_mul", "alpha"),
    [
        (10, 1.5, 0.8, 0.011),
        (10, 2.0, 1.0, 0.0),
        (7, 1.0, 0.5, 0.1),
        (3, 1.1, 0.9, 0.0),
        (10, 0.9, 0.9, 0.0),
    ],
)
def test_cosine_restarts_matches_period_construction(t0, t_mul, m_mul, alpha):
    steps = STEPS[:90] if t_mul < 1 else STEPS  # t_mul=0.9: all periods end at 100
    got = lr.cosine_decay_restarts(0.3, steps, t0, t_mul, m_mul, alpha)
    # atol: near the floor 1 + cos(pi * phase) cancels, leaving ulps of 0.3 absolute error
    np.testing.assert_allclose(
        got, _sgdr_reference(0.3, steps, t0, t_mul, m_mul, alpha), rtol=1e-12, atol=1e-15
    )


def test_cosine_restarts_article_restart_steps():
    got = lr.cosine_decay_restarts(0.3, np.arange(60), 10, 1.5, 0.8, 0.011)
    jumps = np.flatnonzero(np.diff(got) > 0) + 1
    # periods of 10, 15, 22.5 steps: restarts at 10, 25 and 47.5 (first whole step 48)
    np.testing.assert_array_equal(jumps, [10, 25, 48])
    # peaks: lr * ((1 - alpha) * m_mul^k + alpha)
    np.testing.assert_allclose(
        got[[0, 10, 25]], 0.3 * (0.989 * 0.8 ** np.arange(3) + 0.011), rtol=1e-14
    )


def test_cosine_restarts_t_mul_below_one_beyond_horizon_raises():
    with pytest.raises(ValueError, match="global_step.*t_mul < 1"):
        lr.cosine_decay_restarts(0.3, [0, 150], 10, 0.9)  # all periods fit in 10 / 0.1 = 100


def test_linear_cosine_closed_form():
    t = np.minimum(STEPS, 50)
    linear = (50 - t) / 50
    cd = 0.5 * (1 + np.cos(np.pi * 2 * 3.0 * t / 50))
    np.testing.assert_allclose(
        lr.linear_cosine_decay(0.3, STEPS, 50, 3.0, 0.0, 0.2),
        0.3 * ((0.0 + linear) * cd + 0.2),
        rtol=1e-14,
    )


def test_linear_cosine_default_is_not_cosine_decay():
    # Article B claims equality with the default num_periods; the linear factor says no.
    a = lr.linear_cosine_decay(1.0, STEPS[:51], 50, beta=0.0)
    b = lr.cosine_decay(1.0, STEPS[:51], 50)
    np.testing.assert_allclose(a, b * (1 - STEPS[:51] / 50), rtol=1e-12, atol=1e-16)
    assert np.max(np.abs(a - b)) > 0.1


def test_noisy_without_variance_is_linear_cosine():
    a = lr.noisy_linear_cosine_decay(0.1, STEPS, 50, 0.0, 0.1, 0.2, 0.5, 0.2, seed=1)
    b = lr.linear_cosine_decay(0.1, STEPS, 50, 0.2, 0.5, 0.2)
    np.testing.assert_allclose(a, b, rtol=1e-15)


def test_noisy_seed_reproducible_and_a_function_of_the_step():
    args = (0.1, STEPS, 50, 0.01, 0.1, 0.2, 0.5, 0.2)
    a = lr.noisy_linear_cosine_decay(*args, seed=3)
    np.testing.assert_array_equal(a, lr.noisy_linear_cosine_decay(*args, seed=3))
    assert not np.array_equal(a, lr.noisy_linear_cosine_decay(*args, seed=4))
    # one step at a time (a PyTorch scheduler) gives the same draws as one array call
    one_by_one = [lr.noisy_linear_cosine_decay(*args[:1], k, *args[2:], seed=3) for k in STEPS]
    np.testing.assert_array_equal(one_by_one, a)
    # ...and so does any slice, in any order
    np.testing.assert_array_equal(
        lr.noisy_linear_cosine_decay(*args[:1], STEPS[::-3], *args[2:], seed=3), a[::-3]
    )
    with pytest.raises(TypeError, match="seed"):
        lr.noisy_linear_cosine_decay(*args, seed=np.random.default_rng(3))


def test_noisy_without_a_seed_draws_fresh_noise():
    args = (0.1, STEPS, 50, 0.01, 0.1, 0.2, 0.5, 0.2)
    a = lr.noisy_linear_cosine_decay(*args)
    assert not np.array_equal(a, lr.noisy_linear_cosine_decay(*args))


def test_noisy_mean_and_variance_match_the_model():
    # eps_t ~ N(0, v0 / (1 + min(t, T))^d); lr_t = lr * ((alpha + linear + eps) * cd + beta)
    t = np.array([0, 10, 25, 49, 50, 80])
    draws = np.stack(
        [
            lr.noisy_linear_cosine_decay(0.1, t, 50, 0.01, 0.1, 0.2, 0.5, 0.2, seed=s)
            for s in range(4000)
        ]
    )
    mean = lr.linear_cosine_decay(0.1, t, 50, 0.2, 0.5, 0.2)
    cd = 0.5 * (1 + np.cos(2 * np.pi * 0.2 * np.minimum(t, 50) / 50))
    sd = 0.1 * cd * np.sqrt(0.01 / (1 + np.minimum(t, 50)) ** 0.1)
    # 4000 draws: standard error of the mean is sd/63; allow 5 of them
    np.testing.assert_array_less(np.abs(draws.mean(0) - mean), 5 * sd / np.sqrt(4000) + 1e-15)
    np.testing.assert_allclose(draws.std(0), sd, rtol=0.06)


def test_fixed_is_constant():
    np.testing.assert_array_equal(lr.fixed(0.01, STEPS), np.full(STEPS.shape, 0.01))


# --------------------------------------------------------------------------- shapes and types

ALL_CALLS = {
    "exponential_decay": lambda s: lr.exponential_decay(0.5, s, 10, 0.9),
    "natural_exp_decay": lambda s: lr.natural_exp_decay(0.5, s, 10, 0.9),
    "inverse_time_decay": lambda s: lr.inverse_time_decay(0.5, s, 10, 0.9),
    "polynomial_decay": lambda s: lr.polynomial_decay(0.5, s, 10, cycle=True),
    "piecewise_constant": lambda s: lr.piecewise_constant(s, [10, 20], [0.3, 0.2, 0.1]),
    "cosine_decay": lambda s: lr.cosine_decay(0.5, s, 10),
    "cosine_decay_restarts": lambda s: lr.cosine_decay_restarts(0.5, s, 10),
    "linear_cosine_decay": lambda s: lr.linear_cosine_decay(0.5, s, 10),
    "noisy_linear_cosine_decay": lambda s: lr.noisy_linear_cosine_decay(0.5, s, 10, seed=0),
    "fixed": lambda s: lr.fixed(0.5, s),
}


def test_every_schedule_is_covered():
    assert set(ALL_CALLS) == set(lr.SCHEDULE_NAMES)


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_scalar_matches_vector_and_types(name):
    call = ALL_CALLS[name]
    steps = np.arange(40)
    vec = call(steps)
    assert vec.dtype == np.float64 and vec.shape == steps.shape
    scalar = call(7)
    assert isinstance(scalar, np.float64)
    # every schedule, the noisy one included (its noise is a function of seed and step)
    assert scalar == vec[7]
    assert call(7.0) == vec[7]
    assert call(np.int32(7)) == vec[7]
    np.testing.assert_array_equal(call(list(range(40))), vec)
    np.testing.assert_array_equal(call(steps.reshape(4, 10)), vec.reshape(4, 10))
    np.testing.assert_array_equal(call(steps.astype(np.uint16)), vec)
    assert call(np.array(7)).shape == ()
    assert call(np.array([], dtype=int)).shape == (0,)


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_input_array_is_not_modified(name):
    steps = np.arange(30, dtype=np.float64)
    before = steps.copy()
    ALL_CALLS[name](steps)
    np.testing.assert_array_equal(steps, before)


# --------------------------------------------------------------------------- properties

lrs = st.floats(1e-6, 10.0)
decay_steps = st.floats(0.5, 1e5)
rates = st.floats(1e-3, 1.0)
big_steps = st.integers(0, 10**12)
step_arrays = st.lists(big_steps, min_size=1, max_size=20).map(np.array)


@given(lr0=lrs, ds=decay_steps, rate=rates, staircase=st.booleans(), t=step_arrays)
def test_exponential_bounded_monotone_finite(lr0, ds, rate, staircase, t):
    t = np.sort(t)
    y = lr.exponential_decay(lr0, t, ds, rate, staircase=staircase)
    assert np.all(np.isfinite(y)) and np.all((0 <= y) & (y <= lr0))
    assert np.all(np.diff(y) <= 0)


@given(lr0=lrs, ds=decay_steps, rate=rates, t=step_arrays)
def test_staircase_never_above_smooth(lr0, ds, rate, t):
    for fn in (lr.exponential_decay, lr.inverse_time_decay, lr.natural_exp_decay):
        stair = fn(lr0, t, ds, rate, staircase=True)
        smooth = fn(lr0, t, ds, rate, staircase=False)
        assert np.all(stair >= smooth * (1 - 1e-12))  # staircase lags: never decays earlier


@given(lr0=lrs, ds=decay_steps, k=st.floats(0, 50), staircase=st.booleans(), t=step_arrays)
def test_inverse_time_and_natural_exp_bounded_monotone(lr0, ds, k, staircase, t):
    t = np.sort(t)
    for fn in (lr.inverse_time_decay, lr.natural_exp_decay):
        y = fn(lr0, t, ds, k, staircase=staircase)
        assert np.all(np.isfinite(y)) and np.all((0 <= y) & (y <= lr0))
        assert np.all(np.diff(y) <= 0)


@given(
    lr0=lrs,
    ds=decay_steps,
    end=st.floats(0, 10),
    power=st.floats(0.05, 10),
    cycle=st.booleans(),
    t=step_arrays,
)
def test_polynomial_between_end_and_start(lr0, ds, end, power, cycle, t):
    y = lr.polynomial_decay(lr0, t, ds, end, power, cycle)
    lo, hi = min(lr0, end), max(lr0, end)
    assert np.all(np.isfinite(y))
    # (lr - end) * x + end rounds to within a few ulps of hi, not of lo
    assert np.all((y >= lo - 1e-12 * hi) & (y <= hi * (1 + 1e-12)))
    if not cycle:
        ts = np.sort(t)
        ys = lr.polynomial_decay(lr0, ts, ds, end, power, cycle)
        d = np.diff(ys) * np.sign(lr0 - end)
        assert np.all(d <= 1e-15 * hi)


@given(lr0=lrs, ds=st.integers(1, 10**6), k=st.integers(1, 10**5))
def test_polynomial_cycle_end_value_at_every_multiple(lr0, ds, k):
    y = lr.polynomial_decay(lr0, np.array([k * ds, k * ds + 1]), ds, 0.0, 1.0, True)
    assert y[0] == pytest.approx(0.0, abs=1e-12 * lr0)
    expected = lr0 * (1 - (k * ds + 1) / ((k + 1) * ds))
    assert y[1] == pytest.approx(expected, rel=1e-9, abs=1e-15)


@given(lr0=lrs, ds=decay_steps, alpha=st.floats(0, 1), t=step_arrays)
def test_cosine_bounded_monotone(lr0, ds, alpha, t):
    t = np.sort(t)
    y = lr.cosine_decay(lr0, t, ds, alpha)
    assert np.all((y >= alpha * lr0 * (1 - 1e-12)) & (y <= lr0 * (1 + 1e-12)))
    assert np.all(np.diff(y) <= 1e-15 * lr0)


@given(
    lr0=lrs,
    t0=st.floats(1, 1e4),
    t_mul=st.floats(1.0, 4.0),
    m_mul=st.floats(0.01, 1.0),
    alpha=st.floats(0, 1),
    t=step_arrays,
)
def test_cosine_restarts_bounded_and_finite(lr0, t0, t_mul, m_mul, alpha, t):
    y = lr.cosine_decay_restarts(lr0, t, t0, t_mul, m_mul, alpha)
    assert np.all(np.isfinite(y))
    assert np.all((y >= alpha * lr0 * (1 - 1e-12)) & (y <= lr0 * (1 + 1e-12)))


@given(t0=st.integers(1, 1000), t_mul=st.sampled_from([1.0, 1.5, 2.0, 3.0]), k=st.integers(1, 12))
def test_cosine_restarts_jump_exactly_at_restart_steps(t0, t_mul, k):
    # S_k = t0 (t_mul^k - 1) / (t_mul - 1) (or t0 k); when S_k is a whole step the rate is
    # back at its peak there, and one step earlier it was near the floor.
    start = t0 * k if t_mul == 1 else t0 * (t_mul**k - 1) / (t_mul - 1)
    assume(start == int(start) and start < 1e12)
    assume(t0 * t_mul ** (k - 1) >= 2)  # so step start - 1 is not itself a restart
    # m_mul = 0.9: one step before the restart the rate is at most half the previous peak,
    # 0.5 * 0.9^(k-1) < 0.9^k, so the restart is a strict jump up
    y = lr.cosine_decay_restarts(1.0, np.array([start - 1, start]), t0, t_mul, 0.9, 0.0)
    assert y[1] == pytest.approx(0.9**k, rel=1e-12)
    assert y[0] < y[1]


@given(
    lr0=lrs,
    ds=decay_steps,
    n=st.floats(0, 20),
    alpha=st.floats(0, 2),
    beta=st.floats(0, 1),
    t=step_arrays,
)
def test_linear_cosine_bounded(lr0, ds, n, alpha, beta, t):
    y = lr.linear_cosine_decay(lr0, t, ds, n, alpha, beta)
    assert np.all(np.isfinite(y))
    assert np.all((y >= beta * lr0 * (1 - 1e-12)) & (y <= lr0 * (1 + alpha + beta) * (1 + 1e-12)))


@given(
    lr0=lrs,
    ds=decay_steps,
    v0=st.floats(0, 10),
    d=st.floats(0, 5),
    t=step_arrays,
    seed=st.integers(0, 2**32),
)
def test_noisy_is_finite(lr0, ds, v0, d, t, seed):
    y = lr.noisy_linear_cosine_decay(lr0, t, ds, v0, d, seed=seed)
    assert np.all(np.isfinite(y))


@given(t=st.integers(0, 10**9), ds=st.integers(1, 1000), rate=rates)
def test_continuity_of_smooth_schedules(t, ds, rate):
    # one step moves a smooth schedule by at most |max slope| = lr * |ln r| / T (exponential),
    # lr * k / T (inverse time), lr * pi / (2 T) (cosine)
    pair = np.array([t, t + 1])
    e = lr.exponential_decay(1.0, pair, ds, rate)
    assert abs(e[1] - e[0]) <= -math.log(rate) / ds * (1 + 1e-9) + 1e-15
    i = lr.inverse_time_decay(1.0, pair, ds, rate)
    assert abs(i[1] - i[0]) <= rate / ds * (1 + 1e-9) + 1e-15
    c = lr.cosine_decay(1.0, pair, ds)
    assert abs(c[1] - c[0]) <= math.pi / (2 * ds) * (1 + 1e-9) + 1e-15


@given(t0=st.integers(1, 100), periods=st.integers(1, 50), offset=st.integers(0, 99))
def test_cosine_restarts_t_mul_one_is_periodic_up_to_m_mul(t0, periods, offset):
    offset %= t0
    a = lr.cosine_decay_restarts(1.0, offset, t0, 1.0, 1.0, 0.0)
    b = lr.cosine_decay_restarts(1.0, offset + periods * t0, t0, 1.0, 1.0, 0.0)
    assert b == pytest.approx(a, rel=1e-9, abs=1e-15)


def test_huge_steps_stay_finite():
    t = np.array([0, 10**6, 10**9, 10**12])
    for name, call in ALL_CALLS.items():
        assert np.all(np.isfinite(call(t))), name
    assert np.all(np.isfinite(lr.cosine_decay_restarts(1.0, t, 1, 1.0001, 0.5)))
    assert np.all(np.isfinite(lr.exponential_decay(1.0, t, 1, 1e-3)))


# --------------------------------------------------------------------------- bad input


BAD = [
    (lambda: lr.exponential_decay(0.1, 5, 0, 0.9), ValueError, "decay_steps.*> 0"),
    (lambda: lr.exponential_decay(0.1, 5, -3, 0.9), ValueError, "decay_steps.*> 0"),
    (lambda: lr.exponential_decay(0.1, 5, 10, 0.0), ValueError, "decay_rate.*> 0"),
    (lambda: lr.exponential_decay(0.1, 5, 10, 1.5), ValueError, "decay_rate.*<= 1"),
    (lambda: lr.exponential_decay(-0.1, 5, 10, 0.9), ValueError, "learning_rate.*>= 0"),
    (lambda: lr.exponential_decay(float("nan"), 5, 10, 0.9), ValueError, "learning_rate.*finite"),
    (lambda: lr.exponential_decay(0.1, 5, float("inf"), 0.9), ValueError, "decay_steps.*finite"),
    (lambda: lr.exponential_decay(0.1, 5, 10, 0.9, staircase=1), TypeError, "staircase.*bool"),
    (lambda: lr.exponential_decay("0.1", 5, 10, 0.9), TypeError, "learning_rate.*real"),
    (lambda: lr.exponential_decay(0.1, -1, 10, 0.9), ValueError, "global_step.*>= 0"),
    (
        lambda: lr.exponential_decay(0.1, [0, 1, -5], 10, 0.9),
        ValueError,
        "Received: global_step=-5",
    ),
    (lambda: lr.exponential_decay(0.1, 2.5, 10, 0.9), ValueError, "global_step.*whole number"),
    (lambda: lr.exponential_decay(0.1, [1.0, np.nan], 10, 0.9), ValueError, "global_step.*finite"),
    (lambda: lr.exponential_decay(0.1, [1.0, np.inf], 10, 0.9), ValueError, "global_step.*finite"),
    (lambda: lr.exponential_decay(0.1, True, 10, 0.9), TypeError, "global_step"),
    (lambda: lr.exponential_decay(0.1, "3", 10, 0.9), TypeError, "global_step"),
    (lambda: lr.natural_exp_decay(0.1, 5, 10, -0.5), ValueError, "decay_rate.*>= 0"),
    (lambda: lr.natural_exp_decay(0.1, 5, 0, 0.5), ValueError, "decay_steps.*> 0"),
    (lambda: lr.inverse_time_decay(0.1, 5, 10, -0.5), ValueError, "decay_rate.*>= 0"),
    (lambda: lr.inverse_time_decay(0.1, 5, 0, 0.5), ValueError, "decay_steps.*> 0"),
    (lambda: lr.polynomial_decay(0.1, 5, 0), ValueError, "decay_steps.*> 0"),
    (lambda: lr.polynomial_decay(0.1, 5, 10, power=0), ValueError, "power.*> 0"),
    (lambda: lr.polynomial_decay(0.1, 5, 10, power=-1), ValueError, "power.*> 0"),
    (
        lambda: lr.polynomial_decay(0.1, 5, 10, end_learning_rate=-1),
        ValueError,
        "end_learning_rate.*>= 0",
    ),
    (lambda: lr.polynomial_decay(0.1, 5, 10, cycle="yes"), TypeError, "cycle.*bool"),
    (lambda: lr.piecewise_constant(5, [20, 10], [1, 2, 3]), ValueError, "boundaries.*increasing"),
    (lambda: lr.piecewise_constant(5, [10, 10], [1, 2, 3]), ValueError, "no duplicates"),
    (lambda: lr.piecewise_constant(5, [10, 20], [1, 2]), ValueError, "values.*3 entries"),
    (lambda: lr.piecewise_constant(5, [10, 20], [1, 2, 3, 4]), ValueError, "values.*3 entries"),
    (lambda: lr.piecewise_constant(5, [], [1]), ValueError, "boundaries.*at least one"),
    (lambda: lr.piecewise_constant(5, [10, np.inf], [1, 2, 3]), ValueError, "boundaries.*finite"),
    (lambda: lr.piecewise_constant(5, [10, 20], [1, np.nan, 3]), ValueError, "values.*finite"),
    (lambda: lr.piecewise_constant(5, ["a"], [1, 2]), TypeError, "boundaries"),
    (lambda: lr.piecewise_constant(-5, [10], [1, 2]), ValueError, "`x`.*>= 0"),
    (lambda: lr.cosine_decay(0.1, 5, 0), ValueError, "decay_steps.*> 0"),
    (lambda: lr.cosine_decay(0.1, 5, 10, alpha=1.5), ValueError, "alpha.*<= 1"),
    (lambda: lr.cosine_decay(0.1, 5, 10, alpha=-0.1), ValueError, "alpha.*>= 0"),
    (lambda: lr.cosine_decay_restarts(0.1, 5, 0), ValueError, "first_decay_steps.*> 0"),
    (lambda: lr.cosine_decay_restarts(0.1, 5, 10, t_mul=0), ValueError, "t_mul.*> 0"),
    (lambda: lr.cosine_decay_restarts(0.1, 5, 10, m_mul=0), ValueError, "m_mul.*> 0"),
    (lambda: lr.cosine_decay_restarts(0.1, 5, 10, m_mul=2), ValueError, "m_mul.*<= 1"),
    (lambda: lr.cosine_decay_restarts(0.1, 5, 10, alpha=2), ValueError, "alpha.*<= 1"),
    (lambda: lr.linear_cosine_decay(0.1, 5, 0), ValueError, "decay_steps.*> 0"),
    (lambda: lr.linear_cosine_decay(0.1, 5, 10, num_periods=-1), ValueError, "num_periods"),
    (lambda: lr.linear_cosine_decay(0.1, 5, 10, beta=-1), ValueError, "beta.*>= 0"),
    (lambda: lr.linear_cosine_decay(0.1, 5, 10, alpha=-1), ValueError, "alpha.*>= 0"),
    (
        lambda: lr.noisy_linear_cosine_decay(0.1, 5, 10, initial_variance=-1),
        ValueError,
        "initial_variance.*>= 0",
    ),
    (
        lambda: lr.noisy_linear_cosine_decay(0.1, 5, 10, variance_decay=-1),
        ValueError,
        "variance_decay.*>= 0",
    ),
    (lambda: lr.noisy_linear_cosine_decay(0.1, 5, 10, seed="x"), TypeError, "seed"),
    (lambda: lr.noisy_linear_cosine_decay(0.1, 5, 10, seed=1.5), ValueError, "seed.*whole"),
    (lambda: lr.noisy_linear_cosine_decay(0.1, 5, 10, seed=-1), ValueError, "seed.*>= 0"),
    (lambda: lr.noisy_linear_cosine_decay(0.1, 5, 0), ValueError, "decay_steps.*> 0"),
    (
        lambda: lr.piecewise_constant(5, [10, 20], [0.1, -0.05, 0.001]),
        ValueError,
        r"values.*learning rates >= 0 \(values\[1\] = -0.05\)",
    ),
    (lambda: lr.fixed(-1.0, 5), ValueError, "learning_rate.*>= 0"),
    (lambda: lr.fixed(0.1, -5), ValueError, "global_step.*>= 0"),
]


@pytest.mark.parametrize(("call", "exc", "match"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_raises_with_named_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_every_public_function_has_tf_docstring_sections():
    for name in schedules.__all__:
        doc = getattr(schedules, name).__doc__
        assert ":math:" in doc and "TF" in doc and "Example" in doc, name
        if name != "fixed":
            assert "Raises" in doc, name


# ----------------------------------------------------------------- exponential_decay's rounding


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay_is_within_1e12_of_the_exact_value(staircase):
    """exp(t * (ln r / T)) instead of r ** (t / T): relative error <= 1e-12 against mpmath
    wherever the value is above 1e-300 (it is eps * (1 + 3 |p ln r|), p ln r >= -691)."""
    import mpmath

    mpmath.mp.dps = 40
    rng = np.random.default_rng(5)
    worst = 0.0
    for _ in range(60):
        r = float(rng.choice([0.96, 0.5, 0.1, 0.999, 1e-3, 0.7, 1.0]))
        ds = float(rng.choice([1.0, 7.0, 100.0, 1000.0, 12345.5]))
        lr0 = float(rng.uniform(1e-3, 2.0))
        t = np.unique(np.concatenate([rng.integers(0, 10**6, 20), rng.integers(0, 10**3, 5)]))
        got = lr.exponential_decay(lr0, t, ds, r, staircase=staircase)
        for ti, gi in zip(t.tolist(), got.tolist(), strict=True):
            p = mpmath.mpf(ti) / mpmath.mpf(ds)
            q = mpmath.floor(p) if staircase else p
            exact = mpmath.mpf(lr0) * mpmath.power(mpmath.mpf(r), q)
            if exact > mpmath.mpf("1e-300"):
                worst = max(worst, float(abs(mpmath.mpf(gi) - exact) / exact))
    assert worst <= 1e-12


# ------------------------------------------------------- the definitions' domains are the rules


def _outside(domain) -> list[float]:
    """Values just outside ``domain`` (each bound: the open end itself, or past the closed)."""
    out = []
    if domain.gt is not None:
        out.append(domain.gt)
    if domain.ge is not None:
        out.append(np.nextafter(domain.ge, -np.inf))
    if domain.lt is not None:
        out.append(domain.lt)
    if domain.le is not None:
        out.append(np.nextafter(domain.le, np.inf))
    return out


@pytest.mark.parametrize("name", list(schedules.DEFINITIONS))
def test_each_parameter_is_checked_by_its_domain(name):
    """The numpy functions validate exactly with the definitions' domains."""
    d = schedules.DEFINITIONS[name]
    steps = {d.step_arg: np.arange(0, 30)}
    for p in d.symbol_params:
        for bad in _outside(p.domain):
            with pytest.raises(ValueError, match=f"Argument `{p.name}`"):
                d.function(**steps, **{**d.example(), p.name: float(bad)})
        for good in (p.domain.lower, p.domain.upper):
            if good is not None and good in p.domain:
                assert np.all(np.isfinite(d.function(**steps, **{**d.example(), p.name: good})))


@pytest.mark.parametrize("name", list(schedules.DEFINITIONS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_values_drawn_from_the_domains_are_accepted(name, data):
    """Anywhere in the domains the schedules are finite (regression: T0 = 1, t_mul = 0.9
    gave nan at step 10, which passed the horizon check as 10 < 10.000000000000002)."""
    d = schedules.DEFINITIONS[name]
    params = data.draw(params_of(name, options=True))
    stop = 300
    if "t_mul" in params:  # with t_mul < 1 all periods have ended at T0 / (1 - t_mul)
        horizon = restart_horizon(params["first_decay_steps"], params["t_mul"])
        stop = min(stop, math.ceil(min(horizon, stop)))
    steps = np.arange(0, stop)
    assert np.all(np.isfinite(d.function(**{d.step_arg: steps}, **params)))
