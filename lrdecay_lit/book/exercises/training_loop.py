"""Answers to the exercises of the chapter ``book/training_loop.ipynb``.

Every answer is computed with the package's composites (:mod:`lrdecay_lit.composites`) and
base schedules, never typed in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.composites import join, warmup
from lrdecay_lit.registry import Schedule


def _keras_cosine_with_warmup(steps: np.ndarray) -> np.ndarray:
    """Keras ``CosineDecay(0.0, 1000, warmup_target=0.1, warmup_steps=100)`` as a composite."""
    return np.asarray(
        warmup(Schedule("cosine_decay", learning_rate=0.1, decay_steps=1000), 100)(steps)
    )


def _peak_step() -> int:
    steps = np.arange(1200)
    return int(np.argmax(_keras_cosine_with_warmup(steps)))


def _keras_end_step() -> int:
    """First step after the peak at which the Keras schedule reaches 0 (its floor, alpha = 0)."""
    steps = np.arange(1200)
    values = _keras_cosine_with_warmup(steps)
    return int(np.flatnonzero((steps > 100) & (values == 0.0))[0])


def _optax_decay_steps() -> int:
    """optax warmup_cosine_decay_schedule(0, 0.1, 500, 10_000): the cosine part's length."""
    return 10_000 - 500


def _boundary_value() -> float:
    decay = Schedule("exponential_decay", learning_rate=0.1, decay_steps=100, decay_rate=0.5)
    return float(join([0.01, decay], [200])(200))


def _warmup_budget() -> float:
    cos = Schedule("cosine_decay", learning_rate=0.1, decay_steps=10_000)
    return float(np.sum(warmup(cos, 500)(np.arange(500))))


def _wrong_order_first_lr() -> float:
    cos = Schedule("cosine_decay", learning_rate=0.1, decay_steps=10_000)
    return float(warmup(cos, 500)(1))


ANSWERS: dict[str, Callable[[], object]] = {
    "peak_step": _peak_step,
    "keras_end_step": _keras_end_step,
    "optax_decay_steps": _optax_decay_steps,
    "boundary_value": _boundary_value,
    "warmup_budget": _warmup_budget,
    "wrong_order_first_lr": _wrong_order_first_lr,
}

HINTS: dict[str, str] = {
    "peak_step": "Keras puts decay_steps after the warmup: the ramp ends at warmup_steps.",
    "keras_end_step": "warmup_steps + decay_steps: the cosine starts at the end of the warmup.",
    "optax_decay_steps": "optax's decay_steps is the length of the whole schedule.",
    "boundary_value": "A boundary step belongs to the later piece, at its own step 0.",
    "warmup_budget": "0.1 * (0 + 1 + ... + 499) / 500.",
    "wrong_order_first_lr": "scheduler.step() before optimizer.step() skips schedule(0).",
}
