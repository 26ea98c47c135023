"""Internal links of the built website, and what a reader expects to find on its pages.

* Every ``<a href>`` of every page of ``_build/html`` that stays inside the site points to a
  file that exists, and a ``#fragment`` to an ``id`` (or ``name``) on the target page.
  Links out of the site (``http(s)://``, ``mailto:``) are not followed: the site must work
  offline, and the offline test (tests/test_site_offline.py) already fails on anything a page
  *loads* from the network.
* Search (search page + ``searchindex.js`` listing every chapter), the chapter navigation
  (sidebar with every chapter, previous/next links), a formula at the top of each schedule
  chapter, the notebook download button and the "Open in Jupyter" links on notebook pages,
  and the page on running the book locally.

Skipped when the site has not been built, except under ``make test`` (``LRDECAY_REQUIRE_SITE``).
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def _chapters(site: Path) -> list[Path]:
    """The pages made from notebooks of book/ (their sources are in _sources/book/*.ipynb)."""
    sources = site / "_sources" / "book"
    return [site / "book" / (p.stem + ".html") for p in sorted(sources.glob("*.ipynb"))]


def _resolve(page: Path, href: str) -> tuple[Path, str] | None:
    """(target file, fragment) of an internal link; None for a link out of the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # http(s), mailto, javascript: not part of the site
    if not parts.path:
        return page, unquote(parts.fragment)
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_internal_links_and_anchors_resolve(site):
    broken = []
    n_links = 0
    for page in _pages(site):
        for href, _ in _parse(page).links:
            resolved = _resolve(page, href)
            if resolved is None:
                continue
            n_links += 1
            target, fragment = resolved
            where = f"{page.relative_to(site)}: {href}"
            if not target.is_file():
                broken.append(f"{where} (no file)")
            elif site.resolve() not in target.parents:
                broken.append(f"{where} (leaves the site)")
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append(f"{where} (no #{fragment} there)")
    assert n_links > 100, f"only {n_links} internal links found"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_search_page_and_index_exist_and_list_every_chapter(site):
    assert (site / "search.html").is_file()
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert index.startswith("Search.setIndex(")
    for chapter in _chapters(site):
        assert f'"book/{chapter.stem}"' in index, f"{chapter.stem} is not in the search index"
    # every page loads the search machinery (the theme's search box and Ctrl+K)
    html = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "searchtools.js" in html and "search.html" in html


def test_chapter_navigation(site):
    chapters = _chapters(site)
    assert len(chapters) >= 5
    for chapter in chapters:
        hrefs = {href.split("#")[0] for href, _ in _parse(chapter).links}
        missing = [c.name for c in chapters if c != chapter and c.name not in hrefs]
        assert not missing, f"{chapter.name}: the sidebar lacks {missing}"
        classes = " ".join(a.get("class", "") for _, a in _parse(chapter).links)
        assert "left-prev" in classes or "right-next" in classes, f"{chapter.name}: no prev/next"


def test_every_schedule_chapter_starts_with_its_formula(site):
    from lrdecay_lit.specs import SPECS

    chapters = [c for c in _chapters(site) if c.stem in SPECS]
    assert len(chapters) >= 5
    for chapter in chapters:
        html = chapter.read_text(encoding="utf-8")
        article = html[html.index("<article") :]
        top = article[: article.index("<h2")]  # before the first section
        assert re.search(r"\\\[|\$\$", top), f"{chapter.name}: no display formula at the top"


def test_notebook_pages_offer_download_and_open_in_jupyter(site):
    chapters = _chapters(site)
    assert chapters
    for chapter in chapters:
        links = dict(_parse(chapter).links)
        download = f"../_sources/book/{chapter.stem}.ipynb"
        assert download in links, f"{chapter.name}: no .ipynb download"
        assert (site / "_sources" / "book" / f"{chapter.stem}.ipynb").is_file()
        lab = f"http://localhost:8888/lab/tree/{chapter.stem}.ipynb"
        assert lab in links, f"{chapter.name}: no 'Open in JupyterLab' link"
        how = "running-locally.html#open-a-chapter-in-jupyter"
        assert how in links, f"{chapter.name}: no link to the instructions"


def test_running_locally_page_explains_jupyter_and_the_offline_site(site):
    page = site / "book" / "running-locally.html"
    assert "open-a-chapter-in-jupyter" in _parse(page).ids
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))  # highlighting splits code
    for needed in ("make lab", "jupyter lab book/", "make book", "index.html", "make screenshots"):
        assert needed in text, f"running-locally.html does not mention {needed!r}"
