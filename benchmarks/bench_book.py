"""Time the full book build from clean and the nbval run of the book's notebooks.

Run from the repository root, after the book's environment exists (``make venv`` creates
``.venv``; another virtualenv with the pinned requirements works too)::

    python benchmarks/bench_book.py [--bin .venv/bin] [--repeats 3]

* Build: ``jupyter-book build . -W -n --keep-going --all`` (the flags of ``make book``)
  into a fresh temporary output folder each time, so every build is from clean and the
  repository's own ``_build/html`` is not touched. It needs the vendored web assets in
  ``_build/static_vendor`` (``make vendor``), as ``make book`` does.
* nbval: ``pytest --nbval --nbval-current-env ...`` on every ``book/**/*.ipynb``, with the
  sanitizer config of the Makefile.

Both are whole-program wall times with no baseline to divide by, so they are reported as
the median of the repeats with the range, as an indication for this machine kind only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import REPO, fmt_time, table  # noqa: E402

BOOK_FLAGS = ["-W", "-n", "--keep-going"]
NBVAL_FLAGS = [
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "--nbval-cell-timeout=600",
    "-p",
    "no:cacheprovider",
    "-q",
]


def default_bin() -> Path | None:
    cand = REPO / ".venv" / "bin"
    return cand if (cand / "jupyter-book").exists() else None


def notebooks() -> list[str]:
    return sorted(
        str(p.relative_to(REPO))
        for p in (REPO / "book").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def _run(cmd: list[str], env: dict) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or [""]
    return dt, proc.returncode, tail[0]


def measure(bin_dir: Path, repeats: int = 3, skip: list[str] | tuple = ()) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}:{env.get('PATH', '')}"
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    res: dict = {"bin": str(bin_dir), "repeats": repeats, "notebooks": len(notebooks())}
    if "build" in skip:
        res["build_skipped"] = "--skip build"
    elif not (REPO / "_build" / "static_vendor").exists():
        res["build_skipped"] = "_build/static_vendor missing (run `make vendor` first)"
    else:
        times, status = [], []
        for _ in range(repeats):
            out = Path(tempfile.mkdtemp(prefix="lrdecay-book-"))
            try:
                dt, rc, tail = _run(
                    [
                        str(bin_dir / "jupyter-book"),
                        "build",
                        ".",
                        *BOOK_FLAGS,
                        "--all",
                        "--path-output",
                        str(out),
                    ],
                    env,
                )
            finally:
                shutil.rmtree(out, ignore_errors=True)
            times.append(dt)
            status.append(rc)
        res["build"] = times
        res["build_ok"] = all(rc == 0 for rc in status)
        res["build_note"] = "" if res["build_ok"] else f"exit codes {status}: {tail}"
    nbs = notebooks()
    if "nbval" in skip:
        res["nbval_skipped"] = "--skip nbval"
    elif not nbs:
        res["nbval_skipped"] = "no notebooks under book/"
    else:
        times, status = [], []
        for _ in range(repeats):
            dt, rc, tail = _run([str(bin_dir / "python"), "-m", "pytest", *NBVAL_FLAGS, *nbs], env)
            times.append(dt)
            status.append(rc)
        res["nbval"] = times
        res["nbval_ok"] = all(rc == 0 for rc in status)
        res["nbval_note"] = tail
    rows = []
    for key, label in (
        (
            "build",
            "book build from clean (`jupyter-book build . -W -n "
            "--keep-going --all`, fresh output folder)",
        ),
        ("nbval", f"nbval on the {len(nbs)} notebooks of book/"),
    ):
        if key in res:
            t = res[key]
            ok = "ok" if res[f"{key}_ok"] else f"FAILED ({res[f'{key}_note']})"
            rows.append(
                [
                    label,
                    fmt_time(statistics.median(t)),
                    f"{fmt_time(min(t))} – {fmt_time(max(t))}",
                    ok,
                ]
            )
        else:
            rows.append([label, "skipped", res.get(f"{key}_skipped", ""), ""])
    res["markdown"] = table(["what", f"median of {repeats}", "range", "status"], rows)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--bin",
        type=Path,
        default=default_bin(),
        help="bin/ of the book's virtualenv (default .venv/bin)",
    )
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--skip",
        choices=("build", "nbval"),
        action="append",
        default=[],
        help="leave out a part (repeatable)",
    )
    args = ap.parse_args()
    if args.bin is None or not (args.bin / "jupyter-book").exists():
        print(f"skipped: no jupyter-book in {args.bin} (run `make venv`, or pass --bin)")
        return 0
    res = measure(args.bin, args.repeats, skip=args.skip)
    print(res["markdown"])
    print(f"\n(interpreter: {res['bin']}; wall times on this machine, for orientation)")
    return 0 if res.get("build_ok", True) and res.get("nbval_ok", True) else 1


if __name__ == "__main__":
    raise SystemExit(main())
