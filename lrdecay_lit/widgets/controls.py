"""The controls of an explorer, built from the schedule parameters' specs alone.

:func:`make_control` turns one :class:`~lrdecay_lit.specs.ParamSpec` into its widget (a
slider per number, a log slider where ``spec.log``, a checkbox per boolean, a text box per
list, a number box for a seed); :func:`control_value` reads it back. :class:`ParamControls`
is the controls of one schedule as an explorer shows them: every slider has a text box
beside it, a typed value is used as typed (never clamped to the slider's range), and what
the library refuses is explained next to the control that caused it.

Example:
    >>> from lrdecay_lit.specs import SPECS
    >>> controls = ParamControls(SPECS["exponential_decay"], {})
    >>> controls.boxes["decay_steps"].value = "-5"        # what a reader types
    >>> controls.params()["decay_steps"]                  # used as typed: the library judges
    -5.0
    >>> controls.controls["decay_steps"].value            # the slider is not moved
    10.0
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lrdecay_lit.specs import ParamSpec

if TYPE_CHECKING:
    import ipywidgets

__all__ = [
    "make_control",
    "control_value",
    "parse_floats",
    "parse_number",
    "format_number",
    "ParamControls",
]

DESCRIPTION_WIDTH = "130px"
CONTROL_WIDTH = "370px"
BOX_WIDTH = "80px"
MESSAGE_WIDTH = "450px"
ERROR_STYLE = "color:#b00020"


def ipywidgets_module() -> Any:
    """:mod:`ipywidgets`, imported when the first control is built (not at import time)."""
    import ipywidgets

    return ipywidgets


def _decimals(step: float | None) -> int:
    """Digits a slider readout needs for resolution ``step`` (0.001 -> 3, 1 -> 0)."""
    if not step:
        return 3
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _plain_number(value: object) -> str:
    """A number as a reader would type it: ``10`` not ``10.0``, ``1e-05``."""
    x = float(value)  # type: ignore[arg-type]
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def format_number(value: object, spec: ParamSpec) -> str:
    """What a slider's text box shows for ``value``: whole numbers without ``.0``.

    Example:
        >>> from lrdecay_lit.specs import SPECS
        >>> format_number(10.0, SPECS["exponential_decay"][1]), format_number(0.9, SPECS[
        ...     "exponential_decay"][2])
        ('10', '0.9')
    """
    if spec.kind == "int":
        return str(int(float(value)))  # type: ignore[arg-type]
    return _plain_number(value)


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


def parse_number(spec: ParamSpec, text: str) -> float | int:
    """A number typed into a control's box (no range check: the library judges the value).

    Example:
        >>> from lrdecay_lit.specs import SPECS
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


def make_control(spec: ParamSpec, value: object = None) -> ipywidgets.Widget:
    """The widget for one hyper-parameter, from its spec alone.

    ``float``/``int`` -> slider (``FloatLogSlider`` when ``spec.log``), widened to include
    ``value`` if it lies outside ``[spec.min, spec.max]``; ``bool`` -> Checkbox; ``floats``
    -> Text (comma-separated); ``seed`` -> BoundedIntText. ``value`` defaults to
    ``spec.example``. The description is the TF argument name, the tooltip the spec's
    description.
    """
    w = ipywidgets_module()
    value = spec.example if value is None else value
    common: dict[str, Any] = {
        "description": spec.name,
        "tooltip": spec.description,
        "style": {"description_width": DESCRIPTION_WIDTH},
        "layout": w.Layout(width=CONTROL_WIDTH),
    }
    if spec.kind == "bool":
        return w.Checkbox(value=bool(value), **common)
    if spec.kind == "floats":
        assert isinstance(value, Sequence)
        text = ", ".join(_plain_number(v) for v in value)
        return w.Text(value=text, continuous_update=False, **common)
    if spec.kind == "seed":
        first = int(spec.min if spec.min is not None else 0)
        last = int(spec.max if spec.max is not None else 2**31 - 1)
        seed = 0 if value is None else int(value)  # type: ignore[call-overload]
        return w.BoundedIntText(value=seed, min=min(first, seed), max=max(last, seed), **common)
    v = float(value)  # type: ignore[arg-type]
    lo: float = min(float(spec.min if spec.min is not None else min(v, 0.0)), v)
    hi: float = max(float(spec.max if spec.max is not None else max(v, 1.0)), v)
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


def short_flat_name(name: str) -> str:
    """A composite's flat parameter name for a control's label: ``schedule__decay_steps`` ->
    ``↳ decay_steps``, ``p1__learning_rate`` -> ``1: learning_rate``.

    Example:
        >>> short_flat_name("p1__schedule__alpha")
        '1: ↳ alpha'
    """
    *path, last = name.split("__")
    parts = [f"{p[1:]}:" if p[:1] == "p" and p[1:].isdigit() else "↳" for p in path]
    return " ".join([*parts, last])


def horizon_params(message: str) -> tuple[str, ...]:
    """Parameters a "global_step must be < ..." message depends on (named in its formula).

    Example:
        >>> horizon_params("global_step must be < first_decay_steps / (1 - t_mul) = 40. "
        ...                "Received: global_step=40")
        ('global_step', 'must', 'be', 'first_decay_steps', 't_mul')
    """
    return tuple(re.findall(r"\b([a-z_]+)\b", message.split("Received")[0]))


