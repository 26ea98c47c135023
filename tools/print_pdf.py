#!/usr/bin/env python3
"""Printable PDF of the built book: every page printed by headless Chromium, joined by pdfunite.

Route: Chromium's DevTools ``Page.printToPDF`` of each built HTML page (network off, the same
driver as ``tools/site_browser.py``), then ``pdfunite`` (poppler-utils) joins the chapters. It
prints what a reader sees, with nothing else to install: MathJax's maths, the saved figures,
the live plots (their SVG, as drawn) and the fonts the page uses, embedded and subsetted by
Chromium (the Chinese quotations in whatever CJK font the page or fontconfig provides). The
LaTeX route would need ~600 MB of texlive plus fixes to the notebooks' LaTeX outputs, prints
widgets as ``VBox(children=...`` and the live plots not at all.

Before printing, each page gets the book's print rules (``PRINT_CSS``) and a small script
(``PREPARE_JS``): the site's chrome hidden; code cells, figures, tables and maths kept on
one page (``break-inside: avoid``); saved Python explorers replaced by a one-line note (they
need a kernel); the live plots' controls dropped, the plot kept as a static figure; and the
exercises' solutions (instructor edition) moved, opened, into a "Solutions" section at the
end of the chapter. The student edition has no solutions to move.

    python tools/print_pdf.py [--site _build/html] [--out _build/pdf] [PAGE-STEM ...]

writes ``<out>/chapters/NN-<page>.pdf`` (each chapter alone) and ``<out>/book.pdf``; with page
stems (``exponential_decay``) only those pages, and no book.pdf unless ``--book``.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import site_browser  # noqa: E402

PRINT_CSS = r"""
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
@media print {
  html, body { background: #fff !important; }
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article,
  .bd-header-article, .header-article, .prev-next-area, .prev-next-footer, #pst-back-to-top,
  .search-button-field, .theme-switch-button, .headerlink, .bd-search, .skip-link,
  .lrplot .lrplot-controls, .lrplot .lrplot-info, .lrplot .lrplot-common,
  .lrplot .lrplot-badge, .lrplot form, .lrplot label, .lrplot input, .lrplot select,
  .lrplot button, .toggle-button, button.toggle-button { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .bd-page-width, .bd-main, .bd-content, .bd-article { max-width: 100% !important;
    padding: 0 !important; margin: 0 !important; }
  div.cell, div.highlight, pre, .cell_output, figure, img, svg, table, .admonition,
  mjx-container[display="true"], .math, .lrplot, .exercise, .solution, .print-note {
    break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4, .admonition-title, p.rubric { break-after: avoid; page-break-after: avoid;
    break-inside: avoid; }
  pre { white-space: pre-wrap !important; word-break: break-word; overflow: visible !important;
    max-height: none !important; }
  .cell_output { max-height: none !important; overflow: visible !important; }
  section.print-solutions { break-before: page; page-break-before: always; }
  section.print-solutions .solution { box-sizing: border-box; width: auto !important;
    max-width: 100% !important; margin-left: 0 !important; margin-right: 0 !important; }
  .bd-article * { max-width: 100%; box-sizing: border-box; }
  details > summary { list-style: none; }
  a { color: inherit !important; text-decoration: none !important; }
}
"""

# Runs in the page after it has settled (MathJax typeset, live plots drawn).
PREPARE_JS = r"""
const css = arguments[0];
const style = document.createElement("style");
style.textContent = css;
document.head.appendChild(style);
document.documentElement.dataset.theme = "light";
// Saved Python explorers need a kernel: one line instead of a widget or its repr.
const note = (el) => {
  const p = document.createElement("p");
  p.className = "print-note";
  p.innerHTML = "<em>Interactive explorer: run this chapter as a notebook to use it.</em>";
  el.replaceWith(p);
};
document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
  .forEach((s) => note(s.closest(".cell_output, .output") || s.parentElement));
document.querySelectorAll(".jupyter-widgets, .widget-box, .jupyter-widget")
  .forEach((w) => { if (document.body.contains(w)) note(w.closest(".cell_output") || w); });
// Live plots: the SVG stays (a static figure), the controls go (print CSS).
// Solutions: opened and moved to the end of the chapter, in exercise order.
const sols = [...document.querySelectorAll("div.solution, details.solution")];
let moved = 0;
if (sols.length) {
  const article = document.querySelector("article.bd-article, main, body");
  const sec = document.createElement("section");
  sec.className = "print-solutions";
  sec.innerHTML = "<h2>Solutions</h2>";
  for (const s of sols) {
    s.classList.remove("dropdown", "toggle-hidden");
    s.querySelectorAll(".toggle-hidden").forEach((e) => e.classList.remove("toggle-hidden"));
    s.querySelectorAll("details").forEach((d) => (d.open = true));
    if (s.tagName === "DETAILS") s.open = true;
    s.style.display = "";
    sec.appendChild(s);
    moved += 1;
  }
  // gated solutions leave their code cells beside the admonition: sphinx-exercise moves
  // them inside, so nothing else is left behind
  article.appendChild(sec);
}
document.querySelectorAll(".toggle-hidden").forEach((e) => e.classList.remove("toggle-hidden"));
return {solutions: moved, widgets: document.querySelectorAll(".print-note").length};
"""


def _title(driver: object) -> str:
    return str(driver.execute_script("return document.title"))  # type: ignore[attr-defined]


def print_page(driver: object, page: Path, dest: Path) -> dict[str, object]:
    """Print one built page to ``dest``; returns what was moved/replaced."""
    site_browser.open_page(driver, page)
    info = driver.execute_script(PREPARE_JS, PRINT_CSS)  # type: ignore[attr-defined]
    time.sleep(0.2)
    footer = (
        '<div style="font-size:8px;width:100%;padding:0 13mm;color:#666;display:flex;'
        'justify-content:space-between"><span class="title"></span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )
    pdf = driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Page.printToPDF",
        {
            "printBackground": True,
            "preferCSSPageSize": True,
            "displayHeaderFooter": True,
            "headerTemplate": "<div></div>",
            "footerTemplate": footer,
        },
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(base64.b64decode(pdf["data"]))
    return dict(info or {})


def pages_of(site: Path, stems: list[str] | None = None) -> list[Path]:
    """The site's pages in reading order (its navigation), optionally only ``stems``."""
    pages = site_browser.chapter_pages(site)
    if stems:
        pages = [p for p in pages if p.stem in stems]
        missing = set(stems) - {p.stem for p in pages}
        if missing:
            sys.exit(f"print_pdf: no such page(s) in {site}: {', '.join(sorted(missing))}")
    return pages


def unite(parts: list[Path], dest: Path) -> Path:
    exe = shutil.which("pdfunite")
    if exe is None:
        sys.exit("print_pdf: pdfunite not found (apt-get install poppler-utils)")
    subprocess.run([exe, *map(str, parts), str(dest)], check=True)
    return dest


def build(site: Path, out: Path, stems: list[str] | None = None, book: bool = True) -> list[Path]:
    pages = pages_of(site, stems)
    if not pages:
        sys.exit(f"print_pdf: no pages found in {site} (build the site first)")
    chapters = out / "chapters"
    shutil.rmtree(chapters, ignore_errors=True)
    driver = site_browser.make_driver(1280, 1000)
    written = []
    try:
        for i, page in enumerate(pages):
            t0 = time.monotonic()
            dest = chapters / f"{i:02d}-{page.stem}.pdf"
            info = print_page(driver, page, dest)
            written.append(dest)
            print(f"print_pdf: {dest.relative_to(out)} {info} {time.monotonic() - t0:.1f} s")
    finally:
        site_browser.close_driver(driver)
    if book:
        unite(written, out / "book.pdf")
        print(f"print_pdf: {out / 'book.pdf'} ({len(written)} pages joined)")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf")
    parser.add_argument("--book", action="store_true", help="join into book.pdf with stems too")
    parser.add_argument("stems", nargs="*", help="only these pages (file stems)")
    args = parser.parse_args(argv)
    book = args.book or not args.stems
    build(args.site.resolve(), args.out.resolve(), args.stems or None, book=book)
    return 0


if __name__ == "__main__":
    sys.exit(main())
