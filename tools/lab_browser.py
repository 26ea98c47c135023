#!/usr/bin/env python3
"""Drive a chapter in a real JupyterLab (or Notebook 7) in headless Chromium.

Used by ``tests/test_lab_roundtrip.py`` and for screenshots of chapters as notebooks:

    python tools/lab_browser.py shot book/exponential_decay.ipynb out.png [--run] [--notebook]

starts ``jupyter lab`` (``--notebook``: Notebook 7) on a free local port with a random token
and the project's ``.venv`` kernel, opens the notebook, optionally runs all cells, and saves
a screenshot. The browser reaches only 127.0.0.1 (every other host name resolves to
nothing). :class:`JupyterServer` and :func:`lab_driver` are the pieces the test uses.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from site_browser import close_driver, make_driver  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class JupyterServer:
    """``jupyter lab`` / ``jupyter notebook`` on ``root_dir``, stopped by :meth:`stop`."""

    def __init__(
        self,
        root_dir: Path,
        *,
        app: str = "lab",
        bin_dir: Path | None = None,
        windowing: str | None = "none",
    ) -> None:
        self.root_dir = Path(root_dir)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        bin_dir = bin_dir or Path(sys.executable).parent
        self.home = Path(tempfile.mkdtemp(prefix="lrdecay-jupyter-"))
        env = {
            **os.environ,
            "JUPYTER_PLATFORM_DIRS": "1",
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.home / "workspaces"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.home / "settings"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        }
        cmd = [
            str(bin_dir / "jupyter"),
            app,
            "--no-browser",
            f"--ServerApp.port={self.port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.port_retries=0",
            # window.jupyterapp: the test runs commands (run all, save) as a user's menu would
            f"--{'LabApp' if app == 'lab' else 'JupyterNotebookApp'}.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        # no "get notified about Jupyter news?" toast over the cells (and no web request)
        news = self.home / "settings" / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')
        # every cell in the page (not only those scrolled to): checks see the whole notebook
        # (windowing=None: JupyterLab's default)
        if windowing is not None:
            tracker = self.home / "settings" / "@jupyterlab" / "notebook-extension"
            tracker.mkdir(parents=True)
            (tracker / "tracker.jupyterlab-settings").write_text(
                json.dumps({"windowingMode": windowing}) + "\n"
            )
        self.log = open(self.home / "server.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, app: str = "lab") -> str:
        prefix = "lab/tree" if app == "lab" else "notebooks"
        return f"{self.base}/{prefix}/{path}?token={self.token}"

    def _wait(self, timeout: float = 60) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter exited: {(self.home / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}") as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("jupyter did not start in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


def lab_driver(width: int = 1280, height: int = 1000) -> Any:
    """Headless Chromium that can reach only 127.0.0.1 (site_browser's driver, loopback on)."""
    return make_driver(width, height, loopback=True)


# JS run in the page: wait for the notebook panel, a kernel idle, and markdown rendered.
WAIT_OPEN_JS = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function poll() {
  const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
  const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    || document.querySelector('[data-status="idle"]');
  if ((cells.length && idle) || Date.now() - t0 > 90000) {
    setTimeout(() => done({cells: cells.length, ms: Date.now() - t0}), 1500);
  } else setTimeout(poll, 200);
})();
"""


def open_notebook(driver: Any, url: str) -> dict[str, Any]:
    driver.get(url)
    return driver.execute_async_script(WAIT_OPEN_JS)


def run_command(driver: Any, command: str) -> None:
    """Execute a JupyterLab command by id (``notebook:run-all-cells``, ``docmanager:save``)."""
    driver.execute_script(
        """
        const app = window.jupyterapp || window.jupyterlab;
        return app.commands.execute(arguments[0]);
        """,
        command,
    )


def wait_kernel_idle(driver: Any, timeout: float = 120) -> None:
    """Wait until every code cell of the current notebook has run and the kernel is idle
    (read from the notebook's model: a windowed notebook has only the visible cells in
    the DOM)."""
    t0 = time.monotonic()
    state: Any = None
    idle_since: float | None = None
    retry = True
    while time.monotonic() - t0 < timeout:
        state = driver.execute_script(
            """
            const app = window.jupyterapp;
            const w = app && app.shell.currentWidget;
            if (!w || !w.content || !w.content.model) return null;
            const cells = w.content.model.cells;
            let pending = 0;
            for (let i = 0; i < cells.length; i++) {
              const c = cells.get(i);
              if (c.type === "code" && c.executionCount == null) pending++;
            }
            const k = w.sessionContext.session && w.sessionContext.session.kernel;
            return [k ? k.status : "none", pending];
            """
        )
        if state and state[0] == "idle" and state[1] == 0:
            return
        if state and state[0] == "idle":
            idle_since = idle_since or time.monotonic()
            if retry and time.monotonic() - idle_since > 15:
                # the first request reached a kernel still starting: ask once more
                run_command(driver, "notebook:run-all-cells")
                retry, idle_since = False, None
        else:
            idle_since = None
        time.sleep(0.5)
    raise TimeoutError(f"cells still to run or kernel busy: {state}")


def scroll_to_cell(driver: Any, index: int) -> None:
    """Bring cell ``index`` of the current notebook to the top (JupyterLab and Notebook 7;
    the notebook is windowed: the cell is rendered once scrolled to)."""
    driver.execute_async_script(
        """
        const [index, done] = arguments;
        const nb = window.jupyterapp.shell.currentWidget.content;
        nb.activeCellIndex = index;
        Promise.resolve(nb.scrollToItem(index, "start"))
          .then(() => setTimeout(() => nb.scrollToItem(index, "start").then(done, done), 500))
          .catch(done);
        """,
        index,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["shot"])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--run", action="store_true", help="run all cells first")
    ap.add_argument("--notebook-app", action="store_true", help="Notebook 7 instead of Lab")
    ap.add_argument("--scroll-to", default="", help="CSS selector to scroll into view")
    ap.add_argument("--scroll", type=float, default=0.0, help="scroll to this fraction")
    ap.add_argument("--cell", type=int, default=-1, help="scroll cell number N (from 0) to the top")
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--wait", type=float, default=5.0, help="seconds to let cells render")
    args = ap.parse_args(argv)
    app = "notebook" if args.notebook_app else "lab"
    nb = args.notebook.resolve()
    server = JupyterServer(nb.parent, app=app)
    driver = lab_driver(height=args.height)
    try:
        print(open_notebook(driver, server.url(nb.name, app)))
        time.sleep(args.wait)
        if args.run:
            run_command(driver, "notebook:run-all-cells")
            wait_kernel_idle(driver)
            time.sleep(2)
        if args.scroll:
            driver.execute_script(
                "const e = document.querySelector('.jp-WindowedPanel-outer');"
                "e.scrollTop = arguments[0] * e.scrollHeight;",
                args.scroll,
            )
            time.sleep(3)
        if args.cell >= 0:
            scroll_to_cell(driver, args.cell)
            time.sleep(3)
        if args.scroll_to:
            driver.execute_script(
                "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView();",
                args.scroll_to,
            )
            time.sleep(1)
        driver.save_screenshot(str(args.out))
        for entry in driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                print("console:", entry["message"][:300])
    finally:
        close_driver(driver)
        server.stop()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