class Unparsable:
    """A typed text that is not a number (its message is the library-style error)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return self.message


class ParamControls:
    """The controls of one schedule: a widget per parameter, a text box beside each slider,
    a message row under each control, a validity mark beside each list.

    Attributes:
        specs: the parameters' specs, in order.
        controls: the widgets by parameter name (what :func:`make_control` builds).
        boxes: the text box beside each slider; a value typed there is used as typed.
        typed: parameter name -> the typed value the slider cannot hold (or an
            :class:`Unparsable`).
        messages: one HTML row per parameter (the library's message, or a note).
        validity: a ``Valid`` mark beside each list's text box.
        on_typed: called after a typed value that did not move a slider (the slider's own
            observers handle the rest).
    """

    def __init__(
        self,
        specs: Sequence[ParamSpec],
        values: Mapping[str, object],
        *,
        label: Callable[[str], str] | None = None,
    ) -> None:
        w = ipywidgets_module()
        self.specs: tuple[ParamSpec, ...] = tuple(specs)
        self.controls: dict[str, ipywidgets.Widget] = {
            p.name: make_control(p, values.get(p.name, p.example)) for p in self.specs
        }
        if label is not None:  # e.g. a composite's long flat names: a short form, tooltip full
            for p in self.specs:
                self.controls[p.name].description = label(p.name)
        self.validity: dict[str, ipywidgets.Valid] = {
            p.name: w.Valid(value=True, readout="invalid", layout=w.Layout(width="auto"))
            for p in self.specs
            if p.kind == "floats"
        }
        self.boxes: dict[str, ipywidgets.Text] = {}
        self.typed: dict[str, object] = {}
        self.messages: dict[str, ipywidgets.HTML] = {
            p.name: w.HTML("", layout=w.Layout(width=MESSAGE_WIDTH)) for p in self.specs
        }
        self._syncing = False
        self.on_typed: Callable[[], None] | None = None
        for p in self.specs:
            if p.kind in ("int", "float"):
                slider = self.controls[p.name]
                slider.readout = False  # the box is the readout
                box = w.Text(
                    value=format_number(slider.value, p),
                    continuous_update=False,
                    tooltip=f"type any value for {p.name}",
                    layout=w.Layout(width=BOX_WIDTH),
                )
                box.observe(lambda ch, spec=p: self._typed(spec, ch["new"]), names="value")
                slider.observe(lambda ch, spec=p: self._slid(spec), names="value")
                self.boxes[p.name] = box

    def _slid(self, spec: ParamSpec) -> None:
        """The slider moved: its value is the parameter again; the box shows it."""
        if self._syncing:
            return
        self.typed.pop(spec.name, None)
        self._syncing = True
        try:
            self.boxes[spec.name].value = format_number(self.controls[spec.name].value, spec)
        finally:
            self._syncing = False

    def _typed(self, spec: ParamSpec, text: str) -> None:
        """A value was typed: use it as typed; move the slider only where it can follow."""
        if self._syncing:
            return
        slider = self.controls[spec.name]
        value: object
        try:
            value = parse_number(spec, text)
        except ValueError as exc:
            value = Unparsable(str(exc))
        inside = (
            isinstance(value, int | float)
            and slider.min <= value <= slider.max
            and (spec.kind != "int" or float(value).is_integer())
        )
        if inside:
            self.typed.pop(spec.name, None)
            if slider.value != value:
                self._syncing = True
                try:
                    slider.value = value  # the slider's observers (the explorer) redraw
                finally:
                    self._syncing = False
                return
        else:
            self.typed[spec.name] = value
        if self.on_typed is not None:
            self.on_typed()

    def observe(self, handler: Callable[[Any], None]) -> None:
        """Call ``handler(change)`` whenever a control's value changes."""
        for control in self.controls.values():
            control.observe(handler, names="value")

    def params(self) -> dict[str, object]:
        """The hyper-parameters the controls hold now; a value typed outside a slider's range
        is used as typed.

        Raises:
            ValueError: a text box holds no number (the library-style message).
        """
        out: dict[str, object] = {}
        for p in self.specs:
            if p.name in self.typed:
                value = self.typed[p.name]
                if isinstance(value, Unparsable):
                    raise ValueError(value.message)
                out[p.name] = value
            else:
                out[p.name] = control_value(p, self.controls[p.name])
        return out

    def explain(self, error: str | None, *, invalid_region: bool = False) -> None:
        """Set each control's message and validity mark for the schedule's ``error``.

        A control shows the library's error when the error names it (or when it is about a
        value typed there, or, for an ``invalid_region`` error, when its formula names it);
        a valid value typed beyond the slider's range gets a note that it is used as typed.
        """
        for name, valid in self.validity.items():
            valid.value = error is None or f"`{name}`" not in error
        horizon = horizon_params(error) if error is not None and invalid_region else ()
        for p in self.specs:
            text = ""
            typed = self.typed.get(p.name)
            if error is not None and (
                f"`{p.name}`" in error or isinstance(typed, Unparsable) or p.name in horizon
            ):
                text = f"<span style='{ERROR_STYLE}'>⚠ {html.escape(error)}</span>"
            elif p.name in self.typed:
                slider = self.controls[p.name]
                text = (
                    f"<span style='color:#555'>typed {html.escape(str(typed))}: outside the "
                    f"slider's range {format_number(slider.min, p)} … "
                    f"{format_number(slider.max, p)}; used as typed</span>"
                )
            if self.messages[p.name].value != text:
                self.messages[p.name].value = text

    def box(self) -> ipywidgets.Widget:
        """The controls laid out: each control (with its box or mark), its message below."""
        w = ipywidgets_module()
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
