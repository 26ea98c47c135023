"""The facts an explorer prints under its plot: lr at the cursor, final lr, budget, first
halving step, half-life, restarts.

The numbers are read from the curve (:mod:`lrdecay_lit.curves`), the restart steps and
positions of cosine_decay_restarts come from the package's one restart rule
(:mod:`lrdecay_lit._restarts`), and the half-life of the exponential family is the symbolic
layer's closed form (:func:`lrdecay_lit.symbolic.half_life`) with the values put in.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from lrdecay_lit import _restarts
from lrdecay_lit.curves import first_step_at_or_below, steps_rising
from lrdecay_lit.registry import Node
from lrdecay_lit.widgets.formula import symbolic_available

__all__ = ["schedule_facts", "facts_html", "MAX_RESTART_POSITIONS"]

MAX_RESTART_POSITIONS = 6
"""Restart positions :math:`S_k` listed in the facts (the first ones in range)."""

_HALF_LIFE_SCHEDULES = ("exponential_decay", "natural_exp_decay", "inverse_time_decay")


@lru_cache(maxsize=8)
def _half_life_function(name: str, staircase: bool) -> Callable[[float, float], float]:
    """``(decay_steps, decay_rate) -> h``, lambdified once from the symbolic closed form.

    Raises:
        NotImplementedError: sympy found no closed form.
    """
    import sympy as sp

    from lrdecay_lit import symbolic

    expr = symbolic.half_life(name, staircase=staircase)
    args = [symbolic.symbol("decay_steps"), symbolic.symbol("decay_rate")]
    function: Callable[[float, float], float] = sp.lambdify(args, expr, modules="math")
    return function


def _half_life(name: str, params: Mapping[str, object]) -> float | str | None:
    """Exact steps to halve from step 0 (:func:`lrdecay_lit.symbolic.half_life`).

    None for other schedules, without sympy, or when the rate never halves (``decay_rate``
    1 for exponential_decay, 0 for the others: the closed form has no finite value); the
    reason as text when sympy finds no closed form.
    """
    if name not in _HALF_LIFE_SCHEDULES or not symbolic_available():
        return None
    try:
        function = _half_life_function(name, bool(params.get("staircase", False)))
    except NotImplementedError as exc:
        return f"no closed form ({exc})"
    decay_steps, decay_rate = float(params["decay_steps"]), float(params["decay_rate"])  # type: ignore[arg-type]
    try:
        h = float(function(decay_steps, decay_rate))
    except (ZeroDivisionError, ValueError, OverflowError):  # log(1) = 0, log(0): never halves
        return None
    return h if math.isfinite(h) and h > 0 else None


def _restart_positions(params: Mapping[str, object], num_steps: int) -> list[float]:
    """Restart positions :math:`S_k < n` of cosine_decay_restarts (the first six), by the
    package's restart rule (:func:`lrdecay_lit._restarts.snapped_starts`)."""
    t0, t_mul = float(params["first_decay_steps"]), float(params["t_mul"])  # type: ignore[arg-type]
    starts = _restarts.snapped_starts(np.arange(1.0, MAX_RESTART_POSITIONS + 1.0), t0, t_mul)
    return [float(s) for s in starts if np.isfinite(s) and s < num_steps]


def _restart_steps(schedule: Node, values: np.ndarray) -> list[int] | None:
    """Steps at which the learning rate restarts, or None for a schedule without restarts.

    cosine_decay_restarts: the package's restart rule
    (:func:`lrdecay_lit._restarts.restart_steps`; None beyond its 50 000 restarts);
    polynomial_decay with ``cycle``: the steps where the curve rises
    (:func:`lrdecay_lit.curves.steps_rising`).
    """
    n = len(values)
    if schedule.name == "cosine_decay_restarts":
        p = schedule.params
        steps = _restarts.restart_steps(p["first_decay_steps"], p["t_mul"], n - 1)  # type: ignore[arg-type]
        if steps is None:
            return None
        # near the horizon of t_mul < 1 several periods start within one step, and the
        # steps from the horizon on are refused (nan): no restart there
        return sorted({int(s) for s in steps if np.isfinite(values[s])})
    if schedule.params.get("cycle") is True:
        return steps_rising(values)
    return None


