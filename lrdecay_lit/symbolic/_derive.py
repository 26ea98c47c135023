"""The derivation helpers, gathered from their modules (split by job).

- :mod:`._calculus`: :func:`derivative`, :func:`relative_decay_rate`, :func:`convexity`;
- :mod:`._limits`: :func:`limit_at_infinity`, :func:`floor_value`;
- :mod:`._reach`: :func:`step_to_reach`, :func:`half_life`;
- :mod:`._budget`: :func:`budget_integral`, :func:`budget_sum`, :func:`telescopes`;
- :mod:`._relations`: identities and the families' shapes (:func:`polynomial_cycle`,
  :func:`sgdr_restarts`, ...);
- :mod:`._pieces`: what they share (the symbols :data:`T`, :data:`N`, :data:`k`, option
  splitting, the clip, and the per-schedule hooks).

Every function returns a sympy expression or a :class:`Derivation` (named results plus a
note); ``tests/test_symbolic.py`` checks each result against the numeric core
(:mod:`lrdecay_lit.schedules`).
"""

from __future__ import annotations

from lrdecay_lit.symbolic._budget import budget_integral, budget_sum, telescopes
from lrdecay_lit.symbolic._calculus import convexity, derivative, relative_decay_rate
from lrdecay_lit.symbolic._limits import floor_value, limit_at_infinity
from lrdecay_lit.symbolic._pieces import N, T, _active, _apply, _clip, _diff_ae, _split, k
from lrdecay_lit.symbolic._reach import half_life, step_to_reach
from lrdecay_lit.symbolic._relations import (
    exponential_vs_inverse_time,
    linear_cosine_vs_cosine,
    natural_exp_is_exponential,
    noisy_moments,
    polynomial_cycle,
    sgdr_restarts,
    staircase_gap,
)

__all__ = [
    "T",
    "N",
    "k",
    "derivative",
    "relative_decay_rate",
    "convexity",
    "limit_at_infinity",
    "floor_value",
    "step_to_reach",
    "half_life",
    "budget_integral",
    "budget_sum",
    "natural_exp_is_exponential",
    "exponential_vs_inverse_time",
    "staircase_gap",
    "polynomial_cycle",
    "sgdr_restarts",
    "linear_cosine_vs_cosine",
    "noisy_moments",
    "telescopes",
]

_SHARED = (_active, _apply, _clip, _diff_ae, _split)  # imported from here by sibling modules
