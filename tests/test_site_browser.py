"""The built website in a real browser: headless Chromium, pages opened from disk, network off.

Every page of ``_build/html`` is opened once from ``file://`` (tools/site_browser.py: DevTools
network emulation offline, host names unresolvable, a dead proxy) and checked for console
errors, requests that leave the disk, MathJax left untypeset, images that did not load and
live plots that did not start. Then the live plots are driven like a reader does (arrow keys
on a slider, a click on a checkbox, typing into a list box) and every curve is compared with
the numeric core, :mod:`lrdecay_lit.schedules`, to 1e-9.

Marked ``browser``: ``make test`` runs it in its own step (``make test-browser``), which
installs Chromium from apt when it is missing and the machine allows it. Skipped, with a
loud reason, where Chromium or chromedriver is missing, unless ``LRDECAY_REQUIRE_BROWSER``
is set (then that is a failure).

Reader-facing layout, at 1280 px and at 390 px (a phone, emulated), light and dark:

* no dead controls: every ``input``/``select``/``textarea`` in an article belongs to a live
  plot, and changing it changes that plot's curves (each control is driven once);
* no ipywidgets and no widget reprs (``VBox(children=...``, ``interactive(...``) in the text;
* nothing wider than the viewport except inside an element that scrolls by itself;
* the live plot's axis labels are at least 11 px high on a phone;
* exactly one visible search button.

The live plots beyond the schedules (composites: warmup, join; TF-slim's dispatcher; the
compare view) are checked against the package to 1e-9 like the others.

No console message at WARNING or SEVERE is allowed (the site loads no widget embed script).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent

_spec = importlib.util.spec_from_file_location("site_browser", ROOT / "tools" / "site_browser.py")
sb = importlib.util.module_from_spec(_spec)
sys.modules["site_browser"] = sb
_spec.loader.exec_module(sb)

# (level, regex on the message) pairs that may appear in the console; see the docstring
ALLOWED_CONSOLE: list[tuple[str, str]] = []
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
TOL = 1e-9

# Facts about the page, computed in the browser after it settled.
PAGE_REPORT_JS = r"""
const skip = "script,style,noscript,pre,code,textarea,mjx-container,.highlight,.lrplot";
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const raw = [];
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.parentElement.closest(skip)) continue;
  const m = n.textContent.match(/\$\$|\\\(|\\\[|\\begin\{/);
  if (m) raw.push(n.textContent.trim().slice(0, 80));
}
const hasMath = !!document.querySelector('script[src*="mathjax"]');
return {
  title: document.title,
  hasMath,
  mjx: document.querySelectorAll("mjx-container").length,
  mathErrors: document.querySelectorAll("mjx-merror").length,
  rawTex: raw,
  images: [...document.images].map((i) => ({src: i.currentSrc.slice(-70), ok: i.complete
    && i.naturalWidth > 0})),
  widgetViews: document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]').length,
  widgetsDrawn: document.querySelectorAll(".jupyter-widgets").length,
  plots: [...document.querySelectorAll("div.lrplot")].map((p) => !!p.dataset.ready),
  reprs: (document.querySelector("article") || document.body).innerText.match(
    /\b(VBox|HBox|interactive|FloatSlider|IntSlider|FloatLogSlider|Output)\(/g) || [],
  deadInputs: [...document.querySelectorAll("article input, article select, article textarea")]
    .filter((i) => !i.closest("div.lrplot")).map((i) => i.outerHTML.slice(0, 80)),
  widgetNotes: document.querySelectorAll("p.widget-note").length,
};
"""

CURVES_JS = """
return [...document.querySelectorAll("div.lrplot")].map((el) => ({
  draws: el.lrplot.draws,
  paths: [...el.querySelectorAll("path.curve")].map((p) => p.getAttribute("d")),
  curves: el.lrplot.curves.map((c) => ({name: c.name, params: c.params, values: c.values,
    steps: c.steps, error: c.error, core: c.core || null, stepped: !!c.stepped})),
}));
"""


@pytest.fixture(scope="module")
def driver(site):
    if sb.find_chromium() is None:
        msg = (
            "\n" + "!" * 78 + "\n!!! BROWSER TEST NOT RUN: Chromium or chromedriver is missing. "
            "Install them\n!!! (apt-get install chromium chromium-driver, or `make "
            "test-browser` as root).\n" + "!" * 78
        )
        if os.environ.get("LRDECAY_REQUIRE_BROWSER"):
            pytest.fail(msg)
        pytest.skip(msg)
    d = sb.make_driver()
    yield d
    sb.close_driver(d)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


@pytest.fixture(scope="module")
def visits(driver, site):
    """Open every page once; on pages with live plots, move a slider like a reader would.

    {relative path: {report, curves (at load), moved (after the slider), console, requests}}
    """
    out = {}
    for page in _pages(site):
        sb.console_messages(driver)  # drain what earlier pages left
        sb.network_requests(driver)
        sb.open_page(driver, page)
        visit = {
            "report": driver.execute_script(PAGE_REPORT_JS),
            "curves": driver.execute_script(CURVES_JS),
            "moved": _move_a_slider(driver),
        }
        visit["console"] = sb.console_messages(driver)
        visit["requests"] = sb.network_requests(driver)
        out[page.relative_to(site).as_posix()] = visit
    return out


def _move_a_slider(driver) -> list[dict] | None:
    """Five arrow-key presses on the last slider of the page's live plots (None: no slider)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    sliders = driver.find_elements(By.CSS_SELECTOR, "div.lrplot input[type=range]")
    if not sliders:
        return None
    slider = sliders[-1]
    at_min = slider.get_attribute("value") == slider.get_attribute("min")
    slider.send_keys((Keys.ARROW_RIGHT if at_min else Keys.ARROW_LEFT) * 5)
    return driver.execute_script(CURVES_JS)


def _allowed(msg: dict) -> bool:
    text = f"{msg['source']} {msg['message']}"
    return any(msg["level"] == lvl and re.search(rx, text) for lvl, rx in ALLOWED_CONSOLE)


def core_values(curve: dict) -> np.ndarray:
    """What lrdecay_lit computes for a curve of a live plot (its params and steps)."""
    import lrdecay_lit as lr
    from lrdecay_lit.composites import from_config
    from lrdecay_lit.registry import Schedule

    steps = np.asarray(curve.get("steps") or range(len(curve["values"])), dtype=np.int64)
    name, params = curve["name"], dict(curve["params"])
    core = curve.get("core") or {}
    if "composite" in core:
        return from_config(core["composite"]).replace(**params)(steps)
    if "dispatch" in core:
        flags = {k: v for k, v in params.items() if k != "learning_rate"}
        if "num_samples_per_epoch" in flags:
            flags["num_samples_per_epoch"] = int(flags["num_samples_per_epoch"])
            flags["batch_size"] = int(flags["batch_size"])
        else:
            flags["num_samples_per_epoch"] = 1
        return lr.configure_learning_rate(core["dispatch"], params["learning_rate"], steps, **flags)
    if name == "noisy_linear_cosine_decay":
        # the plot's curve is the expected rate (eps = 0): linear_cosine_decay's
        for noise in ("initial_variance", "variance_decay", "seed"):
            params.pop(noise)
        name = "linear_cosine_decay"
    return Schedule(name, **params)(steps)


def assert_matches_core(plots: list[dict]) -> None:
    for plot in plots:
        for curve in plot["curves"]:
            js = np.array([np.nan if v is None else v for v in curve["values"]], dtype=float)
            py = core_values(curve)
            err = np.abs(js - py) / np.maximum(1.0, np.abs(py))
            assert np.all(err <= TOL), (
                f"{curve['name']} {curve['params']}: max error {np.nanmax(err):.3g} at step "
                f"{int(np.nanargmax(err))}"
            )


# ------------------------------------------------------------------------------ every page


def test_every_page_was_opened(visits):
    assert "index.html" in visits and "search.html" in visits
    assert sum(p.startswith("book/") for p in visits) >= 5


def test_no_console_errors_or_warnings(visits):
    bad = [
        f"{page}: {m['level']} {m['message'][:300]}"
        for page, v in visits.items()
        for m in v["console"]
        if m["level"] in ("WARNING", "SEVERE") and not _allowed(m)
    ]
    assert not bad, "console messages:\n" + "\n".join(bad)


def test_pages_load_nothing_from_the_network(visits):
    bad = [
        f"{page}: {url}"
        for page, v in visits.items()
        for url in v["requests"]
        if not url.startswith(LOCAL_SCHEMES)
    ]
    assert not bad, "requests that leave the disk:\n" + "\n".join(bad)


def test_mathjax_typeset_every_formula(visits):
    with_math = {p: v["report"] for p, v in visits.items() if v["report"]["hasMath"]}
    assert "book/exponential_decay.html" in with_math
    for page, r in with_math.items():
        assert r["mjx"] > 0, f"{page}: MathJax rendered nothing"
        assert r["mathErrors"] == 0, f"{page}: {r['mathErrors']} MathJax errors"
        assert not r["rawTex"], f"{page}: raw TeX left: {r['rawTex'][:3]}"


def test_figures_are_drawn(visits):
    for page, v in visits.items():
        r = v["report"]
        broken = [i["src"] for i in r["images"] if not i["ok"]]
        assert not broken, f"{page}: images not loaded: {broken}"
    from lrdecay_lit.specs import SPECS

    chapters = [p for p in visits if Path(p).stem in SPECS]
    assert chapters and all(visits[p]["report"]["images"] for p in chapters), "no figures"


def test_every_schedule_chapter_has_a_live_plot(visits):
    from lrdecay_lit.specs import SPECS

    chapters = [p for p in visits if Path(p).stem in SPECS]
    assert len(chapters) >= 5
    for page in chapters:
        plots = visits[page]["report"]["plots"]
        assert plots, f"{page}: no {{lrplot}}"
        assert all(plots), f"{page}: a live plot did not start"


# ------------------------------------------------------------------------ live plots, driven


def _plot_pages(visits) -> list[str]:
    return [p for p, v in visits.items() if v["report"]["plots"]]


def test_live_plots_start_with_the_core_values(visits):
    pages = _plot_pages(visits)
    assert pages
    for page in pages:
        assert_matches_core(visits[page]["curves"])


def test_moving_a_slider_redraws_the_curve_with_the_core_values(visits):
    moved = [p for p in _plot_pages(visits) if visits[p]["moved"] is not None]
    assert len(moved) >= 5, moved  # every schedule chapter but piecewise_constant (lists)
    for page in moved:
        before, after = visits[page]["curves"], visits[page]["moved"]
        assert sum(p["draws"] for p in after) > sum(p["draws"] for p in before), page
        assert [p["paths"] for p in after] != [p["paths"] for p in before], (
            f"{page}: the curve did not change"
        )
        assert [p["curves"] for p in after] != [p["curves"] for p in before]
        assert_matches_core(after)


def test_exponential_decay_plot_follows_slider_checkbox_and_steps(driver, visits, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/exponential_decay.html"
    if page not in _plot_pages(visits):
        pytest.skip(f"{page} has no live plot")
    sb.open_page(driver, site / page)
    plot = driver.find_element(By.CSS_SELECTOR, "div.lrplot")
    rate = plot.find_element(By.CSS_SELECTOR, "input[data-param=decay_rate]")
    rate.send_keys(Keys.ARROW_LEFT * 10)
    (state,) = driver.execute_script(CURVES_JS)
    params = state["curves"][0]["params"]
    assert params["decay_rate"] == pytest.approx(0.8) and params["staircase"] is False
    assert_matches_core([state])
    box = plot.find_element(By.XPATH, ".//label[span[text()='staircase']]/input")
    box.click()
    (stairs,) = driver.execute_script(CURVES_JS)
    assert stairs["curves"][0]["params"]["staircase"] is True
    assert_matches_core([stairs])
    values = stairs["curves"][0]["values"]
    assert values[10] == values[19] != values[20]  # flat stairs, one per decay_steps
    steps = plot.find_element(By.CSS_SELECTOR, "input[data-param=num_steps]")
    steps.send_keys(Keys.CONTROL, "a")
    steps.send_keys("500")
    (longer,) = driver.execute_script(CURVES_JS)
    assert len(longer["curves"][0]["values"]) == 500
    assert_matches_core([longer])


NQM_JS = """
return [...document.querySelectorAll("div.nqmplot")].map((el) => ({
  ready: !!el.dataset.ready, draws: el.nqmplot.draws, name: el.nqmplot.name,
  params: el.nqmplot.params, nqm: el.nqmplot.nqm, rates: el.nqmplot.rates,
  total: el.nqmplot.loss.total, bias: el.nqmplot.loss.bias,
  variance: el.nqmplot.loss.variance,
  paths: [...el.querySelectorAll("path.curve")].map((p) => p.getAttribute("d")),
}));
"""


def assert_nqm_matches_package(state: dict) -> None:
    """The live NQM plot's schedule and expected loss equal lrdecay_lit's to 1e-9."""
    from lrdecay_lit import noisy_quadratic as Q
    from lrdecay_lit.registry import Schedule

    rates = Schedule(state["name"], **state["params"])(np.arange(len(state["rates"])))
    js_rates = np.array(state["rates"], dtype=float)
    assert np.all(np.abs(js_rates - rates) <= TOL * np.maximum(1.0, np.abs(rates)))
    m = state["nqm"]
    path = Q.second_moment(rates, m["lambda"], m["sigma"] ** 2, m["E_0"])
    for key in ("total", "bias", "variance"):
        want = m["lambda"] / 2 * getattr(path, key)
        got = np.array(state[key], dtype=float)
        err = np.abs(got - want) / np.maximum(1.0, np.abs(want))
        assert np.all(err <= TOL), f"{key}: max error {err.max():.3g}"


def test_nqm_plot_follows_its_controls_and_equals_the_package(driver, visits, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/training_dynamics.html"
    if page not in visits:
        pytest.skip(f"{page} not built")
    sb.open_page(driver, site / page)
    states = driver.execute_script(NQM_JS)
    assert len(states) >= 2 and all(s["ready"] for s in states)
    for state in states:
        assert_nqm_matches_package(state)
    plot = driver.find_elements(By.CSS_SELECTOR, "div.nqmplot")[0]
    before = states[0]
    plot.find_element(By.CSS_SELECTOR, "input[data-param=alpha]").send_keys(Keys.ARROW_RIGHT * 50)
    plot.find_element(By.CSS_SELECTOR, "input[data-param=lambda]").send_keys(Keys.ARROW_LEFT * 30)
    plot.find_element(By.CSS_SELECTOR, "input[data-param=sigma]").send_keys(Keys.ARROW_RIGHT * 20)
    after = driver.execute_script(NQM_JS)[0]
    assert after["draws"] > before["draws"]
    assert after["params"]["alpha"] == pytest.approx(0.05)
    assert after["nqm"]["lambda"] == pytest.approx(before["nqm"]["lambda"] * 10**-0.3)
    assert after["nqm"]["sigma"] == pytest.approx(before["nqm"]["sigma"] * 10**0.2)
    assert after["paths"] != before["paths"]
    assert_nqm_matches_package(after)


def test_piecewise_lists_are_typed_validated_and_plotted(driver, visits, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/piecewise_constant.html"
    if page not in _plot_pages(visits):
        pytest.skip(f"{page} has no live plot")
    sb.open_page(driver, site / page)
    plot = driver.find_element(By.CSS_SELECTOR, "div.lrplot")
    boundaries = plot.find_element(By.CSS_SELECTOR, "input[data-param=boundaries]")
    values = plot.find_element(By.CSS_SELECTOR, "input[data-param=values]")

    def retype(box, text):
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(text)

    retype(boundaries, "5, 15, 35")
    (bad,) = driver.execute_script(CURVES_JS)
    assert "len(boundaries) + 1 = 4" in bad["curves"][0]["error"]
    assert plot.find_element(By.CSS_SELECTOR, ".lrplot-error").text.startswith("Argument `values`")
    retype(values, "0.1, 0.05, 0.02, 0.01")
    (good,) = driver.execute_script(CURVES_JS)
    curve = good["curves"][0]
    assert curve["error"] is None
    assert curve["params"]["boundaries"] == [5, 15, 35]
    assert curve["values"][5] == 0.1 and curve["values"][6] == 0.05  # a boundary: earlier value
    assert_matches_core([good])
    retype(boundaries, "5, 4, 35")
    (unsorted,) = driver.execute_script(CURVES_JS)
    assert "strictly increasing" in unsorted["curves"][0]["error"]
    assert unsorted["curves"][0]["values"] == curve["values"]  # the last valid curve stays


# ---------------------------------------------------------------------------- reader features


def test_search_works_from_disk(driver, site):
    from selenium.webdriver.support.ui import WebDriverWait

    sb.console_messages(driver)
    driver.get((site / "search.html").as_uri() + "?q=staircase")
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "const s = document.querySelector('#search-results p.search-summary');"
            "return s && !/^Preparing|^Searching/.test(s.textContent)"
        )
    )
    hits = driver.execute_script(
        "return [...document.querySelectorAll('#search-results ul.search li a')]"
        ".map((a) => a.getAttribute('href'))"
    )
    assert any("exponential_decay" in h for h in hits), hits
    bad = [m for m in sb.console_messages(driver) if m["level"] == "SEVERE"]
    assert not bad, bad


# ------------------------------------------------------------------ no dead controls, no widgets


def test_no_ipywidgets_and_no_widget_reprs(visits):
    for page, v in visits.items():
        r = v["report"]
        assert r["widgetViews"] == 0 and r["widgetsDrawn"] == 0, f"{page}: ipywidgets on the site"
        assert not r["reprs"], f"{page}: widget reprs in the text: {r['reprs'][:3]}"
    assert sum(v["report"]["widgetNotes"] for v in visits.values()) >= 5


# Drive one control of a live plot: range -> halfway to the far end of its range, number ->
# doubled (steps) or + 1 (seed), checkbox -> clicked, list -> its last number a tenth larger.
# The two view toggles (log scale, LR budget) are switched back off after their check, so that
# the noise controls are tried on the drawn noise (the budget view draws the expected budget).
DRIVE_JS = r"""
const [plotIndex, inputIndex] = arguments;
const el = document.querySelectorAll("div.lrplot")[plotIndex];
const input = el.querySelectorAll("input")[inputIndex];
// the drawing: curves and axis labels (a new learning_rate rescales the axis, not the path)
const paths = () => el.querySelector("svg").innerHTML;
const before = paths();
if (input.type === "checkbox") {
  input.click();
} else {
  if (input.type === "range") {
    const v = Number(input.value), lo = Number(input.min), hi = Number(input.max);
    input.value = String(v + ((v < hi ? hi : lo) - v) / 2);
  } else if (input.type === "number") {
    input.value = String(input.dataset.param === "num_steps" ? 2 * Number(input.value)
      : Number(input.value) + 1);
  } else {
    const parts = input.value.split(",");
    const x = Number(parts[parts.length - 1]);  // a tenth more: visible at any stride
    parts[parts.length - 1] = String(Number.isInteger(x) ? x + Math.max(1, Math.round(x / 10))
      : x * 1.1);
    input.value = parts.join(",");
  }
  input.dispatchEvent(new Event("input", {bubbles: true}));
}
const after = paths();
if (input.type === "checkbox" && !input.dataset.param?.startsWith("staircase")
    && ["log", "budget"].includes(input.dataset.param)) input.click();  // views: back off
return {param: input.dataset.param || input.closest("label").textContent.trim().split(/\s/)[0],
        changed: before !== after};
"""


def _drive_every_control(driver, site, page):
    """[(plot, param, changed, state after)] for every input of every live plot of ``page``."""
    sb.open_page(driver, site / page)
    counts = driver.execute_script(
        "return [...document.querySelectorAll('div.lrplot')].map("
        "(p) => p.querySelectorAll('input').length)"
    )
    out = []
    for i, n in enumerate(counts):
        for j in range(n):
            res = driver.execute_script(DRIVE_JS, i, j)
            state = driver.execute_script(CURVES_JS)[i]
            out.append((i, res["param"], res["changed"], state))
    return out


def test_every_control_changes_its_curve_and_matches_the_core(driver, visits, site):
    """Every input of every live plot redraws its curve, which stays the package's to 1e-9."""
    pages = _plot_pages(visits)
    for page in ("book/dispatcher.html", "book/training_loop.html", "book/comparison.html"):
        assert page in pages, f"{page} has no live plot"
    for page in pages:
        assert not visits[page]["report"]["deadInputs"], (
            f"{page}: inputs outside a live plot: {visits[page]['report']['deadInputs'][:3]}"
        )
        for plot, param, changed, state in _drive_every_control(driver, site, page):
            assert changed, f"{page}: plot {plot}: control {param!r} did not change the curve"
            assert_matches_core([state])


def test_dispatcher_composite_and_compare_plots(visits):
    """The new kernel-free plots: TF-slim's three types, warmup and join, four schedules."""
    names = {
        p: {c["name"] for plot in visits[p]["curves"] for c in plot["curves"]}
        for p in ("book/dispatcher.html", "book/training_loop.html", "book/comparison.html")
    }
    assert names["book/dispatcher.html"] >= {
        "dispatch_exponential",
        "dispatch_polynomial",
        "dispatch_fixed",
    }
    assert names["book/training_loop.html"] >= {"warmup", "join"}
    assert len(names["book/comparison.html"]) >= 4


def test_staircase_and_piecewise_curves_are_drawn_as_steps(visits):
    from lrdecay_lit.specs import SPECS

    for page in ("book/piecewise_constant.html", "book/dispatcher.html"):
        state = visits[page]["curves"]
        stepped = [
            c
            for plot in state
            for c in plot["curves"]
            if c["name"] in ("piecewise_constant", "dispatch_exponential")
        ]
        assert stepped and all(c["stepped"] for c in stepped), page
    smooth = [
        c
        for plot in visits["book/exponential_decay.html"]["curves"]
        for c in plot["curves"]
        if not c["params"].get("staircase")
    ]
    assert smooth and not any(c["stepped"] for c in smooth)
    assert "piecewise_constant" in SPECS


# ------------------------------------------------------------- layout at 1280 and 390 px


OVERFLOW_JS = r"""
const vw = document.documentElement.clientWidth;
const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
const skip = "dialog, .bd-sidebar-primary, .search-button__wrapper, mjx-assistive-mml";
const bad = [];
for (const el of document.querySelectorAll("body *")) {
  const cs = getComputedStyle(el);
  if (cs.display === "none" || cs.visibility === "hidden" || el.closest(skip)) continue;
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || (r.right <= vw + 1 && r.left >= -1)) continue;
  let ok = false;
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.display === "none" || s.visibility === "hidden") { ok = true; break; }
    if (scrolls(a)) {
      const ar = a.getBoundingClientRect();
      if (ar.right <= vw + 1 && ar.left >= -1) { ok = true; break; }
    }
  }
  if (ok || (bad.length && bad[bad.length - 1].el.contains(el))) continue;
  bad.push({el, what: el.tagName.toLowerCase() + "." + String(el.className).split(" ")[0] +
    " " + (el.textContent || "").trim().slice(0, 40), right: Math.round(r.right)});
}
const rgba = (c) => { const v = (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number);
  return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
const luminance = ([r, g, b]) => {
  const f = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const background = (el) => {  // the colour behind el: its ancestors' backgrounds, alpha-blended
  const layers = [];
  for (let a = el; a; a = a.parentElement) {
    const c = rgba(getComputedStyle(a).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let out = [255, 255, 255];
  for (const [r, g, b, al] of layers.reverse()) {
    out = [r * al + out[0] * (1 - al), g * al + out[1] * (1 - al), b * al + out[2] * (1 - al)];
  }
  return out;
};
const contrast = [...document.querySelectorAll("article code.literal, article td, article p")]
  .slice(0, 400).map((el) => {
    const a = luminance(rgba(getComputedStyle(el).color)), b = luminance(background(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
const labels = [...document.querySelectorAll("div.lrplot svg text")].map(
  (t) => t.getBoundingClientRect().height);
const searches = [...document.querySelectorAll(".search-button__button")].filter((b) => {
  const r = b.getBoundingClientRect(), s = getComputedStyle(b);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
}).length;
return {vw, scrollWidth: document.documentElement.scrollWidth,
        bad: bad.map(({el, ...rest}) => rest), minContrast: Math.min(99, ...contrast),
        minLabel: labels.length ? Math.min(...labels) : null, searches};
"""


@pytest.fixture(
    scope="module",
    params=[(1280, False), (390, False), (390, True), (1280, True)],
    ids=["1280-light", "390-light", "390-dark", "1280-dark"],
)
def layouts(request, site):
    """{page: layout facts} at one width and colour mode (a driver of its own)."""
    if sb.find_chromium() is None:
        pytest.skip("Chromium or chromedriver is missing")
    width, dark = request.param
    d = sb.make_driver()
    try:
        sb.set_viewport(d, width, 900, dark=dark)
        out = {}
        for page in _pages(site):
            sb.open_page(d, page)
            out[page.relative_to(site).as_posix()] = d.execute_script(OVERFLOW_JS)
    finally:
        sb.close_driver(d)
    return width, dark, out


def test_nothing_wider_than_the_viewport(layouts):
    width, _, pages = layouts
    for page, r in pages.items():
        assert r["vw"] == width, (page, r["vw"])
        assert r["scrollWidth"] <= width, f"{page} at {width} px scrolls sideways"
        assert not r["bad"], f"{page} at {width} px: content cut off or too wide: {r['bad'][:4]}"


def test_one_search_button_and_readable_text(layouts):
    width, dark, pages = layouts
    for page, r in pages.items():
        if page == "search.html":
            continue
        assert r["searches"] == 1, f"{page} at {width} px: {r['searches']} search buttons"
        assert r["minContrast"] >= 4.5, (
            f"{page} at {width} px ({'dark' if dark else 'light'}): text contrast "
            f"{r['minContrast']:.2f} < 4.5"
        )
        if r["minLabel"] is not None:
            assert r["minLabel"] >= 11, f"{page} at {width} px: plot labels {r['minLabel']} px"
