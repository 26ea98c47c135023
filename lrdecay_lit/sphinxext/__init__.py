"""Sphinx extension for the book's static website: live plots without a kernel, static-page fixes.

Enabled in ``_config.yml`` (``sphinx: extra_extensions: [..., lrdecay_lit.sphinxext]``). It adds:

* The ``lrplot`` directive: a live plot of one or more schedules that redraws in the browser
  when a slider, checkbox or list box changes, with no Python kernel behind the page::

      ```{lrplot} exponential_decay
      ```

      ```{lrplot} B.exponential
      :num_steps: 100
      :params: decay_rate=0.8, staircase=true
      :title: staircase and smooth
      :log:
      ```

  Arguments are what :func:`lrdecay_lit.widgets.explore` and ``compare`` accept as strings:
  schedule names (starting from the articles' values, :func:`lrdecay_lit.specs.example_params`)
  or article example keys (``B.cosine``; a prefix such as ``B.exponential`` gives all its
  curves); several arguments overlay several curves, each with its own controls. ``:params:``
  overrides hyper-parameters (``name=value`` pairs, values as JSON: ``0.8``, ``true``,
  ``[10, 20]``) in every curve that has them. The curves are validated at build time by
  :class:`lrdecay_lit.registry.Schedule` (a bad value is a build error).

  The page gets three small scripts, written into ``_static/lrplot/`` at build time:
  ``schedules.js`` (:func:`lrdecay_lit.jsgen.js_module`, printed from the sympy expressions),
  ``specs.js`` (:data:`lrdecay_lit.specs.SPECS` as JSON: ranges, steps, defaults) and
  ``lrplot.js`` (the plain-JS front end, an SVG plot). No folder named ``_static/`` is needed
  at the book root (see the trap in ``_config.yml``).

* Fixes for jupyter-book 1.x pages opened from disk:

  - a script written twice into every page is written once (sphinx-thebe's
    ``const THEBE_JS_URL`` declared twice is a ``SyntaxError`` in the console);
  - pages with saved widgets load ``static-page-fixes.js`` before the widget embed script:
    MathJax 2's ``MathJax.Hub.Queue`` mapped onto MathJax 3, and the embed script's icon fonts
    found in the folder they are vendored in;
  - search works from ``file://`` without errors (no result summaries there: they are
    fetched, and browsers refuse ``fetch`` from disk);
  - the theme's colour mode defaults to ``auto`` (an empty default logs
    "Got invalid theme mode" as a console error);
  - notebook pages get an "Open in Jupyter" button group: the chapter in a local JupyterLab
    started by ``make lab``, and the page on running the book locally.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__all__ = ["lrplot_node", "LrplotDirective", "parse_params", "plot_config", "setup"]

STATIC = Path(__file__).resolve().parent / "static"
ASSET_DIR = "lrplot"  # under the site's _static/
FRONT_END = ("lrplot.js", "lrplot.css", "static-page-fixes.js")
RUNNING_LOCALLY = "book/running-locally"  # docname of the page on running the book locally
LAB_URL = "http://localhost:8888/lab/tree/"  # `make lab` serves book/ on JupyterLab's port

# matplotlib's default colour cycle, for curves without an article colour
_CYCLE = ("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9")


class lrplot_node(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for a live plot; ``node["config"]`` is the JSON the front end reads."""


def parse_params(text: str) -> dict[str, object]:
    """``"decay_rate=0.8, staircase=true, boundaries=[10, 20]"`` -> a dict (values as JSON).

    Example:
        >>> parse_params("decay_rate=0.8, staircase=true, boundaries=[10, 20]")
        {'decay_rate': 0.8, 'staircase': True, 'boundaries': [10, 20]}
    """
    out: dict[str, object] = {}
    rest = text.strip()
    decoder = json.JSONDecoder()
    while rest:
        name, sep, rest = rest.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"expected name=value pairs, got {text!r}")
        rest = rest.strip()
        word = rest.split(",", 1)[0].strip()
        if word in ("True", "False"):  # Python spelling of the booleans
            value, end = word == "True", len(rest.split(",", 1)[0])
        else:
            try:
                value, end = decoder.raw_decode(rest)
            except json.JSONDecodeError as err:
                raise ValueError(f"bad value for {name} in {text!r}: {err.msg}") from None
        out[name] = value
        rest = rest[end:].strip()
        if rest and not rest.startswith(","):
            raise ValueError(f"expected ',' after {name}=... in {text!r}")
        rest = rest[1:].strip()
    return out


