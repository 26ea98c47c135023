#!/usr/bin/env python3
"""Make chapters read the same in Jupyter (jupyterlab-myst) as on the website.

    python tools/convert_notebooks.py book/*.ipynb          # convert in place
    python tools/convert_notebooks.py --check book/*.ipynb  # exit 1 if a notebook would change

Idempotent: a converted notebook converts to itself, so it is safe to run on every chapter
(``make execute`` runs it after executing; authors may keep writing the old forms). What it
rewrites, and why (details in ``book/CONTRIBUTING.md``, "Writing for Jupyter and the site"):

* ``{glue:text}`name:.3f``` and ``{glue}`name``` -> ``{eval}`glued("name", ".3f")```:
  jupyterlab-myst evaluates it in the kernel; on the website ``lrdecay_lit.sphinxext`` reads
  the same stored glue output that ``{glue:text}`` read (execution is off), and nbval still
  compares that output. Each markdown cell also gets the ``user_expressions`` metadata
  jupyterlab-myst writes when it runs the cell (filled from the stored glue outputs), so the
  numbers show before the kernel has run and saving from JupyterLab changes nothing.
* ``{glue:math}`` directives (jupyterlab-myst: "Unknown Directive") -> a ``{math}`` directive
  with the same ``:label:`` and the LaTeX of the stored glue output, under a comment
  ``% glue:math name`` that lets this script refresh it after every execution
  (``tests/test_notebook_sources.py`` fails when a copy is stale).
* ``from myst_nb import glue`` -> ``from lrdecay_lit.book.glue import glue, glued`` (same outputs;
  no myst-nb needed in a student's kernel).
* Exercise solutions fold in Jupyter: prose in a markdown cell before a ``{solution-end}``
  gate goes into a cell of its own, and every cell between ``{solution-start}`` and
  ``{solution-end}`` is collapsed (``metadata.jupyter.source_hidden``/``outputs_hidden``;
  the website ignores these and keeps its dropdown).
* ``{lrplot}`` / ``{nqmplot}`` directives (the website's kernel-free live plots;
  jupyterlab-myst shows "Unknown Directive" for them, whatever the cell's metadata) ->
  a code cell ``lrplot("exponential_decay", num_steps=200)`` (:mod:`lrdecay_lit.book.glue`),
  tagged ``remove-input``, with its output stored: in Jupyter a note that the website draws
  a live plot here and the notebook's explorer plays its part; on the website
  ``lrdecay_lit.sphinxext`` draws the same live plot the directive drew, from that output.
  Prose around a directive stays in markdown cells before and after it.
* ``{doc}`` roles and ``{ref}`` roles to a label of another chapter (jupyterlab-myst cannot
  resolve them and shows a warning icon) -> Markdown links ``[title](other.ipynb)`` /
  ``[text](other.ipynb#label)``, with the title Sphinx would show: JupyterLab opens the
  other notebook, and on the website myst-parser resolves the same link (a broken one is a
  strict-build error, as the role was). References inside a chapter stay roles.
* ``{literalinclude}`` of the package's source (jupyterlab-myst shows nothing: it cannot
  read files) -> after the box that holds it, a Jupyter-only code cell (``remove-cell``,
  input folded) ``listing("../lrdecay_lit/schedules.py", pyobject="cosine_decay")``
  (:func:`lrdecay_lit.book.glue.listing`) that shows the same lines, read from the installed
  package; nbval compares them, so a stale listing fails like any stale output.
* The first code cell installs ``lrdecay_lit`` when it is missing, from the wheel next to
  the notebook (the website ships it beside the chapters); tagged ``remove-cell``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat

GLUE_PREFIX = "application/papermill.record/"
INSTALL_CELL_ID = "lrdecay-install"
INSTALL_SOURCE = """\
# Installs lrdecay_lit when it is missing (Colab, a JupyterHub, Binder): from the wheel next
# to this notebook, which the book's website ships beside the chapters (works offline).
import importlib.util
import pathlib
import subprocess
import sys

if importlib.util.find_spec("lrdecay_lit") is None:
    wheels = sorted(pathlib.Path().glob("lrdecay_lit-*.whl"))
    if not wheels:
        raise ModuleNotFoundError(
            "lrdecay_lit is not installed: download lrdecay_lit-*.whl from the book's "
            "website (page 'Running the book locally'), put it next to this notebook, and "
            "run this cell again"
        )
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", str(wheels[-1])])"""

