"""The chapters as notebooks, on the website: ``{eval}`` numbers and the package's wheel.

* The ``eval`` role. A chapter's prose cites a glued number as
  ``{eval}`glued("final_A", ".4f")``` (:mod:`lrdecay_lit.book.glue`): jupyterlab-myst evaluates it
  in the kernel; on the website (execution off, so myst-nb's own ``eval`` role has no kernel)
  this role reads the output that ``glue("final_A", ...)`` stored in the notebook, formatted
  exactly like ``{glue:text}`final_A:.4f```. Anything but a ``glued("name"[, "fmt"])`` call
  is a build warning (an error in the strict build).
* Links to a label of another chapter. ``tools/convert_notebooks.py`` writes a cross-chapter
  ``{ref}`` as a Markdown link ``[text](errata.ipynb#errata-claim-4)`` (JupyterLab opens the
  other notebook; jupyterlab-myst cannot resolve the role). myst-parser resolves the fragment
  of such a link only as a heading slug; :class:`LabelLinks` resolves it first as the
  label it is, exactly like ``{ref}`text <errata-claim-4>```. A fragment that is neither
  stays myst-parser's warning (an error in the strict build).
* The wheel. ``lrdecay_lit-<version>-py3-none-any.whl`` is built from the repository at build
  time and copied next to the chapters (``book/`` in the site), so a downloaded chapter's
  first cell can install the package offline (``tools/convert_notebooks.py``).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

__all__ = ["GluedEvalRole", "LabelLinks", "parse_glued", "build_wheel", "setup"]

logger = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parents[2]
WHEEL_DIR = "book"  # where the chapters' pages and sources live in the site


def parse_glued(expression: str) -> tuple[str, str]:
    """``'glued("final_A", ".4f")'`` -> ``("final_A", ".4f")``.

    Example:
        >>> parse_glued('glued("final_A", ".4f")')
        ('final_A', '.4f')
        >>> parse_glued('glued("n")')
        ('n', '')

    Raises:
        ValueError: the expression is not a call of ``glued`` with one or two string literals.
    """
    try:
        call = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError:
        call = None
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "glued"
        and not call.keywords
        and 1 <= len(call.args) <= 2
    ):
        values = [
            a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if len(values) == len(call.args):
            return values[0], (values[1] if len(values) > 1 else "")
    raise ValueError(
        'the website evaluates only glued("name") or glued("name", "fmt") in {eval} '
        f"(the value a code cell glued); received {expression!r}"
    )


class GluedEvalRole(PasteTextRole):
    """``{eval}`glued("name", "fmt")``` on a page built from stored outputs."""

    text: str  # the role's content (set by docutils' role machinery)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            name, fmt = parse_glued(self.text)
        except ValueError as exc:
            msg = self.document.reporter.warning(str(exc), line=self.line)
            return [], [msg]
        self.text = f"{name}:{fmt}" if fmt else name
        return super().run()


class LabelLinks(SphinxPostTransform):
    """``[text](other.ipynb#label)`` -> a link to ``label`` in ``other`` (before myst-parser's
    resolver, which knows only heading slugs there)."""

    default_priority = 5  # myst-parser's MystReferenceResolver runs at 9

    def run(self, **kwargs: object) -> None:
        labels = self.env.get_domain("std").labels  # type: ignore[attr-defined]
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc":
                continue
            docname, label = node.get("reftarget"), node.get("reftargetid")
            found = labels.get(label) if label else None
            if not found or found[0] != docname:
                continue
            _, labelid, title = found
            inner = nodes.inline("", "", classes=["std", "std-ref"])
            if node.get("refexplicit"):
                inner.extend(c.deepcopy() for c in node[0].children)
            else:
                inner += nodes.Text(title)
            ref = make_refnode(
                self.app.builder, node.get("refdoc", self.env.docname), docname, labelid, inner
            )
            node.replace_self(ref)


def build_wheel(dest: Path) -> Path:
    """Build lrdecay_lit's wheel from the repository into ``dest`` (no network)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lrdecay-wheel-") as tmp:
        src = Path(tmp) / "src"  # a copy: setuptools writes build/ and *.egg-info in the tree
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO / name, src / name)
        shutil.copytree(
            REPO / "lrdecay_lit",
            src / "lrdecay_lit",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        out = Path(tmp) / "out"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--wheel-dir",
                str(out),
                str(src),
            ],
            check=True,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        )
        (wheel,) = out.glob("lrdecay_lit-*.whl")
        for old in dest.glob("lrdecay_lit-*.whl"):
            old.unlink()
        return Path(shutil.copy2(wheel, dest / wheel.name))


def _copy_wheel(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    wheel = build_wheel(Path(app.outdir) / WHEEL_DIR)
    logger.info(f"lrdecay_lit: wheel for the notebooks: {wheel.relative_to(app.outdir)}")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_role("eval", GluedEvalRole(), override=True)
    app.add_post_transform(LabelLinks)
    app.connect("build-finished", _copy_wheel)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
