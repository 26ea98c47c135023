"""How an explorer's figure reaches the page: the four view modes (``view=``).

* ``"image"`` (default with matplotlib's inline backend): the Agg canvas is encoded as a PNG
  into an :class:`ipywidgets.Image`. Works in JupyterLab, classic Notebook and VS Code, and
  the image is part of the saved widget state, so a static (jupyter-book) page shows it.
* ``"ipympl"`` (default when ``%matplotlib widget`` / ipympl is active): the figure's own
  canvas widget, updated with ``fig.canvas.draw_idle()``.
* ``"output"``: an :class:`ipywidgets.Output` that re-displays the same figure object.
* ``"none"``: draw on the Agg canvas only (tests, benchmarks).

Each mode is a :class:`View`: it creates the figure (once), holds the widget that shows it,
and shows a new frame after :class:`~lrdecay_lit.widgets.drawing.Drawing` has drawn it.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, ClassVar

from lrdecay_lit.widgets.controls import ipywidgets_module

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from lrdecay_lit.widgets.drawing import Drawing

__all__ = ["VIEWS", "View", "make_view", "resolve_view", "in_kernel", "with_picture"]

VIEWS = ("auto", "image", "ipympl", "output", "none")
"""How an explorer shows its figure (see the module docstring)."""


def in_kernel() -> bool:
    """True when running inside a Jupyter kernel (where widgets can be displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def resolve_view(view: str) -> str:
    """The mode ``"auto"`` stands for: ``"ipympl"`` under ipympl's backend, else ``"image"``.

    Raises:
        ValueError: ``view`` is not one of :data:`VIEWS`.
    """
    if view not in VIEWS:
        raise ValueError(f"Argument `view` must be one of {VIEWS}. Received: view={view!r}")
    if view != "auto":
        return view
    import matplotlib

    backend = str(matplotlib.get_backend()).lower()
    return "ipympl" if ("ipympl" in backend or backend == "widget") else "image"


def with_picture(bundle: Any, png: bytes | None, text: str) -> Any:
    """A widget's mime bundle plus a PNG and a one-line text: what a front end without the
    widget's model (the notebook reopened before its kernel runs, nbconvert, GitHub) shows
    instead of ``VBox(children=...``.

    ``bundle`` is what ``Widget._repr_mimebundle_`` returned (data, or (data, metadata)).
    """
    if isinstance(bundle, tuple):
        data, metadata = bundle
    else:
        data, metadata = bundle, {}
    data = dict(data or {})
    if png is not None:
        data["image/png"] = base64.b64encode(png).decode("ascii")
    data["text/plain"] = text
    return (data, metadata) if metadata else data


def agg_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure on its own Agg canvas (no pyplot, no global state), and its axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


class View:
    """A view mode: the figure, the widget showing it, and how a new frame reaches it.

    Attributes:
        kind: the mode's name (one of :data:`VIEWS` but ``"auto"``).
        blits: whether the figure is drawn here on an Agg canvas (False: in the browser).
        fig, ax: the figure and axes.
        widget: what the page shows.
    """

    kind: ClassVar[str] = "none"
    blits: ClassVar[bool] = True

    def __init__(self, figsize: tuple[float, float]) -> None:
        self.fig, self.ax = self._figure(figsize)
        self.widget = self._widget()

    def _figure(self, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
        return agg_figure(figsize)

    def _widget(self) -> Any:
        return ipywidgets_module().HTML("")

    def show(self, drawing: Drawing) -> None:
        """Show the frame ``drawing`` has just drawn (nothing to do for ``"none"``)."""

    def picture(self, drawing: Drawing) -> bytes | None:
        """A PNG of the current frame for a front end without the widget's model."""
        return drawing.png()


class ImageView(View):
    kind = "image"

    def _widget(self) -> Any:
        w = ipywidgets_module()
        return w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))

    def show(self, drawing: Drawing) -> None:
        self.widget.value = drawing.png()


class OutputView(View):
    kind = "output"

    def _widget(self) -> Any:
        return ipywidgets_module().Output()

    def show(self, drawing: Drawing) -> None:
        from IPython.display import Image, display

        with self.widget:
            self.widget.clear_output(wait=True)
            display(Image(drawing.png()))


class IpymplView(View):
    kind = "ipympl"
    blits = False

    def _figure(self, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
        import matplotlib.pyplot as plt

        with plt.ioff():
            fig = plt.figure(figsize=figsize, layout="constrained")
        fig.canvas.header_visible = False  # type: ignore[attr-defined]
        return fig, fig.add_subplot()

    def _widget(self) -> Any:
        return self.fig.canvas  # an ipympl Canvas is itself a DOM widget

    def picture(self, drawing: Drawing) -> bytes | None:
        return None  # the browser draws the canvas; there is no Agg frame here


_VIEW_CLASSES: dict[str, type[View]] = {
    cls.kind: cls for cls in (View, ImageView, OutputView, IpymplView)
}


def make_view(view: str, figsize: tuple[float, float]) -> View:
    """The :class:`View` of mode ``view`` (``"auto"`` resolved by :func:`resolve_view`)."""
    return _VIEW_CLASSES[resolve_view(view)](figsize)
