"""The explorers: one figure of one or more schedules, with their controls, formulas and
facts, updated in place (:class:`Explorer`), and the entry points :func:`explore`,
:func:`compare` and :func:`compare_cosines`.

An explorer puts the package's parts together: each schedule's controls
(:mod:`~lrdecay_lit.widgets.controls`), its formula (:mod:`~lrdecay_lit.widgets.formula`)
and facts (:mod:`~lrdecay_lit.widgets.facts`); one figure redrawn by
:mod:`~lrdecay_lit.widgets.drawing` and shown by a view mode
(:mod:`~lrdecay_lit.widgets.views`).
"""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from lrdecay_lit.plotting import (
    YLABEL,
    YLABEL_BUDGET,
    Curve,
    CurveItem,
    curve,
    curve_label,
    curve_param_specs,
    expand_items,
    make_schedule,
    plot_examples,
    style_axes,
)
from lrdecay_lit.registry import FUNCTIONS, Node
from lrdecay_lit.specs import SCHEDULE_NAMES
from lrdecay_lit.widgets.controls import (
    CONTROL_WIDTH,
    DESCRIPTION_WIDTH,
    ERROR_STYLE,
    ParamControls,
    ipywidgets_module,
    short_flat_name,
)
from lrdecay_lit.widgets.drawing import Drawing
from lrdecay_lit.widgets.facts import facts_html, schedule_facts
from lrdecay_lit.widgets.formula import composite_formula_html, formula_html, rst_to_html
from lrdecay_lit.widgets.views import in_kernel, make_view, with_picture

if TYPE_CHECKING:
    import ipywidgets
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["Explorer", "LiveCurve", "explore", "compare", "compare_cosines", "COSINE_SCHEDULES"]

LEFT_WIDTH = "470px"
"""The controls' column: one width whatever is open in it, so the figure never jumps."""


def _params_key(params: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items())


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


def _values_accepted(schedule: Any, steps: np.ndarray) -> tuple[np.ndarray, int | None, str]:
    """``schedule``'s values at ``steps``; where it refuses a suffix of them (SGDR with
    ``t_mul < 1`` past its horizon), ``nan`` there, the first refused step and its message.

    Raises:
        ValueError, TypeError: only from the schedule on its accepted steps (a bug).
    """
    try:
        return np.asarray(schedule(steps), dtype=np.float64), None, ""
    except (ValueError, TypeError) as exc:
        n = _valid_prefix(schedule, steps)
        values = np.full(steps.shape, np.nan)
        if n:
            values[:n] = schedule(steps[:n])
        return values, n, str(exc)


def _css_color(color: str) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color)


class LiveCurve:
    """One schedule of an explorer: its controls, its lines and its last valid state.

    Attributes:
        name: the schedule's name (a composite's kind).
        composite: a composite's structure, or None.
        controls, validity, boxes, messages, typed: its :class:`ParamControls`' widgets.
        schedule: the last valid schedule (None until one is valid).
        values: the learning rates drawn (``nan`` where there is nothing to draw).
        error: the library's message for the current values, or None.
        invalid_from: the first step the schedule refuses (SGDR past its horizon), or None.
        line, marker, span: its curve, cursor marker and shaded invalid region.
    """

    def __init__(self, spec: Curve, index: int, start: Mapping[str, object] | None = None) -> None:
        self.name = spec.name
        self.composite = spec.composite
        self.specs = curve_param_specs(spec)
        self.fixed_label = spec.label
        self.color = spec.color or f"C{index % 10}"
        self.inputs = ParamControls(
            self.specs,
            {**spec.params, **(start or {})},
            label=short_flat_name if self.composite is not None else None,
        )
        self.controls = self.inputs.controls
        self.validity = self.inputs.validity
        self.boxes = self.inputs.boxes
        self.messages = self.inputs.messages
        self.typed = self.inputs.typed
        self.schedule: Node | None = None
        self.error: str | None = None
        self.invalid_from: int | None = None
        self.values = np.zeros(0)
        self.line: Line2D
        self.marker: Line2D
        self.span: Any = None

    def params(self) -> dict[str, object]:
        """The hyper-parameters the controls hold now (see :meth:`ParamControls.params`)."""
        return self.inputs.params()

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
                values, _, _ = _values_accepted(self.schedule, steps)
            else:
                values = np.full(steps.shape, np.nan)
        else:
            # valid parameters, but maybe not at every step (SGDR with t_mul < 1 past its
            # horizon): draw the steps it accepts, mark the rest as an invalid region
            values, self.invalid_from, message = _values_accepted(schedule, steps)
            self.error = message if self.invalid_from is not None else None
            self.schedule = schedule
        self.values = values
        self.inputs.explain(self.error, invalid_region=self.invalid_from is not None)

    def controls_box(self) -> ipywidgets.Widget:
        return self.inputs.box()

    def facts(self, cursor: int) -> dict[str, object] | None:
        """:func:`schedule_facts` of the last valid schedule (None before there is one)."""
        if self.schedule is None:
            return None
        return schedule_facts(self.schedule, self.values, cursor)

    def formula(self) -> str:
        """The formula's HTML for the last valid schedule (call only once there is one)."""
        assert self.schedule is not None
        if self.composite is not None:
            return composite_formula_html(self.schedule, self.label)
        return formula_html(self.name, self.schedule.params, self.label)


