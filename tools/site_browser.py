#!/usr/bin/env python3
"""Open the built book in headless Chromium with the network off; take screenshots.

Used by ``tests/test_site_browser.py`` (the browser test of ``make test``) and by
``make screenshots``. Chromium is driven with Selenium through the system's
``chromedriver`` (Debian: ``apt-get install chromium chromium-driver``); Selenium never
downloads a browser or a driver here. Every page is opened from ``file://`` with

* DevTools network emulation set to offline, every host name resolving to nothing and a proxy
  that does not exist (three locks: a page that tries the network gets errors, and the
  performance log records the attempt, see :func:`network_requests`);
* the console log captured (:func:`console_messages`).

    python tools/site_browser.py screenshots [--out DIR] [--full] [PAGE.html ...]

writes ``NN-<page>.png`` (the first screen of each chapter) and ``NN-<page>-live-plot.png``
(the page's ``{lrplot}``, scrolled into view) into ``_build/screenshots/``; ``--full`` adds a
full-length image of each page. The README's picture is one of them, made smaller:

    python tools/site_browser.py small-png \
        _build/screenshots/07-cosine_decay_restarts-live-plot.png docs/screenshot.png
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HTML_DIR = ROOT / "_build" / "html"
SHOTS_DIR = ROOT / "_build" / "screenshots"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Wait until the page has settled: MathJax has typeset, saved widgets are drawn, live plots are
# ready and every image has loaded (or failed). Resolves with a short report.
SETTLE_JS = """
const done = arguments[arguments.length - 1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const t0 = Date.now();
  while (document.readyState !== "complete" && Date.now() - t0 < 20000) await sleep(50);
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) {
    try { await mj.startup.promise; } catch (e) {}
  }
  const widgets = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]').length;
  while (Date.now() - t0 < 20000) {
    const drawn = document.querySelectorAll(".jupyter-widgets").length;
    const plots = [...document.querySelectorAll("div.lrplot")];
    const imgs = [...document.images];
    if ((!widgets || drawn) && plots.every((p) => p.dataset.ready)
        && imgs.every((i) => i.complete)) break;
    await sleep(100);
  }
  if (mj && mj.typesetPromise) { try { await mj.typesetPromise(); } catch (e) {} }
  await sleep(300);
  done({ms: Date.now() - t0, widgets});
})();
"""


def find_chromium() -> tuple[str, str] | None:
    """(browser, chromedriver) paths, or None when either is missing.

    ``LRDECAY_CHROMIUM`` and ``LRDECAY_CHROMEDRIVER`` override the search of ``PATH``.
    """
    browser = os.environ.get("LRDECAY_CHROMIUM") or next(
        (p for p in map(shutil.which, BROWSERS) if p), None
    )
    driver = os.environ.get("LRDECAY_CHROMEDRIVER") or shutil.which("chromedriver")
    if not (browser and driver and os.access(browser, os.X_OK) and os.access(driver, os.X_OK)):
        return None
    return browser, driver


def make_driver(width: int = 1280, height: int = 1000, *, loopback: bool = False) -> Any:
    """A headless Chromium WebDriver with the network off and console logging on.

    With ``loopback=True`` it may reach 127.0.0.1 and nothing else (a local Jupyter server,
    ``tools/lab_browser.py``); otherwise every request fails, loopback included.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if found is None:
        raise RuntimeError(
            "Chromium or chromedriver not found (apt-get install chromium chromium-driver)"
        )
    browser, driver_path = found
    profile = tempfile.mkdtemp(prefix="lrdecay-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    if loopback:
        opts.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    else:  # no network: unresolvable names and a proxy nobody listens on
        for arg in (
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
        ):
            opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=driver_path, log_output=os.devnull)
    driver = webdriver.Chrome(options=opts, service=service)
    driver._lrdecay_profile = profile  # removed by close_driver
    driver.set_script_timeout(120 if loopback else 60)
    driver.set_page_load_timeout(60)
    if loopback:
        return driver
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    return driver


def set_viewport(driver: Any, width: int, height: int = 900, *, dark: bool = False) -> None:
    """Emulate a ``width`` x ``height`` CSS-pixel screen (below Chromium's 500 px window minimum
    too: 390 px is a phone, emulated as a touch device) and the theme's light or dark mode
    (``localStorage.mode``, read by pydata-sphinx-theme when a page loads)."""
    mobile = width < 600
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    driver.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5}
    )
    driver._lrdecay_mode = "dark" if dark else "light"
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "try { localStorage.setItem('mode', %r); "
            "localStorage.setItem('theme', %r); } catch (e) {}" % ((driver._lrdecay_mode,) * 2)
        },
    )


