"""The built website must work opened from disk with no network.

Scans every HTML page of ``_build/html`` for scripts, stylesheets, fonts, images and iframes
loaded from ``http(s)://`` (or protocol-relative ``//``) addresses, checks that every local file
a page loads exists, and scans the site's CSS for remote ``url(...)``/``@import``. Skipped when
the site has not been built, except under ``make test`` (``LRDECAY_REQUIRE_SITE=1``), which
builds it first and where a missing site is a failure.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# element -> attributes whose URL the browser fetches by itself while loading the page
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# <link rel=...> values that make the browser fetch href
FETCHED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "manifest"}
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?\s*(?:https?:)?//[^)'"]*|@import\s+['"]\s*(?:https?:)?//[^'"]*)""",
    re.IGNORECASE,
)


class _Loads(HTMLParser):
    """Collect (tag, attribute, url) of everything a page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        names: tuple[str, ...] = FETCHED.get(tag, ())
        if tag == "link" and FETCHED_LINK_RELS & set(a.get("rel", "").lower().split()):
            names = ("href",)
        for name in names:
            value = a.get(name, "").strip()
            if not value:
                continue
            if name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.urls.append((tag, name, part.split()[0]))
            else:
                self.urls.append((tag, name, value))


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    # template fragments shipped by the theme in _static are not pages
    return [p for p in pages if "_static" not in p.relative_to(site).parts]


def _page_loads(page: Path) -> list[tuple[str, str, str]]:
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def test_site_has_pages(site):
    assert _pages(site), f"no HTML pages under {site}"


def test_no_remote_scripts_styles_or_fonts_in_pages(site):
    offenders = [
        f"{page.relative_to(site)}: <{tag} {attr}={url!r}>"
        for page in _pages(site)
        for tag, attr, url in _page_loads(page)
        if REMOTE.match(url)
    ]
    assert not offenders, "pages load from the network:\n" + "\n".join(offenders)


def test_local_assets_exist(site):
    missing = []
    for page in _pages(site):
        for tag, attr, url in _page_loads(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # data:, remote (reported above), or a pure #fragment
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(site)}: <{tag} {attr}={url!r}>")
    assert not missing, "pages load files that are not in the site:\n" + "\n".join(missing)


def test_no_remote_urls_in_css(site):
    offenders = []
    for css in sorted(site.rglob("*.css")):
        for match in CSS_REMOTE.finditer(css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(site)}: {match.group(0)[:120]}")
    assert not offenders, "stylesheets load from the network:\n" + "\n".join(offenders)


def test_mathjax_is_served_locally(site):
    vendored = site / "_static" / "vendor" / "mathjax" / "tex-mml-chtml.js"
    assert vendored.is_file(), "vendored MathJax missing (make vendor)"
    assert (site / "_static" / "vendor" / "mathjax" / "output" / "chtml" / "fonts").is_dir()
    pages_with_mathjax = [
        page
        for page in _pages(site)
        if any("mathjax" in url.lower() for _, _, url in _page_loads(page))
    ]
    assert pages_with_mathjax, "no page loads MathJax (the intro has maths)"
    for page in pages_with_mathjax:
        for _, _, url in _page_loads(page):
            if "mathjax" in url.lower():
                assert "_static/vendor/mathjax/" in url, f"{page.name} loads MathJax from {url}"


def test_no_page_has_ipywidgets_or_loads_their_scripts(site):
    """DECISIONS item 1: widget views become a line pointing to the notebook; no embed script."""
    notes = 0
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in text, page.name
        assert "application/vnd.jupyter.widget-state+json" not in text, page.name
        urls = [url for _, _, url in _page_loads(page)]
        for gone in ("require.js", "embed-amd.js", "html-manager"):
            assert not any(gone in url for url in urls), f"{page.name} loads {gone}"
        notes += text.count('class="widget-note"')
    assert notes >= 5, "the chapters' Python explorers should each leave one honest line"
    assert not (site / "_static" / "vendor" / "html-manager").exists()
    assert not (site / "_static" / "vendor" / "requirejs").exists()


def test_the_shipped_cjk_font_covers_every_cjk_character_of_every_page(site):
    """Chinese renders everywhere: the site's font subset has a glyph for each character."""
    from fontTools.ttLib import TTFont

    from lrdecay_lit.sphinxext import cjk_characters

    fonts = site / "_static" / "lrplot" / "fonts"
    used: dict[str, set[str]] = {}
    for page in _pages(site):
        chars = cjk_characters(html.unescape(page.read_text(encoding="utf-8")))
        if chars:
            used[page.name] = chars
    assert used, "no page quotes the articles' Chinese"
    css = (site / "_static" / "lrplot" / "site.css").read_text()
    assert '"lrdecay CJK"' in css and "fonts/cjk-regular.woff2" in css
    for weight in ("regular", "bold"):
        cmap = {chr(c) for c in TTFont(fonts / f"cjk-{weight}.woff2").getBestCmap()}
        for page, chars in used.items():
            missing = chars - cmap
            assert not missing, f"{page}: no {weight} glyph for {''.join(sorted(missing))}"
        assert (fonts / f"cjk-{weight}.woff2").stat().st_size < 200_000
