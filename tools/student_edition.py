#!/usr/bin/env python3
"""The student edition's sources: the same book, each solution replaced by an answer cell.

The book's exercises follow one pattern (DECISIONS.md item 4): an ``{exercise}`` directive with a
``:label:``, then a gated solution, ``{solution-start} <label>`` ... ``{solution-end}``, whose code
cells call ``check("<chapter>.<id>", answer)`` (:mod:`lrdecay_lit.book.exercises`). This script
copies
the book (``_config.yml``, ``_toc.yml``, ``book/``) into ``_build/student/src/`` and, in every
notebook the toc lists, removes each gated solution (the markdown between the two markers and the
code cells inside) and puts in its place one answer cell::

    # Exercise "The per-step factor"
    # replace each ... with your answer, then run the cell
    per_step_factor = ...
    check("exponential_decay.per_step_factor", per_step_factor)

The cell's stored output is what ``check`` prints for the unanswered cell (the hint), computed
here, so the student notebooks pass nbval without being re-executed. Fences may be backticks or
colons of any length (``````{solution-start}`` or ``:::{solution-start}``). Solutions that give no
``check`` id are still removed (the answer cell then only asks for an answer).

``make student`` runs this and builds the site from the copy into ``_build/student/html``:

    python tools/student_edition.py [--out DIR]      # prints a summary per notebook
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import keyword
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "_build" / "student" / "src"

_FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$"
)
_CHECK = re.compile(r"""check\(\s*["'](?P<id>[\w.]+)["']""")
# The chapters' Exercises intro speaks of the solutions; in this edition they are answer cells.
_INTRO = re.compile(r"Each solution ends with `check\(\.\.\.\)`")
STUDENT_INTRO = "Each exercise has an answer cell below it that ends with `check(...)`"


def toc_files(root: Path = ROOT) -> list[str]:
    """Every ``file:`` of ``_toc.yml`` (and its ``root``), in order, without extension."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    out.append(node[key])
            for value in node.values():
                if isinstance(value, list | dict):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return list(dict.fromkeys(out))


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks the toc lists (paths relative to ``root``)."""
    files = [Path(f).with_suffix(".ipynb") for f in toc_files(root)]
    return [f for f in files if (root / f).is_file()]


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the directive opened at ``lines[start]`` (or len(lines))."""
    char, n = fence[0], len(fence)
    for j in range(start + 1, len(lines)):
        s = lines[j].strip()
        if s and set(s) == {char} and len(s) >= n:
            return j
    return len(lines)


@dataclass
class Solution:
    """One removed solution: its exercise label, the check ids and the text removed."""

    label: str
    ids: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # markdown text and code sources


def _hint_output(exercise_id: str) -> str:
    from lrdecay_lit.book.exercises import check

    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            check(exercise_id, ...)
    except KeyError:  # an id the package does not know: no stored output (nbval will say)
        return ""
    return buf.getvalue()


def _variable(exercise_id: str) -> str:
    name = exercise_id.rpartition(".")[2]
    if not name.isidentifier() or keyword.iskeyword(name) or name in {"check", "answer"}:
        name = "answer_" + re.sub(r"\W", "_", name)
    return name


def answer_cell(
    sol: Solution, title: str, need_import: bool, count: int = 1
) -> nbformat.NotebookNode:
    """The code cell that replaces a solution (stored output: the unanswered check's hint)."""
    what = f'Exercise "{title}"' if title else "Exercise"
    lines = [f"# {what}", "# replace each ... with your answer, then run the cell"]
    if need_import:
        lines.append("from lrdecay_lit.book.exercises import check")
        lines.append("")
    names = [_variable(i) for i in sol.ids]
    lines += [f"{n} = ..." for n in names]
    lines += [f'check("{i}", {n})' for i, n in zip(sol.ids, names, strict=True)]
    if not sol.ids:
        lines.append("answer = ...")
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    text = "".join(_hint_output(i) for i in sol.ids)
    if text:
        # what running the unanswered cell shows: the hints, then the last check's False
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=text),
            nbformat.v4.new_output(
                "execute_result", data={"text/plain": "False"}, execution_count=count
            ),
        ]
        cell.execution_count = count  # a count: nbval checks cells that were run
    cell.metadata = {}
    return cell


def strip_solutions(nb: nbformat.NotebookNode) -> list[Solution]:
    """Remove every gated solution from ``nb`` in place; return what was removed.

    Each solution becomes an answer cell (:func:`answer_cell`) where its end marker was; the
    markdown around the markers stays, split into a cell before and a cell after, and the
    Exercises intro's "Each solution ends with `check(...)`" becomes :data:`STUDENT_INTRO`.
    """
    cells_out: list[nbformat.NotebookNode] = []
    solutions: list[Solution] = []
    current: Solution | None = None
    titles: dict[str, str] = {}
    have_import = False
    count = 0  # the last execution count seen, so the answer cells continue the numbering

    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            count = max(count, int(cell.execution_count))
        if cell.cell_type != "markdown":
            if current is not None:
                current.removed.append(cell.source)
                current.ids += [m["id"] for m in _CHECK.finditer(cell.source)]
                continue
            if cell.cell_type == "code" and re.search(
                r"from lrdecay_lit\.book\.exercises import[^\n]*\bcheck\b", cell.source
            ):
                have_import = True
            cells_out.append(cell)
            continue
        lines = cell.source.split("\n")
        kept: list[str] = []

        def emit_text(kept: list[str] = kept, cell: nbformat.NotebookNode = cell) -> None:
            text = "\n".join(kept).strip("\n")
            if text.strip():
                cells_out.append(_markdown_like(cell, text))
            kept.clear()

        i = 0
        while i < len(lines):
            m = _FENCE.match(lines[i])
            name = m["name"] if m else ""
            if current is None and m and name == "exercise":
                end = _closing_fence(lines, i, m["fence"])
                block = "\n".join(lines[i : end + 1])
                lab = re.search(r"^\s*:label:\s*(\S+)", block, re.MULTILINE)
                if lab:
                    titles[lab.group(1)] = m["arg"].strip()
            if current is None and m and name == "solution-start":
                end = _closing_fence(lines, i, m["fence"])
                current = Solution(label=m["arg"].strip())
                current.removed.append("\n".join(lines[i : end + 1]))
                emit_text()
                i = end + 1
                continue
            if current is not None and m and name == "solution-end":
                end = _closing_fence(lines, i, m["fence"])
                current.ids = list(dict.fromkeys(current.ids))
                solutions.append(current)
                count += 1
                cells_out.append(
                    answer_cell(current, titles.get(current.label, ""), not have_import, count)
                )
                have_import = True
                current = None
                i = end + 1
                continue
            if current is not None:
                current.ids += [mm["id"] for mm in _CHECK.finditer(lines[i])]
                current.removed.append(lines[i])
            else:
                kept.append(lines[i])
            i += 1
        emit_text()
    if current is not None:
        raise ValueError(f"solution {current.label!r} has no {{solution-end}}")
    _student_intro(cells_out, solutions)
    nb.cells = cells_out
    return solutions


def _student_intro(cells: list[nbformat.NotebookNode], solutions: list[Solution]) -> None:
    """The Exercises intro's "each solution ends with check(...)", in place: with the
    solutions removed, the answer cells end with it (:data:`STUDENT_INTRO`)."""
    if not solutions:
        return
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = _INTRO.sub(STUDENT_INTRO, cell.source)


def _markdown_like(cell: nbformat.NotebookNode, text: str) -> nbformat.NotebookNode:
    new = nbformat.v4.new_markdown_cell(text)
    new.metadata = dict(cell.get("metadata", {}))
    if "attachments" in cell:
        new.attachments = cell.attachments
    return new


def _student_config(text: str) -> str:
    """The instructor ``_config.yml`` with the title marked and paths made absolute."""
    config = yaml.safe_load(text)
    config["title"] = f"{config.get('title', '')} (student edition)".strip()
    static = config.get("sphinx", {}).get("config", {}).get("html_static_path")
    if static:
        config["sphinx"]["config"]["html_static_path"] = [
            p if Path(p).is_absolute() else str(ROOT / p) for p in static
        ]
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def build_sources(out: Path = DEFAULT_OUT) -> dict[str, list[Solution]]:
    """Write the student sources into ``out``; return the removed solutions per notebook."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "_config.yml").write_text(
        "# Generated by tools/student_edition.py from the book's _config.yml; do not edit.\n"
        + _student_config((ROOT / "_config.yml").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    shutil.copyfile(ROOT / "_toc.yml", out / "_toc.yml")
    shutil.copytree(
        ROOT / "book",
        out / "book",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build", "__pycache__"),
    )
    # pages include files beside the book (``{literalinclude} ../lrdecay_lit/schedules.py``):
    # the rest of the repository is linked, not copied (the build excludes it as before)
    for entry in sorted(ROOT.iterdir()):
        if entry.name.startswith(".") or entry.name in {
            "_build",
            "book",
            "_config.yml",
            "_toc.yml",
        }:
            continue
        (out / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    report: dict[str, list[Solution]] = {}
    for rel in toc_notebooks(ROOT):
        nb = nbformat.read(ROOT / rel, as_version=4)
        sols = strip_solutions(nb)
        nbformat.write(nb, out / rel)
        report[rel.as_posix()] = sols
    (out / "solutions-removed.json").write_text(
        json.dumps(
            {k: [{"label": s.label, "ids": s.ids} for s in v] for k, v in report.items()},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    report = build_sources(args.out.resolve())
    total = sum(len(v) for v in report.values())
    for rel, sols in report.items():
        if sols:
            print(f"student_edition: {rel}: {len(sols)} solutions -> answer cells")
    print(f"student_edition: {total} solutions removed, sources in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
