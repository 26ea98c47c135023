"""Every example of the two source articles, as data.

The book's chapters, the golden tests against TensorFlow and the errata all read the
articles' examples from here, so a parameter is typed once. ``article`` is ``"A"`` for
the post on exponential and polynomial decay, ``"B"`` for the post on all TF1 decays
(see ``shared/articles.md``). ``color`` is the matplotlib colour the article plots with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Example", "ARTICLE_EXAMPLES", "example", "article_examples"]


@dataclass(frozen=True)
class Example:
    """One curve an article plots: a schedule, its arguments and how it was drawn."""

    key: str
    article: str
    schedule: str
    # the schedule's keyword arguments; their types depend on the schedule (float, int, bool,
    # a list of boundaries), so Any: they are passed on as ``**params``
    params: dict[str, Any] = field(hash=False)
    num_steps: int
    color: str
    label: str

    def steps(self) -> np.ndarray:
        """The steps the article evaluates, ``0 .. num_steps - 1``."""
        return np.arange(self.num_steps)

    def values(self) -> np.ndarray:
        """The learning rates at :meth:`steps`, computed by :mod:`lrdecay_lit.schedules`."""
        from lrdecay_lit.registry import Schedule

        return np.asarray(Schedule(self.schedule, **self.params)(self.steps()))


_B_EXP = {"learning_rate": 0.6, "decay_steps": 10, "decay_rate": 0.6}
_B_INV = {"learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.2}

ARTICLE_EXAMPLES: tuple[Example, ...] = (
    Example(
        "A.exponential",
        "A",
        "exponential_decay",
        {"learning_rate": 0.5, "decay_steps": 10, "decay_rate": 0.9, "staircase": False},
        200,
        "r",
        "exponential_decay, staircase=False",
    ),
    Example(
        "A.polynomial.cycle_false",
        "A",
        "polynomial_decay",
        {"learning_rate": 0.5, "decay_steps": 10, "end_learning_rate": 0.0001, "cycle": False},
        200,
        "r",
        "polynomial_decay, cycle=False",
    ),
    Example(
        "A.polynomial.cycle_true",
        "A",
        "polynomial_decay",
        {"learning_rate": 0.5, "decay_steps": 10, "end_learning_rate": 0.0001, "cycle": True},
        200,
        "g",
        "polynomial_decay, cycle=True",
    ),
    Example(
        "B.exponential.staircase",
        "B",
        "exponential_decay",
        {**_B_EXP, "staircase": True},
        60,
        "r",
        "exponential_decay, staircase=True",
    ),
    Example(
        "B.exponential.smooth",
        "B",
        "exponential_decay",
        {**_B_EXP, "staircase": False},
        60,
        "g",
        "exponential_decay, staircase=False",
    ),
    Example(
        "B.piecewise_constant",
        "B",
        "piecewise_constant",
        {"boundaries": [10, 20, 30, 40, 50], "values": [0.06, 0.05, 0.04, 0.03, 0.02, 0.01]},
        60,
        "r",
        "piecewise_constant",
    ),
    Example(
        "B.polynomial.cycle_false",
        "B",
        "polynomial_decay",
        {
            "learning_rate": 0.102,
            "decay_steps": 10,
            "end_learning_rate": 0.011,
            "power": 1.0,
            "cycle": False,
        },
        60,
        "r",
        "polynomial_decay, cycle=False",
    ),
    Example(
        "B.polynomial.cycle_true",
        "B",
        "polynomial_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 10,
            "end_learning_rate": 0.01,
            "power": 1.0,
            "cycle": True,
        },
        60,
        "g",
        "polynomial_decay, cycle=True",
    ),
    Example(
        "B.natural_exp.staircase",
        "B",
        "natural_exp_decay",
        {**_B_EXP, "staircase": True},
        60,
        "r",
        "natural_exp_decay, staircase=True",
    ),
    Example(
        "B.natural_exp.smooth",
        "B",
        "natural_exp_decay",
        {**_B_EXP, "staircase": False},
        60,
        "g",
        "natural_exp_decay, staircase=False",
    ),
    Example(
        "B.inverse_time.staircase",
        "B",
        "inverse_time_decay",
        {**_B_INV, "staircase": True},
        60,
        "r",
        "inverse_time_decay, staircase=True",
    ),
    Example(
        "B.inverse_time.smooth",
        "B",
        "inverse_time_decay",
        {**_B_INV, "staircase": False},
        60,
        "g",
        "inverse_time_decay, staircase=False",
    ),
    Example(
        "B.cosine",
        "B",
        "cosine_decay",
        {"learning_rate": 0.3, "decay_steps": 50, "alpha": 0.01},
        60,
        "r",
        "cosine_decay",
    ),
    Example(
        "B.cosine_restarts",
        "B",
        "cosine_decay_restarts",
        {"learning_rate": 0.3, "first_decay_steps": 10, "t_mul": 1.5, "m_mul": 0.8, "alpha": 0.011},
        60,
        "g",
        "cosine_decay_restarts",
    ),
    Example(
        "B.linear_cosine",
        "B",
        "linear_cosine_decay",
        {"learning_rate": 0.3, "decay_steps": 50, "num_periods": 3.0, "alpha": 0.0, "beta": 0.2},
        60,
        "b",
        "linear_cosine_decay",
    ),
    Example(
        "B.noisy_linear_cosine",
        "B",
        "noisy_linear_cosine_decay",
        {
            "learning_rate": 0.1,
            "decay_steps": 50,
            "initial_variance": 0.01,
            "variance_decay": 0.1,
            "num_periods": 0.2,
            "alpha": 0.5,
            "beta": 0.2,
            "seed": 0,
        },
        60,
        "y",
        "noisy_linear_cosine_decay",
    ),
)
"""The articles' examples in the order they appear (article A, then B)."""


