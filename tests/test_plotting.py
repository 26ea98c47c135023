"""Tests of lrdecay_lit.plotting: the static figures the book's chapters draw.

Every plotted curve must be the numeric core's values for the same parameters, every figure
must be labelled (axes, legend, title), and no figure may leak into pyplot's global state.
"""

from __future__ import annotations

import os

os.environ["MPLBACKEND"] = "Agg"  # headless; set here, never in library code

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lrdecay_lit as lr  # noqa: E402
from lrdecay_lit import plotting  # noqa: E402
from lrdecay_lit.plotting import (  # noqa: E402
    COSINE_EXAMPLES,
    Curve,
    CurveSpec,
    ExampleLike,
    curve,
    curve_label,
    curve_spec,
    curve_values,
    expand_items,
    new_figure,
    plot_examples,
    plot_schedule,
)

matplotlib.use("Agg")


# --------------------------------------------------------------------------- curve


def test_curve_from_name_uses_article_values_and_range():
    spec = curve("exponential_decay")
    assert spec.params == lr.example_params("exponential_decay")
    assert spec.num_steps == lr.NUM_STEPS["exponential_decay"]
    assert spec.color is None and spec.label is None


def test_curve_from_example_function_schedule_composite_pair_and_curve():
    ex = lr.example("B.cosine_restarts")
    assert isinstance(ex, ExampleLike)
    from_example = curve(ex)
    assert (from_example.name, from_example.params, from_example.color) == (
        ex.schedule,
        ex.params,
        "g",
    )
    assert from_example.schedule == lr.Schedule(ex.schedule, **ex.params)
    assert curve(lr.cosine_decay).name == "cosine_decay"
    sched = lr.Schedule("cosine_decay", learning_rate=0.2, decay_steps=30)
    assert curve(sched).params == sched.params and curve(sched).schedule is sched
    assert curve(sched).composite is None
    w = lr.warmup(sched, 10)
    assert curve(w).composite is w and curve(w).num_steps == w.num_steps
    assert curve(w).spec == w.spec
    pair = curve(("exponential_decay", {"staircase": True}))
    assert pair.params["staircase"] is True and pair.params["decay_rate"] == 0.9
    copy = curve(Curve(lr.constant(0.1), 7, "k", "lbl"))
    assert (copy.num_steps, copy.color, copy.label) == (7, "k", "lbl")
    assert CurveSpec is Curve and curve_spec is curve  # the former names


def test_curve_overrides_and_style():
    spec = curve(lr.example("B.cosine"), alpha=0.2, num_steps=100, color="k", label="mine")
    assert spec.params["alpha"] == 0.2
    assert (spec.num_steps, spec.color, spec.label) == (100, "k", "mine")


@pytest.mark.parametrize(
    ("item", "error", "match"),
    [
        ("no_such_decay", ValueError, "Argument `schedule` must be one of exponential_decay"),
        ("B.cosine", ValueError, "example key is resolved by lrdecay_lit.book.examples"),
        (42, TypeError, "Expected a schedule name"),
        (len, TypeError, "not one of lrdecay_lit's schedule functions"),
    ],
)
def test_curve_rejects(item, error, match):
    with pytest.raises(error, match=match):
        curve(item)


def test_curve_keeps_a_rejected_value_for_the_explorers():
    c = curve("cosine_decay", decay_steps=0, alpha=0.5)
    assert c.params["decay_steps"] == 0 and c.params["alpha"] == 0.5
    assert c.schedule.params["decay_steps"] == 50  # the node stays valid
    with pytest.raises(ValueError, match="Argument `decay_steps` must be > 0"):
        c.node()
    fixed = curve(c, decay_steps=10)
    assert fixed.rejected == {} and fixed.node().params["decay_steps"] == 10
    assert fixed.node().params["alpha"] == 0.5


def test_curve_rejects_unknown_parameter():
    with pytest.raises(TypeError, match="unknown parameter"):
        curve("cosine_decay", decay_rate=0.5)
    with pytest.raises(TypeError, match=r"warmup\(\) got unknown parameter\(s\) \['decay_rate'\]"):
        curve(lr.warmup(0.1, 5), decay_rate=0.5)


def test_expand_items_flattens_lists_not_pairs():
    pair = ("cosine_decay", {"alpha": 0.1})
    items = expand_items([["exponential_decay", "fixed"], "cosine_decay", pair])
    assert items == ["exponential_decay", "fixed", "cosine_decay", pair]


def test_curve_label_matches_the_articles_labels():
    for ex in lr.ARTICLE_EXAMPLES:
        assert curve_label(ex.schedule, ex.params) == ex.label


# --------------------------------------------------------------------------- values and plots


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_plot_schedule_draws_the_core_values(name):
    fig, ax = new_figure()
    line = plot_schedule(ax, name)
    n = lr.NUM_STEPS[name]
    expected = lr.Schedule(name, **lr.example_params(name))(np.arange(n))
    np.testing.assert_array_equal(line.get_xdata(), np.arange(n))
    np.testing.assert_array_equal(line.get_ydata(), expected)
    assert ax.get_xlabel() == "global_step" and ax.get_ylabel() == "learning rate"
    assert ax.get_legend() is not None


