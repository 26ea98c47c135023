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

Console messages that are allowed, and why (everything else at WARNING or SEVERE fails):

* ``strict mode: use allowUnionTypes ...`` (WARNING) from the vendored widget embed script
  ``@jupyter-widgets/html-manager``: its JSON-schema compiler (ajv) warns about its own
  schema while validating the saved widget state. It is a library's self-diagnostic, not a
  failure (the widgets render), and only patching the minified bundle would silence it.
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
SITE = Path(os.environ.get("LRDECAY_SITE_DIR") or ROOT / "_build" / "html")

_spec = importlib.util.spec_from_file_location("site_browser", ROOT / "tools" / "site_browser.py")
sb = importlib.util.module_from_spec(_spec)
sys.modules["site_browser"] = sb
_spec.loader.exec_module(sb)

# (level, regex on the message) pairs that may appear in the console; see the docstring
ALLOWED_CONSOLE = [
    ("WARNING", r"html-manager/embed-amd\.js.*strict mode: use allowUnionTypes"),
]
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
};
"""

CURVES_JS = """
return [...document.querySelectorAll("div.lrplot")].map((el) => ({
  draws: el.lrplot.draws,
  paths: [...el.querySelectorAll("path.curve")].map((p) => p.getAttribute("d")),
  curves: el.lrplot.curves.map((c) => ({name: c.name, params: c.params, values: c.values,
    error: c.error})),
}));
"""


def _site() -> Path:
    if not (SITE / "index.html").is_file():
        if os.environ.get("LRDECAY_REQUIRE_SITE"):
            pytest.fail(f"{SITE}/index.html is missing: build the site first (make book)")
        pytest.skip("site not built (run `make book`, or `make test` which builds it)")
    return SITE


@pytest.fixture(scope="module")
def driver():
    _site()
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


def _pages() -> list[Path]:
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.relative_to(SITE).parts)


@pytest.fixture(scope="module")
def visits(driver):
    """Open every page once; on pages with live plots, move a slider like a reader would.

    {relative path: {report, curves (at load), moved (after the slider), console, requests}}
    """
    out = {}
    for page in _pages():
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
        out[page.relative_to(SITE).as_posix()] = visit
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
    from lrdecay_lit.registry import Schedule

    name, params = curve["name"], dict(curve["params"])
    if name == "noisy_linear_cosine_decay":
        # the plot's curve is the expected rate (eps = 0): linear_cosine_decay's
        for noise in ("initial_variance", "variance_decay", "seed"):
            params.pop(noise)
        name = "linear_cosine_decay"
    return Schedule(name, **params)(np.arange(len(curve["values"])))


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


def test_figures_and_saved_widgets_are_drawn(visits):
    for page, v in visits.items():
        r = v["report"]
        broken = [i["src"] for i in r["images"] if not i["ok"]]
        assert not broken, f"{page}: images not loaded: {broken}"
        if r["widgetViews"]:
            assert r["widgetsDrawn"] > 0, f"{page}: saved widgets not drawn"
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


def test_exponential_decay_plot_follows_slider_checkbox_and_steps(driver, visits):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/exponential_decay.html"
    if page not in _plot_pages(visits):
        pytest.skip(f"{page} has no live plot")
    sb.open_page(driver, SITE / page)
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


def test_nqm_plot_follows_its_controls_and_equals_the_package(driver, visits):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/training_dynamics.html"
    if page not in visits:
        pytest.skip(f"{page} not built")
    sb.open_page(driver, SITE / page)
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


def test_piecewise_lists_are_typed_validated_and_plotted(driver, visits):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = "book/piecewise_constant.html"
    if page not in _plot_pages(visits):
        pytest.skip(f"{page} has no live plot")
    sb.open_page(driver, SITE / page)
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


def test_search_works_from_disk(driver):
    from selenium.webdriver.support.ui import WebDriverWait

    _site()
    sb.console_messages(driver)
    driver.get((SITE / "search.html").as_uri() + "?q=staircase")
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