class Explorer:
    """A live figure of one or more schedules with their controls (built by :func:`explore`
    and :func:`compare`).

    Attributes:
        curves: one :class:`LiveCurve` per schedule: ``.controls`` (by TF name), ``.validity``
            (Valid widgets beside the text boxes), ``.boxes`` and ``.messages`` (the text
            box beside each slider and the message row under each control), ``.line``,
            ``.marker``, ``.schedule`` (the last valid
            :class:`~lrdecay_lit.registry.Schedule`), ``.values``, ``.error``,
            ``.invalid_from``.
        controls: the common controls ``num_steps``, ``cursor``, ``budget``, ``log``; for a
            single-schedule explorer also its hyper-parameters by TF name.
        lines: the schedules' :class:`~matplotlib.lines.Line2D`, in order.
        errors: the current error messages (plain text; empty when all is valid).
        fig, ax: the figure and axes (created once; updates redraw them in place).
        error: HTML widget showing :attr:`errors` ("" when all is valid).
        formulas: one HTMLMath widget per schedule (:attr:`formula` is the first).
        facts: HTML widget with the live facts table (see :func:`schedule_facts`).
        view: the widget showing the figure (Image, ipympl canvas, Output or an empty HTML).
        drawing: the :class:`~lrdecay_lit.widgets.drawing.Drawing` that redraws the figure.
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
        specs: Sequence[Curve],
        *,
        start: Sequence[Mapping[str, object]] | None = None,
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
        self._view = make_view(view, figsize)  # checks `view` before any widget is built
        w = ipywidgets_module()
        self._busy = False
        self._holding = 0
        self._pending = False
        self._labels: list[str] = []
        self._scale: tuple[bool, bool] | None = None
        self._formula_keys: list[object] = [None] * len(specs)
        starts = list(start) if start is not None else [{}] * len(specs)
        if len(starts) != len(specs):
            raise ValueError(
                f"Argument `start` must have one entry per schedule ({len(specs)}). "
                f"Received: {len(starts)} entries"
            )
        self.curves = [
            LiveCurve(s, i, v) for i, (s, v) in enumerate(zip(specs, starts, strict=True))
        ]
        n = int(num_steps if num_steps is not None else max(s.num_steps for s in specs))
        style = {"description_width": DESCRIPTION_WIDTH}
        layout = w.Layout(width=CONTROL_WIDTH)
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
        self.fig, self.ax = self._view.fig, self._view.ax
        self.drawing = Drawing(self.fig, self.ax, blit=self._view.blits)
        for c in self.curves:
            (c.line,) = self.ax.plot([], [], color=c.color, lw=1.6, label=c.name)
            c.line.sticky_edges.y[:] = [0.0]  # the y margin never pushes the axis below 0
            (c.marker,) = self.ax.plot([], [], "o", color=c.color, ms=5, label="_nolegend_")
        self.cursor_line = self.ax.axvline(0, color="0.45", lw=0.8, ls="--", label="_nolegend_")
        self._title = title
        style_axes(self.ax, title=title or self._default_title(), legend=False)
        self.ax.margins(x=0, y=0.02)  # then rounded out to ticks (see drawing.round_limits)
        self.ax.locator_params(nbins=6)  # fewer tick labels: text is most of a full redraw
        self.error = w.HTML()
        self.formulas = [
            w.HTMLMath(layout=w.Layout(overflow="auto", max_width="100%")) for _ in self.curves
        ]
        self.show_formula = formula
        self.facts = w.HTML()
        self.view = self._view.widget
        for c in self.curves:
            c.inputs.on_typed = self._on_typed
            c.inputs.observe(self._on_change)
        for control in self.common.values():
            control.observe(self._on_change, names="value")
        self.widget = self._layout()
        self.update()

    # ---------------------------------------------------------------- construction

    def _default_title(self) -> str:
        names = list(dict.fromkeys(c.name for c in self.curves))
        return " vs ".join(names) if len(names) <= 2 else ", ".join(names)

    def _layout(self) -> ipywidgets.Widget:
        """Controls on the left, figure (then errors, formula, facts) on the right; on a
        page narrower than both (a book column) the right part wraps below the controls."""
        w = ipywidgets_module()
        common = [self.common[k] for k in ("num_steps", "cursor", "budget", "log")]
        formulas = self.formulas if self.show_formula else []
        row = w.Layout(flex_flow="row wrap", align_items="flex-start")
        column = w.Layout(flex="1 1 640px", min_width="0", max_width="100%")
        # the controls' column has one width whatever is open or shown in it (an accordion
        # section, a message), so the figure beside it never jumps below it
        fixed = w.Layout(flex="0 0 auto", width=LEFT_WIDTH, overflow="hidden")
        if len(self.curves) == 1:
            curve = self.curves[0]
            if curve.composite is not None:
                head, doc = curve.composite.label, (type(curve.composite).__doc__ or "")
            else:
                head, doc = curve.name, FUNCTIONS[curve.name].__doc__ or ""
            line = doc.strip().splitlines()[0]
            title = w.HTMLMath(f"<b>{html.escape(head)}</b> — {rst_to_html(line)}")
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

    @property
    def last_draw(self) -> str:
        """How the last update redrew: ``"blit"``, ``"full"`` or ``"layout"`` (see
        :class:`~lrdecay_lit.widgets.drawing.Drawing`)."""
        return self.drawing.last_draw

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
            self.drawing.autoscale(self._scale)
            self.error.value = self._error_html()
            self._draw()
            if self.show_formula:
                self._update_formulas()
            self.facts.value = self._facts_html(k)
        finally:
            self._busy = False

    def _draw(self) -> None:
        """Redraw the figure (:meth:`Drawing.draw`) and show the new frame."""
        spans = tuple(c.invalid_from for c in self.curves)  # drawn into the background
        self.drawing.draw(layout=(tuple(self._labels), self._scale), background=spans)
        self._view.show(self.drawing)

    def _invalid_region(self, c: LiveCurve, n: int) -> None:
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
                self.ax.yaxis.get_major_formatter().set_powerlimits((-3, 4))  # type: ignore[attr-defined]
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
                    f"<div style='{ERROR_STYLE}'>⚠ {who}{html.escape(c.error)} "
                    f"<i>({kept})</i></div>"
                )
        return "".join(rows)

    def _update_formulas(self) -> None:
        for i, (c, widget) in enumerate(zip(self.curves, self.formulas, strict=True)):
            if c.schedule is None:
                continue
            key = (c.label, _params_key(c.schedule.params))
            if key != self._formula_keys[i]:
                widget.value = c.formula()
                self._formula_keys[i] = key

    def _facts_html(self, cursor: int) -> str:
        rows = []
        for c in self.curves:
            facts = c.facts(cursor)
            if facts is not None:
                rows.append((c.label, _css_color(c.color), facts))
        return facts_html(rows, cursor, self.num_steps)

    def redraw(self) -> None:
        """Force a full redraw (and layout) of the figure, e.g. after changing it by hand."""
        self.drawing.invalidate(layout=True)
        self._draw()

    # ---------------------------------------------------------------- display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live widget, plus a PNG of the current figure and a one-line text (see
        :func:`~lrdecay_lit.widgets.views.with_picture`)."""
        names = ", ".join(dict.fromkeys(c.name for c in self.curves))
        return with_picture(
            self.widget._repr_mimebundle_(**kwargs),
            self._view.picture(self.drawing),
            f"Explorer of {names} (run the notebook's cells to move its controls)",
        )

    def savefig(self, path: str | os.PathLike[str], **kwargs: Any) -> None:
        """Save the current figure (the same one the explorer shows)."""
        self.fig.savefig(path, **kwargs)

    def __repr__(self) -> str:
        names = ", ".join(c.name for c in self.curves)
        return f"<Explorer of {names}, {self.num_steps} steps>"


