"""Tests of lrdecay_lit.widgets: the explorers follow their controls, headless.

Each explorer is built from the specs, its controls are changed programmatically (as a
reader dragging a slider would), and the plotted data must then equal the numeric core's
values for the new parameters; invalid input must show the library's message in the widget,
keep the last valid curve and never raise. The figure object must survive every update.
"""

from __future__ import annotations

import os

os.environ["MPLBACKEND"] = "Agg"  # headless; set here, never in library code

import html  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

ipywidgets = pytest.importorskip("ipywidgets")

import lrdecay_lit as lr  # noqa: E402
from lrdecay_lit import widgets  # noqa: E402
from lrdecay_lit.plotting import COSINE_EXAMPLES  # noqa: E402
from lrdecay_lit.specs import SPECS, ParamSpec  # noqa: E402
from lrdecay_lit.widgets import (  # noqa: E402
    Explorer,
    compare,
    compare_cosines,
    control_value,
    explore,
    formula_latex,
    make_control,
    parse_floats,
    schedule_facts,
)
from lrdecay_lit.widgets import controls as widget_controls  # noqa: E402
from lrdecay_lit.widgets import explorer as widget_explorer  # noqa: E402
from lrdecay_lit.widgets import formula as widget_formula  # noqa: E402

matplotlib.use("Agg")

HAS_SYMBOLIC = widget_formula.symbolic_available()


def live(item, **kwargs) -> Explorer:
    """An interactive explorer even outside a kernel (the PNG view, as in a notebook)."""
    kwargs.setdefault("view", "image")
    ex = explore(item, static=False, **kwargs)
    assert isinstance(ex, Explorer)
    return ex


def core(name: str, params: dict, n: int) -> np.ndarray:
    return lr.Schedule(name, **params)(np.arange(n))


def current_params(curve) -> dict:
    return {p.name: control_value(p, curve.controls[p.name]) for p in SPECS[curve.name]}


def new_value(spec: ParamSpec, control):
    """A different valid value for a control, from the spec alone."""
    if spec.kind == "bool":
        return not control.value
    if spec.kind == "floats":
        return ", ".join(f"{1.5 * x:g}" for x in parse_floats(spec.name, control.value))
    if spec.kind == "seed":
        return control.value + 1
    return control.value + (control.max - control.value) / 2


# --------------------------------------------------------------------------- packaging


def test_import_lrdecay_lit_loads_no_plotting_or_widgets():
    code = (
        "import sys, lrdecay_lit\n"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'sympy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=os.path.dirname(os.path.dirname(__file__))
    )


def test_import_widgets_loads_no_ipywidgets_or_sympy():
    # ipywidgets when an explorer is built, sympy (optional) when a formula is printed
    code = (
        "import sys, lrdecay_lit.widgets\n"
        "heavy = [m for m in ('ipywidgets', 'sympy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=os.path.dirname(os.path.dirname(__file__))
    )


# --------------------------------------------------------------------------- controls


def test_make_control_kinds_come_from_the_spec():
    w = ipywidgets
    kinds = {"float": w.FloatSlider, "bool": w.Checkbox, "floats": w.Text, "seed": w.BoundedIntText}
    for specs in SPECS.values():
        for spec in specs:
            control = make_control(spec)
            assert isinstance(control, kinds[spec.kind]), spec
            assert control.description == spec.name
            assert control.tooltip == spec.description
            assert control_value(spec, control) == spec.example


def test_make_control_log_int_and_range_widening():
    log_spec = ParamSpec("x", "float", 1.0, 0.01, 1e-4, 1.0, 0.001, log=True)
    control = make_control(log_spec)
    assert isinstance(control, ipywidgets.FloatLogSlider)
    assert control.value == pytest.approx(0.01)
    int_spec = ParamSpec("n", "int", 1, 3, 1, 10, 1)
    assert isinstance(make_control(int_spec), ipywidgets.IntSlider)
    wide = make_control(SPECS["cosine_decay"][1], 500)  # decay_steps beyond the slider's 200
    assert wide.max == 500 and wide.value == 500
    zero = make_control(SPECS["cosine_decay"][1], 0)
    assert zero.min == 0 and zero.value == 0


def test_parse_floats():
    assert parse_floats("b", "10, 20,30") == [10, 20, 30]
    assert parse_floats("b", "[1.5 2.5]") == [1.5, 2.5]
    assert parse_floats("b", "1e-3; 2") == [0.001, 2]
    assert parse_floats("b", "") == []
    with pytest.raises(ValueError, match=r"Argument `b` must be numbers .* Received: b='1, x'"):
        parse_floats("b", "1, x")


