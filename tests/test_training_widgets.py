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
    assert box.message.value == ""


def test_typed_values_are_explained_not_clamped():
    box = explore_training("cosine_decay", decay_steps=40, num_steps=40, static=False)
    first = box.image.value
    box.inputs.boxes["decay_steps"].value = "0"  # the slider's minimum is 1: no clamping
    expected = "Argument `decay_steps` must be &gt; 0. Received: decay_steps=0.0"
    assert expected in box.message.value
    assert expected in box.inputs.messages["decay_steps"].value  # next to the control
    assert box.inputs.controls["decay_steps"].value == 40
    assert box.image.value == first  # the last valid schedule is still drawn
    box.inputs.boxes["decay_steps"].value = "500"  # beyond the slider: used as typed
    assert box.message.value == "" and box.image.value != first
    assert "used as typed" in box.inputs.messages["decay_steps"].value


def test_bundle_has_a_picture_and_no_widget_repr():
    box = explore_training("cosine_decay", decay_steps=40, num_steps=40, static=False)
    bundle = box._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"].startswith("iVBOR")
    assert "VBox" not in data["text/plain"] and "cosine_decay" in data["text/plain"]
