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

__all__ = ["GLUE_PREFIX", "glue", "glued", "format_text", "Pasted"]

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