# --------------------------------------------------------------------------- every explorer


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_explorer_starts_from_the_articles_values(name):
    ex = live(name)
    n = lr.NUM_STEPS[name]
    assert set(ex.curves[0].controls) == {p.name for p in SPECS[name]}
    assert {"num_steps", "cursor", "budget", "log"} <= set(ex.controls)
    np.testing.assert_array_equal(ex.lines[0].get_xdata(), np.arange(n))
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), core(name, lr.example_params(name), n))
    assert ex.errors == [] and ex.error.value == ""
    assert ex.view.value[:4] == b"\x89PNG"
    assert ex.ax.get_xlabel() == "global_step" and ex.ax.get_title().startswith(name)


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_plot_follows_every_control(name):
    ex = live(name)
    fig, ax, line = ex.fig, ex.ax, ex.lines[0]
    png = ex.view.value
    for spec in SPECS[name]:
        control = ex.controls[spec.name]
        control.value = new_value(spec, control)
        params = current_params(ex.curves[0])
        assert ex.errors == [], (spec.name, ex.errors)
        np.testing.assert_array_equal(
            line.get_ydata(), core(name, params, ex.num_steps), err_msg=spec.name
        )
    # the same figure, axes and line objects were updated in place, and the view redrawn
    assert ex.fig is fig and ex.ax is ax and ex.lines[0] is line
    assert fig.axes == [ax] and len(ax.get_lines()) == 3  # curve, cursor marker, cursor line
    assert ex.view.value != png


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_num_steps_cursor_budget_and_log(name):
    ex = live(name)
    params = lr.example_params(name)
    ex.controls["num_steps"].value = 333
    np.testing.assert_array_equal(ex.lines[0].get_xdata(), np.arange(333))
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), core(name, params, 333))
    ex.controls["cursor"].value = 300
    marker = ex.curves[0].marker
    assert marker.get_xdata()[0] == 300
    assert marker.get_ydata()[0] == ex.lines[0].get_ydata()[300]
    ex.controls["num_steps"].value = 100  # the cursor is clamped into the new range
    assert ex.controls["cursor"].value == 99 and ex.controls["cursor"].max == 99
    ex.controls["budget"].value = True
    np.testing.assert_allclose(
        ex.lines[0].get_ydata(), np.cumsum(core(name, params, 100)), rtol=1e-15
    )
    assert ex.ax.get_ylabel() == "cumulative learning rate (budget)"
    ex.controls["log"].value = True
    assert ex.ax.get_yscale() == "log"
    ex.controls["budget"].value = ex.controls["log"].value = False
    assert ex.ax.get_yscale() == "linear" and ex.ax.get_ylabel() == "learning rate"


# --------------------------------------------------------------------------- errors


def test_unsorted_boundaries_show_the_core_message_and_keep_the_curve():
    ex = live("piecewise_constant")
    before = ex.lines[0].get_ydata().copy()
    ex.controls["boundaries"].value = "30, 20, 10, 40, 50"
    assert len(ex.errors) == 1 and "`boundaries`" in ex.errors[0]
    assert "boundaries" in ex.error.value and "Traceback" not in ex.error.value
    assert "showing the last valid curve" in ex.error.value
    assert ex.curves[0].validity["boundaries"].value is False
    assert ex.curves[0].validity["values"].value is True
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), before)
    ex.controls["boundaries"].value = "5, 20, 30, 40, 50"  # fixed: the error goes away
    assert ex.errors == [] and ex.error.value == ""
    assert ex.curves[0].validity["boundaries"].value is True
    params = {
        "boundaries": [5, 20, 30, 40, 50],
        "values": lr.example_params("piecewise_constant")["values"],
    }
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), core("piecewise_constant", params, 60))


@pytest.mark.parametrize(
    ("control", "text", "message"),
    [
        ("boundaries", "10, x", "Argument `boundaries` must be numbers separated by commas"),
        ("values", "0.1, 0.2", "`values`"),
        ("boundaries", "", "`"),
    ],
)
def test_bad_text_input_is_reported(control, text, message):
    ex = live("piecewise_constant")
    before = ex.lines[0].get_ydata().copy()
    ex.controls[control].value = text
    assert ex.errors and message in ex.errors[0]
    assert ex.curves[0].validity[control].value is False
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), before)


