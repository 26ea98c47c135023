"""lrdecay_lit.sphinxext: the {lrplot} directive, its assets and the static-page fixes.

Builds tiny Sphinx projects in a temporary folder (a second or two each); the browser side is
tested against the real book in tests/test_site_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

pytest.importorskip("sphinx")

from lrdecay_lit.sphinxext import STATIC, parse_params, plot_config  # noqa: E402

CONF = """
extensions = ["lrdecay_lit.sphinxext"]
html_theme = "basic"

def _twice(app, env, docnames):
    # what sphinx-thebe does: an inline script registered after the builder's init
    app.add_js_file(None, body="const ONCE = 1")

def setup(app):
    app.connect("env-before-read-docs", _twice)
"""


def build(tmp_path: Path, body: str) -> tuple[Path, str]:
    """Build ``index.rst`` with ``body``; return (outdir, warnings)."""
    from io import StringIO

    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.rst").write_text("Title\n=====\n\n" + body + "\n")
    out = tmp_path / "out"
    warnings = StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(out),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return out, warnings.getvalue()


def plots_in(html: str) -> list[dict]:
    return [json.loads(unescape(m)) for m in re.findall(r'data-lrplot="([^"]*)"', html)]


# ------------------------------------------------------------------------------ parse_params


def test_parse_params_reads_json_values_and_python_booleans():
    assert parse_params("") == {}
    assert parse_params("decay_rate=0.5, staircase=True") == {
        "decay_rate": 0.5,
        "staircase": True,
    }
    assert parse_params("boundaries=[1, 2], values=[0.3,0.2,0.1], cycle=false") == {
        "boundaries": [1, 2],
        "values": [0.3, 0.2, 0.1],
        "cycle": False,
    }


@pytest.mark.parametrize("bad", ["decay_rate", "decay_rate=", "x=1 y=2", "1=2", "a=[1,"])
def test_parse_params_rejects_malformed_text(bad):
    with pytest.raises(ValueError):
        parse_params(bad)


# ------------------------------------------------------------------------------- plot_config


def test_plot_config_starts_from_the_articles_values_with_tf_defaults_filled_in():
    cfg = plot_config(["polynomial_decay"])
    (curve,) = cfg["curves"]
    assert curve["params"] == {
        "learning_rate": 0.5,
        "decay_steps": 10,
        "end_learning_rate": 0.0001,
        "power": 1.0,
        "cycle": False,
    }
    assert cfg["num_steps"] == 200 and cfg["title"] == "polynomial_decay"
    assert re.fullmatch(r"#[0-9a-f]{6}", curve["color"])


def test_plot_config_expands_example_prefixes_and_applies_params_where_they_exist():
    cfg = plot_config(["B.exponential", "cosine_decay"], params={"decay_rate": 0.5}, num_steps=30)
    names = [c["name"] for c in cfg["curves"]]
    assert names == ["exponential_decay", "exponential_decay", "cosine_decay"]
    assert [c["params"].get("decay_rate") for c in cfg["curves"]] == [0.5, 0.5, None]
    assert cfg["num_steps"] == 30
    assert cfg["title"] == "exponential_decay vs cosine_decay"
    assert cfg["curves"][0]["color"] == "#ff0000"  # the article's "r"


@pytest.mark.parametrize(
    ("items", "params", "message"),
    [
        (["no_such_schedule"], {}, "unknown"),
        (["cosine_decay"], {"decay_rate": 0.5}, "decay_rate"),
        (["exponential_decay"], {"decay_steps": 0}, "must be > 0"),
        (["piecewise_constant"], {"boundaries": [2, 1]}, "strictly increasing"),
    ],
)
def test_plot_config_rejects_what_the_library_rejects(items, params, message):
    with pytest.raises((ValueError, TypeError), match=message):
        plot_config(items, params=params)


# ----------------------------------------------------------------------------------- builds


def test_directive_writes_a_container_and_ships_generated_assets(tmp_path):
    from lrdecay_lit.jsgen import js_module
    from lrdecay_lit.specs import SPECS

    out, warnings = build(
        tmp_path,
        ".. lrplot:: exponential_decay\n   :params: staircase=true\n   :log:\n\n"
        ".. lrplot:: B.polynomial\n",
    )
    assert "ERROR" not in warnings and "WARNING" not in warnings, warnings
    html = (out / "index.html").read_text()
    first, second = plots_in(html)
    assert first["curves"][0]["params"]["staircase"] is True and first["log"] is True
    assert [c["params"]["cycle"] for c in second["curves"]] == [False, True]
    static = out / "_static" / "lrplot"
    assert (static / "schedules.js").read_text() == js_module()  # generated, not hand-written
    specs = (static / "specs.js").read_text()
    data = json.loads(specs[specs.index("{") : specs.rindex("}") + 1])
    assert set(data) == set(SPECS)
    assert data["cosine_decay"][1] == {
        "name": "decay_steps",
        "kind": "float",
        "default": None,
        "example": 50,
        "min": 1,
        "max": 200,
        "step": 1,
        "log": False,
        "description": "length of the half cosine",
    }
    assets = ("schedules.js", "specs.js", "plotkit.js", "plotkit.css", "lrplot.js", "lrplot.css")
    for name in assets:
        assert f"_static/lrplot/{name}" in html
    # the page without a plot gets none of it
    assert "lrplot.js" not in (out / "genindex.html").read_text()


def test_bad_directive_is_a_build_error(tmp_path):
    _, warnings = build(tmp_path, ".. lrplot:: exponential_decay\n   :params: decay_rate=-1\n")
    assert "lrplot: Argument `decay_rate`" in warnings


def test_inline_scripts_registered_twice_are_written_once(tmp_path):
    out, _ = build(tmp_path, "No plot here.")
    html = (out / "index.html").read_text()
    assert html.count("const ONCE = 1") == 1


def test_theme_mode_defaults_to_auto(tmp_path):
    from sphinx.application import Sphinx

    from lrdecay_lit.sphinxext import _config_inited

    class Config:
        html_context = {"other": 1}

    config = Config()
    _config_inited(Sphinx.__new__(Sphinx), config)
    assert config.html_context == {"default_mode": "auto", "other": 1}
    config.html_context = {"default_mode": "dark"}
    _config_inited(Sphinx.__new__(Sphinx), config)
    assert config.html_context["default_mode"] == "dark"


# ------------------------------------------------------------------------------ front end


def test_front_end_is_one_small_plain_script():
    lines = (STATIC / "lrplot.js").read_text().splitlines()
    assert len(lines) <= 400
    text = "\n".join(lines)
    assert "import " not in text and "require(" not in text  # no modules, no libraries
    assert "Math.pow" not in text.split("function evaluate")[1].split("function control")[0]


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
@pytest.mark.parametrize("name", ["plotkit.js", "lrplot.js", "nqmplot.js"])
def test_scripts_parse(name):
    subprocess.run(["node", "--check", str(STATIC / name)], check=True)


# --- nqmplot (the training chapter's live NQM plot) -------------------------------------------


def test_nqm_config_validates_and_fills_params():
    from lrdecay_lit.sphinxext.nqmplot import nqm_config

    cfg = nqm_config("piecewise_constant", params={"boundaries": [5, 9], "values": [1, 0.5, 0.1]})
    assert cfg["params"] == {"boundaries": [5, 9], "values": [1, 0.5, 0.1]}
    assert set(cfg["nqm"]) == {"lambda", "sigma", "E_0"}
    with pytest.raises(ValueError, match="curvature"):
        nqm_config("cosine_decay", curvature=0.0)
    with pytest.raises(ValueError, match="decay_steps"):
        nqm_config("cosine_decay", params={"decay_steps": 0})


def test_nqm_assets_are_written(tmp_path):
    from lrdecay_lit.sphinxext.nqmplot import write_assets

    names = sorted(p.name for p in write_assets(tmp_path))
    assert names == ["nqm.js", "nqmplot.css", "nqmplot.js"]
    assert "function nqm_path" in (tmp_path / "lrplot" / "nqm.js").read_text()


# ----------------------------------------------------------- widgets, composites, CJK font

WIDGET = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>'


def test_saved_widget_views_become_one_honest_line(tmp_path):
    out, warnings = build(tmp_path, ".. raw:: html\n\n   " + WIDGET + "\n")
    html = (out / "index.html").read_text()
    assert "widget-view+json" not in html
    assert html.count('class="widget-note"') == 1
    assert "runs when you run this chapter as a notebook" in html


def test_composite_and_dispatch_plots(tmp_path):
    body = (
        ".. lrplot::\n"
        '   :composite: {"name": "warmup", "schedule": {"name": "constant", "value": 0.1}, '
        '"warmup_steps": 10, "kind": "linear", "init_value": 0.0}\n'
        "   :dispatch: exponential, fixed\n"
        "   :flags: batch_size=256\n"
        "   :epochs:\n"
    )
    out, warnings = build(tmp_path, body)
    assert "ERROR" not in warnings and "lrplot: " not in warnings, warnings
    html = (out / "index.html").read_text()
    (raw,) = re.findall(r'data-lrplot="([^"]+)"', html)
    cfg = json.loads(unescape(raw))
    names = [c["name"] for c in cfg["curves"]]
    assert names == ["warmup", "dispatch_exponential", "dispatch_fixed"]
    assert cfg["epochs"] == {"samples": "num_samples_per_epoch", "batch": "batch_size"}
    warm = cfg["curves"][0]
    assert warm["core"]["composite"]["name"] == "warmup" and "return" in warm["js"]
    assert cfg["curves"][1]["stepped_always"] is True
    assert cfg["curves"][1]["params"]["batch_size"] == 256


def test_cjk_font_subset_covers_exactly_the_characters(tmp_path):
    from lrdecay_lit.sphinxext import CJK_FONTS, write_cjk_fonts

    if not Path(CJK_FONTS["regular"][0]).is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    from fontTools.ttLib import TTFont

    (tmp_path / "a.html").write_text("<p>学习率 衰减</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>&#20808;生，no CJK here</p>", encoding="utf-8")
    written = write_cjk_fonts(tmp_path)
    assert [w.name for w in written] == ["cjk-regular.woff2", "cjk-bold.woff2"]
    for path in written:
        cmap = TTFont(path).getBestCmap()
        assert {chr(c) for c in cmap} == set("学习率衰减先生，")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "index.html").write_text("<p>ASCII</p>")
    assert write_cjk_fonts(empty) == []
    with pytest.raises(FileNotFoundError, match="fonts-noto-cjk"):
        write_cjk_fonts(tmp_path, {"regular": ("/nonexistent.ttc", 0)})


# ------------------------------------------------------------------------ live plot cells


def _raw(html: str) -> str:
    return ".. raw:: html\n\n   " + html + "\n"


def test_a_live_plot_cells_output_draws_what_the_directive_draws(tmp_path):
    from lrdecay_lit.book.glue import lrplot, nqmplot

    cell = lrplot("exponential_decay", params={"staircase": True}, log=True, num_steps=80)
    nqm = nqmplot("cosine_decay", params={"learning_rate": 2.0, "decay_steps": 1000}, noise=0.37)
    out, warnings = build(
        tmp_path,
        ".. lrplot:: exponential_decay\n   :params: staircase=true\n   :log:\n"
        "   :num_steps: 80\n\n"
        + _raw(cell._repr_html_())
        + "\n.. nqmplot:: cosine_decay\n   :params: learning_rate=2.0, decay_steps=1000\n"
        "   :noise: 0.37\n\n" + _raw(nqm._repr_html_()),
    )
    # (a second Sphinx app in one process warns that node classes are registered again)
    real = [w for w in warnings.splitlines() if "WARNING" in w and "already registered" not in w]
    assert not real and "ERROR" not in warnings, warnings
    html = (out / "index.html").read_text()
    directive, from_cell = plots_in(html)
    assert from_cell == directive and from_cell["log"] is True and from_cell["num_steps"] == 80
    nqm_configs = [json.loads(unescape(m)) for m in re.findall(r'data-nqmplot="([^"]*)"', html)]
    assert len(nqm_configs) == 2 and nqm_configs[0] == nqm_configs[1]
    assert "lrdecay-live-plot" not in html and "Live plot on the website" not in html
    assert "_static/lrplot/lrplot.js" in html


def test_a_bad_live_plot_cell_is_a_build_warning(tmp_path):
    from lrdecay_lit.book.glue import lrplot

    _, warnings = build(
        tmp_path, _raw(lrplot("exponential_decay", params="decay_rate=-1")._repr_html_())
    )
    assert "live plot cell: Argument `decay_rate`" in warnings


def test_the_kernel_side_knows_the_directives_options():
    from lrdecay_lit.book.glue import LIVE_PLOT_OPTIONS, lrplot
    from lrdecay_lit.sphinxext import LrplotDirective
    from lrdecay_lit.sphinxext.nqmplot import NqmplotDirective

    assert set(LIVE_PLOT_OPTIONS["lrplot"]) == set(LrplotDirective.option_spec)
    assert set(LIVE_PLOT_OPTIONS["nqmplot"]) == set(NqmplotDirective.option_spec)
    with pytest.raises(TypeError, match="unexpected option 'colour'"):
        lrplot("exponential_decay", colour="red")