def schedule_facts(schedule: Node, values: np.ndarray, cursor: int) -> dict[str, object]:
    """Live facts of a curve: the numbers the explorers print under the plot.

    Args:
        schedule: the (valid) schedule drawn (a base schedule or a composite).
        values: its learning rates at steps ``0 .. len(values) - 1``.
        cursor: the step of the cursor (clipped to the range).

    Returns:
        ``cursor``, ``at_cursor`` (lr there), ``final`` (lr at the last step), ``budget``
        (sum of the lr over the steps shown), ``halved_at`` (first step where lr <= lr(0)/2,
        or None; :func:`lrdecay_lit.curves.first_step_at_or_below`), ``half_life``
        (exponential/natural_exp/inverse_time: the exact steps to halve from step 0, from
        :func:`lrdecay_lit.symbolic.half_life`; else None), ``restarts`` (steps where the
        lr restarts, for cosine_decay_restarts and polynomial_decay with cycle; else None)
        and, for cosine_decay_restarts, ``restart_positions`` (the restart positions
        :math:`S_k` in range, at most six, by the package's restart rule).

    Example:
        >>> from lrdecay_lit.registry import Schedule
        >>> s = Schedule("exponential_decay", learning_rate=0.5, decay_steps=10, decay_rate=0.5)
        >>> facts = schedule_facts(s, s(np.arange(60)), 20)
        >>> facts["at_cursor"], facts["halved_at"]
        (0.125, 10)
    """
    n = len(values)
    k = min(max(int(cursor), 0), n - 1)
    facts: dict[str, object] = {
        "cursor": k,
        "at_cursor": float(values[k]),
        "final": float(values[-1]),
        "budget": float(np.sum(values)),
    }
    start = float(values[0])
    facts["halved_at"] = first_step_at_or_below(values, start / 2) if start > 0 else None
    facts["half_life"] = _half_life(schedule.name, schedule.params)
    facts["restarts"] = _restart_steps(schedule, values)
    if schedule.name == "cosine_decay_restarts":
        facts["restart_positions"] = _restart_positions(schedule.params, n)
    return facts


def _fmt(x: object) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.5g}"
    return str(x)


def _halving_text(facts: Mapping[str, Any]) -> str:
    text = _fmt(facts.get("halved_at"))
    half_life = facts.get("half_life")
    if isinstance(half_life, str):
        text += f" (half-life: {html.escape(half_life)})"
    elif half_life is not None:
        text += f" (half-life {half_life:.4g} steps)"
    return text


def _restarts_text(facts: Mapping[str, Any]) -> str:
    steps = facts.get("restarts")
    if steps is None:
        return "—"
    if not steps:
        return "none in range"
    shown = ", ".join(map(str, steps[:6])) + (", …" if len(steps) > 6 else "")
    text = f"steps {shown} ({len(steps)})"
    positions = facts.get("restart_positions")
    if positions:
        text += "; exact S<sub>k</sub> = " + ", ".join(f"{p:.4g}" for p in positions)
    return text


def facts_html(
    rows: Sequence[tuple[str, str, Mapping[str, Any]]], cursor: int, num_steps: int
) -> str:
    """The facts table: one row per ``(label, css colour, facts)``."""
    head = (
        f"<tr><th>curve</th><th>lr at step {cursor}</th><th>final lr</th>"
        "<th>budget Σ lr</th><th>lr ≤ lr₀/2 from step</th><th>restarts</th></tr>"
    )
    body = [
        f"<tr><td><span style='color:{color}'>■</span> {html.escape(label)}</td>"
        f"<td>{_fmt(f['at_cursor'])}</td><td>{_fmt(f['final'])}</td><td>{_fmt(f['budget'])}</td>"
        f"<td>{_halving_text(f)}</td><td>{_restarts_text(f)}</td></tr>"
        for label, color, f in rows
    ]
    style = "<style>.lrd-facts td,.lrd-facts th{padding:0 8px;text-align:left}</style>"
    return (
        f"{style}<table class='lrd-facts'>{head}{''.join(body)}"
        f"</table><small>steps 0 … {num_steps - 1}</small>"
    )