_GLUE_TEXT = re.compile(r"\{glue(?::text|:any)?\}`([^`]+)`")
_GLUE_MATH = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue:math\}[ \t]+(?P<key>\S+)[ \t]*\n"
    r"(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P=fence)[ \t]*$",
    re.M,
)
_MATH_COPY = re.compile(
    r"^% glue:math (?P<key>\S+)[^\n]*\n"
    r"(?P<fence>`{3,}|:{3,})\{math\}[ \t]*\n"
    r"(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P<body>.*?)\n"
    r"(?P=fence)[ \t]*$",
    re.M | re.S,
)
_EVAL = re.compile(r"\{eval\}`([^`]+)`")
_GLUED_CALL = re.compile(r"""^glued\(\s*"([^"]+)"\s*(?:,\s*"([^"]*)"\s*)?\)$""")
_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.M)
_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}", re.M)
_LIVE_PLOT = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>lrplot|nqmplot)\}(?P<args>[^\n]*)\n"
    r"(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P=fence)[ \t]*$",
    re.M,
)
_OPTION = re.compile(r"^[ \t]*:(?P<name>[\w-]+):[ \t]*(?P<value>[^\n]*?)[ \t]*$", re.M)
_XREF = re.compile(
    r"\{(?P<role>doc|ref)\}`(?:(?P<text>[^`<]*?)\s*<(?P<target>[^`>]+)>|(?P<bare>[^`<>]+))`"
)
_LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=[ \t]*\n(?:[ \t]*\n)*(?P<line>[^\n]*)", re.M)
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$", re.M)
_INCLUDE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{literalinclude\}[ \t]+(?P<path>\S+)[ \t]*\n"
    r"(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)"
    r"(?P=fence)[ \t]*$",
    re.M,
)
_COLON_CLOSE = re.compile(r"^:{3,}[ \t]*$", re.M)
LISTING_OPTIONS = ("pyobject", "start-at", "end-before")
_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.M)
MATH_COMMENT = (
    "% glue:math {key} (LaTeX copied from the glued output by tools/convert_notebooks.py)"
)


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def glue_outputs(nb: Any) -> dict[str, dict[str, str]]:
    """name -> {mime: data} of every glue output stored in the notebook's code cells."""
    found: dict[str, dict[str, str]] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook")
            if out.get("output_type") != "display_data" or not meta:
                continue
            prefix = meta.get("mime_prefix", "")
            found[meta["name"]] = {
                k[len(prefix) :]: _text(v) for k, v in out.get("data", {}).items()
            }
    return found


def math_latex(data: dict[str, str]) -> str:
    r"""The LaTeX of a glued Math/Latex output without ``$``/``$$`` and ``\displaystyle``."""
    tex = data.get("text/latex", "").strip()
    for left, right in (("$$", "$$"), ("$", "$"), (r"\[", r"\]")):
        if tex.startswith(left) and tex.endswith(right) and len(tex) > len(left) + len(right):
            tex = tex[len(left) : -len(right)].strip()
            break
    return re.sub(r"^\\displaystyle\s*", "", tex)


def _glue_text_role(match: re.Match[str]) -> str:
    key, _, fmt = match.group(1).partition(":")
    if "::" in match.group(1):  # another document's glue: leave it to myst-nb
        return match.group(0)
    args = f'"{key.strip()}"' + (f', "{fmt.strip()}"' if fmt.strip() else "")
    return f"{{eval}}`glued({args})`"


def _math_block(key: str, fence: str, opts: str, data: dict[str, str]) -> str:
    return f"{MATH_COMMENT.format(key=key)}\n{fence}{{math}}\n{opts}{math_latex(data)}\n{fence}"


def convert_markdown(text: str, glued: dict[str, dict[str, str]], where: str) -> str:
    text = _GLUE_TEXT.sub(_glue_text_role, text)

    def new_math(m: re.Match[str]) -> str:
        key = m["key"]
        if key not in glued or "text/latex" not in glued[key]:
            raise SystemExit(f"{where}: no stored LaTeX output glued as {key!r} (execute first)")
        return _math_block(key, m["fence"], m["opts"], glued[key])

    def refresh(m: re.Match[str]) -> str:
        key = m["key"]
        if key not in glued or "text/latex" not in glued[key]:
            return m.group(0)  # not executed yet: keep the copy
        return _math_block(key, m["fence"], m["opts"], glued[key])

    return _MATH_COPY.sub(refresh, _GLUE_MATH.sub(new_math, text))


