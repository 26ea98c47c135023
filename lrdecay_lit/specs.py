"""Parameter specifications of every schedule, derived from their definitions.

A compatibility view of :data:`lrdecay_lit.schedules.DEFINITIONS`: ``SPECS[name]`` is the
tuple of the schedule's :class:`~lrdecay_lit.schedules.Param` objects (TF's argument
order, without the step and ``name``), which carry everything the former ``ParamSpec``
had (``name``, ``kind``, ``default``, ``example``, ``min``, ``max``, ``step``, ``log``,
``description``) plus the domain and the book's symbol. It drives the
:class:`~lrdecay_lit.registry.Schedule` object (defaults, config round trip), the
ipywidgets explorers and the static site's in-browser plots. Add a schedule's definition
and its explorer exists.

``default`` is TensorFlow 1's default (``None`` for a required argument); ``example`` is
the value the articles use, which explorers start from.
"""

from __future__ import annotations

from lrdecay_lit.schedules import DEFINITIONS
from lrdecay_lit.schedules import Param as ParamSpec

__all__ = ["ParamSpec", "SPECS", "SCHEDULE_NAMES", "NUM_STEPS", "example_params"]

SPECS: dict[str, tuple[ParamSpec, ...]] = {name: d.params for name, d in DEFINITIONS.items()}
"""Hyper-parameters of each schedule in TF's argument order (without the step and ``name``)."""

SCHEDULE_NAMES: tuple[str, ...] = tuple(DEFINITIONS)
"""Every schedule of the core, in the order the book presents them."""

NUM_STEPS: dict[str, int] = {name: d.num_steps for name, d in DEFINITIONS.items()}
"""How many steps the articles plot for each schedule (the explorers' default range)."""


def example_params(name: str) -> dict[str, object]:
    """The articles' hyper-parameters for schedule ``name``, as keyword arguments.

    Example:
        >>> example_params("cosine_decay")
        {'learning_rate': 0.3, 'decay_steps': 50, 'alpha': 0.01}
    """
    return {p.name: p.example for p in SPECS[name]}
