"""Tests of lrdecay_lit.symbolic's one-step maps: derived maps iterate to the closed form,
fixed points are fixed, the stability claims hold numerically, the float64 chain is close."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import lrdecay_lit as lr
from lrdecay_lit import symbolic as S

eta = S.eta
lr0, T, r = S.symbol("learning_rate"), S.symbol("decay_steps"), S.symbol("decay_rate")
RTOL = 1e-12

rates = st.floats(0.01, 1.0)
exp_params = st.fixed_dictionaries(
    {
        "learning_rate": rates,
        "decay_steps": st.floats(1.0, 500.0),
        "decay_rate": st.floats(0.3, 0.99),
    }
)
inv_params = st.fixed_dictionaries(
    {
        "learning_rate": rates,
        "decay_steps": st.floats(1.0, 500.0),
        "decay_rate": st.floats(0.05, 5.0),
    }
)


def _relerr(a, b):
    """Largest relative error where the closed form b is a normal float64 (not underflowed)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    ok = np.abs(b) >= np.finfo(float).tiny
    assert ok[:2].all()
    return float(np.max(np.abs(a[ok] - b[ok]) / np.abs(b[ok])))


def _iterate(phi: sp.Expr, params: dict, start: float, n: int) -> np.ndarray:
    """Iterate the sympy map phi(eta) in float64 (parameters passed as floats: substituting
    exact rationals of random floats into powers makes sympy compute huge exact roots)."""
    names = sorted(params)
    f = sp.lambdify([eta, *(S.symbol(k) for k in names)], phi, modules="numpy")
    args = [float(params[k]) for k in names]
    out = [start]
    for _ in range(n - 1):
        out.append(float(f(out[-1], *args)))
    return np.array(out)


# --- the maps are derived and are the ones the issue names ---------------------------------


def test_exponential_map_is_multiplication_by_r_to_the_1_over_T():
    d = S.one_step_map("exponential_decay")
    assert sp.simplify(d.map - r ** (1 / T) * eta) == 0
    assert d.autonomous and d.fixed_points == sp.FiniteSet(0)
    assert sp.simplify(d.slope - r ** (1 / T)) == 0 and d.stability == "linear"


def test_inverse_time_map_is_neutral_at_zero():
    d = S.one_step_map("inverse_time_decay")
    assert sp.simplify(d.map - eta / (1 + r * eta / (T * lr0))) == 0
    assert d.autonomous and d.fixed_points == sp.FiniteSet(0)
    assert d.slope == 1 and d.stability == "neutral"
    # the chainable form depends on t, its limit factor is 1
    assert sp.limit(S.one_step_map("inverse_time_decay").factor, S.t, sp.oo) == 1


def test_cosine_chainable_form_is_pytorchs_and_fixed_point_is_alpha_lr():
    d = S.one_step_map("cosine_decay")
    a = S.symbol("alpha")
    pytorch = a * lr0 + (eta - a * lr0) * (1 + sp.cos(sp.pi * (S.t + 1) / T)) / (
        1 + sp.cos(sp.pi * S.t / T)
    )
    assert sp.simplify(d.chainable - pytorch) == 0
    assert d.fixed_points == sp.FiniteSet(a * lr0)
    assert d.stability == "superstable" and d.autonomous


def test_natural_exp_map_and_staircase_block_maps():
    assert S.one_step_map("natural_exp_decay").map == eta * sp.exp(-r / T)
    assert S.one_step_map("exponential_decay", staircase=True).map == r * eta
    assert S.one_step_map("natural_exp_decay", staircase=True).map == eta * sp.exp(-r)
    inv = S.one_step_map("inverse_time_decay", staircase=True)
    assert sp.simplify(inv.map - eta / (1 + r * eta / lr0)) == 0 and inv.slope == 1


