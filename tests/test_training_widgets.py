"""The training chapter's Python explorer: controls redraw, the digits button trains."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from lrdecay_lit.widgets.training import explore_training  # noqa: E402


def _find(widget, kind):
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if type(w).__name__ == kind:
            out.append(w)
        stack.extend(getattr(w, "children", ()))
    return out


def test_static_figure_has_titles_labels_legends():
    fig = explore_training("piecewise_constant", num_steps=60, static=True)
    left, right = fig.axes
    assert left.get_xlabel() == "step" and left.get_ylabel() == "learning rate"
    assert right.get_yscale() == "log" and right.get_legend() is not None


def test_controls_redraw_and_button_trains():
    box = explore_training(
        "cosine_decay", learning_rate=1.0, decay_steps=40, num_steps=40, static=False
    )
    (image,) = _find(box, "Image")
    first = image.value
    slider = next(w for w in _find(box, "FloatSlider") if w.description == "alpha")
    slider.value = 0.5
    assert image.value != first
    (button,) = _find(box, "Button")
    before = image.value
    button.click()  # trains on the digits for 40 steps (one seed) and overlays the curve
    assert image.value != before
    (message,) = _find(box, "HTML")
    assert message.value == ""
