"""The digits experiment: data split, batched SGD equal to one run at a time, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from lrdecay_lit import digits


@pytest.fixture(scope="module")
def data():
    return digits.load()


def test_split_and_scaling(data):
    assert len(data.y_train) + len(data.y_test) == 1797
    assert len(data.y_test) == digits.TEST_SIZE
    assert data.x_train.min() == 0.0 and data.x_train[:, :-1].max() <= 1.0
    assert np.all(data.x_train[:, -1] == 1.0)  # the bias column
    assert set(np.unique(data.y_test)) == set(range(10))
    again = digits.load()
    assert np.array_equal(again.x_test, data.x_test)


def _reference_sgd(data, rates, seed, batch_size, weight_decay):
    """One run, written plainly (no batching over runs), for comparison."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(data.y_train), size=(len(rates), batch_size))
    w = np.zeros((data.x_train.shape[1], 10))
    mask = np.ones((w.shape[0], 1))
    mask[-1] = 0
    for step, eta in enumerate(rates):
        x, y = data.x_train[idx[step]], data.y_train[idx[step]]
        z = x @ w
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(batch_size), y] -= 1
        w -= eta * (x.T @ p / batch_size + weight_decay * mask * w)
    z = data.x_train @ w
    z = z - z.max(axis=1, keepdims=True)
    ce = np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(z)), data.y_train]
    return ce.mean() + 0.5 * weight_decay * np.sum((mask * w) ** 2)


def test_batched_runs_equal_single_runs(data):
    rates = np.stack([np.full(40, 0.5), np.linspace(1.0, 0.0, 40, endpoint=False)])
    run = digits.train(rates, seeds=[3, 4], data=data, batch_size=8, eval_every=40)
    assert run.train_loss.shape == (2, 2, 2) and run.batch_loss.shape == (2, 2, 40)
    for r in range(2):
        for s, seed in enumerate([3, 4]):
            want = _reference_sgd(data, rates[r], seed, 8, 1e-3)
            assert run.train_loss[r, s, -1] == pytest.approx(want, rel=1e-10)
    assert run.train_loss[0, 0, 0] == pytest.approx(np.log(10))  # zero weights: uniform


def test_deterministic_and_common_draws(data):
    rates = np.stack([np.full(30, 0.3)] * 2)
    a = digits.train(rates, seeds=[0, 1], data=data, eval_every=10)
    b = digits.train(rates, seeds=[0, 1], data=data, eval_every=10)
    assert np.array_equal(a.train_loss, b.train_loss)
    # same seed, same draws: equal up to rounding (a batched matmul may round the rows of a
    # stack differently, depending on the CPU's SIMD path), not merely close
    np.testing.assert_allclose(a.train_loss[0], a.train_loss[1], rtol=1e-12, atol=0)
    assert not np.array_equal(a.train_loss[0, 0], a.train_loss[0, 1])
    assert a.train_loss[0, 0, -1] < a.train_loss[0, 0, 0]


def test_book_schedules_share_peak_and_budget():
    sched = digits.book_schedules(700, 1.5)
    assert len({s.name for s in sched.values()}) == 10  # every schedule of the book
    for label, s in sched.items():
        if s.name == "noisy_linear_cosine_decay":
            continue  # its noise can lift any step above the peak
        values = s(np.arange(700))
        beta = s.params.get("beta", 0.0)  # linear_cosine starts at (1 + beta) lr (TF's formula)
        assert values.max() == pytest.approx(1.5 * (1 + beta), rel=1e-9), label
        assert values[0] == values.max(), label


def test_bad_input(data):
    with pytest.raises(ValueError, match="rates"):
        digits.train(np.ones(5), [0], data)
    with pytest.raises(ValueError, match="batch_size"):
        digits.train(np.ones((1, 5)), [0], data, batch_size=0)
