"""The explorers' drawing engine: redraw one matplotlib figure in place, fast.

A slider move changes the curves' data; most of the figure (axes, ticks, labels, grid) stays
as it was. :class:`Drawing` keeps the Agg canvas of the figure and redraws it by one of
three paths, cheapest first:

* ``"blit"``: the axes did not change (limits, labels, scale, title, invalid regions):
  restore the saved background and paint only the dynamic artists (lines, markers, spines,
  legend) over it;
* ``"full"``: draw everything, then save the background without the dynamic artists;
* ``"layout"``: a full draw with a constrained-layout pass first, only when the margins may
  have to change (labels, scale, title, *wider* tick labels); the margins found are then
  kept fixed, so later frames do not shift.

:meth:`Drawing.autoscale` keeps the y limits while the curves still fit and fill most of
them, so a slider drag rarely changes the axes (and can blit). With ipympl the browser draws:
:meth:`Drawing.draw` only asks for a redraw.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Hashable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["Drawing", "round_limits"]

FILL = 0.6
"""Held y limits are kept while the curves fill at least this fraction of them."""


@contextlib.contextmanager
def round_limits() -> Iterator[None]:
    """Autoscale to tick positions, so small changes of the data keep the axes (and the
    saved background) unchanged."""
    import matplotlib

    with matplotlib.rc_context({"axes.autolimit_mode": "round_numbers"}):
        yield


class Drawing:
    """Redraws ``fig`` (one axes ``ax``) in place by the cheapest path that is exact.

    Args:
        fig, ax: the figure and its axes, created once.
        blit: paint the Agg canvas here (False: an ipympl canvas, which the browser draws).

    Attributes:
        last_draw: how the last :meth:`draw` redrew: ``"blit"``, ``"full"`` or ``"layout"``
            (``"idle"`` when the browser draws).
    """

    def __init__(self, fig: Figure, ax: Axes, *, blit: bool = True) -> None:
        self.fig, self.ax, self.blit = fig, ax, blit
        self.last_draw = ""
        self._background: Any = None
        self._background_key: object = None
        self._layout_state: tuple[object, ...] | None = None
        self._limits_quantity: object = None

    # ---------------------------------------------------------------- limits

    def autoscale(self, quantity: Hashable) -> None:
        """Autoscale to round numbers, but keep the y limits while the curves still fit and
        fill at least :data:`FILL` of them; a new ``quantity`` (what the y axis shows, its
        scale) takes the new limits at once."""
        ax = self.ax
        held = ax.get_ylim()
        ax.relim()
        with round_limits():
            ax.autoscale_view(tight=False)
        if quantity != self._limits_quantity:
            self._limits_quantity = quantity
            return
        data = ax.dataLim
        old, new = np.asarray(held), np.asarray(ax.get_ylim())
        span = np.asarray(data.intervaly)
        log = ax.get_yscale() == "log"
        if log:
            span[0] = data.minposy
            if not (span[0] > 0 and old.min() > 0):
                return
            old, new, span = np.log10(old), np.log10(new), np.log10(span)
        fits = old[0] <= span[0] and span[1] <= old[1]
        if fits and (new[1] - new[0]) >= FILL * (old[1] - old[0]):
            ax.set_ylim(*held, auto=None)

    # ---------------------------------------------------------------- drawing

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

    def _layout_key(self, layout: Hashable) -> tuple[object, ...]:
        """What decides the margins: ``layout``, the title, the widest tick labels."""

        def widest(axis: Any) -> tuple[int, bool]:
            formatter = axis.get_major_formatter()
            ticks = [v for v in axis.get_major_locator()() if np.isfinite(v)]
            offset = formatter.get_offset() if hasattr(formatter, "get_offset") else ""
            return max(map(len, formatter.format_ticks(ticks)), default=0), bool(offset)

        return (layout, self.ax.get_title(), widest(self.ax.xaxis), widest(self.ax.yaxis))

    def _needs_layout(self, key: tuple[object, ...]) -> bool:
        """A new layout pass for a new layout input or title, or *wider* tick labels
        (narrower ones fit in the margins already reserved)."""
        old = self._layout_state
        if old is None or key[:2] != old[:2]:
            return True
        return any(
            new[0] > was[0] or new[1] != was[1]  # type: ignore[index]
            for new, was in zip(key[2:], old[2:], strict=True)
        )

    def draw(self, *, layout: Hashable, background: Hashable = ()) -> None:
        """Redraw the figure in place by the cheapest exact path.

        Args:
            layout: what, besides the title and the tick labels, decides the margins (the
                curves' labels, the y quantity and scale).
            background: what else is painted into the saved background (e.g. the shaded
                invalid regions).
        """
        canvas = self.fig.canvas
        if not self.blit:
            self.last_draw = "idle"
            canvas.draw_idle()
            return
        layout_key = self._layout_key(layout)
        key = (layout_key[:2], self.ax.get_xlim(), self.ax.get_ylim(), background)
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
            self._background = canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[attr-defined]
            self._background_key = key
            for artist in dynamic:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)  # type: ignore[attr-defined]
        for artist in self._dynamic_artists():
            self.ax.draw_artist(artist)

    def invalidate(self, *, layout: bool = True) -> None:
        """Forget the saved background (the next :meth:`draw` is full), and with ``layout``
        the margins too (the next draw has a layout pass)."""
        self._background = None
        if layout:
            self._layout_state = None

    def png(self) -> bytes:
        """The Agg canvas as PNG bytes, without drawing the figure a second time."""
        from PIL import Image

        canvas = self.fig.canvas
        width, height = canvas.get_width_height(physical=True)
        image = Image.frombuffer(
            "RGBA",
            (width, height),
            canvas.buffer_rgba(),  # type: ignore[attr-defined]
            "raw",
            "RGBA",
            0,
            1,
        ).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
