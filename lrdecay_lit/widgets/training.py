"""The training chapter's Python explorer: a schedule, the NQM's prediction, and the digits.

:func:`explore_training` shows a schedule next to the expected loss of SGD on the noisy
quadratic under it (:mod:`lrdecay_lit.noisy_quadratic`, split into bias and variance), with a
control per hyper-parameter (built from :data:`lrdecay_lit.specs.SPECS` by
:class:`lrdecay_lit.widgets.controls.ParamControls`) and per model number, and a button that
reruns the digits training (:func:`lrdecay_lit.digits.train`, one seed) for the schedule as
set, to put a measured loss curve on top of the prediction. Outside a kernel, or with
``static=True``, it returns the figure (a plain matplotlib :class:`~matplotlib.figure.Figure`).

The static website shows the kernel-free ``{nqmplot}`` instead (:mod:`lrdecay_lit.sphinxext`).

Example:
    >>> fig = explore_training("cosine_decay", learning_rate=2.0, decay_steps=100,
    ...                        num_steps=100, static=True)
    >>> [ax.get_title() for ax in fig.axes]
    ['cosine_decay', 'SGD on the noisy quadratic']
"""

from __future__ import annotations

import html
import io
from functools import lru_cache
from typing import Any

import numpy as np

from lrdecay_lit import noisy_quadratic as Q
from lrdecay_lit.registry import Schedule
from lrdecay_lit.specs import SPECS, example_params
from lrdecay_lit.widgets.controls import ERROR_STYLE, ParamControls, ipywidgets_module
from lrdecay_lit.widgets.views import in_kernel, with_picture

__all__ = ["explore_training", "draw_prediction"]


def draw_prediction(
    fig: Any,
    schedule: Schedule,
    num_steps: int,
    curvature: float,
    noise_var: float,
    start: float,
    offset: float = 0.0,
    measured: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Draw the schedule (left) and the NQM's expected loss with its parts (right) on ``fig``."""
    fig.clear()
    left, right = fig.subplots(1, 2)
    steps = np.arange(int(num_steps))
    rates = schedule(steps)
    path = Q.second_moment(rates, curvature, noise_var, start)
    half = curvature / 2
    left.plot(steps, rates, color="tab:blue", label=schedule.name)
    left.set(title=schedule.name, xlabel="step", ylabel="learning rate")
    left.grid(True, alpha=0.3)
    left.legend(fontsize="small")
    t = np.arange(len(steps) + 1)
    right.plot(t, offset + half * path.total, color="tab:red", label="NQM expected loss")
    right.plot(t, offset + half * path.bias, color="tab:green", ls="--", lw=1, label="bias")
    right.plot(
        t, offset + half * path.variance, color="tab:purple", ls="--", lw=1, label="variance"
    )
    if measured is not None:
        right.plot(*measured, color="k", lw=1, label="digits, measured")
    right.set(title="SGD on the noisy quadratic", xlabel="step", ylabel="loss")
    right.set_yscale("log", nonpositive="mask")
    right.grid(True, alpha=0.3)
    right.legend(fontsize="small")


@lru_cache(maxsize=1)
def _training_box() -> type:
    """A ``VBox`` that also offers a picture of its figure (see :func:`with_picture`); the
    class is made when the first explorer is built (ipywidgets is imported then)."""
    vbox: Any = ipywidgets_module().VBox

    class TrainingExplorer(vbox):
        """The training explorer's layout; ``image``, ``message`` and ``inputs`` are its
        figure, its error line and its schedule's :class:`ParamControls`."""

        def _repr_mimebundle_(self, **kwargs: Any) -> Any:
            text = f"Training explorer of {self.name} (run the notebook's cells to use it)"
            return with_picture(super()._repr_mimebundle_(**kwargs), self.image.value, text)

    return TrainingExplorer


def explore_training(
    name: str = "cosine_decay",
    *,
    num_steps: int = 1000,
    curvature: float = 0.001,
    noise_var: float = 0.1,
    start: float = 300.0,
    offset: float = 0.0,
    data: Any = None,
    static: bool | None = None,
    **params: object,
) -> Any:
    """A live explorer (ipywidgets) of schedule ``name`` on the NQM, with a digits button.

    ``params`` are the schedule's hyper-parameters (the articles' values fill the others);
    ``curvature``, ``noise_var``, ``start`` and ``offset`` the model's numbers (e.g. from
    :func:`lrdecay_lit.noisy_quadratic.fit`). ``data``: the digits (:func:`digits.load`) for
    the training button. As in :func:`~lrdecay_lit.widgets.explore`, every slider has a box
    beside it: a typed value is used as typed, and what the library refuses is explained
    next to the control (and the last valid schedule stays drawn).

    Returns:
        The widget (a ``VBox`` that, before the kernel runs, shows a picture of its
        figure), or the figure when static.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    values = {**example_params(name), **params}
    schedule = Schedule(name, **values)
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    FigureCanvasAgg(fig)
    if static or (static is None and not in_kernel()):
        draw_prediction(fig, schedule, num_steps, curvature, noise_var, start, offset)
        return fig
    w = ipywidgets_module()
    image = w.Image(format="png", layout=w.Layout(max_width="100%"))
    inputs = ParamControls([s for s in SPECS[name] if s.kind != "seed"], values)

    def decades_around(value: float, description: str) -> Any:
        """A log slider two decades either side of ``value``."""
        centre = np.log10(value)
        return w.FloatLogSlider(
            value=value,
            base=10,
            min=centre - 2,
            max=centre + 2,
            step=0.02,
            description=description,
        )

    model = {
        "curvature": decades_around(curvature, "lambda"),
        "noise_var": decades_around(noise_var, "sigma^2"),
        "start": decades_around(start, "E_0"),
    }
    message = w.HTML()
    button = w.Button(description="train on digits (1 seed)")
    state: dict[str, Any] = {"schedule": schedule, "measured": None}

    def redraw(*_: object) -> None:
        error = None
        try:
            state["schedule"] = Schedule(name, **{**values, **inputs.params()})
        except (TypeError, ValueError) as err:
            error = str(err)
        inputs.explain(error)
        message.value = (
            "" if error is None else f"<span style='{ERROR_STYLE}'>⚠ {html.escape(error)}</span>"
        )
        draw_prediction(
            fig,
            state["schedule"],
            num_steps,
            model["curvature"].value,
            model["noise_var"].value,
            model["start"].value,
            offset,
            state["measured"],
        )
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90)
        image.value = buf.getvalue()

    def train(_: object) -> None:
        from lrdecay_lit import digits

        rates = state["schedule"](np.arange(num_steps))[None]
        run = digits.train(rates, [0], data, eval_every=max(1, num_steps // 100))
        state["measured"] = (run.steps, run.train_loss[0, 0])
        redraw()

    inputs.observe(redraw)
    inputs.on_typed = redraw
    for c in model.values():
        c.observe(redraw, names="value")
    button.on_click(train)
    redraw()
    box = _training_box()(
        [
            image,
            w.HBox([inputs.box(), w.VBox([*model.values(), button])]),
            message,
        ]
    )
    box.name, box.image, box.message, box.inputs = name, image, message, inputs
    return box
