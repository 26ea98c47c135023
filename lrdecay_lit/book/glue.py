"""Numbers in a chapter's prose: glued in a code cell, shown by ``{eval}`` in the text.

A code cell glues a value under a name, and the prose cites it with an inline ``{eval}``
role::

    glue("final_A", float(values_A[-1]))           # code cell

    ... from 0.5 to {eval}`glued("final_A", ".4f")` at step 199.   (markdown cell)

The same source renders in both places a chapter is read:

* **In Jupyter** (JupyterLab or Notebook 7 with ``jupyterlab-myst``) the kernel evaluates
  ``glued("final_A", ".4f")`` when the markdown cell runs and shows ``0.0608``.
* **On the website** (execution off) :mod:`lrdecay_lit.sphinxext`'s ``eval`` role reads the
  value the code cell stored in its output when the notebook was executed, exactly as
  myst-nb's ``{glue:text}`final_A:.4f``` does, and nbval compares that stored output with a
  fresh run, so a number in the prose cannot drift away from the code.

:func:`glue` writes the same output as ``myst_nb.glue(name, value, display=False)`` (a
``display_data`` with ``application/papermill.record/`` MIME types), without needing myst-nb
in the kernel (a student's Colab or JupyterHub), and remembers the value's text for
:func:`glued`. :func:`format_text` is myst-nb's formatting rule, shared by both sides.
``tools/convert_notebooks.py`` rewrites ``{glue:text}`name:fmt``` into this form.

The website's live plots travel the same way. A code cell ``lrplot("exponential_decay")``
(or ``nqmplot(...)``, with the options of the ``{lrplot}`` / ``{nqmplot}`` directives as
keywords) shows, in Jupyter, a note that the website draws a live plot here and that the
notebook's Python explorer plays its part; its stored HTML output also carries the plot's
arguments, from which :mod:`lrdecay_lit.sphinxext` draws the kernel-free live plot on the
website (exactly what the directive draws). A Markdown directive would show jupyterlab-myst's
"Unknown Directive" box instead.

Example:
    >>> glue("half", 0.5, display=None)   # display=None: remember only (no kernel here)
    >>> glued("half", ".3f")
    0.500
    >>> format_text("6.931471805599453", ".2f")
    '6.93'
"""

from __future__ import annotations

from ast import literal_eval
from typing import Any

__all__ = [
    "GLUE_PREFIX",
    "glue",
    "glued",
    "format_text",
    "RECORD_DIGITS",
    "recorded_float",
    "Pasted",
    "LIVE_PLOT_OPTIONS",
    "LivePlot",
    "lrplot",
    "nqmplot",
    "Listing",
    "listing",
]

GLUE_PREFIX = "application/papermill.record/"
"""The MIME prefix myst-nb's glue uses for outputs that are stored but not shown."""

_TEXTS: dict[str, str] = {}  # name -> text/plain of the glued value (this kernel's)


def format_text(text: str, fmt: str = "") -> str:
    """``text`` (a ``text/plain`` representation) formatted with ``fmt``, as myst-nb's
    ``{glue:text}`` role does: the text is read as a Python literal when it is one, then
    converted to ``int`` for ``d``/``x``/..., to ``float`` for ``f``/``e``/``g``/``%``."""
    try:
        value: Any = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if not fmt:
        return str(value)
    kind = fmt[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt)


RECORD_DIGITS = 12
"""Significant digits a glued float is recorded with (see :func:`recorded_float`)."""


def recorded_float(value: float) -> float:
    """``value`` rounded to :data:`RECORD_DIGITS` significant digits, as :func:`glue` records it.

    A float64 result can differ in its last bit from one CPU to another (numpy's SIMD
    ``exp``/``pow`` and BLAS round differently on AVX2 and AVX-512 machines), so recording
    all 17 digits would make nbval compare the machine, not the book's number. Twelve digits
    are far more than any sentence shows.

    Example:
        >>> recorded_float(0.19318799999999997), recorded_float(0.9895192582062144)
        (0.193188, 0.989519258206)
    """
    return float(f"{value:.{RECORD_DIGITS}g}")


