"""The noisy quadratic model: sympy derivation, numpy recursion, Monte Carlo, fit; Robbins-Monro.

The numpy recursion is checked against the sympy recursion, the closed-form constant-rate path,
the bias/variance split and an actual simulation of noisy SGD; the Robbins-Monro verdicts
against partial sums of the package's own schedules.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from lrdecay_lit import noisy_quadratic as Q
from lrdecay_lit import symbolic as S
from lrdecay_lit.registry import Schedule
from lrdecay_lit.symbolic import NQM


def test_recursion_is_derived_from_the_update():
    rec = S.nqm_recursion()
    want = (1 - NQM.eta * NQM.lam) ** 2 * NQM.E + NQM.eta**2 * NQM.sigma**2
    assert sp.expand(rec.second_moment - want) == 0
    assert rec.stable == sp.Interval.open(0, 2 / NQM.lam)
    assert rec.loss == NQM.lam * NQM.E / 2


def test_fixed_point_and_path():
    fp = S.nqm_fixed_point()
    floor = NQM.eta * NQM.sigma**2 / (NQM.lam * (2 - NQM.eta * NQM.lam))
    assert sp.simplify(fp.floor - floor) == 0
    assert sp.simplify(fp.small_rate - NQM.eta * NQM.sigma**2 / (2 * NQM.lam)) == 0
    vals = {NQM.eta: sp.Rational(1, 10), NQM.lam: 2, NQM.sigma: 3, NQM.E0: 5}
    rec = S.nqm_recursion().second_moment
    e = sp.Integer(5)
    for step in range(6):
        assert fp.path.subs(vals).subs(NQM.t, step) == e  # exact, rational
        e = rec.subs({NQM.E: e, NQM.eta: vals[NQM.eta], NQM.lam: 2, NQM.sigma: 3})


@pytest.mark.parametrize("steps", [1, 2, 4])
def test_split_is_the_unrolled_recursion(steps):
    assert S.nqm_split(steps).check is True


def test_numpy_matches_sympy_split():
    rng = np.random.default_rng(1)
    rates = rng.uniform(0.01, 0.5, 7)
    lam, s2, e0 = 1.3, 0.7, 2.0
    path = Q.second_moment(rates, lam, s2, e0)
    a = (1 - rates * lam) ** 2
    bias = e0 * np.prod(a)
    var = s2 * sum(rates[t] ** 2 * np.prod(a[t + 1 :]) for t in range(7))
    assert path.bias[-1] == pytest.approx(bias, rel=1e-13)
    assert path.variance[-1] == pytest.approx(var, rel=1e-13)
    assert np.allclose(path.total, path.bias + path.variance, rtol=0, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    eta=st.floats(0.001, 1.9),
    lam=st.floats(0.1, 1.0),
    s2=st.floats(0.0, 3.0),
    e0=st.floats(0.0, 5.0),
)
def test_constant_rate_follows_the_closed_form(eta, lam, s2, e0):
    if eta * lam >= 1.9:
        return
    n = 60
    path = Q.second_moment(np.full(n, eta), lam, s2, e0).total
    floor = Q.noise_floor(eta, lam, s2)
    want = floor + (e0 - floor) * (1 - eta * lam) ** (2 * np.arange(n + 1))
    assert np.allclose(path, want, rtol=1e-10, atol=1e-12)


def test_vectorised_over_runs_equals_one_by_one():
    rates = np.stack([Schedule("cosine_decay", learning_rate=0.3, decay_steps=40)(range(50))] * 3)
    lam = np.array([0.5, 1.0, 2.0])
    many = Q.second_moment(rates, lam, 0.2, 1.0).total
    for i in range(3):
        assert np.array_equal(many[i], Q.second_moment(rates[i], lam[i], 0.2, 1.0).total)


def test_monte_carlo_agrees():
    rng = np.random.default_rng(0)
    rates = Schedule("polynomial_decay", learning_rate=0.4, decay_steps=50, end_learning_rate=0)(
        range(50)
    )
    lam, sigma, runs = 1.5, 0.8, 200_000
    x = np.full(runs, 1.0)
    for eta in rates:
        x = x - eta * (lam * x + sigma * rng.standard_normal(runs))
    want = Q.second_moment(rates, lam, sigma**2, 1.0).total[-1]
    assert np.mean(x**2) == pytest.approx(want, rel=0.02)


def test_bad_input():
    with pytest.raises(ValueError, match="curvature"):
        Q.second_moment([0.1], 0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="noise_var"):
        Q.second_moment([0.1], 1.0, -1.0, 1.0)
    with pytest.raises(ValueError, match="rates"):
        Q.second_moment(0.1, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="rate"):
        Q.noise_floor(2.5, 1.0, 1.0)


def test_fit_recovers_the_model():
    true = dict(curvature=0.8, noise_var=0.05, start=1.5)
    const = np.full(400, 0.5)
    decay = Schedule("cosine_decay", learning_rate=0.5, decay_steps=400)(range(400))
    steps = np.arange(0, 401, 10)
    runs = [(r, steps, 0.3 + Q.expected_loss(r, **true)[steps]) for r in (const, decay)]
    got = Q.fit(runs, curvatures=np.linspace(0.5, 1.1, 61))
    assert got.curvature == pytest.approx(0.8)
    assert got.noise_var == pytest.approx(0.05, rel=1e-6)
    assert got.offset == pytest.approx(0.3, rel=1e-6)
    assert got.rms_log_error < 1e-8
    assert np.allclose(got.predict(decay)[steps], runs[1][2], rtol=1e-8)


# --- Robbins-Monro ---------------------------------------------------------------------------

RM_CASES = [
    ("fixed", dict(learning_rate=0.1), True, False),
    ("exponential_decay", dict(learning_rate=0.1, decay_steps=10, decay_rate=0.5), False, True),
    ("inverse_time_decay", dict(learning_rate=0.1, decay_steps=10, decay_rate=1.0), True, True),
    ("cosine_decay", dict(learning_rate=0.1, decay_steps=20, alpha=0.1), True, False),
    ("cosine_decay", dict(learning_rate=0.1, decay_steps=20, alpha=0.0), False, True),
    (
        "polynomial_decay",
        dict(learning_rate=0.1, decay_steps=10, end_learning_rate=0.0, power=1.0, cycle=True),
        True,
        True,
    ),
    (
        "cosine_decay_restarts",
        dict(learning_rate=0.1, first_decay_steps=10, alpha=0.0, m_mul=0.6),
        True,
        True,
    ),
    ("cosine_decay_restarts", dict(learning_rate=0.1, first_decay_steps=10), True, False),
    ("linear_cosine_decay", dict(learning_rate=0.1, decay_steps=20), True, False),
]


@pytest.mark.parametrize(("name", "params", "first", "second"), RM_CASES)
def test_robbins_monro_verdicts_and_partial_sums(name, params, first, second):
    rm = S.robbins_monro(name, **params)
    assert (rm.first, rm.second) == (first, second)
    eta = Schedule(name, **params)(np.arange(200_000))
    head, tail = eta[:100_000].sum(), eta.sum()
    if first:  # the partial sums keep growing
        assert tail > head * 1.05
    else:  # converged to the limit sympy found
        assert tail == pytest.approx(float(rm.sum_rate), rel=1e-6)
    squares = (eta**2).sum()
    if second and rm.squares_kind == "exact":
        assert squares == pytest.approx(float(rm.sum_squares), rel=1e-3)
    elif second and rm.squares_kind == "bound":
        assert squares <= float(rm.sum_squares)
    elif second:  # per-period integrals: the sum is within the peaks' squares of it
        assert squares == pytest.approx(float(rm.sum_squares), rel=0.2)
    else:  # the squares keep growing: every later step adds at least the smallest rate^2
        low = np.min(np.abs(eta[100_000:]))
        assert low > 0
        assert squares - (eta[:100_000] ** 2).sum() >= 100_000 * low**2 * (1 - 1e-9)