def close_driver(driver: Any) -> None:
    profile = getattr(driver, "_lrdecay_profile", None)
    try:
        driver.quit()
    finally:
        if profile:
            shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: Any, page: Path | str) -> dict[str, Any]:
    """Load ``page`` (a path under the site, or a URL) and wait until it has settled."""
    url = page if isinstance(page, str) and "://" in page else Path(page).resolve().as_uri()
    driver.get(url)
    return driver.execute_async_script(SETTLE_JS)


def console_messages(driver: Any) -> list[dict[str, Any]]:
    """Console messages since the last call: ``{"level", "message", "source"}`` dicts."""
    return [
        {"level": m.get("level"), "message": m.get("message", ""), "source": m.get("source")}
        for m in driver.get_log("browser")
    ]


def network_requests(driver: Any) -> list[str]:
    """URLs the page asked for since the last call (from the DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def screenshot(driver: Any, path: Path, *, full: bool = False, max_height: int = 16000) -> Path:
    """PNG of the viewport, or of the whole page (up to ``max_height`` CSS pixels)."""
    params: dict[str, Any] = {"format": "png"}
    if full:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        params["captureBeyondViewport"] = True
        params["clip"] = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": min(size["height"], max_height),
            "scale": 1,
        }
    data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data))
    return path


def chapter_pages(site: Path = HTML_DIR) -> list[Path]:
    """The book's pages in reading order (index.html's navigation, then any others)."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []
            self.in_nav = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "nav" and "bd-links" in (a.get("class") or ""):
                self.in_nav = 1
            elif tag == "a" and self.in_nav and a.get("href"):
                self.hrefs.append(str(a["href"]).split("#")[0])

        def handle_endtag(self, tag: str) -> None:
            if tag == "nav":
                self.in_nav = 0

    start = site / "book" / "intro.html"
    if not start.is_file():
        start = site / "index.html"
    parser = Links()
    parser.feed(start.read_text(encoding="utf-8"))
    pages = [start]
    for href in parser.hrefs:
        p = (start.parent / href).resolve()
        if p.suffix == ".html" and p.is_file() and p not in pages:
            pages.append(p)
    return pages


def take_screenshots(
    out: Path = SHOTS_DIR, pages: list[Path] | None = None, full: bool = False
) -> list[Path]:
    pages = pages or chapter_pages()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    driver = make_driver()
    try:
        for i, page in enumerate(pages):
            t0 = time.monotonic()
            open_page(driver, page)
            stem = f"{i:02d}-{page.stem}"
            written.append(screenshot(driver, out / f"{stem}.png"))
            if full:
                written.append(screenshot(driver, out / f"{stem}-full.png", full=True))
            if driver.execute_script("return document.querySelector('div.lrplot') !== null"):
                driver.execute_script(
                    "const p = document.querySelector('div.lrplot');"
                    "window.scrollTo(0, p.getBoundingClientRect().top + window.scrollY - 70);"
                )
                time.sleep(0.2)
                written.append(screenshot(driver, out / f"{stem}-live-plot.png"))
            print(f"{stem}: {time.monotonic() - t0:.1f} s", flush=True)
    finally:
        close_driver(driver)
    return written


def small_png(src: Path, dest: Path, width: int = 960, colors: int = 128) -> Path:
    """A smaller copy of a screenshot for the README: scaled to ``width``, palette PNG."""
    from PIL import Image

    with Image.open(src) as img:
        img = img.convert("RGB")
        if img.width > width:
            img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
        img = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        img.save(dest, optimize=True)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    shots = sub.add_parser("screenshots", help="PNGs of every chapter page")
    shots.add_argument("pages", nargs="*", type=Path, help="default: every page of the book")
    shots.add_argument("--out", type=Path, default=SHOTS_DIR)
    shots.add_argument("--full", action="store_true", help="also capture whole pages")
    small = sub.add_parser("small-png", help="shrink a screenshot for the README")
    small.add_argument("src", type=Path)
    small.add_argument("dest", type=Path)
    small.add_argument("--width", type=int, default=960)
    args = parser.parse_args(argv)
    if args.command == "small-png":
        dest = small_png(args.src, args.dest, args.width)
        print(f"wrote {dest} ({dest.stat().st_size / 1e3:.0f} kB)")
        return 0
    if not (HTML_DIR / "index.html").is_file() and not args.pages:
        print(f"{HTML_DIR}/index.html is missing: run `make book` first", file=sys.stderr)
        return 1
    if find_chromium() is None:
        print(
            "Chromium/chromedriver not found: apt-get install chromium chromium-driver",
            file=sys.stderr,
        )
        return 1
    written = take_screenshots(args.out, args.pages or None, args.full)
    print(f"wrote {len(written)} PNGs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