def _css_color(color: str | None, index: int) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color or _CYCLE[index % len(_CYCLE)])


def plot_config(
    items: list[str],
    *,
    num_steps: int | None = None,
    params: dict[str, object] | None = None,
    title: str | None = None,
    log: bool = False,
    budget: bool = False,
) -> dict[str, Any]:
    """The JSON the front end reads: curves (name, label, colour, full params) and options.

    Raises ValueError/TypeError (the library's messages) for an unknown schedule or example,
    a parameter no curve has, or an invalid value.

    Example:
        >>> cfg = plot_config(["B.exponential"], params={"decay_rate": 0.5})
        >>> [(c["label"], c["params"]["decay_rate"]) for c in cfg["curves"]]
        [('exponential_decay, staircase=True', 0.5), ('exponential_decay, staircase=False', 0.5)]
        >>> cfg["num_steps"]
        60
    """
    from lrdecay_lit.plotting import curve_label, curve_spec, expand_items
    from lrdecay_lit.registry import Schedule
    from lrdecay_lit.specs import SPECS

    params = dict(params or {})
    specs = [curve_spec(item) for item in expand_items(items)]
    if not specs:
        raise ValueError("lrplot needs at least one schedule name or example key")
    unused = set(params)
    curves = []
    for i, spec in enumerate(specs):
        names = {p.name for p in SPECS[spec.name]}
        mine = {k: v for k, v in params.items() if k in names}
        unused -= set(mine)
        full = Schedule(spec.name, **{**spec.params, **mine}).params  # validates
        full = {p.name: full.get(p.name, p.default) for p in SPECS[spec.name]}
        label = spec.label or curve_label(spec.name, full)
        curves.append(
            {
                "name": spec.name,
                "label": label,
                "color": _css_color(spec.color, i),
                "params": full,
            }
        )
    if unused:
        raise ValueError(
            f"no curve of this plot has the parameter(s) {', '.join(sorted(unused))} "
            f"(curves: {', '.join(c['name'] for c in curves)})"
        )
    return {
        "curves": curves,
        "num_steps": int(num_steps or max(s.num_steps for s in specs)),
        "title": title or " vs ".join(dict.fromkeys(c["name"] for c in curves)),
        "log": bool(log),
        "budget": bool(budget),
    }


