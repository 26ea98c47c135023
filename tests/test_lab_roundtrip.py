"""Working in Jupyter cannot break the book: a chapter saved by JupyterLab, normalised, builds.

A real JupyterLab (``tools/lab_browser.py``: ``jupyter lab`` on a free port, headless
Chromium) opens one chapter (``LRDECAY_LAB_CHAPTER``, default ``piecewise_constant``: it has an
``{lrplot}`` and an explorer, and no references to other chapters) from a small temporary book
that holds only that chapter, and

1. saves it without running it: after ``tools/normalize_notebooks.py`` the file is
   byte-identical to the normalised chapter (JupyterLab's rewrites, kernelspec display name,
   ``1.0`` -> ``1``, dropped widget state, leave no diff);
2. runs all cells and, before saving, checks what a reader sees in JupyterLab (with
   jupyterlab-myst): no "Unknown Directive" / "Unknown Role" box, no cross-reference
   warning icon, every exercise solution folded (its cells hidden under a collapsed heading,
   outputs included, after Run All), the live plot cell showing its note and the source
   listings shown; then saves: the normalised notebook builds strict
   (``jupyter-book build -W -n --keep-going``) and its page draws the live plot.

Run by ``make test-lab`` (2-4 minutes on a busy 2-core machine; needs Chromium +
chromedriver like the site's browser test, and the vendored web assets of ``make vendor``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import lab_browser  # noqa: E402
import normalize_notebooks  # noqa: E402
import site_browser  # noqa: E402

pytestmark = pytest.mark.browser

CHAPTER = os.environ.get("LRDECAY_LAB_CHAPTER", "piecewise_constant")
VENDOR = ROOT / "_build" / "static_vendor"
BIN = Path(sys.executable).parent


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("LRDECAY_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if site_browser.find_chromium() is None:
        _skip_or_fail("no chromium/chromedriver (apt-get install chromium chromium-driver)")
    if not (VENDOR / "vendor-manifest.json").exists():
        _skip_or_fail("no vendored web assets: run `make vendor` first")
    if shutil.which("jupyter", path=str(BIN)) is None:
        _skip_or_fail(f"no jupyter in {BIN}")
    root = tmp_path_factory.mktemp("labbook")
    (root / "book").mkdir()
    shutil.copy2(ROOT / "_config.yml", root / "_config.yml")
    # the chapter, and the page every chapter links to (how to run it)
    (root / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/{CHAPTER}\nchapters:\n- file: book/running-locally\n",
        encoding="utf-8",
    )
    shutil.copy2(ROOT / "book" / "running-locally.md", root / "book" / "running-locally.md")
    (root / "_build").mkdir()
    (root / "_build" / "static_vendor").symlink_to(VENDOR, target_is_directory=True)
    (root / "lrdecay_lit").symlink_to(ROOT / "lrdecay_lit", target_is_directory=True)
    chapter = root / "book" / f"{CHAPTER}.ipynb"
    shutil.copy2(ROOT / "book" / f"{CHAPTER}.ipynb", chapter)
    normalize_notebooks.normalize_file(chapter)  # what `make execute` leaves in the repo
    return root


# What a reader sees in the open notebook (every cell is in the page: lab_browser turns
# JupyterLab's windowing off).
READER_VIEW_JS = """
const q = (s) => [...document.querySelectorAll(s)];
const nb = window.jupyterapp.shell.currentWidget.content;
const cells = nb.widgets;
const shown = (w) => !w.node.classList.contains('lm-mod-hidden') && w.node.offsetParent !== null;
let inside = false, visibleInSolutions = 0, solutions = 0, folded = 0;
for (const w of cells) {
  const id = w.model.id || '';
  if (id.endsWith('-fold')) {
    inside = true; solutions++;
    if (w.model.getMetadata('jp-MarkdownHeadingCollapsed')) folded++;
    continue;
  }
  if (id.endsWith('-fold-end')) { inside = false; continue; }
  if (inside && shown(w)) visibleInSolutions++;
}
return {
  cells: cells.length,
  unknown: q('.jp-Notebook .jp-Cell')
    .filter((e) => /Unknown (Directive|Role)/.test(e.textContent)).length,
  notFound: q('.jp-Notebook [title="Cross Reference Not Found"]').map((e) => e.textContent),
  solutions, folded, visibleInSolutions,
  listings: q('.jp-OutputArea-output')
    .filter((e) => /lrdecay_lit\\.[\\w.]+:\\s*def /.test(e.textContent)).length,
  livePlotNotes: q('.jp-OutputArea .lrdecay-live-plot, .jp-OutputArea-output')
    .filter((e) => /Live plot on the website/.test(e.textContent)).length,
};
"""


def _save_from_lab(book: Path, run: bool, seen: dict | None = None) -> str:
    """Open the chapter in JupyterLab, optionally run all cells, save; the saved text.
    ``seen`` receives what a reader sees once the cells have run (:data:`READER_VIEW_JS`)."""
    chapter = book / "book" / f"{CHAPTER}.ipynb"
    server = lab_browser.JupyterServer(chapter.parent, bin_dir=BIN)
    driver = lab_browser.lab_driver()
    try:
        before = chapter.stat().st_mtime_ns
        lab_browser.open_notebook(driver, server.url(chapter.name))
        time.sleep(5)  # markdown cells rendered, kernel started
        if run:
            lab_browser.run_command(driver, "notebook:run-all-cells")
            lab_browser.wait_kernel_idle(driver, timeout=150)
            time.sleep(2)
            if seen is not None:
                seen.update(driver.execute_script(READER_VIEW_JS))
        lab_browser.run_command(driver, "docmanager:save")
        t0 = time.monotonic()
        while chapter.stat().st_mtime_ns == before and time.monotonic() - t0 < 30:
            time.sleep(0.2)
        assert chapter.stat().st_mtime_ns != before, "JupyterLab did not save the notebook"
        time.sleep(0.5)
    finally:
        lab_browser.close_driver(driver)
        server.stop()
    return chapter.read_text(encoding="utf-8")


def test_saving_unchanged_from_lab_leaves_no_diff_after_normalising(small_book: Path):
    chapter = small_book / "book" / f"{CHAPTER}.ipynb"
    canonical = chapter.read_text(encoding="utf-8")
    saved = _save_from_lab(small_book, run=False)
    assert saved != canonical, "JupyterLab saved the file unchanged (the test would prove nothing)"
    assert normalize_notebooks.normalize_file(chapter) is True
    assert chapter.read_text(encoding="utf-8") == canonical


def test_run_and_save_from_lab_then_normalised_builds_with_live_plot(small_book: Path):
    chapter = small_book / "book" / f"{CHAPTER}.ipynb"
    seen: dict = {}
    _save_from_lab(small_book, run=True, seen=seen)
    # what the reader saw in JupyterLab after Run All
    assert seen["cells"] > 20, seen
    assert seen["unknown"] == 0, f"jupyterlab-myst shows Unknown Directive/Role boxes: {seen}"
    assert seen["notFound"] == [], f"cross-reference warning icons: {seen['notFound']}"
    assert seen["solutions"] > 0 and seen["folded"] == seen["solutions"], seen
    assert seen["visibleInSolutions"] == 0, f"solution cells visible after Run All: {seen}"
    assert seen["livePlotNotes"] >= 1, f"the live plot cell shows no note: {seen}"
    assert seen["listings"] >= 1, f"the {{literalinclude}} listing is not shown: {seen}"
    normalize_notebooks.normalize_file(chapter)
    assert normalize_notebooks.normalize_file(chapter, check=True) is False  # idempotent
    build = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(small_book), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = build.stdout + build.stderr
    assert build.returncode == 0, log[-3000:]
    assert "WARNING" not in log, log[-3000:]
    page = small_book / "_build" / "html" / "book" / f"{CHAPTER}.html"
    assert (small_book / "_build" / "html" / "book").glob("lrdecay_lit-*.whl")
    driver = site_browser.make_driver()
    try:
        site_browser.open_page(driver, page)
        drawn = driver.execute_script(
            "return [...document.querySelectorAll('div.lrplot')]"
            ".map(p => [p.dataset.ready || '', p.querySelectorAll('svg path').length]);"
        )
    finally:
        site_browser.close_driver(driver)
    assert drawn, "no live plot on the page"
    assert all(ready and paths > 0 for ready, paths in drawn), drawn