def user_expressions(text: str, glued: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """What jupyterlab-myst stores after running a markdown cell, from the stored glue data."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lrdecay_lit.book.glue import format_text

    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for expr in _EVAL.findall(text):
        if expr in seen:
            continue
        seen.add(expr)
        m = _GLUED_CALL.match(expr.strip())
        if not m or m[1] not in glued or "text/plain" not in glued[m[1]]:
            continue
        value = format_text(glued[m[1]]["text/plain"], m[2] or "")
        out.append(
            {
                "expression": expr,
                "result": {"data": {"text/plain": value}, "metadata": {}, "status": "ok"},
            }
        )
    return out


def _hide(cell: Any, outputs: bool = False) -> None:
    jup = cell.metadata.setdefault("jupyter", {})
    jup["source_hidden"] = True
    if outputs:
        jup["outputs_hidden"] = True


def _is_fold(cell: Any) -> bool:
    """One of the Jupyter-only headings that fold a solution (:func:`fold_headings`)."""
    return str(cell.get("id", "")).endswith(("-fold", "-fold-end"))


def _split_before_end(nb: Any) -> None:
    """Prose before a ``{solution-end}`` gate in the same cell gets a cell of its own."""
    cells = []
    for cell in nb.cells:
        text = _text(cell.source)
        m = _END.search(text) if cell.cell_type == "markdown" else None
        if m and text[: m.start()].strip():
            first = copy.deepcopy(cell)
            first.source = text[: m.start()].rstrip("\n")
            first.metadata.pop("user_expressions", None)
            cell.source = text[m.start() :]
            first["id"] = (cell.get("id") or "cell")[:58] + "-sol"
            cells.append(first)
        cells.append(cell)
    nb.cells = cells


def fold_solutions(nb: Any) -> None:
    _split_before_end(nb)
    _split_after_start(nb)
    inside = False
    for cell in nb.cells:
        text = _text(cell.source)
        if cell.cell_type == "markdown":
            starts, ends = list(_START.finditer(text)), list(_END.finditer(text))
            if inside and not starts and not ends and not _is_fold(cell):
                _hide(cell)
            if ends and (not starts or ends[-1].start() > starts[-1].start()):
                inside = False
            elif starts:
                inside = True
        elif inside:
            _hide(cell, outputs=True)


FOLD_HEADING = "###### Solution"
FOLD_END = "###### End of the solution"
COLLAPSED = "jp-MarkdownHeadingCollapsed"  # JupyterLab's (and Notebook 7's) collapsed heading


def _heading_cell(source: str, cell_id: str, collapsed: bool) -> Any:
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = cell_id
    cell.metadata["tags"] = ["remove-cell"]  # Jupyter only: the website has its dropdown
    if collapsed:
        cell.metadata[COLLAPSED] = True
    return cell


def _split_after_start(nb: Any) -> None:
    """Prose after a ``{solution-start}`` gate in the same cell gets a cell of its own."""
    cells = []
    for cell in nb.cells:
        text = _text(cell.source)
        starts = list(_START.finditer(text)) if cell.cell_type == "markdown" else []
        close = re.compile(rf"^{re.escape(starts[-1][1])}[ \t]*$", re.M) if starts else None
        end = close.search(text, starts[-1].end()) if close and starts else None
        if end and text[end.end() :].strip() and not _END.search(text, end.end()):
            rest = copy.deepcopy(cell)
            rest.source = text[end.end() :].strip("\n")
            rest.metadata.pop("user_expressions", None)
            cell.source = text[: end.end()]
            cell.metadata.pop("user_expressions", None)
            rest["id"] = (cell.get("id") or "cell")[:55] + "-sol-txt"
            cells.extend([cell, rest])
        else:
            cells.append(cell)
    nb.cells = cells


def fold_headings(nb: Any) -> None:
    """A collapsed heading ``###### Solution`` after each ``{solution-start}`` gate and a
    heading ``###### End of the solution`` before its ``{solution-end}``, both Jupyter-only
    (``remove-cell``) and inside the gates (the student edition removes them with the
    solution). JupyterLab hides the cells under a collapsed heading, outputs included, also
    after Run All: running a cell un-hides its outputs (``outputs_hidden`` is reset), but
    not a collapsed heading's cells."""
    cells: list[Any] = []
    ids = {c.get("id") for c in nb.cells}
    start_id = None
    for cell in nb.cells:
        text = _text(cell.source)
        md = cell.cell_type == "markdown"
        starts = list(_START.finditer(text)) if md else []
        ends = list(_END.finditer(text)) if md else []
        if ends and start_id is not None and (not starts or ends[0].start() < starts[0].start()):
            end_id = f"{start_id}-fold-end"
            if not (cells and cells[-1].get("id") == end_id):
                cells.append(_heading_cell(FOLD_END, end_id, collapsed=False))
            start_id = None
        cells.append(cell)
        if _is_fold(cell):
            continue
        if starts and (not ends or starts[-1].start() > ends[-1].start()):
            start_id = (cell.get("id") or "cell")[:50]
            fold_id = f"{start_id}-fold"
            if fold_id not in ids:
                cells.append(_heading_cell(FOLD_HEADING, fold_id, collapsed=True))
    nb.cells = cells


def _py_value(name: str, text: str) -> str:
    """An option's text as a Python literal: a flag ``True``, ``params``/``flags`` a dict,
    ``composite`` its JSON as Python, a number, else a string."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lrdecay_lit.sphinxext import parse_params

    if text == "":
        return "True"
    if name in ("params", "flags"):
        return repr(parse_params(text))
    if name == "composite":
        return repr(json.loads(text))
    if re.fullmatch(r"-?\d+", text) or (
        re.fullmatch(r"-?\d+\.\d+", text) and repr(float(text)) == text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def ruff_format(source: str) -> str:
    """``source`` as ``ruff format`` writes it (the project's settings), or unchanged when
    ruff is not installed next to this Python."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        return source
    done = subprocess.run(
        [str(ruff), "format", "--stdin-filename", "cell.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    return done.stdout.rstrip("\n")


def live_plot_source(m: re.Match[str]) -> str:
    """The code cell's source for one ``{lrplot}``/``{nqmplot}`` directive."""
    args = [json.dumps(a) for a in m["args"].split()]
    args += [f"{o['name']}={_py_value(o['name'], o['value'])}" for o in _OPTION.finditer(m["opts"])]
    name = m["name"]
    return ruff_format(f"from lrdecay_lit.book.glue import {name}\n\n{name}({', '.join(args)})\n")


def live_plot_cell(m: re.Match[str], cell_id: str) -> Any:
    """A code cell in place of a live plot directive, with the output it gives when run."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lrdecay_lit.book.glue import LivePlot

    opts: dict[str, Any] = {o["name"]: o["value"] or True for o in _OPTION.finditer(m["opts"])}
    plot = LivePlot(m["name"], tuple(m["args"].split()), opts)
    cell = nbformat.v4.new_code_cell(live_plot_source(m))
    cell["id"] = cell_id
    cell.metadata["tags"] = ["remove-input"]
    cell.outputs = [
        nbformat.v4.new_output(
            "execute_result",
            data={"text/plain": repr(plot), "text/html": plot._repr_html_()},
            execution_count=None,
        )
    ]
    return cell


def split_live_plots(nb: Any) -> None:
    """Every ``{lrplot}``/``{nqmplot}`` directive of a markdown cell becomes a code cell;
    the prose before and after it stays in markdown cells (the first keeps the cell's id)."""
    cells = []
    for cell in nb.cells:
        text = _text(cell.source)
        found = list(_LIVE_PLOT.finditer(text)) if cell.cell_type == "markdown" else []
        if not found:
            cells.append(cell)
            continue
        base = (cell.get("id") or "cell")[:56]
        start, pieces = 0, []
        for m in found:
            pieces.append(("md", text[start : m.start()]))
            pieces.append(("plot", m))
            start = m.end()
        pieces.append(("md", text[start:]))
        n_md = n_plot = 0
        for kind, piece in pieces:
            if kind == "plot":
                n_plot += 1
                plot = live_plot_cell(piece, f"{base}-plot{n_plot}")  # type: ignore[arg-type]
                # a stored output needs a count (nbval: "unrun cell has outputs"); the
                # next `make execute` renumbers
                count = max([c.get("execution_count") or 0 for c in cells] + [0]) + 1
                plot.execution_count = plot.outputs[0].execution_count = count
                cells.append(plot)
                continue
            prose = str(piece).strip("\n")
            if not prose.strip():
                continue
            md = copy.deepcopy(cell)
            md.source = prose
            md.metadata.pop("user_expressions", None)
            md.metadata.get("jupyter", {}).pop("source_hidden", None)
            if not md.metadata.get("jupyter", True):
                del md.metadata["jupyter"]
            md["id"] = cell.get("id") if n_md == 0 else f"{base}-text{n_md}"
            n_md += 1
            cells.append(md)
    nb.cells = cells


class Target:
    """Where a ``{doc}``/``{ref}`` target lives: a file beside the notebook, an anchor."""

    def __init__(self, file: str, title: str, anchor: str = "") -> None:
        self.file, self.title, self.anchor = file, title, anchor

    @property
    def href(self) -> str:
        return self.file + (f"#{self.anchor}" if self.anchor else "")


def _plain_title(heading: str) -> str:
    """A heading's text as Sphinx shows it in a reference (no backticks, no emphasis)."""
    return re.sub(r"[`*]", "", heading).strip()


def _markdown_texts(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        return [_text(c.source) for c in nb.cells if c.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def link_targets(folder: Path) -> tuple[dict[str, Target], dict[str, Target]]:
    """The documents (docname -> title) and labels (label -> file, title, anchor) of the
    chapters in ``folder`` (``.ipynb`` and ``.md``), for ``{doc}``/``{ref}`` links."""
    docs: dict[str, Target] = {}
    labels: dict[str, Target] = {}
    for path in sorted([*folder.glob("*.ipynb"), *folder.glob("*.md")]):
        texts = _markdown_texts(path)
        whole = "\n\n".join(texts)
        first = _HEADING.search(whole)
        title = _plain_title(first["title"]) if first else path.stem
        docs[path.stem] = Target(path.name, title)
        for m in _LABEL.finditer(whole):
            heading = _HEADING.match(m["line"])
            # a label on the document's title: the link goes to the document itself
            top = first is not None and heading is not None and m.start("line") == first.start()
            labels[m["label"]] = Target(
                path.name,
                _plain_title(heading["title"]) if heading else "",
                "" if top else m["label"],
            )
    return docs, labels


def cross_links(text: str, here: str, docs: dict[str, Target], labels: dict[str, Target]) -> str:
    """``{doc}`` roles, and ``{ref}`` roles to labels of other files, as Markdown links."""

    def link(m: re.Match[str]) -> str:
        target = (m["target"] or m["bare"]).strip()
        found = (docs if m["role"] == "doc" else labels).get(target)
        if found is None or (m["role"] == "ref" and found.file == here):
            return m.group(0)  # unknown (Sphinx reports it) or in this chapter (Jupyter resolves)
        words = (m["text"] or "").strip() or found.title
        if not words:
            return m.group(0)
        return f"[{words}]({found.href})"

    return _XREF.sub(link, text)


def listing_source(includes: list[re.Match[str]]) -> str:
    """The Jupyter-only cell that shows what the ``{literalinclude}`` directives show."""
    calls = []
    for m in includes:
        args = [json.dumps(m["path"])]
        for o in _OPTION.finditer(m["opts"]):
            if o["name"] in LISTING_OPTIONS:
                args.append(f"{o['name'].replace('-', '_')}={json.dumps(o['value'])}")
        calls.append(f"listing({', '.join(args)})")
    body = "\n".join(f"display({c})" for c in calls) if len(calls) > 1 else calls[0]
    head = "# Jupyter only: the source listed above on the website (read from the package)\n"
    imports = "from IPython.display import display\n\n" if len(calls) > 1 else ""
    return ruff_format(f"{head}{imports}from lrdecay_lit.book.glue import listing\n\n{body}\n")


def listing_outputs(includes: list[re.Match[str]]) -> list[Any]:
    """The outputs the listing cell gives when run (so the notebook is right before
    ``make execute``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lrdecay_lit.book.glue import listing

    outs = []
    for m in includes:
        opts = {
            o["name"].replace("-", "_"): o["value"]
            for o in _OPTION.finditer(m["opts"])
            if o["name"] in LISTING_OPTIONS
        }
        shown = listing(m["path"], **opts)
        data = {"text/markdown": shown._repr_markdown_(), "text/plain": repr(shown)}
        kind = "execute_result" if len(includes) == 1 else "display_data"
        outs.append(nbformat.v4.new_output(kind, data=data))
    return outs


def listing_cells(nb: Any) -> None:
    """After each markdown box holding ``{literalinclude}`` directives, a Jupyter-only cell
    with the listing (the prose after the box goes into a markdown cell of its own)."""
    cells: list[Any] = []
    ids = {c.get("id") for c in nb.cells}
    for cell in nb.cells:
        text = _text(cell.source)
        includes = list(_INCLUDE.finditer(text)) if cell.cell_type == "markdown" else []
        base = (cell.get("id") or "cell")[:52]
        if includes and f"{base}-listing" in ids:  # converted before: follow the directives
            old = next(c for c in nb.cells if c.get("id") == f"{base}-listing")
            source = listing_source(includes)
            if _text(old.source) != source:
                old.source, old.outputs = source, listing_outputs(includes)
                if len(old.outputs) == 1:
                    old.outputs[0].execution_count = old.get("execution_count")
        if not includes or f"{base}-listing" in ids:
            cells.append(cell)
            continue
        close = _COLON_CLOSE.search(text, includes[-1].end())
        cut = close.end() if close else len(text)
        rest = text[cut:].strip("\n")
        cell.source = text[:cut] if rest.strip() else text
        cells.append(cell)
        code = nbformat.v4.new_code_cell(listing_source(includes))
        code.outputs = listing_outputs(includes)
        code.execution_count = max([c.get("execution_count") or 0 for c in cells] + [0]) + 1
        if len(code.outputs) == 1:
            code.outputs[0].execution_count = code.execution_count
        code["id"] = f"{base}-listing"
        code.metadata["tags"] = ["remove-cell"]
        code.metadata["jupyter"] = {"source_hidden": True}
        cells.append(code)
        if rest.strip():
            after = copy.deepcopy(cell)
            after.source = rest
            after["id"] = f"{base}-after-listing"
            cells.append(after)
        for c in (cell, cells[-1]):
            c.metadata.pop("user_expressions", None)  # recomputed below
    nb.cells = cells


def install_cell() -> Any:
    cell = nbformat.v4.new_code_cell(INSTALL_SOURCE)
    cell["id"] = INSTALL_CELL_ID
    cell.metadata["tags"] = ["remove-cell"]
    cell.metadata["jupyter"] = {"source_hidden": True}  # folded in Jupyter, runs all the same
    return cell


def convert(nb: Any, where: str = "notebook") -> Any:
    """The converted copy of ``nb`` (an nbformat v4 notebook); ``where`` is its path (the
    other chapters beside it are the targets of its cross-chapter links)."""
    nb = copy.deepcopy(nb)
    glued = glue_outputs(nb)
    path = Path(where)
    docs, labels = link_targets(path.parent) if path.suffix == ".ipynb" else ({}, {})
    for cell in nb.cells:
        text = _text(cell.source)
        if cell.cell_type == "code":
            # the no-qa marker: `glued` is used by the prose's {eval} roles, which ruff cannot see
            new = _IMPORT.sub("from lrdecay_lit.book.glue import glue, glued  # noqa: F401", text)
        elif cell.cell_type == "markdown":
            new = cross_links(convert_markdown(text, glued, where), path.name, docs, labels)
        else:
            continue
        if new != text:
            cell.source = new
    split_live_plots(nb)
    listing_cells(nb)
    fold_solutions(nb)
    fold_headings(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = _text(cell.source)
        exprs = user_expressions(text, glued)
        if exprs:
            cell.metadata["user_expressions"] = exprs
        elif "user_expressions" in cell.metadata and not _EVAL.search(text):
            del cell.metadata["user_expressions"]
    ids = [c.get("id") for c in nb.cells]
    if INSTALL_CELL_ID in ids:
        nb.cells[ids.index(INSTALL_CELL_ID)].source = INSTALL_SOURCE
    else:
        first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), 0)
        nb.cells.insert(first_code, install_cell())
    return nb


def dumps(nb: Any) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true", help="report, do not write; exit 1 on change")
    args = ap.parse_args(argv)
    changed = []
    for path in args.notebooks:
        old = path.read_text(encoding="utf-8")
        nb = nbformat.reads(old, as_version=4)
        new = dumps(convert(nb, str(path)))
        if json.loads(new) != json.loads(old):
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(f"{'would convert' if args.check else 'converted'} {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
