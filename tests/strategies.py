"""Hypothesis strategies for schedule parameters, derived from their definitions.

One strategy per parameter, read from its :class:`~lrdecay_lit.schedules.Param`: the
values lie in the parameter's domain (the rule the numpy functions validate with) and in
the range its slider explores (the domains are unbounded above; the slider says what a
reader tries). Closed ends of the domain are drawn too (``alpha = 0``, ``m_mul = 1``), and
whole numbers: a length in steps (so restarts and staircases land on whole steps) and the
values where a formula switches branch (``t_mul = 1``, ``power = 1``, ``decay_rate = 1``).
Tests use :func:`params` instead of writing their own random generators.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from lrdecay_lit.schedules import DEFINITIONS, Param

__all__ = ["value", "params", "piecewise"]

_TINY = 1e-3
"""Smallest positive magnitude drawn for a parameter whose domain is open at 0 and whose
slider starts there (a learning rate): products far below it underflow, which tests the
float format, not the schedule."""


def _bounds(p: Param) -> tuple[float, float]:
    d = p.domain
    lo = max(x for x in (d.lower, p.min) if x is not None)
    hi = min(x for x in (d.upper, p.max) if x is not None)
    return float(lo), float(hi)


def value(p: Param) -> st.SearchStrategy[float]:
    """Values of the real parameter ``p``: in its domain and its slider's range."""
    lo, hi = _bounds(p)
    d = p.domain
    open_lo = d.gt is not None and d.gt == lo
    open_hi = d.lt is not None and d.lt == hi
    positive = st.floats(
        max(lo, _TINY) if lo <= 0 else lo,
        hi,
        exclude_min=open_lo and lo > 0,
        exclude_max=open_hi,
        allow_subnormal=False,
    )
    choices = [positive]
    small = max(lo, _TINY)
    if hi / small >= 100:  # spans decades ([0, 1] rates, [0.01, 1] factors): log-uniform too
        log_uniform = st.floats(math.log(small), math.log(hi)).map(math.exp)
        choices.append(log_uniform.filter(lambda x: small <= x <= hi))
    ends = [x for x, closed in ((lo, not open_lo), (hi, not open_hi)) if closed and x in d]
    if ends:
        choices.append(st.sampled_from(ends))
    whole = [float(x) for x in range(math.ceil(lo), math.floor(hi) + 1) if float(x) in d]
    if whole:  # whole values: lengths in steps, and where branches switch (t_mul = 1)
        choices.append(st.integers(int(whole[0]), int(whole[-1])).map(float))
    return st.one_of(choices)


def piecewise(max_boundaries: int = 8, stop: int = 500) -> st.SearchStrategy[dict[str, Any]]:
    """piecewise_constant's lists: strictly increasing boundaries, one more rate (>= 0)."""
    bounds = st.lists(
        st.one_of(st.integers(0, stop).map(float), st.floats(0, stop, allow_subnormal=False)),
        min_size=1,
        max_size=max_boundaries,
        unique=True,
    ).map(sorted)
    return bounds.flatmap(
        lambda b: st.fixed_dictionaries(
            {
                "boundaries": st.just(b),
                "values": st.lists(
                    st.floats(0, 1, allow_subnormal=False), min_size=len(b) + 1, max_size=len(b) + 1
                ),
            }
        )
    )


def params(name: str, *, options: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for schedule ``name``: every real parameter (and, with
    ``options``, the booleans); piecewise_constant's lists from :func:`piecewise`.
    The seed of a noisy schedule is left out (the tests pass their own)."""
    d = DEFINITIONS[name]
    if not d.symbol_params:
        return piecewise()
    fields: dict[str, st.SearchStrategy[Any]] = {p.name: value(p) for p in d.symbol_params}
    if options:
        fields.update({o: st.booleans() for o in d.options})
    return st.fixed_dictionaries(fields)


def term_size(p: dict[str, Any], noise: float = 0.0) -> float:
    """The size of a schedule's terms for parameters ``p`` (``noise``: the largest
    :math:`|\\varepsilon_t|`): the scale of an absolute tolerance where the terms cancel
    (``1 + cos`` near 0 at the end of a cosine period, a negative noise draw), which a
    relative tolerance alone cannot cover."""
    lr = p.get("learning_rate", max(p.get("values", [0.0])))
    return float(lr) * (1 + p.get("alpha", 0) + p.get("beta", 0) + noise)