def example(key: str) -> Example:
    """The example called ``key`` (e.g. ``"B.cosine"``).

    Raises:
        KeyError: no example has that key; the message lists the keys.
    """
    for ex in ARTICLE_EXAMPLES:
        if ex.key == key:
            return ex
    raise KeyError(f"no article example {key!r}; known: {[e.key for e in ARTICLE_EXAMPLES]}")


def article_examples(*items: Any) -> list[Any]:
    """``items`` with every example key replaced by the examples it names, in order.

    A key is an example's ``key`` (``"B.cosine"``) or a prefix of several
    (``"B.polynomial"``: both of article B's polynomial curves); every other item (a schedule
    name, a function, a schedule object, an :class:`Example`) is passed through unchanged.
    This is where the book's example keys are resolved: the plots and explorers
    (:mod:`lrdecay_lit.plotting`, :mod:`lrdecay_lit.widgets`) sit below the book's helpers and
    take the :class:`Example` objects, never their keys.

    Raises:
        ValueError: a string that is neither a schedule name nor an example key or prefix.

    Example:
        >>> [e.key for e in article_examples("B.polynomial")]
        ['B.polynomial.cycle_false', 'B.polynomial.cycle_true']
        >>> article_examples("cosine_decay")
        ['cosine_decay']
    """
    from lrdecay_lit.specs import SCHEDULE_NAMES

    out: list[Any] = []
    for item in items:
        if not isinstance(item, str) or item in SCHEDULE_NAMES:
            out.append(item)
            continue
        found = [e for e in ARTICLE_EXAMPLES if e.key == item or e.key.startswith(item + ".")]
        if not found:
            known = ", ".join(SCHEDULE_NAMES) + "; examples: "
            known += ", ".join(e.key for e in ARTICLE_EXAMPLES)
            raise ValueError(f"Schedule or example {item!r} is unknown. Known: {known}")
        out.extend(found)
    return out
