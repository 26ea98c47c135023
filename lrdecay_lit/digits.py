"""Minibatch SGD on scikit-learn's handwritten digits, under any learning-rate schedule.

The training chapter's experiment: softmax regression (a linear classifier, 10 classes, 64
pixels + a bias) with a small L2 penalty, trained by plain numpy minibatch SGD from zero
weights. The data is :func:`sklearn.datasets.load_digits` (1,797 8x8 images that ship inside
the scikit-learn wheel, no download); scikit-learn is used for the data only. The problem
is strongly convex, which is what the noisy-quadratic theory assumes.

:func:`train` runs many schedules x seeds *together*: the weights of every run are one
array, so each SGD step is a few batched matrix products. A seed fixes the minibatch
sequence, shared by every schedule (common random numbers: schedules are compared on the
same draws). :func:`book_schedules` gives every schedule of the book at one step budget and
peak rate. Everything is deterministic.

Example:
    >>> data = load()
    >>> data.x_train.shape, data.x_test.shape
    ((1297, 65), (500, 65))
    >>> run = train(np.full((1, 50), 0.5), seeds=[0], data=data, eval_every=25)
    >>> run.steps.tolist(), run.test_accuracy.shape
    ([0, 25, 50], (1, 1, 3))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._validation import check_real
from lrdecay_lit.registry import Schedule

__all__ = ["Digits", "Training", "load", "train", "book_schedules", "TEST_SIZE"]

TEST_SIZE = 500
"""Images held out for the test accuracy (the rest, 1,297, are the training set)."""


@dataclass(frozen=True)
class Digits:
    """Train/test arrays: pixels scaled to [0, 1] plus a constant 1 (the bias), int labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def load(split_seed: int = 0, test_size: int = TEST_SIZE) -> Digits:
    """The digits, shuffled by ``split_seed`` and split into train and test."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = np.hstack([x / 16.0, np.ones((len(x), 1))])
    order = np.random.default_rng(split_seed).permutation(len(x))
    test, tr = order[:test_size], order[test_size:]
    return Digits(x[tr], y[tr].astype(np.intp), x[test], y[test].astype(np.intp))


@dataclass(frozen=True)
class Training:
    """What :func:`train` measured; run axes are ``(schedule, seed)``.

    Attributes:
        steps: the steps at which the full losses were measured, ``0, eval_every, ..., N``
            (the state *before* that step, so step 0 is the start).
        train_loss: full training loss (cross-entropy + L2 penalty), ``(R, S, len(steps))``.
        test_accuracy: fraction of the test images classified right, same shape.
        batch_loss: the minibatch loss SGD saw at every step, ``(R, S, N)``.
    """

    steps: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray
    batch_loss: np.ndarray


def _softmax_loss(logits: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cross-entropy per example and class probabilities; classes on the last axis."""
    logits = logits - logits.max(axis=-1, keepdims=True)
    p = np.exp(logits)
    z = p.sum(axis=-1, keepdims=True)
    p /= z
    picked = np.take_along_axis(logits, y, axis=-1)[..., 0]
    return np.log(z[..., 0]) - picked, p


def train(
    rates: ArrayLike,
    seeds: Sequence[int],
    data: Digits | None = None,
    *,
    batch_size: int = 16,
    weight_decay: float = 1e-3,
    eval_every: int = 10,
) -> Training:
    """Minibatch SGD from zero weights, for every schedule (rows of ``rates``) and seed.

    Args:
        rates: shape ``(R, N)``: the learning rate of each of ``R`` schedules at steps
            ``0 .. N-1``.
        seeds: the minibatch sequences (one run per schedule and seed).
        data: :func:`load` by default.
        batch_size: examples per step, drawn with replacement.
        weight_decay: the L2 penalty on the weights (not the bias).
        eval_every: full train loss and test accuracy every this many steps (and at N).
    """
    eta = np.asarray(rates, dtype=np.float64)
    if eta.ndim != 2 or eta.shape[1] < 1:
        raise ValueError(f"Argument `rates` must have shape (R, N). Received: shape={eta.shape}")
    check_real("weight_decay", weight_decay, ge=0)
    if int(batch_size) < 1 or int(eval_every) < 1:
        raise ValueError(
            "Arguments `batch_size` and `eval_every` must be >= 1. "
            f"Received: batch_size={batch_size!r}, eval_every={eval_every!r}"
        )
    data = load() if data is None else data
    try:  # small matrices: BLAS threads only contend (a loaded 2-core machine: 2x slower)
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        return _train(eta, seeds, data, int(batch_size), weight_decay, int(eval_every))
    with threadpool_limits(limits=1, user_api="blas"):
        return _train(eta, seeds, data, int(batch_size), weight_decay, int(eval_every))


