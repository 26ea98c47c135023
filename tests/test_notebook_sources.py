"""The chapters' MyST for Jupyter and the site: tools/convert_notebooks.py and the normaliser.

* On a small notebook with every form the chapters use: the converter rewrites
  ``{glue:text}`` (with and without a format), ``{glue:math}`` with ``:label:``, the myst-nb
  import, folds solutions, turns ``{lrplot}`` directives into code cells, adds the install
  cell, and is
  idempotent; the normaliser undoes what JupyterLab rewrites when it saves.
* On every chapter in book/: each ``% glue:math`` copy equals its glued LaTeX, and each stored
  ``user_expressions`` value equals what the stored glue output gives (so what Jupyter shows
  before the kernel runs is what the website shows).
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import convert_notebooks as conv  # noqa: E402
import normalize_notebooks as norm  # noqa: E402

from lrdecay_lit.book.glue import format_text  # noqa: E402

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
P = conv.GLUE_PREFIX


def glue_output(name: str, **data: str) -> dict:
    return nbformat.v4.new_output(
        "display_data",
        data={P + k.replace("_", "/"): v for k, v in data.items()},
        metadata={"scrapbook": {"name": name, "mime_prefix": P}},
    )


def sample() -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    glue_cell = code('from myst_nb import glue\nglue("f", 0.123456)\nglue("eq", m)')
    glue_cell.outputs = [
        glue_output("f", text_plain="0.123456"),
        glue_output("n", text_plain="42"),
        glue_output("eq", text_latex=r"$\displaystyle \eta(t) = r^{t/T}$", text_plain="<Math>"),
    ]
    nb.cells = [
        md(
            "(chapter-x)=\n# x\n\n:::{admonition} The formula\n:class: tip\n\n"
            "```{glue:math} eq\n:label: x-eq\n```\n:::\n\n"
            "Value {glue:text}`f:.3f`, count {glue:text}`n`, see {eq}`x-eq`."
        ),
        glue_cell,
        md(
            "```{exercise} E\n:label: x-ex\n\nWhich?\n```\n\n"
            "````{solution-start} x-ex\n:class: dropdown\n````\n\nBecause:"
        ),
        code("answer = 1"),
        md("So it is {glue}`f`.\n\n````{solution-end}\n````\n\nAfter the exercise."),
        md("Live:\n\n```{lrplot} exponential_decay\n:num_steps: 80\n:log:\n```\n\nBelow."),
        code("explore('exponential_decay')"),
    ]
    return nb


def test_converter_rewrites_every_form_and_is_idempotent():
    nb = conv.convert(sample())
    text = "\n".join(c.source for c in nb.cells)
    assert "{glue" not in text and "myst_nb" not in text
    assert '{eval}`glued("f", ".3f")`' in text and '{eval}`glued("n")`' in text
    assert '{eval}`glued("f")`' in text
    assert "% glue:math eq" in text
    assert "```{math}\n:label: x-eq\n\\eta(t) = r^{t/T}\n```" in text
    assert "from lrdecay_lit.book.glue import glue, glued" in text
    # the install cell is the first code cell, hidden on the site, folded in Jupyter
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.id == conv.INSTALL_CELL_ID and "remove-cell" in first_code.metadata.tags
    # numbers shown before the kernel runs: what jupyterlab-myst stores after running the cell
    exprs = nb.cells[0].metadata["user_expressions"]
    assert [(e["expression"], e["result"]["data"]["text/plain"]) for e in exprs] == [
        ('glued("f", ".3f")', "0.123"),
        ('glued("n")', "42"),
    ]
    # the solution folds: code inside hidden (input and output), prose before the end gate
    # in a cell of its own, hidden; the cell with the end gate and what follows stays visible
    hidden = [c.source for c in nb.cells if c.metadata.get("jupyter", {}).get("source_hidden")]
    assert "answer = 1" in hidden and 'So it is {eval}`glued("f")`.' in hidden
    assert any(c.source.startswith("````{solution-end}") for c in nb.cells)
    assert "explore('exponential_decay')" not in hidden
    # the live plot directive (jupyterlab-myst: "Unknown Directive") is a code cell between
    # its prose, input removed on the site, its output stored (a note in Jupyter)
    i = next(i for i, c in enumerate(nb.cells) if "lrplot(" in c.source)
    plot = nb.cells[i]
    assert plot.cell_type == "code" and plot.metadata.tags == ["remove-input"]
    assert plot.source == (
        "from lrdecay_lit.book.glue import lrplot\n\n"
        'lrplot("exponential_decay", num_steps=80, log=True)'
    )
    (out,) = plot.outputs
    assert 'class="lrdecay-live-plot"' in out.data["text/html"]
    assert out.data["text/plain"].startswith("Live plot on the book's website: exponential_decay")
    assert [nb.cells[i - 1].source, nb.cells[i + 1].source] == ["Live:", "Below."]
    assert "{lrplot}" not in text
    # idempotent
    again = conv.convert(nb)
    assert nbformat.writes(again) == nbformat.writes(nb)


def test_converter_refreshes_a_stale_math_copy():
    nb = conv.convert(sample())
    nb.cells[2].outputs[2]["data"][P + "text/latex"] = r"$\displaystyle \eta(t) = 2$"
    text = conv.convert(nb).cells[0].source
    assert "```{math}\n:label: x-eq\n\\eta(t) = 2\n```" in text


def test_normaliser_undoes_what_jupyterlab_rewrites():
    canonical = norm.normalize(sample())
    lab = copy.deepcopy(canonical)
    lab.metadata.kernelspec["display_name"] = "Python 3"  # either name: one result
    lab.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    lab.cells[0].metadata["trusted"] = True
    lab.cells[2].outputs.append(
        nbformat.v4.new_output("display_data", data={"application/json": {"x": 1.0}})
    )
    canonical.cells[2].outputs.append(
        nbformat.v4.new_output("display_data", data={"application/json": {"x": 1}})
    )
    assert norm.dumps(norm.normalize(lab)) == norm.dumps(norm.normalize(canonical))
    assert norm.normalize(lab).metadata.kernelspec["display_name"] == "Python 3 (ipykernel)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_math_copies_and_stored_numbers_match_the_glued_outputs(path):
    nb = nbformat.read(path, as_version=4)
    glued = conv.glue_outputs(nb)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in conv._MATH_COPY.finditer(cell.source):
            assert m["body"] == conv.math_latex(glued[m["key"]]), (
                f"{path.name}: the {{math}} copy of {m['key']!r} is stale: "
                "run tools/convert_notebooks.py (make execute does)"
            )
        for expr in cell.metadata.get("user_expressions", []):
            call = conv._GLUED_CALL.match(expr["expression"])
            if call is None:
                continue
            expected = format_text(glued[call[1]]["text/plain"], call[2] or "")
            assert expr["result"]["data"]["text/plain"] == expected, (path.name, expr)
        for expr in re.findall(r"\{eval\}`([^`]+)`", cell.source):
            call = conv._GLUED_CALL.match(expr)
            assert call and call[1] in glued, f"{path.name}: {expr} names no glued value"


def test_solutions_fold_under_a_collapsed_jupyter_only_heading():
    nb = conv.convert(sample())
    ids = [c.id for c in nb.cells]
    start = next(i for i, c in enumerate(nb.cells) if "{solution-start}" in c.source)
    fold, end = nb.cells[start + 1], nb.cells[ids.index(fold_end_id(nb))]
    assert fold.source == conv.FOLD_HEADING and fold.metadata[conv.COLLAPSED] is True
    assert fold.metadata.tags == ["remove-cell"] and end.metadata.tags == ["remove-cell"]
    # the prose after the start gate and the solution's code are under the heading
    between = [c.source for c in nb.cells[start + 2 : ids.index(end.id)]]
    assert between == ["Because:", "answer = 1", 'So it is {eval}`glued("f")`.']
    assert nb.cells[ids.index(end.id) + 1].source.startswith("````{solution-end}")


def fold_end_id(nb) -> str:
    return next(c.id for c in nb.cells if c.id.endswith("-fold-end"))


def test_cross_chapter_links_and_listings(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    other = nbformat.v4.new_notebook()
    other.cells = [md("(chapter-other)=\n# The `other` one\n\n(other-claim)=\n## A claim\n\nText.")]
    nbformat.write(other, tmp_path / "other.ipynb")
    (tmp_path / "howto.md").write_text("(howto)=\n# How to run it\n")
    here = nbformat.v4.new_notebook()
    here.cells = [
        md(
            "(here-label)=\n# Here\n\nSee {doc}`other`, {doc}`its chapter <other>`, "
            "{ref}`other-claim`, {ref}`the claim <other-claim>`, {ref}`howto`, "
            "{ref}`here-label` and {ref}`missing`."
        ),
        md(
            ":::{admonition} Source\n:class: dropdown\n\n```{literalinclude} "
            "../lrdecay_lit/book/glue.py\n:language: python\n:pyobject: format_text\n"
            "```\n:::\n\nAfter."
        ),
        code("x = 1"),
    ]
    path = tmp_path / "here.ipynb"
    nbformat.write(here, path)
    nb = conv.convert(nbformat.read(path, as_version=4), str(path))
    assert nb.cells[0].source == (
        "(here-label)=\n# Here\n\nSee [The other one](other.ipynb), [its chapter](other.ipynb), "
        "[A claim](other.ipynb#other-claim), [the claim](other.ipynb#other-claim), "
        "[How to run it](howto.md), {ref}`here-label` and {ref}`missing`."
    )
    # (the install cell goes before the first code cell: here the listing, which needs it)
    box, listing, after = [c for c in nb.cells[1:] if c.id != conv.INSTALL_CELL_ID][:3]
    assert box.source.endswith(":::") and after.source == "After."
    assert listing.metadata.tags == ["remove-cell"] and listing.metadata.jupyter["source_hidden"]
    assert 'listing("../lrdecay_lit/book/glue.py", pyobject="format_text")' in listing.source
    (out,) = listing.outputs
    assert out.data["text/plain"].startswith("def format_text(")
    again = conv.convert(nb, str(path))
    assert nbformat.writes(again) == nbformat.writes(nb)
    # the directive moves on (a module split): the listing follows it
    box.source = box.source.replace(":pyobject: format_text", ":pyobject: glued")
    moved = conv.convert(nb, str(path))
    listing = next(c for c in moved.cells if c.id == listing.id)
    assert 'pyobject="glued"' in listing.source
    assert listing.outputs[0].data["text/plain"].startswith("def glued(")