def test_decay_steps_zero_via_the_slider():
    ex = live("exponential_decay")
    before = ex.lines[0].get_ydata().copy()
    ex.controls["decay_steps"].min = 0
    ex.controls["decay_steps"].value = 0
    assert ex.errors == ["Argument `decay_steps` must be > 0. Received: decay_steps=0.0"]
    assert "must be &gt; 0" in ex.error.value
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), before)
    ex.controls["num_steps"].value = 80  # while in error, the last valid curve follows num_steps
    np.testing.assert_array_equal(
        ex.lines[0].get_ydata(),
        core("exponential_decay", lr.example_params("exponential_decay"), 80),
    )


def test_invalid_start_value_shows_the_error_and_an_empty_plot():
    ex = live("cosine_decay", decay_steps=0)
    assert ex.errors and "decay_steps" in ex.errors[0]
    assert "nothing to show yet" in ex.error.value
    assert np.isnan(ex.lines[0].get_ydata()).all()
    ex.controls["decay_steps"].value = 50
    assert ex.errors == []
    np.testing.assert_array_equal(
        ex.lines[0].get_ydata(), core("cosine_decay", lr.example_params("cosine_decay"), 60)
    )


def test_m_mul_out_of_range_via_widened_slider():
    ex = live("cosine_decay_restarts")
    ex.controls["m_mul"].max = 2.0
    ex.controls["m_mul"].value = 1.5
    assert ex.errors and "Argument `m_mul` must be <= 1" in ex.errors[0]


# --------------------------------------------------------------------------- formula and facts


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_formula_shows_names_and_current_values(name):
    general = formula_latex(name, substitute=False)
    current = formula_latex(name)
    assert "@@" not in general and "@@" not in current
    ex = live(name, view="none")
    assert "$$" in ex.formula.value
    for part in [*general.split(r",\qquad "), *current.split(r",\qquad ")]:  # "where" lines
        assert part in ex.formula.value
    for p in SPECS[name]:  # every parameter is named (noisy: some in the noise variance)
        if p.kind == "float" and p.name not in ("alpha", "beta"):
            assert r"\mathrm{" + p.name.replace("_", r"\_") + "}" in ex.formula.value, p.name


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_formula_follows_the_controls():
    ex = live("exponential_decay")
    ex.controls["decay_rate"].value = 0.5
    assert r"0.5^{\frac{t}{10}}" in ex.formula.value
    ex.controls["staircase"].value = True
    assert r"\left\lfloor{\frac{t}{10}}\right\rfloor" in ex.formula.value
    assert "staircase=True" in ex.formula.value
    ex = live("piecewise_constant")
    ex.controls["values"].value = "1, 2, 3, 4, 5, 7"
    assert "7 & \\text{otherwise}" in ex.formula.value
    ex = live("cosine_decay_restarts")
    ex.controls["t_mul"].value = 1.0  # SGDR's arithmetic branch
    assert r"i = \left\lfloor{\frac{t}{10}}\right\rfloor" in ex.formula.value


def test_formula_degrades_without_symbolic(monkeypatch):
    monkeypatch.setattr(widget_formula, "symbolic_available", lambda: False)
    widget_formula._template.cache_clear()
    try:
        with pytest.raises(LookupError):
            formula_latex("cosine_decay")
        ex = live("cosine_decay")
        assert "formula unavailable" in ex.formula.value and "sympy" in ex.formula.value
        assert ex.errors == []
    finally:
        widget_formula._template.cache_clear()


def test_facts_exponential_halves_after_decay_steps():
    ex = live("exponential_decay", decay_rate=0.5, cursor=20)
    s = lr.Schedule(
        "exponential_decay", **{**lr.example_params("exponential_decay"), "decay_rate": 0.5}
    )
    facts = schedule_facts(s, ex.curves[0].values, 20)
    assert facts["halved_at"] == 10 and facts["at_cursor"] == 0.125
    assert facts["restarts"] is None
    assert facts["final"] == ex.lines[0].get_ydata()[-1]
    assert facts["budget"] == pytest.approx(ex.curves[0].values.sum())
    assert "0.125" in ex.facts.value and "lr at step 20" in ex.facts.value


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_facts_half_life_from_the_symbolic_closed_form():
    import math

    def facts(name, **kw):
        s = lr.Schedule(name, **{**lr.example_params(name), **kw})
        return schedule_facts(s, s(np.arange(200)), 0)

    smooth = facts("exponential_decay")  # T ln 2 / ln(1/r), T = 10, r = 0.9
    assert smooth["half_life"] == pytest.approx(10 * math.log(2) / math.log(1 / 0.9))
    assert smooth["halved_at"] == math.ceil(smooth["half_life"])
    assert facts("exponential_decay", staircase=True)["half_life"] == 70  # 10 * ceil(6.58)
    assert facts("natural_exp_decay")["half_life"] == pytest.approx(10 * math.log(2) / 0.6)
    assert facts("inverse_time_decay")["half_life"] == pytest.approx(10 / 0.2)
    assert facts("exponential_decay", decay_rate=1.0)["half_life"] is None  # never halves
    assert facts("cosine_decay")["half_life"] is None
    ex = live("exponential_decay")
    assert "half-life 65.79 steps" in ex.facts.value


