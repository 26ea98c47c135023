"""TF-slim's learning-rate dispatcher, as quoted by the first article.

``train_image_classifier.py`` in TF-slim picks a schedule from command-line flags with
``_configure_learning_rate``. :func:`configure_learning_rate` is the same logic with the
flags turned into arguments.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._validation import check_bool, check_real
from lrdecay_lit.schedules import exponential_decay, fixed, polynomial_decay

__all__ = ["DECAY_TYPES", "configure_learning_rate", "slim_decay_steps"]

DECAY_TYPES: tuple[str, ...] = ("exponential", "fixed", "polynomial")
"""The values TF-slim's ``--learning_rate_decay_type`` accepts."""


def slim_decay_steps(
    num_samples_per_epoch: int,
    batch_size: int = 32,
    num_epochs_per_decay: float = 2.0,
    sync_replicas: bool = False,
    replicas_to_aggregate: int = 1,
) -> float:
    r"""TF-slim's ``decay_steps``: optimizer steps per ``num_epochs_per_decay`` epochs.

    .. math::

        T = \left\lfloor \frac{N \cdot E}{B} \right\rfloor \;\big/\; R
        \quad (R = \text{replicas\_to\_aggregate if sync\_replicas else } 1)

    The floor comes from TF-slim's ``int(...)``; the division by :math:`R` is true
    division (``decay_steps /= replicas``; TF-slim's script imports ``division`` from
    ``__future__``), so the result can be fractional. Pasted into a Python 2 module without
    that import, ``/=`` on ints would floor as well.

    Example:
        >>> slim_decay_steps(1_281_167, batch_size=256, num_epochs_per_decay=2.0)
        10009.0
    """
    n = check_real("num_samples_per_epoch", num_samples_per_epoch, gt=0)
    b = check_real("batch_size", batch_size, gt=0)
    e = check_real("num_epochs_per_decay", num_epochs_per_decay, gt=0)
    steps = float(int(n * e / b))
    if check_bool("sync_replicas", sync_replicas):
        steps /= check_real("replicas_to_aggregate", replicas_to_aggregate, gt=0)
    if steps <= 0:
        raise ValueError(
            "num_samples_per_epoch * num_epochs_per_decay / batch_size must be >= 1 step. "
            f"Received: {n:g} * {e:g} / {b:g} = {n * e / b:g}"
        )
    return steps


def configure_learning_rate(
    decay_type: str,
    learning_rate: float,
    global_step: ArrayLike,
    num_samples_per_epoch: int,
    batch_size: int = 32,
    num_epochs_per_decay: float = 2.0,
    learning_rate_decay_factor: float = 0.94,
    end_learning_rate: float = 0.0001,
    sync_replicas: bool = False,
    replicas_to_aggregate: int = 1,
) -> np.ndarray | np.float64:
    """TF-slim's ``_configure_learning_rate``: the learning rate for ``decay_type``.

    - ``'exponential'``: ``exponential_decay(learning_rate, step, decay_steps,
      learning_rate_decay_factor, staircase=True)``
    - ``'fixed'``: ``learning_rate`` at every step
    - ``'polynomial'``: ``polynomial_decay(learning_rate, step, decay_steps,
      end_learning_rate, power=1.0, cycle=False)``

    with ``decay_steps`` from :func:`slim_decay_steps`. Defaults are TF-slim's flag
    defaults.

    Raises:
        ValueError: an unknown ``decay_type`` (the message names it and the accepted ones),
            or any argument the chosen schedule rejects.

    Example:
        >>> configure_learning_rate("exponential", 0.1, [0, 10009, 20018], 1_281_167,
        ...                         batch_size=256).round(6).tolist()
        [0.1, 0.094, 0.08836]
    """
    if decay_type not in DECAY_TYPES:
        raise ValueError(
            f"learning_rate_decay_type [{decay_type}] was not recognized: "
            f"expected one of {', '.join(repr(d) for d in DECAY_TYPES)}"
        )
    if decay_type == "fixed":  # decay_steps is unused (TF-slim computes it and ignores it)
        return fixed(learning_rate, global_step)
    decay_steps = slim_decay_steps(
        num_samples_per_epoch,
        batch_size,
        num_epochs_per_decay,
        sync_replicas,
        replicas_to_aggregate,
    )
    if decay_type == "exponential":
        return exponential_decay(
            learning_rate, global_step, decay_steps, learning_rate_decay_factor, staircase=True
        )
    return polynomial_decay(
        learning_rate, global_step, decay_steps, end_learning_rate, power=1.0, cycle=False
    )