def test_plot_schedule_budget_log_title_and_params():
    fig, ax = new_figure()
    line = plot_schedule(
        ax,
        "exponential_decay",
        {"decay_rate": 0.5},
        50,
        budget=True,
        log=True,
        title="budget",
        color="k",
        lw=3,
    )
    expected = np.cumsum(lr.exponential_decay(0.5, np.arange(50), 10, 0.5))
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-15)
    assert ax.get_yscale() == "log" and ax.get_title() == "budget"
    assert ax.get_ylabel() == plotting.YLABEL_BUDGET
    assert line.get_color() == "k" and line.get_linewidth() == 3


def test_plot_schedule_propagates_the_core_error():
    fig, ax = new_figure()
    with pytest.raises(ValueError, match="Argument `decay_steps` must be > 0"):
        plot_schedule(ax, "cosine_decay", {"decay_steps": 0})


def test_curve_values_budget():
    steps, values = curve_values("fixed", {"learning_rate": 0.1}, 10, budget=True)
    np.testing.assert_allclose(values, 0.1 * np.arange(1, 11))
    np.testing.assert_array_equal(steps, np.arange(10))


def test_plot_examples_of_article_b_cosine_figure():
    with pytest.raises(TypeError, match="at least one curve"):
        plot_examples()
    fig = plot_examples(*map(lr.example, COSINE_EXAMPLES))
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert [line.get_color() for line in lines] == ["r", "g", "b", "y"]
    assert [line.get_label() for line in lines] == [lr.example(k).label for k in COSINE_EXAMPLES]
    for line, key in zip(lines, COSINE_EXAMPLES, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), lr.example(key).values())
    assert ax.get_title()  # titled (the default joins the schedule names)
    assert ax.get_legend() is not None


def test_plot_examples_prefix_title_num_steps_and_save(tmp_path):
    path = tmp_path / "poly.png"
    examples = [lr.example("A.polynomial.cycle_false"), lr.example("A.polynomial.cycle_true")]
    fig = plot_examples(examples, title="A: polynomial", num_steps=30, save=path)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == [
        "polynomial_decay, cycle=False",
        "polynomial_decay, cycle=True",
    ]
    assert all(len(line.get_xdata()) == 30 for line in lines)
    assert fig.axes[0].get_title() == "A: polynomial"
    assert path.stat().st_size > 1000 and path.read_bytes()[:4] == b"\x89PNG"


def test_plot_examples_on_given_axes():
    fig, ax = new_figure()
    assert plot_examples("exponential_decay", "natural_exp_decay", ax=ax) is fig
    assert ax.get_title() == "exponential_decay vs natural_exp_decay"


def test_figures_stay_out_of_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plot_examples(lr.example("B.exponential.smooth"))
    new_figure()
    assert plt.get_fignums() == before


# --------------------------------------------------------------------------- cobweb


def test_cobweb_path_follows_the_map_and_the_diagonal():
    path = plotting.cobweb_path(lambda x: 0.5 * x, 1.0, 3)
    assert path.tolist() == [
        [1, 1],
        [1, 0.5],
        [0.5, 0.5],
        [0.5, 0.25],
        [0.25, 0.25],
        [0.25, 0.125],
        [0.125, 0.125],
    ]
    with pytest.raises(ValueError, match="steps"):
        plotting.cobweb_path(lambda x: x, 1.0, 0)


def test_plot_cobweb_of_a_derived_map_is_labelled_and_exact():
    from lrdecay_lit import symbolic as S

    d = S.one_step_map("inverse_time_decay", learning_rate=0.1, decay_steps=10, decay_rate=0.2)
    fig = plotting.plot_cobweb(d.map, 0.1, 8, fixed_points=d.fixed_points, title="inverse time")
    ax = fig.axes[0]
    assert ax.get_title() == "inverse time"
    assert (ax.get_xlabel(), ax.get_ylabel()) == (r"$\eta_t$", r"$\eta_{t+1}$")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        r"$\varphi(\eta)$",
        r"$\eta_{t+1} = \eta_t$",
        "8 steps from 0.1",
        "fixed point",
    ]
    web = ax.get_lines()[2]
    # the cobweb's corners on the diagonal are the closed form at steps 0..8
    corners = np.asarray(web.get_ydata())[::2]
    np.testing.assert_allclose(
        corners, lr.inverse_time_decay(0.1, np.arange(9), 10, 0.2), rtol=1e-12
    )
    import matplotlib.pyplot as plt

    assert not plt.get_fignums()


def test_plot_cobweb_rejects_symbolic_parameters():
    from lrdecay_lit import symbolic as S

    with pytest.raises(ValueError, match="decay_rate"):
        plotting.plot_cobweb(S.one_step_map("exponential_decay").map, 1.0)


def test_plot_cobweb_of_an_orbit_with_resets():
    values = lr.polynomial_decay(0.1, np.arange(25), 10, 0.01, cycle=True)
    fig = plotting.plot_cobweb(None, orbit=values, fixed_points=[0.01], title="cycle")
    ax = fig.axes[0]
    web = ax.get_lines()[1]  # no graph: diagonal, cobweb, fixed point
    np.testing.assert_array_equal(np.asarray(web.get_xdata())[1::2], values[:-1])
    np.testing.assert_array_equal(np.asarray(web.get_ydata())[1::2], values[1:])
    assert ax.get_legend() is not None and ax.get_title() == "cycle"
    with pytest.raises(ValueError, match="orbit"):
        plotting.plot_cobweb(None, orbit=[0.1])