def test_facts_restarts():
    s = lr.Schedule("cosine_decay_restarts", **lr.example_params("cosine_decay_restarts"))
    facts = schedule_facts(s, s(np.arange(60)), 0)
    assert facts["restarts"] == [10, 25, 48]
    if HAS_SYMBOLIC:
        assert facts["restart_positions"] == [10, 25, 47.5]
    p = lr.Schedule("polynomial_decay", **{**lr.example_params("polynomial_decay"), "cycle": True})
    assert schedule_facts(p, p(np.arange(35)), 0)["restarts"] == [11, 21, 31]
    f = lr.Schedule("fixed", learning_rate=0.1)
    assert schedule_facts(f, f(np.arange(5)), 99)["halved_at"] is None
    ex = live("cosine_decay_restarts")
    assert "steps 10, 25, 48 (3)" in ex.facts.value


# --------------------------------------------------------------------------- compare


def test_compare_exponential_and_natural_exp_each_with_own_controls():
    ex = compare("exponential_decay", "natural_exp_decay", static=False, view="image")
    assert isinstance(ex, Explorer) and len(ex.lines) == 2
    assert set(ex.controls) == {"num_steps", "cursor", "budget", "log"}
    a, b = ex.curves
    n = ex.num_steps
    assert n == max(lr.NUM_STEPS["exponential_decay"], lr.NUM_STEPS["natural_exp_decay"])
    other = b.line.get_ydata().copy()
    a.controls["decay_rate"].value = 0.7
    np.testing.assert_array_equal(
        a.line.get_ydata(), core("exponential_decay", current_params(a), n)
    )
    np.testing.assert_array_equal(b.line.get_ydata(), other)
    b.controls["decay_rate"].value = 1.2
    np.testing.assert_array_equal(
        b.line.get_ydata(), core("natural_exp_decay", current_params(b), n)
    )
    ex.controls["budget"].value = True
    for c in ex.curves:
        np.testing.assert_allclose(c.line.get_ydata(), np.cumsum(c.values), rtol=1e-15)
    assert [t.get_text() for t in ex.ax.get_legend().get_texts()] == [
        "exponential_decay, staircase=False",
        "natural_exp_decay, staircase=False",
    ]
    a.controls["staircase"].value = True  # labels follow the checkboxes
    assert ex.ax.get_legend().get_texts()[0].get_text() == "exponential_decay, staircase=True"


def test_compare_errors_name_the_schedule():
    ex = compare("exponential_decay", "natural_exp_decay", static=False, view="none")
    ex.curves[1].controls["decay_steps"].min = 0
    ex.curves[1].controls["decay_steps"].value = 0
    assert ex.errors == ["Argument `decay_steps` must be > 0. Received: decay_steps=0.0"]
    assert "natural_exp_decay: Argument" in ex.error.value


def test_compare_cosines_is_article_b_figure():
    names = ["cosine_decay", "cosine_decay_restarts", "linear_cosine_decay"]
    names.append("noisy_linear_cosine_decay")
    articles = [lr.example(key) for key in COSINE_EXAMPLES]  # what the book passes
    by_default = compare_cosines(static=False, view="none")  # the articles' values
    ex = compare_cosines(*articles, static=False, view="image")
    assert [c.name for c in ex.curves] == [c.name for c in by_default.curves] == names
    assert [line.get_color() for line in ex.lines] == ["r", "g", "b", "y"]
    for a, b, example in zip(ex.curves, by_default.curves, articles, strict=True):
        np.testing.assert_array_equal(a.line.get_ydata(), example.values())
        np.testing.assert_array_equal(b.line.get_ydata(), example.values())
    ex.curves[3].controls["seed"].value = 7
    params = current_params(ex.curves[3])
    assert params["seed"] == 7
    np.testing.assert_array_equal(
        ex.lines[3].get_ydata(), core("noisy_linear_cosine_decay", params, 60)
    )
    assert len(ex.formulas) == 4