def test_maps_with_resets_and_without_a_map():
    cyc = S.one_step_map("polynomial_decay", cycle=True)
    assert not cyc.autonomous and cyc.fixed_points == sp.FiniteSet(S.symbol("end_learning_rate"))
    assert cyc.resets != sp.S.EmptySet
    sgdr = S.one_step_map("cosine_decay_restarts")
    assert sgdr.fixed_points == sp.FiniteSet(S.symbol("alpha") * lr0) and not sgdr.autonomous
    pw = S.one_step_map("piecewise_constant", values=[0.1, 0.05, 0.01], boundaries=[10, 20])
    assert pw.fixed_points == sp.FiniteSet(
        sp.Rational(1, 10), sp.Rational(1, 20), sp.Rational(1, 100)
    )
    assert pw.resets == sp.FiniteSet(11, 21)
    with pytest.raises(ValueError, match="fresh noise"):
        S.one_step_map("noisy_linear_cosine_decay")


def test_substituted_values():
    d = S.one_step_map("exponential_decay", decay_rate=0.9, decay_steps=10)
    assert float(d.slope) == pytest.approx(0.9**0.1, rel=1e-15)


# --- fixed points are fixed ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, opts",
    [
        ("exponential_decay", {}),
        ("natural_exp_decay", {}),
        ("inverse_time_decay", {}),
        ("exponential_decay", {"staircase": True}),
        ("inverse_time_decay", {"staircase": True}),
        ("cosine_decay", {}),
        ("polynomial_decay", {}),
        ("linear_cosine_decay", {}),
        ("cosine_decay_restarts", {}),
        ("polynomial_decay", {"cycle": True}),
    ],
)
def test_fixed_points_satisfy_phi_of_eta_star_equals_eta_star(name, opts):
    d = S.one_step_map(name, **opts)
    for star in d.fixed_points:
        # the chainable (affine) form fixes its centre at every step
        assert sp.simplify(d.chainable.subs(eta, star) - star) == 0
        if d.autonomous:
            values = {
                "learning_rate": 0.3,
                "decay_steps": 20,
                "alpha": 0.1,
                "end_learning_rate": 0.01,
                "power": 2,
                "decay_rate": 0.5,
            }
            subs = {S.symbol(k): S.exact(v) for k, v in values.items()}
            assert sp.simplify((d.map - eta).subs(eta, star).subs(subs)) == 0


# --- iterating the maps gives the closed form ------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(["exponential_decay", "natural_exp_decay"]), p=exp_params)
def test_exponential_maps_iterate_to_closed_form(name, p):
    n = 1500
    closed = lr.Schedule(name, **p)(np.arange(n))
    assert _relerr(_iterate(S.one_step_map(name).map, p, closed[0], n), closed) < RTOL


@settings(max_examples=25, deadline=None)
@given(p=inv_params)
def test_inverse_time_map_iterates_to_closed_form(p):
    n = 1500
    closed = lr.Schedule("inverse_time_decay", **p)(np.arange(n))
    assert (
        _relerr(_iterate(S.one_step_map("inverse_time_decay").map, p, closed[0], n), closed) < RTOL
    )


@settings(max_examples=20, deadline=None)
@given(
    name=st.sampled_from(["exponential_decay", "natural_exp_decay", "inverse_time_decay"]),
    p=exp_params,
    blocks=st.integers(2, 60),
)
def test_staircase_block_map_acts_every_decay_steps(name, p, blocks):
    p = dict(p, decay_steps=float(round(p["decay_steps"])) or 1.0, staircase=True)
    phi = S.one_step_map(name, staircase=True).map
    ds = int(p["decay_steps"])
    closed = lr.Schedule(name, **p)(np.arange(blocks * ds))
    params = {k: v for k, v in p.items() if k != "staircase"}
    per_block = _iterate(phi, params, closed[0], blocks)
    assert _relerr(per_block, closed[::ds]) < RTOL
    # in between, the per-step map is the identity
    assert np.all(closed.reshape(blocks, ds) == closed[::ds, None])


