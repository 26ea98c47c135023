"""Answers to the exercises of the chapter ``book/dispatcher.ipynb``.

Every answer is computed with the package's TF-slim dispatcher
(:func:`lrdecay_lit.slim_decay_steps`, :func:`lrdecay_lit.configure_learning_rate`), with
TF-slim's flag defaults and ImageNet's 1,281,167 training images where the exercise says so.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrdecay_lit.dispatch import configure_learning_rate, slim_decay_steps

IMAGENET = 1_281_167
"""Training images in ImageNet (ILSVRC-2012)."""
CIFAR10 = 50_000
"""Training images in CIFAR-10."""


def _cifar_decay_steps() -> float:
    return slim_decay_steps(CIFAR10, batch_size=128, num_epochs_per_decay=2.0)


def _imagenet_replicas_8() -> float:
    return slim_decay_steps(
        IMAGENET,
        batch_size=256,
        num_epochs_per_decay=2.0,
        sync_replicas=True,
        replicas_to_aggregate=8,
    )


def _imagenet_replicas_8_floor() -> int:
    """The same under Python 2 integer division (no ``from __future__ import division``)."""
    return int(slim_decay_steps(IMAGENET, batch_size=256, num_epochs_per_decay=2.0)) // 8


def _lr_after_30_epochs() -> float:
    step = int(30 * IMAGENET / 256)
    return float(configure_learning_rate("exponential", 0.01, step, IMAGENET, batch_size=256))


def _polynomial_decay_steps_90() -> float:
    return slim_decay_steps(IMAGENET, batch_size=256, num_epochs_per_decay=90.0)


def _stairs_in_90_epochs() -> int:
    steps = np.arange(int(90 * IMAGENET / 256))
    values = configure_learning_rate("exponential", 0.01, steps, IMAGENET, batch_size=256)
    return int(np.count_nonzero(np.diff(values)))


ANSWERS: dict[str, Callable[[], object]] = {
    "cifar_decay_steps": _cifar_decay_steps,
    "imagenet_replicas_8": _imagenet_replicas_8,
    "imagenet_replicas_8_floor": _imagenet_replicas_8_floor,
    "lr_after_30_epochs": _lr_after_30_epochs,
    "polynomial_decay_steps_90": _polynomial_decay_steps_90,
    "stairs_in_90_epochs": _stairs_in_90_epochs,
}

HINTS: dict[str, str] = {
    "cifar_decay_steps": "int(num_samples_per_epoch * num_epochs_per_decay / batch_size).",
    "imagenet_replicas_8": "Python 3's /= is true division: the result need not be whole.",
    "imagenet_replicas_8_floor": "int(...) first, then integer division by the replicas.",
    "lr_after_30_epochs": "0.01 * 0.94 ** floor(step / decay_steps) with decay_steps = 10009.",
    "polynomial_decay_steps_90": "polynomial_decay reaches end_learning_rate at decay_steps.",
    "stairs_in_90_epochs": "count the steps whose value differs from the step before.",
}