def test_compare_expands_iterables_and_takes_labels_colors():
    polynomials = [e for e in lr.ARTICLE_EXAMPLES if e.key.startswith("B.polynomial.")]
    ex = compare(polynomials, static=False, view="none", labels=["a", "b"], colors=["k", "m"])
    assert [c.controls["cycle"].value for c in ex.curves] == [False, True]
    assert [line.get_label() for line in ex.lines] == ["a", "b"]
    assert [line.get_color() for line in ex.lines] == ["k", "m"]


# --------------------------------------------------------------------------- entry points


def test_static_fallback_outside_a_kernel(tmp_path):
    assert not widgets.in_kernel()
    path = tmp_path / "explore.png"
    fig = explore("cosine_decay", alpha=0.1, save=path)
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure) and path.read_bytes()[:4] == b"\x89PNG"
    np.testing.assert_array_equal(
        fig.axes[0].get_lines()[0].get_ydata(),
        core("cosine_decay", {**lr.example_params("cosine_decay"), "alpha": 0.1}, 60),
    )
    fig = compare("exponential_decay", "natural_exp_decay", budget=True, log=True)
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 2
    assert fig.axes[0].get_yscale() == "log"
    fig = compare_cosines(static=True)
    assert fig.axes[0].get_title().startswith("The four cosine decays")


def test_a_static_figure_raises_the_librarys_message_for_a_bad_value():
    with pytest.raises(ValueError, match=r"Argument `decay_steps` must be > 0"):
        explore("cosine_decay", decay_steps=0)  # outside a kernel: a figure cannot show it


def test_explore_accepts_functions_schedules_and_examples():
    assert live(lr.cosine_decay).curves[0].name == "cosine_decay"
    sched = lr.Schedule("inverse_time_decay", learning_rate=0.3, decay_steps=5, decay_rate=1.0)
    ex = live(sched)
    assert current_params(ex.curves[0]) == {**sched.params, "decay_steps": 5.0}
    ex = live(lr.example("B.exponential.staircase"))
    assert ex.controls["staircase"].value is True and ex.lines[0].get_color() == "r"
    with pytest.raises(ValueError, match="B.exponential.staircase"):  # keys: the book's job
        live("B.exponential.staircase")
    with pytest.raises(TypeError):  # an unknown parameter is raised, not shown
        live("cosine_decay", decay_stepz=3)


def test_hold_batches_changes_into_one_update(monkeypatch):
    ex = live("exponential_decay")
    calls = []
    original = ex.update
    monkeypatch.setattr(ex, "update", lambda: (calls.append(1), original()))
    with ex.hold():
        ex.controls["decay_rate"].value = 0.5
        ex.controls["learning_rate"].value = 0.2
        ex.controls["num_steps"].value = 50
    assert len(calls) == 1
    np.testing.assert_array_equal(
        ex.lines[0].get_ydata(), core("exponential_decay", current_params(ex.curves[0]), 50)
    )


@pytest.mark.parametrize("view", ["image", "output", "none"])
def test_views_and_redraw_paths(view):
    ex = live("cosine_decay", view=view)
    ex.controls["alpha"].value = 0.02  # small change: axes unchanged, redrawn by blitting
    assert ex.last_draw == "blit"
    ex.controls["learning_rate"].value = 0.9  # new y limits: full redraw
    assert ex.last_draw in ("full", "layout")
    ex.controls["budget"].value = True  # new label: layout pass
    assert ex.last_draw == "layout"
    ex.redraw()
    assert ex.last_draw == "layout"


def test_y_limits_hold_while_dragging_then_rescale():
    ex = live("cosine_decay", view="none")
    lr_slider = ex.controls["learning_rate"]
    limits = ex.ax.get_ylim()
    assert limits[0] == 0 and limits[1] >= 0.3
    lr_slider.value = 0.28  # still fits and fills the axes: same limits, blitted
    assert ex.ax.get_ylim() == limits and ex.last_draw == "blit"
    lr_slider.value = 0.05  # would fill a sixth of the axes: rescaled
    assert ex.ax.get_ylim()[1] < limits[1] / 2 and ex.last_draw in ("full", "layout")
    lr_slider.value = 0.9  # beyond the top: rescaled
    assert ex.ax.get_ylim()[1] >= 0.9
    assert ex.ax.get_autoscaley_on()  # holding limits never switched autoscaling off
    ex.controls["log"].value = True
    assert ex.ax.get_yscale() == "log"
    lr_slider.value = 0.85
    np.testing.assert_array_equal(
        ex.lines[0].get_ydata(), core("cosine_decay", current_params(ex.curves[0]), 60)
    )


