r"""Live explorers: move a slider, watch a schedule change (ipywidgets + matplotlib).

Every explorer is generated from :data:`lrdecay_lit.specs.SPECS` alone: a slider per number
(a log slider where ``spec.log``), a checkbox per boolean (``staircase``, ``cycle``), a text
box with validation feedback per list (``boundaries``, ``values``), a number box for the
noisy schedule's ``seed``; plus the number of steps shown, a step cursor, an "LR budget"
(cumulative sum) toggle and a log-scale toggle. There is no per-schedule widget code: add a
schedule to the specs and :func:`explore` knows it. A composite (:mod:`lrdecay_lit.composites`:
``explore(warmup(schedule, 100))``) gets one control per entry of its flat ``spec``
(``warmup_steps``, ``init_value``, ``schedule__decay_steps``, ...) and its ``Piecewise``
formula; its structure (which schedules, the warmup's kind) is fixed.

* :func:`explore` — one schedule, its formula from :mod:`lrdecay_lit.symbolic` with the
  current values substituted, and live facts (value at the cursor, final value, budget,
  first halving step, restart steps).
* :func:`compare` — several schedules on one figure, each with its own controls;
  :func:`compare_cosines` is article B's figure of the four cosine variants.

The figure is created once; every change sets the lines' data, rescales the axes and
redraws the same figure. A bad combination of values shows the library's own error message
(``Argument `decay_steps` must be > 0. Received: decay_steps=0``) under the plot and keeps
the last valid curve. How the figure reaches the page (``view=``):

* ``"image"`` (default with matplotlib's inline backend): the Agg canvas is encoded as a PNG
  into an :class:`ipywidgets.Image`. Works in JupyterLab, classic Notebook and VS Code, and
  the image is part of the saved widget state, so a static (jupyter-book) page shows it.
* ``"ipympl"`` (default when ``%matplotlib widget`` / ipympl is active): the figure's own
  canvas widget, updated with ``fig.canvas.draw_idle()``.
* ``"output"``: an :class:`ipywidgets.Output` that re-displays the same figure object.
* ``"none"``: draw on the Agg canvas only (tests, benchmarks).

Outside a kernel (a script, a test) — or with ``static=True`` — :func:`explore` and
:func:`compare` return a plain matplotlib :class:`~matplotlib.figure.Figure` (and save it
with ``save="path.png"``). ``import lrdecay_lit`` never imports this module; ipywidgets is
imported only when an interactive explorer is built.

Example (headless: build a live explorer and move a slider programmatically):

    >>> ex = explore("exponential_decay", static=False, view="none")
    >>> ex.controls["decay_rate"].value = 0.5
    >>> float(ex.lines[0].get_ydata()[20])     # 0.5 * 0.5 ** (20 / 10)
    0.125
    >>> ex.controls["decay_steps"].min = 0; ex.controls["decay_steps"].value = 0
    >>> ex.errors
    ['Argument `decay_steps` must be > 0. Received: decay_steps=0.0']
    >>> float(ex.lines[0].get_ydata()[20])     # the last valid curve stays
    0.125
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from lrdecay_lit.composites import Composite
from lrdecay_lit.plotting import (
    COSINE_EXAMPLES,
    YLABEL,
    YLABEL_BUDGET,
    CurveItem,
    CurveSpec,
    curve_label,
    curve_param_specs,
    curve_spec,
    expand_items,
    make_schedule,
    plot_examples,
    style_axes,
)
from lrdecay_lit.registry import FUNCTIONS, Schedule
from lrdecay_lit.specs import SPECS, ParamSpec

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = [
    "Explorer",
    "explore",
    "compare",
    "compare_cosines",
    "make_control",
    "control_value",
    "parse_floats",
    "parse_number",
    "formula_latex",
    "schedule_facts",
    "in_kernel",
]

VIEWS = ("auto", "image", "ipympl", "output", "none")
"""How an explorer shows its figure (see the module docstring)."""

_DESCRIPTION_WIDTH = "130px"
_CONTROL_WIDTH = "370px"


def _ipywidgets() -> Any:
    import ipywidgets

    return ipywidgets


def in_kernel() -> bool:
    """True when running inside a Jupyter kernel (where widgets can be displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


# --------------------------------------------------------------------------- controls


def _decimals(step: float | None) -> int:
    """Digits a slider readout needs for resolution ``step`` (0.001 -> 3, 1 -> 0)."""
    if not step:
        return 3
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _format_list(values: Sequence[object]) -> str:
    return ", ".join(_tex_number(v) for v in values)


def parse_floats(name: str, text: str) -> list[float | int]:
    """Parse a text box's list: ``"10, 20, 30"``, ``"[10 20 30]"`` or ``"10; 20; 30"``.

    Whole numbers come back as ints (so boundaries print as ``10``, not ``10.0``).

    Raises:
        ValueError: a piece is not a number; the message has the library's shape.

    Example:
        >>> parse_floats("values", "[0.06, 0.05; 1e-2]")
        [0.06, 0.05, 0.01]
        >>> parse_floats("boundaries", "10, x")
        Traceback (most recent call last):
        ...
        ValueError: Argument `boundaries` must be numbers separated by commas. Received: ...
    """
    parts = [p for p in re.split(r"[,;\s]+", text.strip().strip("[]()")) if p]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueError(
            f"Argument `{name}` must be numbers separated by commas. Received: {name}={text!r}"
        ) from None
    return [int(x) if x.is_integer() and abs(x) < 2**53 else x for x in numbers]


def make_control(spec: ParamSpec, value: object = None) -> ipywidgets.Widget:
    """The widget for one hyper-parameter, from its spec alone.

    ``float``/``int`` -> slider (``FloatLogSlider`` when ``spec.log``), widened to include
    ``value`` if it lies outside ``[spec.min, spec.max]``; ``bool`` -> Checkbox; ``floats``
    -> Text (comma-separated); ``seed`` -> BoundedIntText. ``value`` defaults to
    ``spec.example``. The description is the TF argument name, the tooltip the spec's
    description.
    """
    w = _ipywidgets()
    value = spec.example if value is None else value
    common: dict[str, Any] = {
        "description": spec.name,
        "tooltip": spec.description,
        "style": {"description_width": _DESCRIPTION_WIDTH},
        "layout": w.Layout(width=_CONTROL_WIDTH),
    }
    if spec.kind == "bool":
        return w.Checkbox(value=bool(value), **common)
    if spec.kind == "floats":
        return w.Text(value=_format_list(value), continuous_update=False, **common)  # type: ignore[arg-type]
    if spec.kind == "seed":
        lo = int(spec.min if spec.min is not None else 0)
        hi = int(spec.max if spec.max is not None else 2**31 - 1)
        v = 0 if value is None else int(value)  # type: ignore[call-overload]
        return w.BoundedIntText(value=v, min=min(lo, v), max=max(hi, v), **common)
    v = float(value)  # type: ignore[arg-type]
    lo = min(float(spec.min if spec.min is not None else min(v, 0.0)), v)
    hi = max(float(spec.max if spec.max is not None else max(v, 1.0)), v)
    if spec.kind == "int":
        return w.IntSlider(
            value=int(v), min=int(lo), max=int(hi), step=int(spec.step or 1), **common
        )
    if spec.log and lo > 0:
        a, b = math.log10(lo), math.log10(hi)
        return w.FloatLogSlider(
            value=v, base=10, min=a, max=b, step=(b - a) / 200, readout_format=".3g", **common
        )
    return w.FloatSlider(
        value=v,
        min=lo,
        max=hi,
        step=spec.step or (hi - lo) / 200,
        readout_format=f".{_decimals(spec.step)}f",
        **common,
    )


def control_value(spec: ParamSpec, widget: ipywidgets.Widget) -> object:
    """The hyper-parameter a control currently holds (parses text boxes).

    Raises:
        ValueError: a text box does not hold a list of numbers.
    """
    value = widget.value
    if spec.kind == "bool":
        return bool(value)
    if spec.kind == "floats":
        return parse_floats(spec.name, value)
    if spec.kind in ("int", "seed"):
        return int(value)
    return float(value)


# --------------------------------------------------------------------------- formula


def _symbolic() -> Any | None:
    """:mod:`lrdecay_lit.symbolic` if it is importable and has ``expression``, else None."""
    try:
        from lrdecay_lit import symbolic
    except Exception:  # ImportError, or an error in a half-written module: degrade
        return None
    return symbolic if hasattr(symbolic, "expression") else None


def _tex_number(value: object) -> str:
    """A number for LaTeX: ``10`` not ``10.0``, ``1 \\cdot 10^{-5}`` not ``1e-05``."""
    if isinstance(value, bool):
        return str(value)
    x = float(value)  # type: ignore[arg-type]
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = f"{x:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text


def _param_for_symbol(symbol_name: str, params: Mapping[str, object]) -> object | None:
    """The value of sympy symbol ``symbol_name`` (``b_2`` -> boundaries[2]) in ``params``."""
    head, _, index = symbol_name.partition("_")
    if head in ("b", "v") and index.isdigit() and symbol_name not in params:
        seq = params.get("boundaries" if head == "b" else "values")
        if isinstance(seq, Sequence) and int(index) < len(seq):
            return seq[int(index)]
        return None
    return params.get(symbol_name)


def _params_key(params: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items())


def formula_latex(
    name: str, params: Mapping[str, object] | None = None, *, substitute: bool = True
) -> str:
    r"""LaTeX of schedule ``name``'s formula :math:`\eta(t)` from :mod:`lrdecay_lit.symbolic`.

    With ``substitute`` the hyper-parameters are written in place of their names, keeping the
    formula's shape (``0.5 \cdot 0.9^{\frac{t}{10}}`` rather than sympy's simplified form);
    without, the symbols print as their TF names. A repeated floor (SGDR's restart index) is
    named :math:`i` and defined after the formula. Booleans choose the expression
    (staircase, cycle), and ``t_mul == 1`` selects SGDR's arithmetic restart branch.
    Missing parameters take the articles' values.

    sympy prints each expression once, with placeholders for the symbols (cached); a call
    only fills the placeholders in, so explorers can afford it on every slider move.

    Raises:
        LookupError: :mod:`lrdecay_lit.symbolic` is not available.

    Example:
        >>> formula_latex("exponential_decay", {"learning_rate": 0.5, "decay_steps": 10,
        ...                                     "decay_rate": 0.9})
        '0.9^{\\frac{t}{10}} \\cdot 0.5'
    """
    return r",\qquad ".join(_formula_parts(name, params or {}, substitute))


def _formula_parts(name: str, params: Mapping[str, object], substitute: bool) -> list[str]:
    r"""The formula of :math:`\eta(t)`, then its "where" definitions (``i = ...``)."""
    full = {p.name: p.example for p in SPECS[name]}
    full.update(params)
    options: dict[str, object] = {
        p.name: bool(full.get(p.name, p.default)) for p in SPECS[name] if p.kind == "bool"
    }
    if name == "piecewise_constant":
        options["n_boundaries"] = len(full["boundaries"])  # type: ignore[arg-type]
    if name == "cosine_decay_restarts" and float(full["t_mul"]) == 1.0:  # type: ignore[arg-type]
        options["t_mul"] = 1  # SGDR's arithmetic branch: a different expression
    main, where = _template(name, tuple(sorted(options.items())))
    values = full if substitute else None
    return [_fill(main, values), *(_fill(w, values) for w in where)]


def _noise_latex(params: Mapping[str, object], substitute: bool) -> str | None:
    """LaTeX of the noise variance of noisy_linear_cosine_decay, if symbolic provides it."""
    symbolic = _symbolic()
    if symbolic is None or not hasattr(symbolic, "noise_variance"):
        return None
    return _fill(_template("noise_variance", ())[0], params if substitute else None)


_PLACEHOLDER = re.compile(r"@@(\w+)@@")
_GREEK = frozenset({"alpha", "beta"})  # TF names that sympy prints as Greek letters: keep them
_INDEXED = re.compile(r"[bv]_(\d+)")  # piecewise_constant's b_i, v_i print as subscripts


@lru_cache(maxsize=128)
def _template(name: str, options: tuple[tuple[str, object], ...]) -> tuple[str, tuple[str, ...]]:
    """sympy's LaTeX of an expression with ``@@symbol@@`` in place of each parameter.

    A floor/ceiling that occurs several times (SGDR's restart index) is named ``i`` (``i_0``,
    ``i_1``, ... if several) and returned as a "where" clause, so the formula stays readable.
    """
    import sympy as sp

    symbolic = _symbolic()
    if symbolic is None:
        raise LookupError("lrdecay_lit.symbolic is not available")
    if name == "noise_variance":
        expr = symbolic.noise_variance()
    else:
        expr = symbolic.expression(name, **dict(options))
    names = {
        sym: r"\varepsilon_t" if sym.name == "eps" else f"@@{sym.name}@@"
        for sym in expr.free_symbols
        if sym.name != "t"
    }
    repeated = sorted((f for f in expr.atoms(sp.floor, sp.ceiling) if expr.count(f) > 1), key=str)
    where = []
    for k, sub in enumerate(repeated):
        index = sp.Symbol("i" if len(repeated) == 1 else f"i_{k}")
        expr = expr.xreplace({sub: index})
        where.append(sp.latex(index) + " = " + sp.latex(sub, symbol_names=names, mul_symbol="dot"))
    return sp.latex(expr, symbol_names=names, mul_symbol="dot"), tuple(where)


def _symbol_tex(symbol_name: str) -> str:
    """A parameter's name in LaTeX: ``\\mathrm{decay\\_rate}``, ``\\alpha``, ``b_{0}``."""
    if symbol_name in _GREEK:
        return "\\" + symbol_name
    indexed = _INDEXED.fullmatch(symbol_name)
    if indexed:
        return f"{symbol_name[0]}_{{{indexed.group(1)}}}"
    return r"\mathrm{" + symbol_name.replace("_", r"\_") + "}"


def _fill(template: str, params: Mapping[str, object] | None) -> str:
    """Replace the placeholders by values (``params``) or by the parameters' names (None)."""

    def replace(match: re.Match[str]) -> str:
        value = None if params is None else _param_for_symbol(match.group(1), params)
        if value is None:
            return _symbol_tex(match.group(1))
        tex = _tex_number(value)
        return rf"\left({tex}\right)" if "^" in tex else tex

    return _PLACEHOLDER.sub(replace, template)


def _formula_html(name: str, params: Mapping[str, object], label: str) -> str:
    """HTML + MathJax for an HTMLMath widget: the formula, then with the current values."""
    head = f"<b>{html.escape(label)}</b>"
    try:
        general = _formula_parts(name, params, substitute=False)
        current = _formula_parts(name, params, substitute=True)
    except LookupError:
        return f"{head}<br><i>formula unavailable: lrdecay_lit.symbolic is not installed</i>"
    except Exception as exc:  # the symbolic layer rejected something: say so, don't raise
        return f"{head}<br><i>formula unavailable: {html.escape(str(exc))}</i>"
    parts = [head, rf"$$\eta(t) = {general[0]}$$", *(f"$${w}$$" for w in general[1:])]
    parts += ["with the current values:", rf"$$\eta(t) = {current[0]}$$"]
    parts += [f"$${w}$$" for w in current[1:]]
    if name.startswith("noisy"):
        var = _noise_latex(params, substitute=False)
        if var is not None:
            parts.append(
                rf"where \(\varepsilon_t \sim \mathcal{{N}}(0, \sigma_t^2)\), "
                rf"$$\sigma_t^2 = {var} = {_noise_latex(params, substitute=True)}$$"
            )
    return "\n".join(parts)


def _composite_formula_html(schedule: Composite, label: str) -> str:
    """HTML + MathJax of a composite: its symbolic ``Piecewise``, then with the values."""
    head = f"<b>{html.escape(label)}</b>"
    try:
        general, current = schedule.latex(substitute=False), schedule.latex()
    except Exception as exc:  # no sympy, or the symbolic layer rejected something
        return f"{head}<br><i>formula unavailable: {html.escape(str(exc))}</i>"
    return "\n".join(
        [head, rf"$$\eta(t) = {general}$$", "with the current values:", rf"$$\eta(t) = {current}$$"]
    )


# --------------------------------------------------------------------------- facts


def _restart_positions(params: Mapping[str, object], num_steps: int) -> list[float] | None:
    """Exact restart positions S_k < num_steps of cosine_decay_restarts (at most 6).

    Uses :func:`lrdecay_lit.symbolic.restart_start` when available, else None.
    """
    symbolic = _symbolic()
    if symbolic is None or not hasattr(symbolic, "restart_start"):
        return None
    t0, t_mul = float(params["first_decay_steps"]), float(params["t_mul"])  # type: ignore[arg-type]
    return _restart_positions_cached(t0, t_mul, num_steps)


@lru_cache(maxsize=256)
def _restart_positions_cached(t0: float, t_mul: float, num_steps: int) -> list[float]:
    symbolic = _symbolic()
    assert symbolic is not None
    geometric = t_mul != 1.0
    subs = {
        symbolic.symbol("first_decay_steps"): symbolic.exact(t0),
        symbolic.symbol("t_mul"): symbolic.exact(t_mul),
    }
    out: list[float] = []
    for k in range(1, 7):
        s_k = float(symbolic.restart_start(k, geometric=geometric).subs(subs))
        if s_k >= num_steps:
            break
        out.append(s_k)
    return out


_HALF_LIFE_SCHEDULES = ("exponential_decay", "natural_exp_decay", "inverse_time_decay")


def _half_life(name: str, params: Mapping[str, object]) -> float | None:
    """Exact steps to halve from step 0 (:func:`lrdecay_lit.symbolic.half_life`), or None.

    None for other schedules, without the symbolic layer, or when the rate never halves
    (``decay_rate`` 1 for exponential_decay, 0 for the others).
    """
    if name not in _HALF_LIFE_SCHEDULES:
        return None
    function = _half_life_function(name, bool(params.get("staircase", False)))
    if function is None:
        return None
    try:
        h = float(function(float(params["decay_steps"]), float(params["decay_rate"])))  # type: ignore[arg-type]
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    return h if math.isfinite(h) and h > 0 else None


@lru_cache(maxsize=8)
def _half_life_function(name: str, staircase: bool) -> Any | None:
    """``(decay_steps, decay_rate) -> h``, lambdified once from the symbolic closed form."""
    symbolic = _symbolic()
    if symbolic is None or not hasattr(symbolic, "half_life"):
        return None
    import sympy as sp

    expr = symbolic.half_life(name, staircase=staircase)
    args = [symbolic.symbol("decay_steps"), symbolic.symbol("decay_rate")]
    return sp.lambdify(args, expr, modules="math")


def schedule_facts(schedule: Schedule, values: np.ndarray, cursor: int) -> dict[str, object]:
    """Live facts of a curve: the numbers the explorers print under the plot.

    Args:
        schedule: the (valid) schedule drawn.
        values: its learning rates at steps ``0 .. len(values) - 1``.
        cursor: the step of the cursor (clipped to the range).

    Returns:
        ``cursor``, ``at_cursor`` (lr there), ``final`` (lr at the last step), ``budget``
        (sum of the lr over the steps shown), ``halved_at`` (first step where lr <= lr(0)/2,
        or None), ``half_life`` (exponential/natural_exp/inverse_time: the exact steps to
        halve from step 0, from :func:`lrdecay_lit.symbolic.half_life`; else None),
        ``restarts`` (steps where lr jumps back up, for cosine_decay_restarts and
        polynomial_decay with cycle; else None) and, for cosine_decay_restarts,
        ``restart_positions`` (exact S_k from :func:`lrdecay_lit.symbolic.restart_start`,
        at most 6; None without the symbolic layer).

    ``halved_at`` and ``restarts`` are found numerically on the core's values at whole steps
    (no symbolic helper covers every schedule); ``half_life`` and ``restart_positions`` are
    the symbolic layer's closed forms with the current values put in.

    Example:
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
    below = np.flatnonzero(values <= values[0] / 2)
    facts["halved_at"] = int(below[0]) if below.size and values[0] > 0 else None
    facts["half_life"] = _half_life(schedule.name, schedule.params)
    restarts = None
    if schedule.name == "cosine_decay_restarts" or schedule.params.get("cycle") is True:
        restarts = (np.flatnonzero(np.diff(values) > 0) + 1).tolist()
    facts["restarts"] = restarts
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
    if facts.get("half_life") is not None:
        text += f" (half-life {facts['half_life']:.4g} steps)"
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


# --------------------------------------------------------------------------- explorer


def _short_flat_name(name: str) -> str:
    """A composite's flat parameter name for a control's label: ``schedule__decay_steps`` ->
    ``↳ decay_steps``, ``p1__learning_rate`` -> ``1: learning_rate``.

    Example:
        >>> _short_flat_name("p1__schedule__alpha")
        '1: ↳ alpha'
    """
    *path, last = name.split("__")
    parts = [f"{p[1:]}:" if p[:1] == "p" and p[1:].isdigit() else "↳" for p in path]
    return " ".join([*parts, last])


_BOX_WIDTH = "80px"
_MESSAGE_WIDTH = "450px"
_LEFT_WIDTH = "470px"


class _Unparsable:
    """A typed text that is not a number (its message is the library-style error)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return self.message


def parse_number(spec: ParamSpec, text: str) -> float | int:
    """A number typed into a control's box (no range check: the library judges the value).

    Example:
        >>> parse_number(SPECS["exponential_decay"][1], " -5 ")
        -5.0
        >>> parse_number(SPECS["exponential_decay"][1], "abc")
        Traceback (most recent call last):
            ...
        ValueError: Argument `decay_steps` must be a number. Received: decay_steps='abc'

    Raises:
        ValueError: ``text`` is not a number.
    """
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(
            f"Argument `{spec.name}` must be a number. Received: {spec.name}={text.strip()!r}"
        ) from None
    if not math.isfinite(value):
        raise ValueError(
            f"Argument `{spec.name}` must be finite. Received: {spec.name}={text.strip()}"
        )
    return int(value) if spec.kind == "int" and value.is_integer() else value


def _format_number(value: object, spec: ParamSpec) -> str:
    v = float(value)  # type: ignore[arg-type]
    if spec.kind == "int" or (v.is_integer() and abs(v) < 1e15):
        return str(int(v))
    return f"{v:.6g}"


def _valid_prefix(schedule: Any, steps: np.ndarray) -> int:
    """How many leading steps ``schedule`` accepts (the invalid steps are a suffix)."""
    lo, hi = 0, len(steps)  # steps[:lo] accepted; steps[:hi + 1] refused or hi == len
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            schedule(steps[:mid])
        except (ValueError, TypeError):
            hi = mid - 1
        else:
            lo = mid
    return lo


def _horizon_params(message: str) -> tuple[str, ...]:
    """Parameters a "global_step must be < ..." message depends on (named in its formula)."""
    return tuple(re.findall(r"\b([a-z_]+)\b", message.split("Received")[0]))


class _Curve:
    """One schedule of an explorer: its controls, its lines and its last valid state."""

    def __init__(self, spec: CurveSpec, index: int) -> None:
        w = _ipywidgets()
        self.name = spec.name
        self.composite = spec.composite  # a composite's structure, or None
        self.specs: tuple[ParamSpec, ...] = curve_param_specs(spec)
        self.fixed_label = spec.label
        self.color = spec.color or f"C{index % 10}"
        self.controls: dict[str, ipywidgets.Widget] = {
            p.name: make_control(p, spec.params.get(p.name, p.example)) for p in self.specs
        }
        if self.composite is not None:  # flat names are long: show a short form, tooltip full
            for p in self.specs:
                self.controls[p.name].description = _short_flat_name(p.name)
        self.validity: dict[str, ipywidgets.Valid] = {
            p.name: w.Valid(value=True, readout="invalid", layout=w.Layout(width="auto"))
            for p in self.specs
            if p.kind == "floats"
        }
        # Every slider has a text box beside it: a typed value is used as typed (no clamping
        # to the slider's range); what the library refuses is explained next to the control.
        self.boxes: dict[str, ipywidgets.Text] = {}
        self.typed: dict[str, object] = {}  # name -> typed value the slider cannot hold
        self.messages: dict[str, ipywidgets.HTML] = {
            p.name: w.HTML("", layout=w.Layout(width=_MESSAGE_WIDTH)) for p in self.specs
        }
        self._syncing = False
        self.on_typed: Any = None  # set by the Explorer: called after a typed value
        for p in self.specs:
            if p.kind in ("int", "float"):
                slider = self.controls[p.name]
                slider.readout = False
                box = w.Text(
                    value=_format_number(slider.value, p),
                    continuous_update=False,
                    tooltip=f"type any value for {p.name}",
                    layout=w.Layout(width=_BOX_WIDTH),
                )
                box.observe(lambda ch, spec=p: self._typed(spec, ch["new"]), names="value")
                slider.observe(lambda ch, spec=p: self._slid(spec), names="value")
                self.boxes[p.name] = box
        self.schedule: Schedule | Composite | None = None
        self.error: str | None = None
        self.invalid_from: int | None = None  # first step the schedule refuses (SGDR horizon)
        self.values = np.zeros(0)
        self.line: Line2D
        self.marker: Line2D
        self.span: Any = None

    def _slid(self, spec: ParamSpec) -> None:
        """The slider moved: its value is the parameter again; the box shows it."""
        if self._syncing:
            return
        self.typed.pop(spec.name, None)
        self._syncing = True
        try:
            self.boxes[spec.name].value = _format_number(self.controls[spec.name].value, spec)
        finally:
            self._syncing = False

    def _typed(self, spec: ParamSpec, text: str) -> None:
        """A value was typed: use it as typed; move the slider only where it can follow."""
        if self._syncing:
            return
        slider = self.controls[spec.name]
        try:
            value: object = parse_number(spec, text)
        except ValueError as exc:
            value = _Unparsable(str(exc))
        inside = (
            not isinstance(value, _Unparsable)
            and slider.min <= value <= slider.max  # type: ignore[operator]
            and (spec.kind != "int" or float(value).is_integer())  # type: ignore[arg-type]
        )
        if inside:
            self.typed.pop(spec.name, None)
            if slider.value != value:
                self._syncing = True
                try:
                    slider.value = value  # the explorer's observer redraws
                finally:
                    self._syncing = False
                return
        else:
            self.typed[spec.name] = value
        if self.on_typed is not None:
            self.on_typed()

    def params(self) -> dict[str, object]:
        """The hyper-parameters the controls hold now (raises on an unparsable text box);
        a value typed outside a slider's range is used as typed."""
        out: dict[str, object] = {}
        for p in self.specs:
            if p.name in self.typed:
                value = self.typed[p.name]
                if isinstance(value, _Unparsable):
                    raise ValueError(value.message)
                out[p.name] = value
            else:
                out[p.name] = control_value(p, self.controls[p.name])
        return out

    @property
    def label(self) -> str:
        params = self.schedule.params if self.schedule else {}
        return self.fixed_label or curve_label(self.name, params, self.composite)

    def refresh(self, steps: np.ndarray) -> None:
        """Recompute the values from the controls; on an error keep the last valid schedule."""
        self.invalid_from = None
        try:
            schedule = make_schedule(self.name, self.params(), self.composite)
        except (ValueError, TypeError) as exc:
            self.error = str(exc)
            if self.schedule is not None:
                values = self._last_valid(steps)
            else:
                values = np.full(steps.shape, np.nan)
        else:
            try:
                values = schedule(steps)
                self.error = None
            except (ValueError, TypeError) as exc:
                # valid parameters, but not at every step (SGDR with t_mul < 1 past its
                # horizon): draw the steps it accepts, mark the rest as an invalid region
                self.error = str(exc)
                n = _valid_prefix(schedule, steps)
                values = np.full(steps.shape, np.nan)
                if n:
                    values[:n] = schedule(steps[:n])
                self.invalid_from = n
            self.schedule = schedule
        self.values = np.asarray(values, dtype=np.float64)
        for pname, valid in self.validity.items():
            valid.value = self.error is None or f"`{pname}`" not in self.error
        self._explain()

    def _last_valid(self, steps: np.ndarray) -> np.ndarray:
        assert self.schedule is not None
        try:
            return np.asarray(self.schedule(steps), dtype=np.float64)
        except (ValueError, TypeError):
            n = _valid_prefix(self.schedule, steps)
            values = np.full(steps.shape, np.nan)
            if n:
                values[:n] = self.schedule(steps[:n])
            return values

    def _explain(self) -> None:
        """Each control's message: the library's error when it names the control (or when it
        is about a value typed there), a note for a valid value beyond the slider's range."""
        for p in self.specs:
            text = ""
            typed = self.typed.get(p.name)
            if self.error is not None and (
                f"`{p.name}`" in self.error or isinstance(typed, _Unparsable)
            ):
                text = f"<span style='color:#b00020'>⚠ {html.escape(self.error)}</span>"
            elif (
                self.error is not None
                and self.invalid_from is not None
                and p.name in (_horizon_params(self.error))
            ):
                text = f"<span style='color:#b00020'>⚠ {html.escape(self.error)}</span>"
            elif p.name in self.typed:
                slider = self.controls[p.name]
                text = (
                    f"<span style='color:#555'>typed {html.escape(str(typed))}: outside the "
                    f"slider's range {_format_number(slider.min, p)} … "
                    f"{_format_number(slider.max, p)}; used as typed</span>"
                )
            if self.messages[p.name].value != text:
                self.messages[p.name].value = text

    def controls_box(self) -> ipywidgets.Widget:
        w = _ipywidgets()
        rows = []
        for p in self.specs:
            c = self.controls[p.name]
            if p.name in self.validity:
                row = w.HBox([c, self.validity[p.name]])
            elif p.name in self.boxes:
                row = w.HBox([c, self.boxes[p.name]])
            else:
                row = c
            rows.append(w.VBox([row, self.messages[p.name]]))
        return w.VBox(rows)


class Explorer:
    """A live figure of one or more schedules with their controls (built by :func:`explore`
    and :func:`compare`).

    Attributes:
        curves: one entry per schedule: ``.controls`` (by TF name), ``.validity`` (Valid
            widgets beside the text boxes), ``.line``, ``.marker``, ``.schedule`` (the last
            valid :class:`~lrdecay_lit.registry.Schedule`), ``.values``, ``.error``.
        controls: the common controls ``num_steps``, ``cursor``, ``budget``, ``log``; for a
            single-schedule explorer also its hyper-parameters by TF name.
        lines: the schedules' :class:`~matplotlib.lines.Line2D`, in order.
        errors: the current error messages (plain text; empty when all is valid).
        fig, ax: the figure and axes (created once; updates redraw them in place).
        error: HTML widget showing :attr:`errors` ("" when all is valid).
        formulas: one HTMLMath widget per schedule (:attr:`formula` is the first).
        facts: HTML widget with the live facts table (see :func:`schedule_facts`).
        view: the widget showing the figure (Image, ipympl canvas, Output or an empty HTML).
        widget: the whole layout; an Explorer displays as this widget in a notebook.
        last_draw: how the last update redrew: ``"blit"``, ``"full"`` or ``"layout"``.

    Methods: :meth:`update` (recompute and redraw; called by every control),
    :meth:`hold` (batch several changes into one update), :meth:`redraw` (force a full
    redraw), :meth:`savefig`.

    Example:
        >>> import lrdecay_lit as lr
        >>> ex = compare("exponential_decay", "natural_exp_decay", static=False, view="none")
        >>> ex.curves[1].controls["decay_rate"].value = 1.0
        >>> float(ex.lines[1].get_ydata()[10]) == float(lr.natural_exp_decay(0.6, 10, 10, 1.0))
        True
    """

    def __init__(
        self,
        specs: Sequence[CurveSpec],
        *,
        num_steps: int | None = None,
        title: str | None = None,
        budget: bool = False,
        log: bool = False,
        cursor: int | None = None,
        view: str = "auto",
        figsize: tuple[float, float] = (6.4, 3.6),
        formula: bool = True,
    ) -> None:
        if not specs:
            raise ValueError("An explorer needs at least one schedule")
        if view not in VIEWS:
            raise ValueError(f"Argument `view` must be one of {VIEWS}. Received: view={view!r}")
        w = _ipywidgets()
        self._busy = False
        self._holding = 0
        self._pending = False
        self._labels: list[str] = []
        self._scale: tuple[bool, bool] | None = None
        self._formula_keys: list[object] = [None] * len(specs)
        self._background: Any = None
        self._background_key: object = None
        self._layout_state: tuple[object, ...] | None = None
        self._limits_scale: object = None
        self.last_draw = ""  # "layout", "full" or "blit": how the last update was drawn
        self.curves = [_Curve(s, i) for i, s in enumerate(specs)]
        n = int(num_steps if num_steps is not None else max(s.num_steps for s in specs))
        style = {"description_width": _DESCRIPTION_WIDTH}
        layout = w.Layout(width=_CONTROL_WIDTH)
        self.common: dict[str, ipywidgets.Widget] = {
            "num_steps": w.IntSlider(
                value=n,
                min=2,
                max=max(1000, 5 * n),
                description="num_steps",
                tooltip="steps shown: 0 .. num_steps - 1",
                style=style,
                layout=layout,
            ),
            "cursor": w.IntSlider(
                value=min(n - 1, n // 2 if cursor is None else int(cursor)),
                min=0,
                max=n - 1,
                description="cursor step",
                tooltip="the step whose learning rate the facts show",
                style=style,
                layout=layout,
            ),
            "budget": w.Checkbox(
                value=budget,
                description="LR budget (cumulative sum)",
                tooltip="plot the running sum of the learning rate",
                style=style,
                layout=layout,
            ),
            "log": w.Checkbox(
                value=log,
                description="log scale",
                tooltip="logarithmic y axis",
                style=style,
                layout=layout,
            ),
        }
        self.controls: dict[str, ipywidgets.Widget] = dict(self.common)
        if len(self.curves) == 1:
            self.controls.update(self.curves[0].controls)
        self._view_kind = self._resolve_view(view)
        self.fig, self.ax = self._make_figure(figsize)
        for c in self.curves:
            (c.line,) = self.ax.plot([], [], color=c.color, lw=1.6, label=c.name)
            c.line.sticky_edges.y[:] = [0.0]  # the y margin never pushes the axis below 0
            (c.marker,) = self.ax.plot([], [], "o", color=c.color, ms=5, label="_nolegend_")
        self.cursor_line = self.ax.axvline(0, color="0.45", lw=0.8, ls="--", label="_nolegend_")
        self._title = title
        style_axes(self.ax, title=title or self._default_title(), legend=False)
        self.ax.margins(x=0, y=0.02)  # then rounded out to ticks (see _round_limits)
        self.ax.locator_params(nbins=6)  # fewer tick labels: text is most of a full redraw
        self.error = w.HTML()
        self.formulas = [
            w.HTMLMath(layout=w.Layout(overflow="auto", max_width="100%")) for _ in self.curves
        ]
        self.show_formula = formula
        self.facts = w.HTML()
        self.view = self._make_view()
        for c in self.curves:
            c.on_typed = self._on_typed
            for control in c.controls.values():
                control.observe(self._on_change, names="value")
        for control in self.common.values():
            control.observe(self._on_change, names="value")
        self.widget = self._layout()
        self.update()

    # ---------------------------------------------------------------- construction

    def _default_title(self) -> str:
        names = list(dict.fromkeys(c.name for c in self.curves))
        return " vs ".join(names) if len(names) <= 2 else ", ".join(names)

    @staticmethod
    def _resolve_view(view: str) -> str:
        if view != "auto":
            return view
        import matplotlib

        backend = str(matplotlib.get_backend()).lower()
        return "ipympl" if ("ipympl" in backend or backend == "widget") else "image"

    def _make_figure(self, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
        if self._view_kind == "ipympl":
            import matplotlib.pyplot as plt

            with plt.ioff():
                fig = plt.figure(figsize=figsize, layout="constrained")
            fig.canvas.header_visible = False  # type: ignore[attr-defined]
            return fig, fig.add_subplot()
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize, dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        return fig, fig.add_subplot()

    def _make_view(self) -> ipywidgets.Widget:
        w = _ipywidgets()
        if self._view_kind == "ipympl":
            return self.fig.canvas  # an ipympl Canvas is itself a DOM widget
        if self._view_kind == "image":
            return w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        if self._view_kind == "output":
            return w.Output()
        return w.HTML("")

    def _layout(self) -> ipywidgets.Widget:
        """Controls on the left, figure (then errors, formula, facts) on the right; on a
        page narrower than both (a book column) the right part wraps below the controls."""
        w = _ipywidgets()
        common = [self.common[k] for k in ("num_steps", "cursor", "budget", "log")]
        formulas = self.formulas if self.show_formula else []
        row = w.Layout(flex_flow="row wrap", align_items="flex-start")
        column = w.Layout(flex="1 1 640px", min_width="0", max_width="100%")
        # the controls' column has one width whatever is open or shown in it (an accordion
        # section, a message), so the figure beside it never jumps below it
        fixed = w.Layout(flex="0 0 auto", width=_LEFT_WIDTH, overflow="hidden")
        if len(self.curves) == 1:
            curve = self.curves[0]
            if curve.composite is not None:
                head, doc = curve.composite.label, (type(curve.composite).__doc__ or "")
            else:
                head, doc = curve.name, FUNCTIONS[curve.name].__doc__ or ""
            line = doc.strip().splitlines()[0]
            title = w.HTMLMath(f"<b>{html.escape(head)}</b> — {_rst_to_html(line)}")
            left = w.VBox([curve.controls_box(), *common], layout=fixed)
            right = w.VBox([self.view, self.error, *formulas, self.facts], layout=column)
            return w.VBox([title, w.HBox([left, right], layout=row)])
        tabs = w.Accordion(
            children=[c.controls_box() for c in self.curves],
            titles=tuple(f"{i + 1}. {c.name}" for i, c in enumerate(self.curves)),
        )
        left = w.VBox([tabs, *common], layout=fixed)
        right = w.VBox([self.view, self.error, self.facts], layout=column)
        return w.VBox([w.HBox([left, right], layout=row), *formulas])

    # ---------------------------------------------------------------- updates

    def _on_typed(self) -> None:
        self._on_change({})

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if self._busy:
            return
        if self._holding:
            self._pending = True
            return
        self.update()

    @contextlib.contextmanager
    def hold(self) -> Iterator[Explorer]:
        """Change several controls with one redraw at the end: ``with ex.hold(): ...``."""
        self._holding += 1
        try:
            yield self
        finally:
            self._holding -= 1
            if not self._holding and self._pending:
                self._pending = False
                self.update()

    @property
    def lines(self) -> list[Line2D]:
        """The schedules' lines, in the order the schedules were given."""
        return [c.line for c in self.curves]

    @property
    def errors(self) -> list[str]:
        """The current error messages, one per schedule in error (empty when all are valid)."""
        return [c.error for c in self.curves if c.error is not None]

    @property
    def num_steps(self) -> int:
        return int(self.common["num_steps"].value)

    @property
    def formula(self) -> ipywidgets.HTMLMath:
        """The first schedule's formula widget."""
        return self.formulas[0]

    def update(self) -> None:
        """Recompute every curve from the controls and redraw the same figure in place."""
        self._busy = True
        try:
            n = self.num_steps
            cursor = self.common["cursor"]
            if cursor.max != n - 1:
                cursor.max = n - 1  # clamps the value too; our observer is muted meanwhile
            k = int(cursor.value)
            steps = np.arange(n)
            budget, log = bool(self.common["budget"].value), bool(self.common["log"].value)
            for c in self.curves:
                c.refresh(steps)
                y = np.cumsum(c.values) if budget else c.values
                c.line.set_data(steps, y)
                c.marker.set_data([k], [y[k]])
                self._invalid_region(c, n)
            self.cursor_line.set_xdata([k, k])
            self._restyle(budget, log)
            self._rescale()
            self.error.value = self._error_html()
            self._draw()
            if self.show_formula:
                self._update_formulas()
            self.facts.value = self._facts_html(k)
        finally:
            self._busy = False

    def _invalid_region(self, c: _Curve, n: int) -> None:
        """Shade the steps the schedule refuses (from ``c.invalid_from`` on)."""
        start = c.invalid_from
        if start is None or start >= n:
            if c.span is not None and c.span.get_visible():
                c.span.set_visible(False)
            return
        x0 = max(start - 0.5, 0)
        if c.span is None:
            c.span = self.ax.axvspan(
                x0, n, color=c.color, alpha=0.12, hatch="//", lw=0, label="_nolegend_"
            )
        c.span.set_x(x0)
        c.span.set_width(n - x0)
        c.span.set_visible(True)

    def _rescale(self) -> None:
        """Autoscale to round numbers, but keep the y limits while the curves still fit and
        fill at least 60% of them, so a slider drag rarely changes the axes (and the
        unchanged axes let the redraw blit)."""
        old = self.ax.get_ylim()
        self.ax.relim()
        with _round_limits():
            self.ax.autoscale_view(tight=False)
        if self._scale != self._limits_scale:  # a new scale or quantity: take the new limits
            self._limits_scale = self._scale
            return
        new = self.ax.get_ylim()
        data = self.ax.dataLim
        lo, hi = data.intervaly
        if self.ax.get_yscale() == "log":
            lo = data.minposy
            if not (lo > 0 and min(old) > 0):
                return
            old, new, (lo, hi) = np.log10(old), np.log10(new), np.log10([lo, hi])
        fits = old[0] <= lo and hi <= old[1]
        if fits and (new[1] - new[0]) >= 0.6 * (old[1] - old[0]):
            self.ax.set_ylim(
                *(10 ** np.asarray(old) if self.ax.get_yscale() == "log" else old), auto=None
            )

    def _restyle(self, budget: bool, log: bool) -> None:
        labels = [c.label for c in self.curves]
        if labels != self._labels:
            for c, label in zip(self.curves, labels, strict=True):
                c.line.set_label(label)
            if len(self.curves) > 1:  # fixed place: "best" costs a search over every point
                self.ax.legend(loc="upper right", fontsize="small")
            elif self._title is None:  # one curve: its label (with staircase=...) is the title
                self.ax.set_title(labels[0])
            self._labels = labels
        if (budget, log) != self._scale:
            self.ax.set_ylabel(YLABEL_BUDGET if budget else YLABEL)
            if log:
                self.ax.set_yscale("log", nonpositive="mask")
            else:
                self.ax.set_yscale("linear")
                self.ax.yaxis.get_major_formatter().set_powerlimits((-3, 4))  # short labels
                self.ax.locator_params(axis="y", nbins=6)
            self._scale = (budget, log)

    def _error_html(self) -> str:
        rows = []
        for c in self.curves:
            if c.error is not None:
                if c.invalid_from is not None:
                    kept = f"steps ≥ {c.invalid_from} are an invalid region (shaded)"
                elif c.schedule:
                    kept = "showing the last valid curve"
                else:
                    kept = "nothing to show yet"
                who = f"{html.escape(c.name)}: " if len(self.curves) > 1 else ""
                rows.append(
                    f"<div style='color:#b00020'>⚠ {who}{html.escape(c.error)} "
                    f"<i>({kept})</i></div>"
                )
        return "".join(rows)

    def _update_formulas(self) -> None:
        for i, (c, widget) in enumerate(zip(self.curves, self.formulas, strict=True)):
            if c.schedule is None:
                continue
            key = (c.label, _params_key(c.schedule.params))
            if key != self._formula_keys[i]:
                if c.composite is not None:
                    widget.value = _composite_formula_html(c.schedule, c.label)
                else:
                    widget.value = _formula_html(c.name, c.schedule.params, c.label)
                self._formula_keys[i] = key

    def _facts_html(self, cursor: int) -> str:
        budget_head = "budget Σ lr"
        head = (
            "<tr><th>curve</th><th>lr at step {k}</th><th>final lr</th>"
            f"<th>{budget_head}</th><th>lr ≤ lr₀/2 from step</th><th>restarts</th></tr>"
        )
        rows = []
        for c in self.curves:
            if c.schedule is None:
                continue
            f = schedule_facts(c.schedule, c.values, cursor)
            swatch = f"<span style='color:{_css_color(c.color)}'>■</span>"
            rows.append(
                f"<tr><td>{swatch} {html.escape(c.label)}</td><td>{_fmt(f['at_cursor'])}</td>"
                f"<td>{_fmt(f['final'])}</td><td>{_fmt(f['budget'])}</td>"
                f"<td>{_halving_text(f)}</td><td>{_restarts_text(f)}</td></tr>"
            )
        style = "<style>.lrd-facts td,.lrd-facts th{padding:0 8px;text-align:left}</style>"
        return (
            f"{style}<table class='lrd-facts'>{head.format(k=cursor)}{''.join(rows)}"
            f"</table><small>steps 0 … {self.num_steps - 1}</small>"
        )

    def _dynamic_artists(self) -> list[Any]:
        """What a slider move redraws: curves, cursor markers and line, spines, legend.

        In the order a full draw paints them (by zorder, then insertion), so a blitted frame
        is pixel-identical to a full redraw (the spines are included because they are
        painted over the lines).
        """
        artists: list[Any] = [*self.ax.get_lines(), *self.ax.spines.values()]
        legend = self.ax.get_legend()
        if legend is not None:
            artists.append(legend)
        return sorted(artists, key=lambda artist: artist.get_zorder())

    def _layout_key(self) -> tuple[object, ...]:
        """What decides the margins: labels, scales, title, the widest tick labels."""

        def widest(axis: Any) -> tuple[int, bool]:
            formatter = axis.get_major_formatter()
            ticks = [v for v in axis.get_major_locator()() if np.isfinite(v)]
            offset = formatter.get_offset() if hasattr(formatter, "get_offset") else ""
            return max(map(len, formatter.format_ticks(ticks)), default=0), bool(offset)

        return (
            tuple(self._labels),
            self._scale,
            self.ax.get_title(),
            widest(self.ax.xaxis),
            widest(self.ax.yaxis),
        )

    def _needs_layout(self, key: tuple[object, ...]) -> bool:
        """A new layout pass for new labels/scale/title or *wider* tick labels (narrower
        ones fit in the margins already reserved)."""
        old = self._layout_state
        if old is None or key[:3] != old[:3]:
            return True
        return any(
            new[0] > was[0] or new[1] != was[1]  # type: ignore[index]
            for new, was in zip(key[3:], old[3:], strict=True)
        )

    def _draw(self) -> None:
        """Redraw the figure in place.

        ipympl: ``fig.canvas.draw_idle()`` (the browser draws). Agg views: when the axes
        (limits, labels, scale) are unchanged since the last full draw, restore the saved
        background and draw only the lines, markers, cursor and legend on it (blitting);
        otherwise draw everything, with a constrained-layout pass only when the margins may
        have to change (labels, scale, title, tick-label width), then save the background.
        """
        canvas = self.fig.canvas
        if self._view_kind == "ipympl":
            canvas.draw_idle()
            return
        layout_key = self._layout_key()
        spans = tuple(c.invalid_from for c in self.curves)  # drawn into the background
        key = (layout_key[:3], self.ax.get_xlim(), self.ax.get_ylim(), spans)
        self.last_draw = "blit"
        if key != self._background_key or self._background is None:
            self.last_draw = "full"
            dynamic = self._dynamic_artists()
            for artist in dynamic:
                artist.set_visible(False)
            if self._needs_layout(layout_key):
                self.last_draw = "layout"
                self.fig.set_layout_engine("constrained")
                canvas.draw()
                self.fig.set_layout_engine("none")  # keep these margins for the next draws
                self._layout_state = layout_key
            else:
                canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
            for artist in dynamic:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic_artists():
            self.ax.draw_artist(artist)
        if self._view_kind == "image":
            self.view.value = self._png()
        elif self._view_kind == "output":
            from IPython.display import Image, display

            with self.view:
                self.view.clear_output(wait=True)
                display(Image(self._png()))

    def redraw(self) -> None:
        """Force a full redraw (and layout) of the figure, e.g. after changing it by hand."""
        self._background = None
        self._layout_state = None
        self._draw()

    def _png(self) -> bytes:
        """The Agg canvas as PNG bytes, without drawing the figure a second time."""
        from PIL import Image

        canvas = self.fig.canvas
        width, height = canvas.get_width_height(physical=True)
        image = Image.frombuffer(
            "RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        ).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    # ---------------------------------------------------------------- display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live widget, plus a PNG of the current figure and a one-line text: what a
        front end without the widget's model (the notebook reopened before its kernel runs,
        nbconvert, GitHub) shows instead of ``VBox(children=...``."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            data, metadata = bundle
        else:
            data, metadata = bundle, {}
        data = dict(data or {})
        if self._view_kind in ("image", "output", "none"):
            import base64

            data["image/png"] = base64.b64encode(self._png()).decode("ascii")
        names = ", ".join(dict.fromkeys(c.name for c in self.curves))
        data["text/plain"] = f"Explorer of {names} (run the notebook's cells to move its controls)"
        return (data, metadata) if metadata else data

    def savefig(self, path: str | os.PathLike[str], **kwargs: Any) -> None:
        """Save the current figure (the same one the explorer shows)."""
        self.fig.savefig(path, **kwargs)

    def __repr__(self) -> str:
        names = ", ".join(c.name for c in self.curves)
        return f"<Explorer of {names}, {self.num_steps} steps>"


def _rst_to_html(text: str) -> str:
    r"""A docstring line for an HTMLMath widget: ``code`` and :math:`x` become HTML and \(x\).

    Example:
        >>> print(_rst_to_html("rate ``decay_rate`` times :math:`e^{-k}` & more"))
        rate <code>decay_rate</code> times \(e^{-k}\) &amp; more
    """
    parts = re.split(r"(``[^`]+``|:math:`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("``"):
            out.append(f"<code>{html.escape(part[2:-2])}</code>")
        elif part.startswith(":math:`"):
            out.append(rf"\({html.escape(part[7:-1])}\)")
        else:
            out.append(html.escape(part))
    return "".join(out)


@contextlib.contextmanager
def _round_limits() -> Iterator[None]:
    """Autoscale to tick positions, so small changes of the data keep the axes (and the
    saved background) unchanged."""
    import matplotlib

    with matplotlib.rc_context({"axes.autolimit_mode": "round_numbers"}):
        yield


def _css_color(color: str) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color)


# --------------------------------------------------------------------------- entry points


def _static_figure(
    specs: Sequence[CurveSpec],
    num_steps: int | None,
    title: str | None,
    budget: bool,
    log: bool,
    save: str | os.PathLike[str] | None,
    figsize: tuple[float, float],
) -> Figure:
    return plot_examples(
        *specs, num_steps=num_steps, title=title, budget=budget, log=log, save=save, figsize=figsize
    )


def explore(
    schedule: CurveItem,
    /,
    *,
    num_steps: int | None = None,
    static: bool | None = None,
    save: str | os.PathLike[str] | None = None,
    view: str = "auto",
    budget: bool = False,
    log: bool = False,
    cursor: int | None = None,
    title: str | None = None,
    figsize: tuple[float, float] = (6.4, 3.6),
    **overrides: object,
) -> Explorer | Figure:
    """A live explorer of one schedule, built from its spec alone.

    Args:
        schedule: a schedule name (``"cosine_decay"``), an article example key
            (``"B.cosine"``), a TF-style function (``lrdecay_lit.cosine_decay``), a
            :class:`~lrdecay_lit.registry.Schedule`, an Example, a ``(name, params)`` pair,
            or a composite (``warmup(...)``, ``join(...)``; its parameters by flat name).
        num_steps: steps shown (default: the article's range for that schedule).
        static: return a static matplotlib Figure instead of widgets; default: static
            exactly when not running in a Jupyter kernel.
        save: with a static figure, also save it to this path.
        view: ``"auto"``, ``"image"``, ``"ipympl"``, ``"output"`` or ``"none"`` (see the
            module docstring).
        budget, log: start with the cumulative-sum view / the log y axis.
        cursor: the starting step of the facts' cursor (default: the middle).
        title: figure title (default: the schedule name).
        figsize: figure size in inches.
        **overrides: starting hyper-parameters by TF name; defaults are the articles'
            values. Values outside a slider's range widen the range; an invalid value
            starts the explorer with its error shown.

    Returns:
        An :class:`Explorer` (displays as widgets), or a Figure when static.

    Example:
        >>> fig = explore("exponential_decay", decay_rate=0.5)   # outside a kernel: static
        >>> type(fig).__name__, fig.axes[0].get_title()
        ('Figure', 'exponential_decay')
    """
    spec = curve_spec(schedule, **overrides)
    return _build(
        [spec],
        num_steps=num_steps,
        static=static,
        save=save,
        view=view,
        budget=budget,
        log=log,
        cursor=cursor,
        title=title,
        figsize=figsize,
    )


def compare(
    *schedules: CurveItem,
    num_steps: int | None = None,
    static: bool | None = None,
    save: str | os.PathLike[str] | None = None,
    view: str = "auto",
    budget: bool = False,
    log: bool = False,
    cursor: int | None = None,
    title: str | None = None,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    figsize: tuple[float, float] = (6.4, 3.6),
    formula: bool = True,
) -> Explorer | Figure:
    """Several schedules overlaid on one figure, each with its own controls.

    Args:
        *schedules: anything :func:`explore` accepts, e.g.
            ``compare("exponential_decay", "natural_exp_decay")``,
            ``compare("B.polynomial")`` (an example-key prefix expands to its examples) or
            ``compare(("exponential_decay", {"staircase": True}), "exponential_decay")``.
        num_steps: one range for all (default: the largest of the schedules').
        labels, colors: per schedule (default: name + booleans; article colour or C0, C1...).
        formula: show each schedule's formula under the plot.
        The other arguments are as for :func:`explore`; ``budget``/``log`` are toggles in
        the explorer (the LR budget is the cumulative sum of the learning rate).

    Returns:
        An :class:`Explorer`, or a Figure when static.
    """
    specs = [curve_spec(item) for item in expand_items(schedules)]
    for i, spec in enumerate(specs):
        if labels is not None:
            spec.label = labels[i]
        if colors is not None:
            spec.color = colors[i]
    return _build(
        specs,
        num_steps=num_steps,
        static=static,
        save=save,
        view=view,
        budget=budget,
        log=log,
        cursor=cursor,
        title=title,
        figsize=figsize,
        formula=formula,
    )


def compare_cosines(**kwargs: Any) -> Explorer | Figure:
    """Article B's figure 6.5: cosine_decay, cosine_decay_restarts, linear_cosine_decay and
    noisy_linear_cosine_decay with the article's values and colours, 60 steps.

    The article titles it "cosine_decay" (and captions it "inverse_time_decay" by mistake);
    here it is titled for what it shows. Keyword arguments go to :func:`compare`.
    """
    kwargs.setdefault("title", "The four cosine decays of TF1 (article B, figure 6.5)")
    return compare(*COSINE_EXAMPLES, **kwargs)


def _build(
    specs: Sequence[CurveSpec],
    *,
    num_steps: int | None,
    static: bool | None,
    save: str | os.PathLike[str] | None,
    view: str,
    budget: bool,
    log: bool,
    cursor: int | None,
    title: str | None,
    figsize: tuple[float, float],
    formula: bool = True,
) -> Explorer | Figure:
    if static is None:
        static = not in_kernel()
    if static:
        return _static_figure(specs, num_steps, title, budget, log, save, figsize)
    explorer = Explorer(
        specs,
        num_steps=num_steps,
        title=title,
        budget=budget,
        log=log,
        cursor=cursor,
        view=view,
        figsize=figsize,
        formula=formula,
    )
    if save is not None:
        explorer.savefig(save)
    return explorer