def _iterate_exact(phi: sp.Expr, params: dict, n: int) -> list:
    """Iterate phi(eta) with 40-digit mpmath arithmetic (the map, not float64 rounding)."""
    import mpmath

    names = sorted(params)
    f = sp.lambdify([eta, *(S.symbol(k) for k in names)], phi, modules="mpmath")
    with mpmath.workdps(40):
        args = [mpmath.mpf(params[k]) for k in names]
        x = mpmath.mpf(params["learning_rate"])
        out = [x]
        for _ in range(n - 1):
            x = mpmath.re(f(x, *args))  # sqrt(1 - c^2) of a rounded c can be 1e-40 j
            out.append(x)
        return [float(v) for v in out]


@settings(max_examples=6, deadline=None)
@given(
    name=st.sampled_from(["cosine_decay", "polynomial_decay"]),
    p=st.fixed_dictionaries(
        {
            "learning_rate": rates,
            "decay_steps": st.integers(5, 80),
            "alpha": st.floats(0, 0.5),
            "end_learning_rate": st.floats(0, 0.005),
            "power": st.floats(0.5, 3),
        }
    ),
)
def test_clipped_autonomous_maps_iterate_to_closed_form_and_land_on_the_floor(name, p):
    keep = {
        "cosine_decay": ("learning_rate", "decay_steps", "alpha"),
        "polynomial_decay": ("learning_rate", "decay_steps", "end_learning_rate", "power"),
    }
    p = {k: p[k] for k in keep[name]}
    n = p["decay_steps"]
    closed = lr.Schedule(name, **p)(np.arange(n))
    (active, _), (settled, _) = S.one_step_map(name).map.args  # decaying branch, floor
    got = _iterate_exact(active, p, n)  # steps 0 .. T - 1 (the flat branch: test below)
    assert _relerr(got, closed) < RTOL
    (star,) = S.one_step_map(name).fixed_points  # symbolic: no exact roots of random floats
    assert settled == star


# --- the float64 chain (a chainable scheduler) ----------------------------------------------

CHAIN_CASES = {
    "exponential_decay": exp_params,
    "natural_exp_decay": exp_params,
    "inverse_time_decay": inv_params,
    "polynomial_decay": st.fixed_dictionaries(
        {
            "learning_rate": rates,
            "decay_steps": st.floats(50, 3000),
            "end_learning_rate": st.floats(1e-4, 1e-2),
            "power": st.floats(0.5, 3.0),
        }
    ),
    "cosine_decay": st.fixed_dictionaries(
        {"learning_rate": rates, "decay_steps": st.floats(50, 3000), "alpha": st.floats(0.01, 0.5)}
    ),
    "cosine_decay_restarts": st.fixed_dictionaries(
        {
            "learning_rate": rates,
            "first_decay_steps": st.floats(20, 300),
            "t_mul": st.floats(1.5, 3.0),
            "m_mul": st.floats(0.5, 1.0),
            "alpha": st.floats(0.01, 0.5),
        }
    ),
}


@settings(max_examples=10, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(CHAIN_CASES)))
def test_chain_iterate_equals_closed_form(data, name):
    p = data.draw(CHAIN_CASES[name])
    n = 3000
    closed = lr.Schedule(name, **p)(np.arange(n))
    assert _relerr(S.chain_iterate(name, n, **p), closed) < RTOL


def test_chain_resets_polynomial_cycle():
    p = {"learning_rate": 0.1, "decay_steps": 50, "end_learning_rate": 0.001, "power": 1.0}
    closed = lr.Schedule("polynomial_decay", cycle=True, **p)(np.arange(400))
    assert _relerr(S.chain_iterate("polynomial_decay", 400, cycle=True, **p), closed) < RTOL


def test_chain_without_the_reset_special_case_sticks_at_the_fixed_point():
    # linear_cosine with num_periods 3 touches its centre beta*lr at an integer step; the
    # affine chain c + (eta - c) rho cannot leave c: the reset must be special-cased
    p = {"learning_rate": 0.1, "decay_steps": 600, "num_periods": 3, "alpha": 0.0, "beta": 0.001}
    closed = lr.Schedule("linear_cosine_decay", **p)(np.arange(600))
    assert closed[100] == pytest.approx(1e-4, rel=1e-15)  # a zero of the cosine factor
    chained = S.chain_iterate("linear_cosine_decay", 600, **p)
    assert _relerr(chained, closed) < 1e-6  # with the reset: close (but see chain_drift)
    c, rho = S.chain_factor("linear_cosine_decay")
    f = sp.lambdify(S.t, rho.subs(S.substitutions(p)))
    naive = [closed[0]]
    for k in range(599):
        naive.append(1e-4 + (naive[-1] - 1e-4) * f(k))
    assert abs(naive[150] - 1e-4) < 1e-12 < closed[150] - 1e-4  # stuck at the fixed point