@pytest.mark.parametrize("several", [False, True])
def test_blitted_frame_equals_a_full_redraw(several):
    ex = (
        compare_cosines(static=False, view="none") if several else live("cosine_decay", view="none")
    )
    ex.curves[0].controls["alpha"].value = 0.02
    assert ex.last_draw == "blit"
    blitted = np.asarray(ex.fig.canvas.buffer_rgba()).copy()
    ex.fig.canvas.draw()
    np.testing.assert_array_equal(np.asarray(ex.fig.canvas.buffer_rgba()), blitted)


def test_unknown_view_and_empty_explorer():
    with pytest.raises(ValueError, match="Argument `view`"):
        explore("fixed", static=False, view="svg")
    with pytest.raises(ValueError, match="at least one schedule"):
        Explorer([])


def test_explorer_displays_as_its_widget_and_saves(tmp_path):
    ex = live("fixed")
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "fixed" in repr(ex)
    ex.savefig(tmp_path / "fixed.png")
    assert (tmp_path / "fixed.png").stat().st_size > 1000


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ipympl's toolbar vs traitlets
def test_ipympl_view_if_installed():
    pytest.importorskip("ipympl")
    matplotlib.use("module://ipympl.backend_nbagg")
    try:
        ex = live("cosine_decay", view="auto")
        assert ex.view is ex.fig.canvas
        ex.controls["alpha"].value = 0.2
        np.testing.assert_array_equal(
            ex.lines[0].get_ydata(), core("cosine_decay", current_params(ex.curves[0]), 60)
        )
    finally:
        matplotlib.use("Agg")


# ---------------------------------------------------------------- typed values explain, never clamp


def type_into(ex: Explorer, name: str, text: str, curve: int = 0) -> None:
    """What a reader does: type ``text`` into the box beside the ``name`` slider."""
    ex.curves[curve].boxes[name].value = text


def test_every_slider_has_a_box_and_a_message_row():
    ex = live("exponential_decay")
    c = ex.curves[0]
    for p in SPECS["exponential_decay"]:
        assert p.name in c.messages
        if p.kind in ("int", "float"):
            assert c.controls[p.name].readout is False  # the box is the readout
            assert c.boxes[p.name].value == widget_controls.format_number(
                c.controls[p.name].value, p
            )


@pytest.mark.parametrize("text", ["-5", "0"])
def test_refused_typed_value_shows_library_message_next_to_control(text):
    ex = live("exponential_decay")
    before = ex.lines[0].get_ydata().copy()
    type_into(ex, "decay_steps", text)
    expected = f"Argument `decay_steps` must be > 0. Received: decay_steps={float(text)}"
    assert ex.errors == [expected]
    assert html.escape(expected) in ex.curves[0].messages["decay_steps"].value
    assert ex.controls["decay_steps"].value == 10  # not clamped, not moved
    np.testing.assert_array_equal(ex.lines[0].get_ydata(), before)  # last valid curve kept
    # the control stays alive: a good value typed next clears the message and redraws
    type_into(ex, "decay_steps", "20")
    assert ex.errors == [] and ex.curves[0].messages["decay_steps"].value == ""
    assert ex.controls["decay_steps"].value == 20
    np.testing.assert_allclose(
        ex.lines[0].get_ydata(), core("exponential_decay", current_params(ex.curves[0]), 200)
    )


def test_valid_value_beyond_slider_is_used_as_typed():
    ex = live("exponential_decay")
    type_into(ex, "decay_steps", "500")
    assert ex.errors == []
    assert ex.controls["decay_steps"].value == 10  # the slider cannot hold 500: untouched
    params = {**current_params(ex.curves[0]), "decay_steps": 500.0}
    np.testing.assert_allclose(ex.lines[0].get_ydata(), core("exponential_decay", params, 200))
    assert "outside the slider" in ex.curves[0].messages["decay_steps"].value
    ex.controls["decay_steps"].value = 30  # dragging the slider takes over again
    assert ex.curves[0].boxes["decay_steps"].value == "30"
    assert ex.curves[0].messages["decay_steps"].value == ""


def test_decay_rate_above_one_is_explained_not_clamped():
    ex = live("exponential_decay")
    type_into(ex, "decay_rate", "1.5")
    assert len(ex.errors) == 1 and "`decay_rate`" in ex.errors[0] and "1.5" in ex.errors[0]
    assert "1.5" in ex.curves[0].messages["decay_rate"].value
    assert ex.controls["decay_rate"].value == 0.9


