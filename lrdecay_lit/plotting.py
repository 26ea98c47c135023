"""Static matplotlib figures of the schedules, shared by the book's chapters and the explorers.

One vocabulary names a curve everywhere: a schedule *name* (``"cosine_decay"``, started from
the articles' values in :data:`~lrdecay_lit.specs.SPECS`), an article *example key*
(``"B.cosine"``, see :data:`~lrdecay_lit.examples.ARTICLE_EXAMPLES`), a TF-style function
(``lrdecay_lit.cosine_decay``), a :class:`~lrdecay_lit.registry.Schedule`, an
:class:`~lrdecay_lit.examples.Example`, a ``(name, params)`` pair, or a composite
(:mod:`lrdecay_lit.composites`: warmup, join, constant). :func:`curve_spec`
turns any of them into a :class:`CurveSpec`; :func:`plot_schedule` draws one curve on an
axes; :func:`plot_examples` draws several on a new figure, with title, axis labels and legend;
:func:`plot_cobweb` draws a schedule's one-step map (``symbolic.one_step_map``) as a cobweb
diagram.

The figures are plain :class:`matplotlib.figure.Figure` objects made without pyplot, so a
notebook cell shows a figure once, when the cell returns it (no second copy from pyplot's
inline hook), and scripts can ``fig.savefig(...)`` it. This module imports matplotlib;
``import lrdecay_lit`` does not import this module.

Example:
    >>> fig = plot_examples("B.exponential")        # staircase and smooth, as in article B
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['exponential_decay, staircase=True', 'exponential_decay, staircase=False']
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('global_step', 'learning rate')
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lrdecay_lit.composites import Composite
from lrdecay_lit.examples import ARTICLE_EXAMPLES, Example
from lrdecay_lit.registry import FUNCTIONS, Schedule
from lrdecay_lit.specs import NUM_STEPS, SPECS, ParamSpec, example_params

__all__ = [
    "CurveSpec",
    "COSINE_EXAMPLES",
    "curve_spec",
    "curve_label",
    "curve_values",
    "curve_param_specs",
    "make_schedule",
    "expand_items",
    "new_figure",
    "style_axes",
    "plot_schedule",
    "plot_examples",
    "cobweb_path",
    "plot_cobweb",
    "YLABEL",
    "YLABEL_BUDGET",
]

COSINE_EXAMPLES: tuple[str, ...] = (
    "B.cosine",
    "B.cosine_restarts",
    "B.linear_cosine",
    "B.noisy_linear_cosine",
)
"""Keys of the four cosine variants that article B plots on one figure (its section 6.5)."""

XLABEL = "global_step"
YLABEL = "learning rate"
YLABEL_BUDGET = "cumulative learning rate (budget)"


@dataclass
class CurveSpec:
    """A curve to draw: a schedule name, its hyper-parameters and how to draw it.

    ``params`` are not validated here (an explorer may start from an invalid value and
    show the error); ``label=None`` means "derive it from the name and the booleans"
    (:func:`curve_label`), ``color=None`` means "next colour of the cycle".

    For a composite (warmup, join, ...) ``composite`` is the composite whose structure is
    drawn, ``name`` its kind and ``params`` its flat parameters (``schedule__decay_steps``,
    see :class:`~lrdecay_lit.composites.Composite`).
    """

    name: str
    params: dict[str, object] = field(default_factory=dict)
    num_steps: int = 60
    color: str | None = None
    label: str | None = None
    composite: Composite | None = None


CurveItem = (
    str
    | Callable[..., Any]
    | Schedule
    | Composite
    | Example
    | CurveSpec
    | tuple[str, Mapping[str, object]]
)
"""Anything :func:`curve_spec` accepts."""


def _example_matches(item: str) -> list[Example]:
    """Examples whose key is ``item`` or starts with ``item + "."`` (``"B.polynomial"``)."""
    return [e for e in ARTICLE_EXAMPLES if e.key == item or e.key.startswith(item + ".")]


def curve_spec(item: CurveItem, **overrides: object) -> CurveSpec:
    """Normalise a schedule name, example key, TF function, Schedule, Example or pair.

    Args:
        item: see the module docstring. A name starts from the articles' values
            (:func:`~lrdecay_lit.specs.example_params`) and :data:`~lrdecay_lit.specs.NUM_STEPS`.
        **overrides: hyper-parameters to change, plus ``num_steps``, ``color`` or ``label``.

    Raises:
        ValueError: unknown name or example key, or an example prefix matching several.
        TypeError: an object that names no schedule, or an unknown hyper-parameter.

    Example:
        >>> curve_spec("B.cosine").params
        {'learning_rate': 0.3, 'decay_steps': 50, 'alpha': 0.01}
        >>> curve_spec("exponential_decay", decay_rate=0.5).params["decay_rate"]
        0.5
    """
    style = {k: overrides.pop(k) for k in ("num_steps", "color", "label") if k in overrides}
    if isinstance(item, CurveSpec):
        spec = CurveSpec(
            item.name, dict(item.params), item.num_steps, item.color, item.label, item.composite
        )
    elif isinstance(item, Composite):
        spec = CurveSpec(item.name, dict(item.params), item.num_steps, composite=item)
    elif isinstance(item, Example):
        spec = CurveSpec(item.schedule, dict(item.params), item.num_steps, item.color)
    elif isinstance(item, Schedule):
        spec = CurveSpec(item.name, dict(item.params), NUM_STEPS.get(item.name, 60))
    elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Mapping):
        base = curve_spec(item[0])
        spec = CurveSpec(
            base.name,
            {**base.params, **item[1]},
            base.num_steps,
            base.color,
            composite=base.composite,
        )
    elif isinstance(item, str):
        if item in SPECS:
            spec = CurveSpec(item, example_params(item), NUM_STEPS[item])
        else:
            found = _example_matches(item)
            if len(found) != 1:
                known = (
                    ", ".join(SPECS) + "; examples: " + ", ".join(e.key for e in ARTICLE_EXAMPLES)
                )
                what = "matches several examples" if found else "is unknown"
                raise ValueError(f"Schedule or example {item!r} {what}. Known: {known}")
            return curve_spec(found[0], **overrides, **style)
    elif callable(item):
        name = next((n for n, f in FUNCTIONS.items() if f is item), None)
        name = name or getattr(item, "__name__", None)
        if name not in SPECS:
            raise TypeError(f"{item!r} is not one of lrdecay_lit's schedule functions")
        return curve_spec(name, **overrides, **style)
    else:
        raise TypeError(
            "Expected a schedule name, example key, schedule function, Schedule, Example or "
            f"(name, params) pair. Received: {item!r}"
        )
    known = {p.name for p in curve_param_specs(spec)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise TypeError(
            f"{spec.name}() got unknown parameter(s) {unknown}; it takes {sorted(known)}"
        )
    spec.params.update(overrides)
    for key, value in style.items():
        setattr(spec, key, int(value) if key == "num_steps" else value)  # type: ignore[arg-type]
    return spec


def curve_param_specs(spec: CurveSpec) -> tuple[ParamSpec, ...]:
    """The hyper-parameters of a curve: ``SPECS[name]``, or a composite's flat ``spec``."""
    return spec.composite.spec if spec.composite is not None else SPECS[spec.name]


