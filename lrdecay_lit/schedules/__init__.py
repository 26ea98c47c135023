r"""TensorFlow 1's learning-rate decays: one definition per schedule, and its numpy function.

Each function has TF1's name, argument names, argument order and defaults
(``tf.compat.v1.train.<name>``), so code from the articles runs unchanged, but it takes a
whole numpy array of steps at once and returns float64 values of the same shape (a numpy
float64 scalar for a scalar step). ``name`` is accepted and ignored, as a convenience for
pasted TF code.

Every schedule is defined once, in its family's module (:mod:`.exponential`,
:mod:`.polynomial`, :mod:`.piecewise`, :mod:`.cosine`, :mod:`.linear_cosine`,
:mod:`.fixed_rate`), as a :class:`Definition`: its parameters (:class:`Param`: TF name,
kind, default, domain, slider, example, description, book symbol), its numpy function and
its sympy expression. :data:`DEFINITIONS` lists them in TF's order; the specs, the sympy
symbols, the widgets, the JavaScript and the tests' strategies are derived from it.

The numpy functions are hand-vectorised twins of the sympy expressions (faster than code
generated from them), checked against the expressions to 1e-12 (``tests/test_symbolic.py``)
and against values produced by TensorFlow itself (``tests/test_golden.py``).

Arguments are validated by each parameter's rule (:meth:`Param.check`, with
:mod:`lrdecay_lit._validation`'s messages): where TensorFlow would return ``nan``/``inf`` or
a silently wrong curve (``decay_steps=0``, negative steps, unsorted boundaries, ...) these
functions raise a ``ValueError`` or ``TypeError`` that names the argument and the rule. The
rules that are stricter than TF are listed in each docstring under *Raises*.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from lrdecay_lit.schedules import (
    cosine,
    exponential,
    fixed_rate,
    linear_cosine,
    piecewise,
    polynomial,
)
from lrdecay_lit.schedules._common import Steps
from lrdecay_lit.schedules._definition import Definition, Domain, Param, Slider, unknown_name
from lrdecay_lit.schedules.cosine import cosine_decay, cosine_decay_restarts
from lrdecay_lit.schedules.exponential import (
    exponential_decay,
    inverse_time_decay,
    natural_exp_decay,
)
from lrdecay_lit.schedules.fixed_rate import fixed
from lrdecay_lit.schedules.linear_cosine import linear_cosine_decay, noisy_linear_cosine_decay
from lrdecay_lit.schedules.piecewise import piecewise_constant
from lrdecay_lit.schedules.polynomial import polynomial_decay

__all__ = [
    "exponential_decay",
    "natural_exp_decay",
    "inverse_time_decay",
    "polynomial_decay",
    "piecewise_constant",
    "cosine_decay",
    "cosine_decay_restarts",
    "linear_cosine_decay",
    "noisy_linear_cosine_decay",
    "fixed",
]
"""The schedule functions (the definition model is importable too, see :data:`DEFINITIONS`)."""

DEFINITIONS: Mapping[str, Definition] = MappingProxyType(
    {
        d.name: d
        for d in (
            *exponential.DEFINITIONS,
            polynomial.DEFINITION,
            piecewise.DEFINITION,
            *cosine.DEFINITIONS,
            *linear_cosine.DEFINITIONS,
            fixed_rate.DEFINITION,
        )
    }
)
"""Every schedule's :class:`Definition`, by name, in TF's (and the book's) order."""


def definition(name: object) -> Definition:
    """The definition of schedule ``name``; the package's one message for an unknown name.

    Example:
        >>> definition("fixed").names
        ('learning_rate',)
        >>> definition("step_decay")
        Traceback (most recent call last):
        ...
        ValueError: Argument `name` must be one of exponential_decay, natural_exp_decay, \
inverse_time_decay, polynomial_decay, piecewise_constant, cosine_decay, \
cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay, fixed. \
Received: name='step_decay'
    """
    try:
        return DEFINITIONS[name]  # type: ignore[index]
    except (KeyError, TypeError):
        raise unknown_name(tuple(DEFINITIONS), name) from None


_ = (Steps, Domain, Param, Slider)  # re-exported for the definition modules' readers