def test_text_that_is_no_number_is_explained():
    ex = live("exponential_decay")
    type_into(ex, "decay_steps", "abc")
    assert ex.errors == ["Argument `decay_steps` must be a number. Received: decay_steps='abc'"]
    assert "must be a number" in ex.curves[0].messages["decay_steps"].value
    assert ex.curves[0].boxes["decay_steps"].value == "abc"  # what was typed stays visible


def test_sgdr_past_its_horizon_is_an_invalid_region_and_other_controls_work():
    ex = live("cosine_decay_restarts", num_steps=100)
    c = ex.curves[0]
    with ex.hold():
        c.controls["first_decay_steps"].value = 10
        c.controls["t_mul"].value = 0.75  # horizon 10 / (1 - 0.75) = 40
    assert len(ex.errors) == 1 and "global_step" in ex.errors[0]
    assert c.invalid_from == 40
    y = ex.lines[0].get_ydata()
    assert np.isfinite(y[:40]).all() and np.isnan(y[40:]).all()
    assert c.span is not None and c.span.get_visible()
    assert "invalid region" in ex.error.value
    before = y[:40].copy()
    c.controls["m_mul"].value = 0.5  # another control still redraws the valid part
    params = {**current_params(c)}
    expected = lr.Schedule("cosine_decay_restarts", **params)(np.arange(40))
    np.testing.assert_allclose(ex.lines[0].get_ydata()[:40], expected)
    assert not np.array_equal(ex.lines[0].get_ydata()[:40], before)
    c.controls["t_mul"].value = 1.5  # back to a valid schedule: region gone
    assert ex.errors == [] and c.invalid_from is None and not c.span.get_visible()


def test_compare_controls_column_has_a_fixed_width():
    ex = compare("exponential_decay", "cosine_decay", static=False, view="image")
    left = ex.widget.children[0].children[0]
    assert left.layout.width == widget_explorer.LEFT_WIDTH and left.layout.flex == "0 0 auto"


def test_explorer_bundle_has_a_picture_and_no_widget_repr():
    ex = live("exponential_decay")
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/png"].startswith("iVBOR")  # base64 of a PNG
    assert "VBox" not in data["text/plain"] and "exponential_decay" in data["text/plain"]


# ---------------------------------------------------------------- the package's parts and contracts


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_a_bug_in_the_symbolic_layer_surfaces(monkeypatch):
    from lrdecay_lit import symbolic

    def broken(*args, **kwargs):
        raise RuntimeError("planted bug")

    monkeypatch.setattr(symbolic, "expression", broken)
    widget_formula._template.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="planted bug"):
            live("cosine_decay")
    finally:
        widget_formula._template.cache_clear()


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_no_closed_form_is_said_in_the_formula_and_the_facts(monkeypatch):
    from lrdecay_lit import symbolic
    from lrdecay_lit.widgets import facts as widget_facts

    def no_closed_form(*args, **kwargs):
        raise NotImplementedError("sympy found none")

    monkeypatch.setattr(symbolic, "expression", no_closed_form)
    monkeypatch.setattr(symbolic, "half_life", no_closed_form)
    widget_formula._template.cache_clear()
    widget_facts._half_life_function.cache_clear()
    try:
        ex = live("exponential_decay")
        assert "formula unavailable: no closed form (sympy found none)" in ex.formula.value
        assert "half-life: no closed form (sympy found none)" in ex.facts.value
        assert ex.errors == []
    finally:
        widget_formula._template.cache_clear()
        widget_facts._half_life_function.cache_clear()


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_composite_formula_no_closed_form_and_bugs(monkeypatch):
    from lrdecay_lit.composites import Composite

    ex = live(lr.warmup(lr.Schedule("cosine_decay", **lr.example_params("cosine_decay")), 10))
    assert r"\begin{cases}" in ex.formula.value

    def no_closed_form(self, *, substitute=True):
        raise NotImplementedError("none")

    monkeypatch.setattr(Composite, "latex", no_closed_form)
    ex.curves[0].controls["warmup_steps"].value = 20
    assert "formula unavailable: no closed form (none)" in ex.formula.value

    def broken(self, *, substitute=True):
        raise RuntimeError("planted bug")

    monkeypatch.setattr(Composite, "latex", broken)
    with pytest.raises(RuntimeError, match="planted bug"):
        ex.curves[0].controls["warmup_steps"].value = 30


