"""Static matplotlib figures of the schedules, shared by the book's chapters and the explorers.

A curve is a schedule *node* (:class:`~lrdecay_lit.registry.Schedule`, or a composite of
:mod:`lrdecay_lit.composites`: warmup, join, constant) with a range and a style: a
:class:`Curve`. :func:`curve` makes one from anything that names a schedule: a node, a
schedule *name* (``"cosine_decay"``, started from the articles' values in
:data:`~lrdecay_lit.specs.SPECS`), a TF-style function (``lrdecay_lit.cosine_decay``), a
``(item, params)`` pair, or an *example-like* object (:class:`ExampleLike`: an article
example of the book, with its colour and label). :func:`plot_schedule` draws one curve on an
axes; :func:`plot_examples` draws several on a new figure, with title, axis labels and
legend; :func:`plot_cobweb` draws a schedule's one-step map (``symbolic.one_step_map``) as a
cobweb diagram. (The book's article-example *keys*, ``"B.cosine"``, are resolved by the
book's examples module, which hands plotting the example objects.)

The figures are plain :class:`matplotlib.figure.Figure` objects made without pyplot, so a
notebook cell shows a figure once, when the cell returns it (no second copy from pyplot's
inline hook), and scripts can ``fig.savefig(...)`` it. This module imports matplotlib;
``import lrdecay_lit`` does not import this module.

Example:
    >>> import lrdecay_lit as lr
    >>> keys = ("B.exponential.staircase", "B.exponential.smooth")  # article B's two curves
    >>> fig = plot_examples(*map(lr.example, keys))
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['exponential_decay, staircase=True', 'exponential_decay, staircase=False']
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('global_step', 'learning rate')
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lrdecay_lit.registry import FUNCTIONS, Node, Schedule, check_name
from lrdecay_lit.schedules._definition import unknown_name
from lrdecay_lit.specs import NUM_STEPS, SCHEDULE_NAMES, SPECS, ParamSpec, example_params

__all__ = [
    "Curve",
    "CurveSpec",
    "ExampleLike",
    "COSINE_EXAMPLES",
    "curve",
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


@runtime_checkable
class ExampleLike(Protocol):
    """A named example to draw: a schedule name, its parameters, range, colour and label.

    :class:`lrdecay_lit.book.examples.Example` (the articles' examples) is one.
    """

    schedule: str
    params: Mapping[str, Any]
    num_steps: int
    color: str | None
    label: str


@dataclass
class Curve:
    """A curve to draw: a schedule node, its range and how to draw it.

    ``label=None`` means "derive it from the schedule" (:func:`curve_label`), ``color=None``
    "next colour of the cycle". ``name``, ``params``, ``composite`` and ``spec`` are views of
    the node (``composite`` is the node unless it is a base Schedule). ``rejected`` holds
    hyper-parameter changes whose values the node rejects (an explorer may start from one
    and show the error); :meth:`node` applies them, raising the schedule's own message.
    """

    schedule: Node
    num_steps: int = 60
    color: str | None = None
    label: str | None = None
    rejected: dict[str, object] = dataclasses.field(default_factory=dict)

    def node(self) -> Node:
        """The schedule with :attr:`rejected` applied (raises the schedule's ValueError)."""
        return self.schedule.replace(**self.rejected) if self.rejected else self.schedule

    @property
    def name(self) -> str:
        """The node's name (a schedule name, ``warmup``, ``join``, ``constant``)."""
        return self.schedule.name

    @property
    def params(self) -> dict[str, object]:
        """The node's flat hyper-parameters (a copy), with :attr:`rejected` put in."""
        return {**self.schedule.params, **self.rejected}

    @property
    def composite(self) -> Node | None:
        """The node if it is not a base :class:`~lrdecay_lit.registry.Schedule`, else None."""
        return None if isinstance(self.schedule, Schedule) else self.schedule

    @property
    def spec(self) -> tuple[ParamSpec, ...]:
        """The node's flat parameter specs (the explorers' controls)."""
        return self.schedule.spec


CurveSpec = Curve
"""The former name of :class:`Curve`."""

CurveItem = str | Callable[..., Any] | Node | ExampleLike | Curve | tuple[Any, Mapping[str, object]]
"""Anything :func:`curve` accepts."""


def _from_item(item: CurveItem) -> Curve:
    if isinstance(item, Curve):
        return dataclasses.replace(item, rejected=dict(item.rejected))
    if isinstance(item, Node):
        # a base schedule shows the articles' range for its name; a composite its own
        steps = NUM_STEPS.get(item.name, 60) if isinstance(item, Schedule) else item.num_steps
        return Curve(item, steps)
    if isinstance(item, ExampleLike):
        return Curve(Schedule(item.schedule, **item.params), item.num_steps, item.color, item.label)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Mapping):
        base = _from_item(item[0])
        return dataclasses.replace(base, schedule=base.schedule.replace(**item[1]), label=None)
    if isinstance(item, str):
        if item not in SPECS:
            message = str(unknown_name(SCHEDULE_NAMES, item, "schedule"))
            raise ValueError(
                f"{message} (an article example key is resolved by lrdecay_lit.book.examples: "
                "pass the Example)"
            )
        return Curve(Schedule(item, **example_params(item)), NUM_STEPS[item])
    if callable(item):
        name = next((n for n, f in FUNCTIONS.items() if f is item), None)
        if name is None:
            raise TypeError(f"{item!r} is not one of lrdecay_lit's schedule functions")
        return _from_item(name)
    raise TypeError(
        "Expected a schedule name, schedule function, Schedule or composite, example or "
        f"(name, params) pair. Received: {item!r}"
    )


def curve(item: CurveItem, **overrides: object) -> Curve:
    """Normalise a schedule name, TF function, node, example or ``(item, params)`` pair.

    Args:
        item: see the module docstring. A name starts from the articles' values
            (:func:`~lrdecay_lit.specs.example_params`) and :data:`~lrdecay_lit.specs.NUM_STEPS`.
        **overrides: hyper-parameters to change (flat names for a composite), plus
            ``num_steps``, ``color`` or ``label``.

    Raises:
        ValueError: an unknown name (a value the schedule rejects is kept in
            :attr:`Curve.rejected`; :meth:`Curve.node` raises its error).
        TypeError: an object that names no schedule, or an unknown hyper-parameter.

    Example:
        >>> curve("cosine_decay").params
        {'learning_rate': 0.3, 'decay_steps': 50, 'alpha': 0.01}
        >>> curve("exponential_decay", decay_rate=0.5).params["decay_rate"]
        0.5
    """
    style = {k: overrides.pop(k) for k in ("num_steps", "color", "label") if k in overrides}
    out = _from_item(item)
    if out.rejected:
        overrides, out.rejected = {**out.rejected, **overrides}, {}
    if overrides:
        try:
            out.schedule = out.schedule.replace(**overrides)
        except ValueError:  # a value the schedule rejects: kept for the explorers (node())
            out.rejected = overrides
    for key, value in style.items():
        setattr(out, key, int(value) if key == "num_steps" else value)  # type: ignore[call-overload]
    return out


curve_spec = curve
"""The former name of :func:`curve`."""


def curve_param_specs(spec: Curve) -> tuple[ParamSpec, ...]:
    """The hyper-parameters of a curve: its node's (flat) ``spec``."""
    return spec.schedule.spec


def make_schedule(name: str, params: Mapping[str, object], composite: Node | None = None) -> Node:
    """``Schedule(name, **params)``, or ``composite.replace(**params)`` for a composite.

    Raises:
        ValueError, TypeError: the schedule's own message for a bad hyper-parameter.
    """
    if composite is not None:
        return composite.replace(**params)
    return Schedule(check_name(name), **params)


def curve_label(name: str, params: Mapping[str, object], composite: Node | None = None) -> str:
    """``name`` followed by its boolean options, the way the articles label their curves.

    A composite is labelled by its :attr:`~lrdecay_lit.registry.Node.label`
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


def _label(c: Curve) -> str:
    return c.label or curve_label(c.name, c.params, c.composite)


def curve_values(
    name: str,
    params: Mapping[str, object],
    num_steps: int,
    *,
    budget: bool = False,
    composite: Node | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Steps ``0 .. num_steps - 1`` and the learning rates there (their running sum if budget).

    Raises:
        ValueError, TypeError: the schedule's own message for a bad hyper-parameter.
    """
    steps = np.arange(int(num_steps))
    values = np.asarray(make_schedule(name, params, composite)(steps))
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
        >>> _ = plot_examples("exponential_decay", ax=axes[0], title="staircase")
        >>> _ = plot_examples("fixed", ax=axes[1], title="smooth")
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
    if legend and any(not str(line.get_label()).startswith("_") for line in ax.get_lines()):
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
        schedule: a schedule name, TF function, node (Schedule, composite), example or pair.
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
    spec = curve(schedule, **dict(params or {}))
    n = spec.num_steps if num_steps is None else int(num_steps)
    steps = np.arange(n)
    values = np.asarray(spec.node()(steps))
    if budget:
        values = np.cumsum(values)
    kwargs: dict[str, Any] = {"lw": 1.6, **line_kwargs}
    color = color or spec.color
    if color is not None:
        kwargs["color"] = color
    label = label or _label(spec)
    (line,) = ax.plot(steps, values, label=label, **kwargs)
    style_axes(ax, title=title, budget=budget, log=log)
    return line


def expand_items(items: Iterable[CurveItem | Iterable[CurveItem]]) -> list[CurveItem]:
    """The items, with any list or tuple of items (not a ``(name, params)`` pair) flattened.

    Example:
        >>> expand_items(["cosine_decay", ["fixed", "exponential_decay"]])
        ['cosine_decay', 'fixed', 'exponential_decay']
    """
    out: list[CurveItem] = []
    for item in items:
        pair = isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Mapping)
        if isinstance(item, list | tuple) and not pair:
            out.extend(expand_items(item))
        else:
            out.append(item)  # type: ignore[arg-type]
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
        *items: schedule names, TF functions, nodes (Schedules, composites), examples or
            pairs (lists of them are flattened).
        ax: draw on this axes instead of a new figure.
        title: default: the distinct schedule names, joined by " vs ".
        num_steps: one range for all curves (default: the largest of the items').
        budget, log: as in :func:`plot_schedule`.
        figsize: size of a new figure, inches.
        save: also save the figure to this path (format from the suffix).

    Returns:
        The figure (return it from a notebook cell to show it).

    Example:
        >>> import lrdecay_lit as lr
        >>> fig = plot_examples(*map(lr.example, COSINE_EXAMPLES), title="The four cosine decays")
        >>> len(fig.axes[0].get_lines()), fig.axes[0].get_title()
        (4, 'The four cosine decays')
    """
    if not items:
        raise TypeError("plot_examples() needs at least one curve to draw")
    specs = [curve(item) for item in expand_items(items)]
    if ax is None:
        fig, ax = new_figure(figsize)
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
    n = num_steps if num_steps is not None else max(s.num_steps for s in specs)
    for spec in specs:
        plot_schedule(ax, spec, None, n, label=spec.label, color=spec.color, budget=budget)
    if title is None:
        names = (
            _label(dataclasses.replace(s, label=None)) if s.composite else s.name for s in specs
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
