"""Tests of lrdecay_lit.dispatch: TF-slim's _configure_learning_rate."""

from __future__ import annotations

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit.dispatch import slim_decay_steps

STEPS = np.arange(0, 50_000, 97)


def test_decay_steps_for_imagenet():
    # int(1,281,167 * 2.0 / 256) = int(10009.1...) = 10009
    assert slim_decay_steps(1_281_167, 256, 2.0) == 10009
    # sync replicas: Python 3 true division of the floored value
    assert slim_decay_steps(1_281_167, 256, 2.0, True, 4) == 10009 / 4
    assert slim_decay_steps(1_281_167, 256, 2.0, False, 4) == 10009


def test_exponential_branch_is_staircase_exponential():
    got = lr.configure_learning_rate("exponential", 0.1, STEPS, 1_281_167, 256, 2.0, 0.94)
    np.testing.assert_array_equal(got, lr.exponential_decay(0.1, STEPS, 10009, 0.94, True))


def test_polynomial_branch_is_linear_without_cycle():
    got = lr.configure_learning_rate(
        "polynomial", 0.1, STEPS, 1_281_167, 256, 2.0, end_learning_rate=0.001
    )
    np.testing.assert_array_equal(got, lr.polynomial_decay(0.1, STEPS, 10009, 0.001, 1.0, False))


def test_fixed_branch():
    got = lr.configure_learning_rate("fixed", 0.01, STEPS, 1_281_167)
    assert got.shape == STEPS.shape and np.all(got == 0.01)


def test_unknown_type_names_it_and_the_accepted_ones():
    with pytest.raises(
        ValueError,
        match=r"\[cosine\] was not recognized.*'exponential', "
        r"'fixed', 'polynomial'",
    ):
        lr.configure_learning_rate("cosine", 0.1, 0, 1000)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"num_samples_per_epoch": 0}, "num_samples_per_epoch.*> 0"),
        ({"batch_size": 0}, "batch_size.*> 0"),
        ({"num_epochs_per_decay": -1}, "num_epochs_per_decay.*> 0"),
        ({"num_samples_per_epoch": 10, "batch_size": 64}, "must be >= 1 step"),
        ({"sync_replicas": True, "replicas_to_aggregate": 0}, "replicas_to_aggregate.*> 0"),
    ],
)
def test_bad_sizes(kwargs, match):
    args = {"num_samples_per_epoch": 1000, **kwargs}
    with pytest.raises(ValueError, match=match):
        lr.configure_learning_rate("exponential", 0.1, 0, **args)


def test_fixed_ignores_decay_steps_like_tf_slim():
    # 10 samples, batch 64: decay_steps = int(0.3125) = 0, unused by 'fixed'
    got = lr.configure_learning_rate("fixed", 0.01, [0, 5], 10, batch_size=64)
    assert got.tolist() == [0.01, 0.01]
    with pytest.raises(ValueError, match="must be >= 1 step"):
        lr.configure_learning_rate("polynomial", 0.01, [0, 5], 10, batch_size=64)