@pytest.mark.skipif(not HAS_SYMBOLIC, reason="lrdecay_lit.symbolic not available")
def test_formula_is_printed_by_the_books_printer():
    # notation.tex prints the natural logarithm as \ln (sympy's own default is \log)
    general = formula_latex("cosine_decay_restarts", substitute=False)
    assert r"\ln" in general and r"\log" not in general
    noisy = live("noisy_linear_cosine_decay", view="none").formula.value
    assert r"\varepsilon_{t}" in noisy  # the noise keeps the book's symbol


@pytest.mark.parametrize(
    ("first_decay_steps", "t_mul"),
    [(10, 2.0), (10, 1.5), (10, 1.3), (7, 1.0), (10, 0.75), (3.5, 1.1)],
)
def test_facts_restarts_are_the_packages_restart_rule(first_decay_steps, t_mul):
    from lrdecay_lit import _restarts

    n = 120
    params = {
        **lr.example_params("cosine_decay_restarts"),
        "first_decay_steps": first_decay_steps,
        "t_mul": t_mul,
    }
    s = lr.Schedule("cosine_decay_restarts", **params)
    steps = np.arange(n)
    horizon = first_decay_steps / (1 - t_mul) if t_mul < 1 else np.inf
    valid = steps[steps < horizon]
    values = np.full(n, np.nan)
    values[: len(valid)] = s(valid)
    facts = schedule_facts(s, values, 0)
    index = _restarts.restart_index(valid.astype(float), first_decay_steps, t_mul)
    expected = (np.flatnonzero(np.diff(index) > 0) + 1).tolist()  # the period changes there
    assert facts["restarts"] == expected
    starts = _restarts.snapped_starts(np.arange(1.0, 7.0), first_decay_steps, t_mul)
    assert facts["restart_positions"] == [float(x) for x in starts if x < n]


def test_controls_alone_explain_next_to_the_named_control():
    from lrdecay_lit.widgets.controls import ParamControls

    inputs = ParamControls(SPECS["exponential_decay"], {})
    inputs.boxes["decay_rate"].value = "1.5"
    assert inputs.params()["decay_rate"] == 1.5 and inputs.controls["decay_rate"].value == 0.9
    message = "Argument `decay_rate` must be <= 1. Received: decay_rate=1.5"
    inputs.explain(message)
    assert html.escape(message) in inputs.messages["decay_rate"].value
    assert all(inputs.messages[p].value == "" for p in ("learning_rate", "decay_steps"))
    inputs.boxes["decay_steps"].value = "x"
    with pytest.raises(ValueError, match="`decay_steps` must be a number"):
        inputs.params()
    inputs.explain(None)
    assert inputs.messages["decay_rate"].value.count("used as typed") == 1


def test_drawing_takes_the_cheapest_exact_path():
    from lrdecay_lit.widgets.drawing import Drawing
    from lrdecay_lit.widgets.views import agg_figure

    fig, ax = agg_figure((4, 3))
    (line,) = ax.plot([0, 1, 2], [1.0, 0.5, 0.25])
    drawing = Drawing(fig, ax)
    drawing.draw(layout="a")
    assert drawing.last_draw == "layout"
    line.set_ydata([1.0, 0.6, 0.3])  # data only: the background is reused
    drawing.draw(layout="a")
    assert drawing.last_draw == "blit"
    blitted = np.asarray(fig.canvas.buffer_rgba()).copy()
    fig.canvas.draw()
    np.testing.assert_array_equal(np.asarray(fig.canvas.buffer_rgba()), blitted)
    ax.set_ylim(0.1, 1.1)  # new limits, tick labels as wide: a full draw, the margins kept
    drawing.draw(layout="a")
    assert drawing.last_draw == "full"
    drawing.draw(layout="b")  # what decides the margins changed: a layout pass
    assert drawing.last_draw == "layout"
    drawing.draw(layout="b", background=("shaded",))
    assert drawing.last_draw == "full"
    drawing.invalidate(layout=False)
    drawing.draw(layout="b", background=("shaded",))
    assert drawing.last_draw == "full"
    assert drawing.png()[:4] == b"\x89PNG"


@pytest.mark.parametrize("view", ["image", "output", "none"])
def test_view_modes_make_their_widget_and_a_picture(view):
    from lrdecay_lit.widgets.views import make_view

    v = make_view(view, (4, 3))
    assert v.kind == view and v.blits
    ex = live("fixed", view=view)
    assert type(ex.view) is type(v.widget)
    assert ex._view.picture(ex.drawing)[:4] == b"\x89PNG"