def make_schedule(
    name: str, params: Mapping[str, object], composite: Composite | None = None
) -> Schedule | Composite:
    """``Schedule(name, **params)``, or ``composite.replace(**params)`` for a composite.

    Raises:
        ValueError, TypeError: the schedule's own message for a bad hyper-parameter.
    """
    if composite is not None:
        return composite.replace(**params)
    return Schedule(name, **params)


def curve_label(name: str, params: Mapping[str, object], composite: Composite | None = None) -> str:
    """``name`` followed by its boolean options, the way the articles label their curves.

    A composite is labelled by its :attr:`~lrdecay_lit.composites.Composite.label`
    (``linear warmup(10) → cosine_decay``) with ``params`` put in.

    Example:
        >>> curve_label("polynomial_decay", {"cycle": True, "power": 1.0})
        'polynomial_decay, cycle=True'
    """
    if composite is not None:
        try:
            return composite.replace(**params).label
        except (ValueError, TypeError):
            return composite.label
    flags = [
        f"{p.name}={bool(params.get(p.name, p.default))}" for p in SPECS[name] if p.kind == "bool"
    ]
    return ", ".join([name, *flags])


def curve_values(
    name: str,
    params: Mapping[str, object],
    num_steps: int,
    *,
    budget: bool = False,
    composite: Composite | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Steps ``0 .. num_steps - 1`` and the learning rates there (their running sum if budget).

    Raises:
        ValueError, TypeError: the schedule's own message for a bad hyper-parameter.
    """
    steps = np.arange(int(num_steps))
    values = make_schedule(name, params, composite)(steps)
    return steps, (np.cumsum(values) if budget else values)


def _ensure_notebook_display() -> None:
    """Let IPython show a pyplot-free Figure as a PNG, if no backend registered that yet.

    matplotlib's inline backend registers the Figure formatter only when pyplot loads the
    backend; a notebook that never touched pyplot would print ``<Figure size ...>``.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return
    ip = get_ipython()
    if ip is None:
        return
    formatter = ip.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(Figure)
    except KeyError:
        from IPython.core.pylabtools import print_figure

        formatter.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight"))


def new_figure(
    figsize: tuple[float, float] = (6.4, 3.6),
    dpi: float = 100,
    *,
    nrows: int = 1,
    ncols: int = 1,
    sharey: bool = False,
) -> tuple[Figure, Any]:
    """A new pyplot-free figure (drawn by Agg) and its axes.

    Returns ``(fig, ax)`` for one panel, ``(fig, axes)`` (a numpy array, as from
    ``plt.subplots``) for a grid. Return the figure from a notebook cell to show it;
    ``fig.savefig(path)`` to save it.

    Example:
        >>> fig, axes = new_figure((9, 3.2), nrows=1, ncols=2, sharey=True)
        >>> _ = plot_examples("B.exponential.staircase", ax=axes[0], title="staircase")
        >>> _ = plot_examples("B.exponential.smooth", ax=axes[1], title="smooth")
        >>> [ax.get_title() for ax in axes]
        ['staircase', 'smooth']
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _ensure_notebook_display()
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, sharey=sharey, squeeze=True)
    return fig, axes


def style_axes(
    ax: Axes,
    *,
    title: str | None = None,
    budget: bool = False,
    log: bool = False,
    legend: bool = True,
) -> None:
    """Axis labels, grid, optional title, log scale and legend, the book's house style."""
    ax.set_xlabel(XLABEL)
    ax.set_ylabel(YLABEL_BUDGET if budget else YLABEL)
    ax.set_yscale("log", nonpositive="mask") if log else ax.set_yscale("linear")
    ax.grid(True, alpha=0.3)
    if title is not None:
        ax.set_title(title)
    if legend and any(not line.get_label().startswith("_") for line in ax.get_lines()):
        ax.legend(loc="best", fontsize="small")


def plot_schedule(
    ax: Axes,
    schedule: CurveItem,
    params: Mapping[str, object] | None = None,
    num_steps: int | None = None,
    *,
    label: str | None = None,
    color: str | None = None,
    budget: bool = False,
    log: bool = False,
    title: str | None = None,
    **line_kwargs: Any,
) -> Line2D:
    """Draw one schedule on ``ax`` and return its line.

    Args:
        ax: the matplotlib axes.
        schedule: a schedule name, example key, TF function, Schedule, Example or pair.
        params: hyper-parameters overriding the item's (defaults: the articles' values).
        num_steps: steps ``0 .. num_steps - 1`` (default: the article's range).
        label: legend entry (default: name and boolean options, e.g.
            ``"exponential_decay, staircase=True"``); pass ``"_nolegend_"`` for none.
        color: line colour (default: the example's colour, else the colour cycle).
        budget: plot the running sum of the learning rate instead of the rate.
        log: logarithmic y axis (zero and negative values are hidden).
        title: axes title.
        **line_kwargs: passed to :meth:`~matplotlib.axes.Axes.plot` (``lw``, ``ls``, ...).

    Raises:
        ValueError, TypeError: the schedule's own message for a bad hyper-parameter.

    Example:
        >>> fig, ax = new_figure()
        >>> line = plot_schedule(ax, "cosine_decay", {"alpha": 0.1}, 100, title="cosine")
        >>> round(float(line.get_ydata()[-1]), 4)
        0.03
    """
    spec = curve_spec(schedule, **dict(params or {}))
    n = spec.num_steps if num_steps is None else int(num_steps)
    steps, values = curve_values(spec.name, spec.params, n, budget=budget, composite=spec.composite)
    kwargs: dict[str, Any] = {"lw": 1.6, **line_kwargs}
    color = color or spec.color
    if color is not None:
        kwargs["color"] = color
    label = label or spec.label or curve_label(spec.name, spec.params, spec.composite)
    (line,) = ax.plot(steps, values, label=label, **kwargs)
    style_axes(ax, title=title, budget=budget, log=log)
    return line


def expand_items(items: Iterable[CurveItem]) -> list[CurveItem]:
    """The items with each example-key prefix (``"B.polynomial"``) replaced by its examples."""
    out: list[CurveItem] = []
    for item in items:
        if isinstance(item, str) and item not in SPECS and len(_example_matches(item)) > 1:
            out.extend(_example_matches(item))
        else:
            out.append(item)
    return out


def plot_examples(
    *items: CurveItem,
    ax: Axes | None = None,
    title: str | None = None,
    num_steps: int | None = None,
    budget: bool = False,
    log: bool = False,
    figsize: tuple[float, float] = (6.4, 3.6),
    save: str | os.PathLike[str] | None = None,
) -> Figure:
    """Several curves on one figure, with labelled axes, a legend and a title.

    Args:
        *items: example keys (a prefix such as ``"B.polynomial"`` expands to all its
            examples), schedule names, TF functions, Schedules, Examples or pairs;
            default: all of article B's cosine variants (:data:`COSINE_EXAMPLES`).
        ax: draw on this axes instead of a new figure.
        title: default: the distinct schedule names, joined by " vs ".
        num_steps: one range for all curves (default: the largest of the items').
        budget, log: as in :func:`plot_schedule`.
        figsize: size of a new figure, inches.
        save: also save the figure to this path (format from the suffix).

    Returns:
        The figure (return it from a notebook cell to show it).

    Example:
        >>> fig = plot_examples(*COSINE_EXAMPLES, title="The four cosine decays")
        >>> len(fig.axes[0].get_lines()), fig.axes[0].get_title()
        (4, 'The four cosine decays')
    """
    specs = [curve_spec(item) for item in expand_items(items or COSINE_EXAMPLES)]
    if ax is None:
        fig, ax = new_figure(figsize)
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    n = num_steps if num_steps is not None else max(s.num_steps for s in specs)
    for spec in specs:
        plot_schedule(ax, spec, None, n, label=spec.label, color=spec.color, budget=budget)
    if title is None:
        names = (
            curve_label(s.name, s.params, s.composite) if s.composite else s.name for s in specs
        )
        title = textwrap.fill(" vs ".join(dict.fromkeys(names)), 60)
    style_axes(ax, title=title, budget=budget, log=log)
    if save is not None:
        fig.savefig(save)
    return fig


def cobweb_path(phi: Callable[[float], float], start: float, steps: int) -> np.ndarray:
    r"""The corners of a cobweb diagram of :math:`\eta_{t+1} = \varphi(\eta_t)` from ``start``.

    Returns an array of shape ``(2 * steps + 1, 2)``: :math:`(\eta_0, \eta_0)`, then for
    each step up or down to the graph :math:`(\eta_t, \eta_{t+1})` and across to the
    diagonal :math:`(\eta_{t+1}, \eta_{t+1})`.
    """
    if steps < 1:
        raise ValueError(f"Argument `steps` must be >= 1. Received: steps={steps!r}")
    points = [(float(start), float(start))]
    x = float(start)
    for _ in range(int(steps)):
        y = float(phi(x))
        points += [(x, y), (y, y)]
        x = y
    return np.array(points)


def plot_cobweb(
    phi: Callable[[float], float] | Any,
    start: float | None = None,
    steps: int = 10,
    *,
    orbit: Iterable[float] | None = None,
    fixed_points: Iterable[float] = (),
    eta_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    label: str = r"$\varphi(\eta)$",
    figsize: tuple[float, float] = (4.8, 4.2),
) -> Figure:
    r"""A cobweb diagram of the one-step map :math:`\eta_{t+1} = \varphi(\eta_t)`.

    Draws the graph of :math:`\varphi`, the diagonal :math:`\eta_{t+1} = \eta_t` (the fixed
    points are where they cross), the cobweb of ``steps`` iterations from ``start`` and the
    ``fixed_points``; title, axis labels and legend as every figure of the book.

    For a map that depends on the step (resets, piecewise_constant) pass ``phi=None`` and
    the ``orbit`` :math:`\eta_0, \eta_1, \dots` instead: the cobweb of the orbit is drawn
    (corners :math:`(\eta_t, \eta_{t+1})`), without a graph.

    Args:
        phi: a function of one float, or a sympy expression in
            :data:`lrdecay_lit.symbolic.eta` with numbers for every other symbol; or None.
        start: :math:`\eta_0` (with ``phi``).
        steps: iterations drawn (with ``phi``).
        orbit: the rates to draw when ``phi`` is None.
        fixed_points: values to mark.
        eta_range: the :math:`\eta` axis (default: from 0 or the lowest point to above
            ``start``).
        ax, title, label, figsize: as in :func:`plot_examples`.

    Example:
        >>> fig = plot_cobweb(lambda x: 0.8 * x, 1.0, 5, fixed_points=[0.0], title="r = 0.8")
        >>> ax = fig.axes[0]
        >>> ax.get_title(), ax.get_xlabel()
        ('r = 0.8', '$\\eta_t$')
    """
    if phi is None:
        rates = [float(v) for v in (orbit if orbit is not None else ())]
        if len(rates) < 2:
            raise ValueError("Argument `orbit` must have at least 2 rates when `phi` is None.")
        corners = [(rates[0], rates[0])]
        for a, b in zip(rates, rates[1:], strict=False):
            corners += [(a, b), (b, b)]
        path = np.array(corners)
        start, steps = rates[0], len(rates) - 1
    elif not callable(phi):
        import sympy as sp

        from lrdecay_lit.symbolic import eta as _eta

        free = phi.free_symbols - {_eta}
        if free:
            raise ValueError(
                "Argument `phi` must have numbers for every symbol but eta. "
                f"Received free symbols: {sorted(map(str, free))}"
            )
        phi = sp.lambdify(_eta, phi, modules="numpy")
    if phi is not None:
        if start is None:
            raise ValueError("Argument `start` is required with `phi`.")
        path = cobweb_path(phi, start, steps)
    fixed = [float(x) for x in fixed_points]
    if eta_range is None:
        lo = min(0.0, float(path.min()), *fixed)
        hi = max(float(path.max()), *fixed) if fixed else float(path.max())
        eta_range = (lo, lo + 1.05 * (hi - lo))
    if ax is None:
        fig, ax = new_figure(figsize)
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    grid = np.linspace(eta_range[0], eta_range[1], 400)
    if phi is not None:
        ax.plot(grid, np.vectorize(phi, otypes=[float])(grid), lw=1.8, color="C0", label=label)
    ax.plot(grid, grid, lw=1, ls="--", color="0.4", label=r"$\eta_{t+1} = \eta_t$")
    ax.plot(path[:, 0], path[:, 1], lw=1, color="C3", label=f"{int(steps)} steps from {start:.4g}")
    if fixed:
        ax.plot(
            fixed,
            fixed,
            "o",
            color="k",
            ms=5,
            label="fixed point" + ("s" if len(fixed) > 1 else ""),
        )
    ax.set_xlim(*eta_range)
    ax.set_ylim(*eta_range)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(r"$\eta_t$")
    ax.set_ylabel(r"$\eta_{t+1}$")
    ax.grid(True, alpha=0.3)
    ax.set_title(title if title is not None else r"cobweb of $\eta_{t+1} = \varphi(\eta_t)$")
    ax.legend(loc="upper left", fontsize="small")
    return fig