class LrplotDirective(SphinxDirective):
    """``{lrplot} NAME_OR_EXAMPLE [MORE ...]`` with ``:num_steps:``, ``:params:``,
    ``:title:``, ``:log:`` and ``:budget:`` (see the module docstring)."""

    required_arguments = 1
    optional_arguments = 20
    has_content = False
    option_spec = {
        "num_steps": directives.positive_int,
        "params": directives.unchanged,
        "title": directives.unchanged,
        "log": directives.flag,
        "budget": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        try:
            params = parse_params(self.options.get("params", ""))
            config = plot_config(
                list(self.arguments),
                num_steps=self.options.get("num_steps"),
                params=params,
                title=self.options.get("title"),
                log="log" in self.options,
                budget="budget" in self.options,
            )
        except (ValueError, TypeError) as err:
            raise self.error(f"lrplot: {err}") from None
        node = lrplot_node()
        node["config"] = config
        self.set_source_info(node)
        return [node]


def _visit_html(self: Any, node: lrplot_node) -> None:
    from html import escape

    data = escape(json.dumps(node["config"], separators=(",", ":")), quote=True)
    names = ", ".join(c["label"] for c in node["config"]["curves"])
    self.body.append(
        f'<div class="lrplot" data-lrplot="{data}">'
        f"<p><em>Live plot of {escape(names)}: it needs JavaScript (no network, no kernel)."
        "</em></p>"
    )


def _depart_html(self: Any, node: lrplot_node) -> None:
    self.body.append("</div>\n")


def _skip(self: Any, node: lrplot_node) -> None:
    raise nodes.SkipNode


# ---------------------------------------------------------------------------------- assets


def write_assets(static_dir: Path) -> list[Path]:
    """Write the front end into ``static_dir/lrplot/`` and return the files written."""
    from lrdecay_lit.jsgen import js_module
    from lrdecay_lit.specs import SPECS

    out = static_dir / ASSET_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FRONT_END:
        shutil.copyfile(STATIC / name, out / name)
        written.append(out / name)
    (out / "schedules.js").write_text(js_module(), encoding="utf-8")
    specs = {
        name: [
            {
                "name": p.name,
                "kind": p.kind,
                "default": p.default,
                "example": p.example,
                "min": p.min,
                "max": p.max,
                "step": p.step,
                "log": p.log,
                "description": p.description,
            }
            for p in spec
        ]
        for name, spec in SPECS.items()
    }
    (out / "specs.js").write_text(
        "// lrdecay_lit.specs.SPECS as JSON, written by lrdecay_lit.sphinxext at build time.\n"
        f"window.LRDECAY_SPECS = {json.dumps(specs, indent=1)};\n",
        encoding="utf-8",
    )
    written += [out / "schedules.js", out / "specs.js"]
    return written


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    write_assets(Path(app.outdir) / "_static")


def _config_inited(app: Sphinx, config: Any) -> None:
    # pydata-sphinx-theme writes `localStorage.mode || "{{ default_mode }}"`; empty -> error
    config.html_context = {"default_mode": "auto", **(config.html_context or {})}


# ------------------------------------------------------------------------------- page fixes


def _script_key(js: Any) -> tuple[object, ...]:
    attrs = getattr(js, "attributes", {}) or {}
    return (getattr(js, "filename", js) or "", getattr(js, "priority", 500), *sorted(attrs.items()))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    builder: Any = app.builder
    if doctree is not None and doctree.next_node(lrplot_node) is not None:
        builder.add_css_file(f"{ASSET_DIR}/lrplot.css")
        for name in ("schedules.js", "specs.js", "lrplot.js"):
            builder.add_js_file(f"{ASSET_DIR}/{name}")

    if pagename == "search":
        # Result summaries are fetched from the page sources, which a browser refuses from
        # file:// ("Failed to fetch" per result); the results themselves work from disk.
        builder.add_js_file(
            None,
            body='if (location.protocol === "file:") '
            "DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;",
        )

    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    # sphinx-thebe's configuration script (and togglebutton's) is registered twice
    seen: set[tuple[object, ...]] = set()
    unique = []
    for js in scripts:
        key = _script_key(js)
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique

    # the widget embed script: load the MathJax/icon-font fixes just before it
    widget_js = [str(p) for p in (getattr(app.config, "nb_ipywidgets_js", None) or {})]
    widget_js = [w for w in widget_js if "://" not in w]
    found = [
        (i, str(js.filename))
        for i, js in enumerate(scripts)
        if any(str(getattr(js, "filename", "") or "").endswith(w) for w in widget_js)
    ]
    if found:
        embed = next((f for _, f in found if "embed" in posixpath.basename(f)), found[-1][1])
        rel = posixpath.relpath(posixpath.dirname(embed), f"_static/{ASSET_DIR}") + "/"
        first = found[0][0]
        builder.add_js_file(
            f"{ASSET_DIR}/static-page-fixes.js",
            priority=getattr(scripts[first], "priority", 500),
            **{"data-widgets-assets": rel},
        )
        scripts.insert(first, scripts.pop())

    _add_open_in_jupyter(app, pagename, context)


def _add_open_in_jupyter(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    buttons = context.get("header_buttons")
    if not isinstance(buttons, list):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".ipynb":
        return
    try:
        rel = source.relative_to(Path(app.srcdir)).as_posix()
    except ValueError:
        return
    in_book = rel.split("/", 1)[1] if rel.startswith("book/") else rel
    how = context["pathto"](RUNNING_LOCALLY) + "#open-a-chapter-in-jupyter"
    buttons.insert(
        0,
        {
            "type": "group",
            "tooltip": "Open in Jupyter",
            "icon": "fas fa-rocket",
            "label": "open-in-jupyter-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": LAB_URL + in_book,
                    "text": "JupyterLab (make lab)",
                    "tooltip": f"Open {rel} in the JupyterLab that `make lab` starts "
                    "(localhost:8888)",
                    "icon": "fas fa-flask",
                    "label": "open-in-jupyterlab-button",
                },
                {
                    "type": "link",
                    "url": how,
                    "text": "How to run it",
                    "tooltip": f"Run {rel} on your machine: jupyter lab {rel}",
                    "icon": "fas fa-terminal",
                    "label": "how-to-run-button",
                },
            ],
        },
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        lrplot_node,
        html=(_visit_html, _depart_html),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("lrplot", LrplotDirective)
    from lrdecay_lit.sphinxext import nqmplot  # the noisy quadratic's live plot (nqmplot.py)

    nqmplot.setup(app)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    # late: after Sphinx/myst-nb/the theme have added their scripts and header buttons
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
