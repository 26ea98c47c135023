"""The ``nqmplot`` directive: SGD on the noisy quadratic under a schedule, live in the browser.

::

    ```{nqmplot} cosine_decay
    :num_steps: 1000
    :params: learning_rate=2.0, decay_steps=1000
    :curvature: 0.02
    :noise: 0.5
    :start: 10
    ```

draws the schedule (``schedules.js``, printed from the sympy expressions) next to the expected
loss of SGD on :math:`f(x) = \\lambda x^2/2` with gradient noise :math:`\\sigma` under it
(``nqm.js``: :func:`lrdecay_lit.jsgen.js_noisy_quadratic`, printed from
:func:`lrdecay_lit.symbolic.nqm_recursion`), split into bias and variance, with a slider per
hyper-parameter and per model number. The schedule is validated at build time by
:class:`lrdecay_lit.registry.Schedule`. Registered by :mod:`lrdecay_lit.sphinxext`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["nqmplot_node", "NqmplotDirective", "make_nqmplot_node", "nqm_config", "setup"]

STATIC = Path(__file__).resolve().parent / "static"
ASSET_DIR = "lrplot"  # the same folder as lrplot's assets (schedules.js, specs.js)
FILES = ("nqmplot.js", "nqmplot.css")


class nqmplot_node(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for a live NQM plot; ``node["config"]`` is the JSON the front end reads."""


def nqm_config(
    name: str,
    *,
    num_steps: int = 1000,
    params: dict[str, object] | None = None,
    curvature: float = 0.02,
    noise: float = 0.5,
    start: float = 10.0,
    title: str | None = None,
) -> dict[str, Any]:
    """The JSON of one plot: the schedule's full params (validated) and the model's numbers.

    Example:
        >>> cfg = nqm_config("cosine_decay", params={"learning_rate": 2.0, "decay_steps": 100})
        >>> cfg["params"]["alpha"], cfg["nqm"]
        (0.0, {'lambda': 0.02, 'sigma': 0.5, 'E_0': 10.0})
    """
    from lrdecay_lit._validation import check_real
    from lrdecay_lit.plotting import curve_spec
    from lrdecay_lit.registry import Schedule
    from lrdecay_lit.specs import SPECS

    spec = curve_spec(name)
    full = Schedule(spec.name, **{**spec.params, **(params or {})}).params
    full = {p.name: full.get(p.name, p.default) for p in SPECS[spec.name]}
    return {
        "name": spec.name,
        "params": full,
        "num_steps": int(num_steps),
        "nqm": {
            "lambda": check_real("curvature", curvature, gt=0),
            "sigma": check_real("noise", noise, gt=0),
            "E_0": check_real("start", start, gt=0),
        },
        "title": title or f"{spec.name} on the noisy quadratic",
    }


class NqmplotDirective(SphinxDirective):
    """``{nqmplot} NAME`` with ``:num_steps:``, ``:params:``, ``:curvature:``, ``:noise:``,
    ``:start:`` and ``:title:``."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "num_steps": directives.positive_int,
        "params": directives.unchanged,
        "curvature": float,
        "noise": float,
        "start": float,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        try:
            node = make_nqmplot_node(self.arguments[0], self.options)
        except (ValueError, TypeError) as err:
            raise self.error(f"nqmplot: {err}") from None
        self.set_source_info(node)
        return [node]


def make_nqmplot_node(name: str, options: dict[str, Any]) -> nqmplot_node:
    """The live plot of ``{nqmplot} NAME`` with ``options`` (converted by the directive's
    option spec). Raises ValueError/TypeError (the library's messages)."""
    from lrdecay_lit.sphinxext import parse_params

    node = nqmplot_node()
    node["config"] = nqm_config(
        name,
        num_steps=options.get("num_steps", 1000),
        params=parse_params(options.get("params", "")),
        curvature=options.get("curvature", 0.02),
        noise=options.get("noise", 0.5),
        start=options.get("start", 10.0),
        title=options.get("title"),
    )
    return node


def _visit_html(self: Any, node: nqmplot_node) -> None:
    from html import escape

    data = escape(json.dumps(node["config"], separators=(",", ":")), quote=True)
    self.body.append(
        f'<div class="nqmplot" data-nqmplot="{data}">'
        "<p><em>Live plot of SGD on the noisy quadratic: it needs JavaScript (no network, "
        "no kernel).</em></p>"
    )


def _depart_html(self: Any, node: nqmplot_node) -> None:
    self.body.append("</div>\n")


def _skip(self: Any, node: nqmplot_node) -> None:
    raise nodes.SkipNode


def write_assets(static_dir: Path) -> list[Path]:
    """Write ``nqm.js`` (printed from sympy) and the front end into ``static_dir/lrplot/``."""
    import shutil

    from lrdecay_lit.jsgen import js_noisy_quadratic

    out = static_dir / ASSET_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        shutil.copyfile(STATIC / name, out / name)
        written.append(out / name)
    (out / "nqm.js").write_text(js_noisy_quadratic(), encoding="utf-8")
    return [*written, out / "nqm.js"]


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html":
        write_assets(Path(app.outdir) / "_static")


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or doctree is None:
        return
    if doctree.next_node(nqmplot_node) is None:
        return
    builder: Any = app.builder
    styles = {str(getattr(css, "filename", "")) for css in context.get("css_files", [])}
    for css in ("plotkit.css", "nqmplot.css"):  # plotkit.*: shared with lrplot (package's)
        if f"_static/{ASSET_DIR}/{css}" not in styles:
            builder.add_css_file(f"{ASSET_DIR}/{css}")
    have = {str(getattr(js, "filename", "")) for js in context.get("script_files", [])}
    for name in ("schedules.js", "specs.js", "nqm.js", "plotkit.js", "nqmplot.js"):
        if f"_static/{ASSET_DIR}/{name}" not in have:
            builder.add_js_file(f"{ASSET_DIR}/{name}")


def setup(app: Sphinx) -> None:
    """Register the node, the directive and the two event handlers (called by the package's)."""
    app.add_node(
        nqmplot_node,
        html=(_visit_html, _depart_html),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("nqmplot", NqmplotDirective)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=800)