def test_chain_drift_reports_linear_growth_for_exponential():
    p = {"learning_rate": 0.1, "decay_steps": 1000.0, "decay_rate": 0.96}
    short = S.chain_drift("exponential_decay", 10**4, **p)
    long = S.chain_drift("exponential_decay", 10**5, **p)
    assert isinstance(long, S.ChainDrift) and long.underflow_step is None
    assert 0 < short.max_rel_error < long.max_rel_error < 1e-10


def test_chain_drift_notices_underflow():
    d = S.chain_drift("exponential_decay", 10**5, learning_rate=0.1, decay_steps=10, decay_rate=0.9)
    assert d.underflow_step is not None and d.underflow_step < 10**5


def test_chain_bad_input():
    with pytest.raises(ValueError, match="num_steps"):
        S.chain_iterate("cosine_decay", 0, learning_rate=0.1, decay_steps=10)
    with pytest.raises(TypeError, match="decay_steps"):
        S.chain_iterate("cosine_decay", 10, learning_rate=0.1)
    with pytest.raises(TypeError, match="unexpected"):
        S.chain_iterate("cosine_decay", 10, learning_rate=0.1, decay_steps=10, gamma=1)


# --- stability, checked numerically ------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(p=exp_params)
def test_linear_convergence_factor_is_the_slope(p):
    d = S.one_step_map("exponential_decay")
    syms = [S.symbol(k) for k in sorted(p)]
    args = [p[k] for k in sorted(p)]
    f = sp.lambdify([eta, *syms], d.map)
    slope = float(sp.lambdify(syms, d.slope)(*args))
    for delta in (1e-3, 1e-6):
        assert f(delta, *args) / delta == pytest.approx(slope, rel=1e-12)
    assert slope < 1


def test_neutral_inverse_time_converges_sublinearly():
    p = {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.2}
    d = S.one_step_map("inverse_time_decay")
    f = sp.lambdify(eta, d.map.subs(S.substitutions(p)))
    # the contraction factor phi(delta)/delta tends to 1 at the fixed point
    ratios = [f(delta) / delta for delta in (1e-2, 1e-4, 1e-6)]
    assert ratios[0] < ratios[1] < ratios[2] < 1 and 1 - ratios[2] < 1e-4
    # sublinear: eta_n ~ T lr / (k n), so n * eta_n tends to T lr / k = 5
    x, n = 0.1, 10**5
    for _ in range(n):
        x = f(x)
    assert n * x == pytest.approx(5, rel=1e-3)


CLIPPED = {
    "cosine_decay": {"learning_rate": 0.2, "decay_steps": 30, "alpha": 0.1},
    "polynomial_decay": {
        "learning_rate": 0.2,
        "decay_steps": 30,
        "end_learning_rate": 0.01,
        "power": 2,
    },
}


@pytest.mark.parametrize("name", sorted(CLIPPED))
def test_superstable_clipped_maps_are_flat_at_the_floor(name):
    p = CLIPPED[name]
    d = S.one_step_map(name, **p)
    f = sp.lambdify(eta, d.map)
    (star,) = d.fixed_points
    star = float(star)
    closed = lr.Schedule(name, **p)
    assert f(float(closed(29))) == pytest.approx(star, rel=1e-12)  # last step: onto the floor
    assert f(star) == star and f(star * 1.0001) == star  # flat at the floor
    assert float(f(float(closed(10)))) == pytest.approx(float(closed(11)), rel=1e-9)
    assert d.slope == 0 and d.stability == "superstable"