class Pasted:
    """A glued value's text; displays without quotes (``{eval}`` shows its ``text/plain``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.text)

    def __eq__(self, other: object) -> bool:
        return str(other) == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def glue(name: str, value: Any, display: bool | None = False) -> None:
    """Store ``value`` under ``name`` for the prose (``{eval}`glued("name")```).

    ``display=False`` (the book's usage) writes a hidden output that the website reads;
    ``display=True`` also shows the value; ``display=None`` only remembers it in this kernel.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"Argument `name` must be an identifier. Received: name={name!r}")
    from IPython.core.formatters import format_display_data

    if isinstance(value, float):  # Python floats and numpy float64 scalars
        value = recorded_float(value)
    bundle, metadata = format_display_data(value)
    _TEXTS[name] = str(bundle.get("text/plain", repr(value)))
    if display is None:
        return
    from IPython.display import display as ipy_display

    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def glued(name: str, fmt: str = "") -> Pasted:
    """The text of the value glued as ``name``, formatted with ``fmt`` (``".4f"``).

    Raises:
        KeyError: nothing was glued under ``name`` yet (run the code cells above first).
    """
    if name not in _TEXTS:
        raise KeyError(
            f"nothing glued as {name!r} yet: run the code cell that calls glue({name!r}, ...)"
        )
    return Pasted(format_text(_TEXTS[name], fmt))


LIVE_PLOT_OPTIONS: dict[str, tuple[str, ...]] = {
    "lrplot": (
        "num_steps",
        "params",
        "title",
        "log",
        "budget",
        "composite",
        "dispatch",
        "flags",
        "epochs",
    ),
    "nqmplot": ("num_steps", "params", "curvature", "noise", "start", "title"),
}
"""The options of the website's ``{lrplot}`` and ``{nqmplot}`` directives (flags: ``True``)."""

LIVE_PLOT_CLASS = "lrdecay-live-plot"
"""The class of the HTML output that :mod:`lrdecay_lit.sphinxext` replaces by the live plot."""


def _option_text(name: str, value: Any) -> str:
    """A keyword's value as the directive's option text."""
    import json

    if value is True:
        return ""
    if name in ("params", "flags") and isinstance(value, dict):
        return ", ".join(f"{k}={json.dumps(v)}" for k, v in value.items())
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


class LivePlot:
    """A website live plot, as a notebook output (see the module docstring).

    Example:
        >>> p = lrplot("exponential_decay", num_steps=200, params={"decay_rate": 0.8}, log=True)
        >>> p.arguments, p.options
        (('exponential_decay',), {'num_steps': '200', 'params': 'decay_rate=0.8', 'log': ''})
        >>> print(p)
        Live plot on the book's website: exponential_decay (it runs in the browser, no kernel).
        In this notebook, the chapter's Python explorer plays its part.
    """

    def __init__(self, directive: str, arguments: tuple[str, ...], options: dict[str, Any]):
        if directive not in LIVE_PLOT_OPTIONS:
            raise ValueError(
                f"Argument `directive` must be one of {', '.join(LIVE_PLOT_OPTIONS)}. "
                f"Received: directive={directive!r}"
            )
        known = LIVE_PLOT_OPTIONS[directive]
        for name in options:
            if name not in known:
                raise TypeError(
                    f"{directive}() got an unexpected option {name!r} (options: {', '.join(known)})"
                )
        for arg in arguments:
            if not isinstance(arg, str):
                raise TypeError(f"{directive}() arguments must be strings. Received: {arg!r}")
        self.directive = directive
        self.arguments = tuple(arguments)
        # the directive's option text: flags as "", ``params``/``flags`` dicts as name=value
        # pairs, other dicts and lists as JSON, everything else as str()
        self.options = {k: _option_text(k, v) for k, v in options.items() if v is not False}

    def _what(self) -> str:
        """The plot's title, else its schedules (or decay types)."""
        names = ", ".join(self.arguments) or self.options.get("dispatch", "") or "composites"
        return self.options.get("title") or names

    def __repr__(self) -> str:
        return (
            f"Live plot on the book's website: {self._what()} (it runs in the browser, "
            "no kernel).\nIn this notebook, the chapter's Python explorer plays its part."
        )

    def _repr_html_(self) -> str:
        import json
        from html import escape

        data = json.dumps(
            {"directive": self.directive, "arguments": self.arguments, "options": self.options},
            separators=(",", ":"),
        )
        return (
            f'<div class="{LIVE_PLOT_CLASS}" data-live-plot="{escape(data, quote=True)}">'
            f"<p><b>Live plot on the website:</b> {escape(self._what())}. "
            "On the book's website this cell is a plot that redraws in your browser as you "
            "move its sliders, with no kernel. In this notebook, the chapter's Python "
            "explorer (ipywidgets) plays its part.</p></div>"
        )


