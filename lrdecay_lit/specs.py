"""Parameter specifications of every schedule: names, TF defaults, article values, ranges.

One table drives everything that needs to know a schedule's hyper-parameters without
calling it: the :class:`~lrdecay_lit.registry.Schedule` object (defaults, config round
trip), the ipywidgets explorers (slider ranges, steps, log scale, descriptions) and the
static site's in-browser plots. Add a schedule here and its explorer exists.

``default`` is TensorFlow 1's default (``None`` for a required argument); ``example`` is
the value the articles use, which explorers start from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ParamSpec", "SPECS", "SCHEDULE_NAMES", "NUM_STEPS", "example_params"]

Kind = Literal["float", "int", "bool", "floats", "seed"]


@dataclass(frozen=True)
class ParamSpec:
    """One hyper-parameter of a schedule.

    Attributes:
        name: TF1's argument name.
        kind: ``"float"``, ``"int"``, ``"bool"``, ``"floats"`` (a list) or ``"seed"``.
        default: TF1's default, or ``None`` when the argument is required.
        example: the articles' value (what explorers start from).
        min, max, step: slider range and resolution (``None`` for bools and lists).
        log: whether a slider should move on a log scale.
        description: one line for a tooltip or a table.
    """

    name: str
    kind: Kind
    default: object
    example: object
    min: float | None = None
    max: float | None = None
    step: float | None = None
    log: bool = False
    description: str = ""


def _lr(example: float) -> ParamSpec:
    return ParamSpec(
        "learning_rate",
        "float",
        None,
        example,
        0.0,
        1.0,
        0.001,
        description="initial learning rate",
    )


def _steps(name: str, example: int, what: str) -> ParamSpec:
    return ParamSpec(name, "float", None, example, 1, 200, 1, description=what)


def _staircase() -> ParamSpec:
    return ParamSpec(
        "staircase", "bool", False, False, description="floor step/decay_steps (decay in stairs)"
    )


def _alpha(example: float, what: str, maximum: float = 1.0) -> ParamSpec:
    return ParamSpec("alpha", "float", 0.0, example, 0.0, maximum, 0.001, description=what)


def _beta(example: float) -> ParamSpec:
    return ParamSpec(
        "beta",
        "float",
        0.001,
        example,
        0.0,
        1.0,
        0.001,
        description="floor, as a fraction of learning_rate",
    )


def _num_periods(example: float) -> ParamSpec:
    return ParamSpec(
        "num_periods",
        "float",
        0.5,
        example,
        0.0,
        10.0,
        0.1,
        description="number of cosine periods within decay_steps",
    )


_DECAY_STEPS = "steps over which the rate is multiplied by decay_rate once"

SPECS: dict[str, tuple[ParamSpec, ...]] = {
    "exponential_decay": (
        _lr(0.5),
        _steps("decay_steps", 10, _DECAY_STEPS),
        ParamSpec(
            "decay_rate",
            "float",
            None,
            0.9,
            0.01,
            1.0,
            0.01,
            description="factor applied every decay_steps steps",
        ),
        _staircase(),
    ),
    "natural_exp_decay": (
        _lr(0.6),
        _steps("decay_steps", 10, "steps over which the rate falls by a factor e^-decay_rate"),
        ParamSpec(
            "decay_rate",
            "float",
            None,
            0.6,
            0.0,
            5.0,
            0.01,
            description="k in exp(-k t / decay_steps)",
        ),
        _staircase(),
    ),
    "inverse_time_decay": (
        _lr(0.1),
        _steps("decay_steps", 10, "steps per unit of k in 1 / (1 + k t / decay_steps)"),
        ParamSpec(
            "decay_rate",
            "float",
            None,
            0.2,
            0.0,
            5.0,
            0.01,
            description="k in 1 / (1 + k t / decay_steps)",
        ),
        _staircase(),
    ),
    "polynomial_decay": (
        _lr(0.5),
        _steps("decay_steps", 10, "steps to reach end_learning_rate"),
        ParamSpec(
            "end_learning_rate",
            "float",
            0.0001,
            0.0001,
            0.0,
            1.0,
            0.0001,
            description="final learning rate",
        ),
        ParamSpec(
            "power", "float", 1.0, 1.0, 0.1, 5.0, 0.1, description="exponent of (1 - t/decay_steps)"
        ),
        ParamSpec(
            "cycle", "bool", False, False, description="restart after each multiple of decay_steps"
        ),
    ),
    "piecewise_constant": (
        ParamSpec(
            "boundaries",
            "floats",
            None,
            [10, 20, 30, 40, 50],
            description="steps where the rate changes (strictly increasing)",
        ),
        ParamSpec(
            "values",
            "floats",
            None,
            [0.06, 0.05, 0.04, 0.03, 0.02, 0.01],
            description="len(boundaries) + 1 rates",
        ),
    ),
    "cosine_decay": (
        _lr(0.3),
        _steps("decay_steps", 50, "length of the half cosine"),
        _alpha(0.01, "floor, as a fraction of learning_rate"),
    ),
    "cosine_decay_restarts": (
        _lr(0.3),
        _steps("first_decay_steps", 10, "length of the first period"),
        ParamSpec(
            "t_mul",
            "float",
            2.0,
            1.5,
            0.5,
            3.0,
            0.05,
            description="each period is t_mul times longer than the previous",
        ),
        ParamSpec(
            "m_mul",
            "float",
            1.0,
            0.8,
            0.05,
            1.0,
            0.05,
            description="each restart peak is m_mul times the previous",
        ),
        _alpha(0.011, "floor, as a fraction of learning_rate"),
    ),
    "linear_cosine_decay": (
        _lr(0.3),
        _steps("decay_steps", 50, "steps of the linear ramp"),
        _num_periods(3.0),
        _alpha(0.0, "added to the linear part", maximum=2.0),
        _beta(0.2),
    ),
    "noisy_linear_cosine_decay": (
        _lr(0.1),
        _steps("decay_steps", 50, "steps of the linear ramp"),
        ParamSpec(
            "initial_variance",
            "float",
            1.0,
            0.01,
            0.0,
            1.0,
            0.001,
            description="noise variance at step 0",
        ),
        ParamSpec(
            "variance_decay",
            "float",
            0.55,
            0.1,
            0.0,
            2.0,
            0.01,
            description="d in variance / (1 + t)^d",
        ),
        _num_periods(0.2),
        _alpha(0.5, "added to the linear part", maximum=2.0),
        _beta(0.2),
        ParamSpec(
            "seed", "seed", None, 0, 0, 9999, 1, description="random seed of the noise (not in TF)"
        ),
    ),
    "fixed": (_lr(0.01),),
}
"""Hyper-parameters of each schedule in TF's argument order (without the step and ``name``)."""

SCHEDULE_NAMES: tuple[str, ...] = tuple(SPECS)
"""Every schedule of the core, in the order the book presents them."""

NUM_STEPS: dict[str, int] = {
    "exponential_decay": 200,
    "natural_exp_decay": 60,
    "inverse_time_decay": 60,
    "polynomial_decay": 200,
    "piecewise_constant": 60,
    "cosine_decay": 60,
    "cosine_decay_restarts": 60,
    "linear_cosine_decay": 60,
    "noisy_linear_cosine_decay": 60,
    "fixed": 60,
}
"""How many steps the articles plot for each schedule (the explorers' default range)."""


def example_params(name: str) -> dict[str, object]:
    """The articles' hyper-parameters for schedule ``name``, as keyword arguments.

    Example:
        >>> example_params("cosine_decay")
        {'learning_rate': 0.3, 'decay_steps': 50, 'alpha': 0.01}
    """
    return {p.name: p.example for p in SPECS[name]}
