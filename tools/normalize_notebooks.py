#!/usr/bin/env python3
"""Give every chapter notebook one canonical form, whoever saved it last.

    python tools/normalize_notebooks.py book/*.ipynb          # rewrite in place
    python tools/normalize_notebooks.py --check book/*.ipynb  # exit 1 if one would change

``make execute`` runs it after executing the notebooks, and ``tests/test_lab_roundtrip.py``
runs it on a chapter saved by JupyterLab: both must give the same file, so opening, running
and saving a chapter in JupyterLab or Notebook 7 leaves no diff after normalising. It

* sets the kernelspec JupyterLab writes (``"Python 3 (ipykernel)"``, ``python3``) and keeps
  ``language_info`` to name, version and the fields ipykernel reports;
* writes numbers the way the browser does (a float with an integral value as an int:
  JupyterLab turns ``1.0`` into ``1`` when it saves);
* drops what depends on who ran the notebook: saved widget state (``metadata.widgets``:
  JupyterLab does not save it, nbclient does; the website does not draw ipywidgets, it shows
  each chapter's kernel-free ``{lrplot}``), ``trusted``, ``execution`` timings, ``collapsed``
  and ``scrolled`` cell flags;
* applies ``tools/convert_notebooks.py`` (the MyST that renders in Jupyter and on the site,
  the ``user_expressions`` of each markdown cell, the install cell).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

from convert_notebooks import convert  # noqa: E402

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO_KEYS = (
    "codemirror_mode",
    "file_extension",
    "mimetype",
    "name",
    "nbconvert_exporter",
    "pygments_lexer",
    "version",
)
CELL_METADATA_DROPPED = ("trusted", "execution", "collapsed", "scrolled")


def _numbers(obj: Any) -> Any:
    """Integral floats as ints, recursively (strings untouched)."""
    if isinstance(obj, float) and obj.is_integer() and abs(obj) < 2**53:
        return int(obj)
    if isinstance(obj, dict):
        return {k: _numbers(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_numbers(v) for v in obj]
    return obj


def normalize(nb: Any, where: str = "notebook") -> Any:
    """The canonical copy of ``nb`` (nbformat v4)."""
    nb = convert(nb, where)
    meta = nb.metadata
    meta["kernelspec"] = dict(KERNELSPEC)
    info = meta.get("language_info", {})
    meta["language_info"] = {k: info[k] for k in LANGUAGE_INFO_KEYS if k in info}
    meta.pop("widgets", None)
    for cell in nb.cells:
        for key in CELL_METADATA_DROPPED:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = _numbers(cell.get("outputs", []))
        jup = cell.metadata.get("jupyter")
        if jup is not None:  # Lab writes false flags out; drop them
            for key in [k for k, v in jup.items() if v is False]:
                del jup[key]
            if not jup:
                del cell.metadata["jupyter"]
    nb.metadata = _numbers(nb.metadata)
    nb.nbformat, nb.nbformat_minor = 4, max(5, int(nb.get("nbformat_minor", 5)))
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def dumps(nb: Any) -> str:
    return nbformat.writes(nb) + "\n"


def normalize_file(path: Path, check: bool = False) -> bool:
    """Normalise ``path`` in place (or only report); True when it changes."""
    old = path.read_text(encoding="utf-8")
    new = dumps(normalize(nbformat.reads(old, as_version=4), str(path)))
    if new == old:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true", help="report, do not write; exit 1 on change")
    args = ap.parse_args(argv)
    changed = [p for p in args.notebooks if normalize_file(p, args.check)]
    for path in changed:
        print(f"{'not normalised' if args.check else 'normalised'}: {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