def lrplot(*arguments: str, **options: Any) -> LivePlot:
    """The website's ``{lrplot}`` live plot in a code cell (arguments and options as there)."""
    return LivePlot("lrplot", arguments, options)


def nqmplot(*arguments: str, **options: Any) -> LivePlot:
    """The website's ``{nqmplot}`` live plot in a code cell (arguments and options as there)."""
    return LivePlot("nqmplot", arguments, options)


class Listing:
    """The package source a ``{literalinclude}`` shows on the website, as a notebook output
    (jupyterlab-myst cannot read files: :func:`listing`)."""

    def __init__(self, code: str, where: str) -> None:
        self.code, self.where = code, where

    def __repr__(self) -> str:
        return self.code

    def _repr_markdown_(self) -> str:
        return f"`{self.where}`:\n\n```python\n{self.code}\n```"


def listing(
    path: str,
    pyobject: str = "",
    start_at: str = "",
    end_before: str = "",
) -> Listing:
    """The source that ``{literalinclude} path`` with ``:pyobject:``, ``:start-at:`` and
    ``:end-before:`` shows, read from the installed package (``path`` is the directive's,
    relative to the chapter; only its part from ``lrdecay_lit/`` on is used, so it works
    wherever the package is installed).

    Example:
        >>> shown = listing("../lrdecay_lit/book/glue.py", pyobject="format_text")
        >>> print(shown.code.split("\\n")[0])
        def format_text(text: str, fmt: str = "") -> str:

    Raises:
        ValueError: ``path`` is not a module of lrdecay_lit, or a marker is not found.
    """
    import importlib
    import inspect

    parts = path.replace("\\", "/").split("/")
    if "lrdecay_lit" not in parts or not path.endswith(".py"):
        raise ValueError(
            f"Argument `path` must be a .py file of lrdecay_lit. Received: path={path!r}"
        )
    parts = parts[parts.index("lrdecay_lit") :]
    parts[-1] = parts[-1][: -len(".py")]
    if parts[-1] == "__init__":
        parts.pop()
    module = importlib.import_module(".".join(parts))
    obj: Any = module
    for name in pyobject.split(".") if pyobject else []:
        obj = getattr(obj, name)
    lines = inspect.getsource(obj).rstrip("\n").split("\n")
    if start_at:
        first = next((i for i, line in enumerate(lines) if start_at in line), None)
        if first is None:
            raise ValueError(f"start-at {start_at!r} not found in {path}")
        lines = lines[first:]
    if end_before:
        last = next((i for i, line in enumerate(lines) if end_before in line), None)
        if last is None:
            raise ValueError(f"end-before {end_before!r} not found in {path}")
        lines = lines[:last]
    where = ".".join(parts) + (f".{pyobject}" if pyobject else "")
    return Listing("\n".join(lines), where)