# --------------------------------------------------------------------------- entry points


def _static_figure(
    specs: Sequence[Curve],
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
        schedule: a schedule name (``"cosine_decay"``), a TF-style function
            (``lrdecay_lit.cosine_decay``), a :class:`~lrdecay_lit.registry.Schedule`, an
            example object (the book's ``lr.example("B.cosine")``), a ``(name, params)``
            pair, or a composite (``warmup(...)``, ``join(...)``; its parameters by flat
            name): anything :func:`lrdecay_lit.plotting.curve` takes.
        num_steps: steps shown (default: the article's range for that schedule).
        static: return a static matplotlib Figure instead of widgets; default: static
            exactly when not running in a Jupyter kernel.
        save: with a static figure, also save it to this path.
        view: ``"auto"``, ``"image"``, ``"ipympl"``, ``"output"`` or ``"none"`` (see
            :mod:`lrdecay_lit.widgets.views`).
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
    spec, start = _start(schedule, overrides)
    return _build(
        [spec],
        start=[start],
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
        *schedules: anything :func:`explore` accepts, or iterables of them, e.g.
            ``compare("exponential_decay", "natural_exp_decay")``,
            ``compare(lr.article_examples("B.polynomial"))`` (the book's examples) or
            ``compare(("exponential_decay", {"staircase": True}), "exponential_decay")``.
        num_steps: one range for all (default: the largest of the schedules').
        labels, colors: per schedule (default: name + booleans; article colour or C0, C1...).
        formula: show each schedule's formula under the plot.
        The other arguments are as for :func:`explore`; ``budget``/``log`` are toggles in
        the explorer (the LR budget is the cumulative sum of the learning rate).

    Returns:
        An :class:`Explorer`, or a Figure when static.
    """
    specs = [curve(item) for item in expand_items(schedules)]
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


COSINE_SCHEDULES: tuple[str, ...] = tuple(name for name in SCHEDULE_NAMES if "cosine" in name)
"""The four cosine decays of TF1, in TF's order."""


def compare_cosines(*items: CurveItem, **kwargs: Any) -> Explorer | Figure:
    """Article B's figure 6.5: cosine_decay, cosine_decay_restarts, linear_cosine_decay and
    noisy_linear_cosine_decay, 60 steps.

    ``items`` default to the four schedules at the articles' values (the specs' examples);
    the book passes article B's examples, which bring the article's colours too:
    ``compare_cosines(*lr.article_examples(*COSINE_EXAMPLES))``. The article titles the
    figure "cosine_decay" (and captions it "inverse_time_decay" by mistake); here it is
    titled for what it shows. Keyword arguments go to :func:`compare`.
    """
    kwargs.setdefault("title", "The four cosine decays of TF1 (article B, figure 6.5)")
    return compare(*(items or COSINE_SCHEDULES), **kwargs)


def _start(item: CurveItem, overrides: Mapping[str, object]) -> tuple[Curve, dict[str, object]]:
    """The curve of ``item`` with ``overrides``, and the values its controls start from.

    When the schedule refuses the overrides' values, the curve is ``item``'s own and the
    values are the overrides: the explorer starts with them and shows the library's message
    (the controls stay alive). An unknown parameter name is raised.
    """
    try:
        return curve(item, **overrides), {}
    except (ValueError, TypeError):
        style = {k: v for k, v in overrides.items() if k in ("num_steps", "color", "label")}
        values = {k: v for k, v in overrides.items() if k not in style}
        base = curve(item, **style)
        if set(values) - {p.name for p in curve_param_specs(base)}:
            raise
        return base, values


def _build(
    specs: Sequence[Curve],
    *,
    start: Sequence[Mapping[str, object]] | None = None,
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
        if start is not None:  # a figure cannot show an error: the library's is raised
            specs = [curve(s, **v) if v else s for s, v in zip(specs, start, strict=True)]
        return _static_figure(specs, num_steps, title, budget, log, save, figsize)
    explorer = Explorer(
        specs,
        start=start,
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