def _train(
    eta: np.ndarray,
    seeds: Sequence[int],
    data: Digits,
    batch_size: int,
    weight_decay: float,
    eval_every: int,
) -> Training:
    n_sched, n_steps = eta.shape
    seeds = [int(s) for s in seeds]
    n_seeds = len(seeds)
    n_train, dim = data.x_train.shape
    idx = np.stack(
        [np.random.default_rng(s).integers(0, n_train, size=(n_steps, batch_size)) for s in seeds]
    )  # (S, N, B)
    # weights of every run as one array (seed, pixel, schedule, class): a step is S matmuls
    w = np.zeros((n_seeds, dim, n_sched, 10))
    decay = np.full((1, dim, 1, 1), weight_decay)
    decay[:, -1] = 0.0  # no penalty on the bias row
    eval_steps = sorted({*range(0, n_steps, int(eval_every)), n_steps})
    train_loss = np.empty((n_sched, n_seeds, len(eval_steps)))
    test_acc = np.empty_like(train_loss)
    batch_loss = np.empty((n_sched, n_seeds, n_steps))
    y_full = data.y_train[:, None, None, None]
    eye = np.eye(10)
    k = 0
    for step in range(n_steps + 1):
        if step == eval_steps[k]:
            flat = np.moveaxis(w, 1, 0).reshape(dim, -1)  # (dim, S*R*10)
            logits = (data.x_train @ flat).reshape(n_train, n_seeds, n_sched, 10)
            ce, _ = _softmax_loss(logits, np.broadcast_to(y_full, (*logits.shape[:-1], 1)))
            penalty = 0.5 * np.sum(decay * w**2, axis=(1, 3))  # (S, R)
            train_loss[..., k] = (ce.mean(axis=0) + penalty).T
            pred = np.argmax((data.x_test @ flat).reshape(-1, n_seeds, n_sched, 10), axis=-1)
            test_acc[..., k] = np.mean(pred == data.y_test[:, None, None], axis=0).T
            k += 1
        if step == n_steps:
            break
        xb = data.x_train[idx[:, step]]  # (S, B, dim): the same batch for every schedule
        yb = data.y_train[idx[:, step]]  # (S, B)
        logits = (xb @ w.reshape(n_seeds, dim, -1)).reshape(n_seeds, batch_size, n_sched, 10)
        labels = np.broadcast_to(yb[:, :, None, None], (n_seeds, batch_size, n_sched, 1))
        ce, p = _softmax_loss(logits, labels)
        p -= eye[yb][:, :, None, :]
        penalty = 0.5 * np.sum(decay * w**2, axis=(1, 3))
        batch_loss[..., step] = (ce.mean(axis=1) + penalty).T
        grad = (np.swapaxes(xb, 1, 2) @ p.reshape(n_seeds, batch_size, -1)).reshape(w.shape)
        grad = grad / batch_size + decay * w
        w -= eta.T[step][None, None, :, None] * grad
    return Training(np.array(eval_steps), train_loss, test_acc, batch_loss)


def book_schedules(num_steps: int, peak: float) -> dict[str, Schedule]:
    """Every schedule of the book, started at ``peak`` and shaped for a ``num_steps`` run.

    Each decays over the whole run where it has a horizon (``decay_steps = num_steps``), so
    that the comparison is at equal step budget and equal peak rate. The choices (the
    customary ones) are in the labels: constant (``fixed``); exponential to 1 % at the end;
    natural_exp in 4 stairs of ``/e`` (step decay); inverse_time with ``decay_rate`` 1 every
    tenth of the run; piecewise ``/10`` at 50 % and 75 %; linear to 0 (``polynomial_decay``);
    cosine to 0 and to 10 %; SGDR with 3 periods (``t_mul`` 2, so the run ends at a
    restart's end) and with ``m_mul`` 0.5; linear_cosine and its noisy twin with TF's
    defaults (``beta`` 0.001; TF's formula starts them at ``(1 + beta) * peak``).
    """
    n, lr = int(num_steps), float(peak)
    return {
        "constant": Schedule("fixed", learning_rate=lr),
        "exponential to 1%": Schedule(
            "exponential_decay", learning_rate=lr, decay_steps=n, decay_rate=0.01
        ),
        "natural_exp, 4 stairs": Schedule(
            "natural_exp_decay", learning_rate=lr, decay_steps=n / 4, decay_rate=1.0, staircase=True
        ),
        "inverse_time": Schedule(
            "inverse_time_decay", learning_rate=lr, decay_steps=n / 10, decay_rate=1.0
        ),
        "piecewise /10 at 50%, 75%": Schedule(
            "piecewise_constant",
            boundaries=[n // 2, 3 * n // 4],
            values=[lr, lr / 10, lr / 100],
        ),
        "linear to 0": Schedule(
            "polynomial_decay", learning_rate=lr, decay_steps=n, end_learning_rate=0.0, power=1.0
        ),
        "cosine to 0": Schedule("cosine_decay", learning_rate=lr, decay_steps=n, alpha=0.0),
        "cosine to 10%": Schedule("cosine_decay", learning_rate=lr, decay_steps=n, alpha=0.1),
        "SGDR, 3 periods": Schedule(
            "cosine_decay_restarts", learning_rate=lr, first_decay_steps=n / 7, t_mul=2.0
        ),
        "SGDR, 3 periods, m_mul 0.5": Schedule(
            "cosine_decay_restarts",
            learning_rate=lr,
            first_decay_steps=n / 7,
            t_mul=2.0,
            m_mul=0.5,
        ),
        "linear_cosine": Schedule("linear_cosine_decay", learning_rate=lr, decay_steps=n),
        "noisy_linear_cosine": Schedule(
            "noisy_linear_cosine_decay", learning_rate=lr, decay_steps=n, seed=0
        ),
    }
