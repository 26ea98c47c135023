"""Questions asked of a learning-rate curve computed on whole steps (a numpy array).

The symbolic answers (``lrdecay_lit.symbolic.step_to_reach``, ``half_life``) work on the
formula; these read the numbers, so the book can check one against the other and can
answer for curves that have no closed form (a noisy realisation, a composite).

Example:
    >>> import lrdecay_lit as lr
    >>> stairs = lr.exponential_decay(0.6, range(60), 10, 0.6, staircase=True)
    >>> first_step_at_or_below(stairs, 0.3)
    20
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["first_step_at_or_below", "steps_rising"]


def first_step_at_or_below(values: Sequence[float] | np.ndarray, level: float) -> int | None:
    """The first step (index) whose learning rate is ``<= level``; ``None`` if there is none.

    Args:
        values: learning rates indexed by step (``values[s]`` is the rate at step ``s``).
        level: the level to reach, e.g. half the initial learning rate.

    Example:
        >>> first_step_at_or_below([1.0, 0.8, 0.5, 0.4], 0.5)
        2
        >>> first_step_at_or_below([1.0, 0.8], 0.5) is None
        True
    """
    below = np.asarray(values, dtype=float) <= level
    if below.ndim != 1:
        raise ValueError(f"Argument `values` must be 1-d. Received: shape {below.shape}")
    return int(np.argmax(below)) if below.any() else None


def steps_rising(values: Sequence[float] | np.ndarray) -> list[int]:
    """The steps whose learning rate is above the previous step's (where a cycle restarts).

    ``nan`` (a step the schedule refuses) never counts as a rise.

    Example:
        >>> steps_rising([1.0, 0.5, 1.0, 0.5, 0.5, 0.8])
        [2, 5]
    """
    rates = np.asarray(values, dtype=float)
    if rates.ndim != 1:
        raise ValueError(f"Argument `values` must be 1-d. Received: shape {rates.shape}")
    return (np.flatnonzero(np.diff(rates) > 0) + 1).tolist()
