"""The counter-based noise of noisy_linear_cosine_decay (lrdecay_lit.noise)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lrdecay_lit as lr
from lrdecay_lit.noise import check_seed, philox_block, standard_normal_at


@pytest.mark.parametrize("seed", [0, 7, 2**64 + 5, 2**128 - 1])
@pytest.mark.parametrize("step", [0, 1, 5, 2**40 + 3, 2**64 - 1])
def test_block_is_numpys_philox_with_the_step_as_counter(seed, step):
    # numpy increments its counter before each block: counter t - 1 gives block t
    ref = np.random.Philox(key=seed, counter=(step - 1) % 2**256).random_raw(4)
    got = philox_block(seed, np.array([step], dtype=np.uint64))
    assert [int(w[0]) for w in got] == [int(x) for x in ref]


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**128 - 1),
    steps=st.lists(st.integers(0, 2**53), min_size=1, max_size=20),
)
def test_any_subset_of_steps_gives_the_same_draws(seed, steps):
    arr = np.array(steps, dtype=np.uint64)
    z = standard_normal_at(seed, arr)
    np.testing.assert_array_equal(z, [standard_normal_at(seed, s)[()] for s in steps])
    np.testing.assert_array_equal(standard_normal_at(seed, arr[::-1]), z[::-1])
    np.testing.assert_array_equal(standard_normal_at(seed, arr.astype(np.float64)[:1]), z[:1])


def test_arange_equals_one_step_at_a_time():
    z = standard_normal_at(11, np.arange(300))
    np.testing.assert_array_equal(z, [standard_normal_at(11, k)[()] for k in range(300)])
    np.testing.assert_array_equal(standard_normal_at(11, np.arange(100, 200)), z[100:200])


def test_draws_are_standard_normal_and_independent_across_steps():
    n = 200_000
    z = standard_normal_at(2026, np.arange(n))
    assert abs(z.mean()) < 5 / np.sqrt(n)
    assert abs(z.var() - 1) < 5 * np.sqrt(2 / n)
    for lag in (1, 2, 7):
        assert abs(np.corrcoef(z[:-lag], z[lag:])[0, 1]) < 5 / np.sqrt(n)
    # tails: P(|z| > 3) = 0.0027
    assert abs((np.abs(z) > 3).mean() - 0.0027) < 5 * np.sqrt(0.0027 / n)
    # different seeds are uncorrelated at the same steps
    w = standard_normal_at(2027, np.arange(n))
    assert abs(np.corrcoef(z, w)[0, 1]) < 5 / np.sqrt(n)


def test_noisy_schedule_after_decay_steps_matches_tfs_formula_per_step():
    # after T the noise variance is constant, initial_variance / (1 + T)^d: one seed, many
    # steps, independent draws; mean and variance against TF's formula
    p = dict(learning_rate=0.1, decay_steps=50, initial_variance=0.3, variance_decay=0.55)
    t = np.arange(50, 50 + 100_000)
    y = lr.noisy_linear_cosine_decay(global_step=t, **p, num_periods=0.2, alpha=0.5, seed=9)
    mean = lr.linear_cosine_decay(0.1, t, 50, 0.2, 0.5)
    cd = 0.5 * (1 + np.cos(2 * np.pi * 0.2))
    sd = 0.1 * cd * np.sqrt(0.3 / 51**0.55)
    r = (y - mean) / sd
    assert abs(r.mean()) < 5 / np.sqrt(t.size)
    assert abs(r.var() - 1) < 5 * np.sqrt(2 / t.size)
    assert abs(np.corrcoef(r[:-1], r[1:])[0, 1]) < 5 / np.sqrt(t.size)


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [
        (-1, ValueError, ">= 0"),
        (2**128, ValueError, "< 2\\*\\*128"),
        (1.5, ValueError, "whole"),
        ("3", TypeError, "seed"),
        (True, TypeError, "seed"),
        (np.random.default_rng(1), TypeError, "seed"),
    ],
)
def test_bad_seeds(seed, error, match):
    with pytest.raises(error, match=match):
        check_seed(seed)


def test_seed_is_a_plain_int_that_serialises():
    import json

    s = lr.Schedule("noisy_linear_cosine_decay", learning_rate=0.1, decay_steps=10, seed=3)
    back = lr.Schedule.from_config(json.loads(json.dumps(s.get_config())))
    np.testing.assert_array_equal(back(np.arange(20)), s(np.arange(20)))
    assert check_seed(np.int64(5)) == 5 and type(check_seed(np.int64(5))) is int
