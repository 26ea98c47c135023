#!/usr/bin/env python3
"""Fetch the browser library the book's pages load, so the built site works offline.

A default jupyter-book 1.x page loads MathJax 3 from a CDN. (Pages with widget output would
also load require.js and the ipywidgets embed script, 4.4 MB; the site shows no ipywidgets,
see lrdecay_lit.sphinxext, so neither is vendored.) This script gets the same files from the
npm registry (``npm pack``, pinned versions, sha512-checked against the
integrity recorded below), extracts the parts a page needs into ``_build/static_vendor/vendor/``
and ``_config.yml`` points Sphinx at them (``html_static_path``, ``mathjax_path``), so they end
up in ``_build/html/_static/vendor/``.

The output folder is generated and git-ignored. ``npm pack --prefer-offline`` reuses npm's cache,
so once the tarballs have been fetched the script (and ``make book``) works without a network.
Run by ``make vendor`` (a prerequisite of ``make book``); re-running is cheap: it does nothing
when the manifest in the output folder matches the pins.

    python tools/vendor_web_assets.py [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "_build" / "static_vendor"

# name, version, npm integrity (sha512, as `npm view NAME@VERSION dist.integrity` prints it),
# target folder under vendor/, and the files to keep (glob patterns relative to the package root).
PACKAGES = [
    {
        "name": "mathjax",
        "version": "3.2.2",
        "integrity": (
            "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x"
            "77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
        ),
        "dest": "mathjax",
        "strip": "es5/",
        "keep": [
            "LICENSE",
            "es5/tex-mml-chtml.js",  # the combined component Sphinx loads (mathjax_path)
            "es5/input/*",  # TeX extensions loaded on demand (autoload, \require)
            "es5/output/chtml/*",  # CHTML output fonts (woff-v2)
            "es5/ui/*",  # context menu and lazy typesetting
            "es5/a11y/*",  # accessibility extensions the menu can switch on
            "es5/sre/*",  # speech-rule engine used by the accessibility extensions
        ],
    },
]

MANIFEST = "vendor-manifest.json"


def _pins() -> list[dict[str, str]]:
    return [{k: p[k] for k in ("name", "version", "integrity")} for p in PACKAGES]


def _sri_sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _npm_pack(spec: str, dest: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "vendor_web_assets: `npm` was not found. The offline site needs MathJax "
            "from the npm registry; install Node.js + npm (e.g. `apt-get install "
            "npm`) and re-run."
        )
    cmd = [npm, "pack", spec, "--pack-destination", str(dest), "--json", "--prefer-offline"]
    proc = subprocess.run(cmd, cwd=dest, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f"vendor_web_assets: `{' '.join(cmd)}` failed (exit {proc.returncode})")
    info = json.loads(proc.stdout)
    return dest / info[0]["filename"]


def _wanted(member: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(member, pat) for pat in patterns)


def vendor(out: Path, force: bool = False) -> None:
    manifest = out / MANIFEST
    if not force and manifest.is_file():
        try:
            if json.loads(manifest.read_text())["packages"] == _pins():
                print(f"vendor_web_assets: up to date ({out.relative_to(ROOT)})")
                return
        except (ValueError, KeyError):
            pass

    staging = out.with_name(out.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "vendor").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            spec = f"{pkg['name']}@{pkg['version']}"
            tarball = _npm_pack(spec, Path(tmp))
            got = _sri_sha512(tarball)
            if got != pkg["integrity"]:
                sys.exit(
                    f"vendor_web_assets: integrity mismatch for {spec}:\n"
                    f"  expected {pkg['integrity']}\n  got      {got}"
                )
            target = staging / "vendor" / pkg["dest"]
            n_files = 0
            with tarfile.open(tarball, "r:gz") as tar:
                for member in tar.getmembers():
                    if not member.isfile():
                        continue
                    rel = member.name.split("/", 1)[1]  # drop the leading "package/"
                    if not _wanted(rel, pkg["keep"]):
                        continue
                    if pkg["strip"] and rel.startswith(pkg["strip"]):
                        rel = rel[len(pkg["strip"]) :]
                    path = target / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    src = tar.extractfile(member)
                    assert src is not None
                    path.write_bytes(src.read())
                    n_files += 1
            if n_files == 0:
                sys.exit(f"vendor_web_assets: nothing extracted from {spec}")
            size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
            print(f"vendor_web_assets: {spec}: {n_files} files, {size / 1e6:.1f} MB")
    (staging / MANIFEST).write_text(json.dumps({"packages": _pins()}, indent=2) + "\n")
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    print(f"vendor_web_assets: wrote {out.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="re-extract even if up to date")
    args = parser.parse_args(argv)
    vendor(args.out.resolve(), force=args.force)


if __name__ == "__main__":
    main()
