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

      ```{lrplot}
      :composite: {"name": "warmup", "schedule": {"name": "cosine_decay", ...}, ...}
      ```

      ```{lrplot}
      :dispatch: exponential, polynomial, fixed
      :flags: batch_size=256
      :epochs:
      ```

  Arguments are what :func:`lrdecay_lit.widgets.explore` and ``compare`` accept as strings:
  schedule names (starting from the articles' values, :func:`lrdecay_lit.specs.example_params`)
  or article example keys (``B.cosine``; a prefix such as ``B.exponential`` gives all its
  curves); several arguments overlay several curves, each with its own controls. ``:params:``
  overrides hyper-parameters (``name=value`` pairs, values as JSON: ``0.8``, ``true``,
  ``[10, 20]``) in every curve that has them. The curves are validated at build time by
  :class:`lrdecay_lit.registry.Schedule` (a bad value is a build error).
  ``:composite:`` adds composites (a JSON config, or a list of them, as
  :func:`lrdecay_lit.composites.from_config` reads) and ``:dispatch:`` TF-slim's decay types
  with the flags of ``:flags:`` (:func:`lrdecay_lit.jsgen.composite_curve`,
  :func:`~lrdecay_lit.jsgen.dispatch_curve`: their JS is printed from sympy at build time
  and travels in the page); ``:epochs:`` labels the x axis in epochs
  (``num_samples_per_epoch / batch_size`` steps each).

  The page gets four small scripts, written into ``_static/lrplot/`` at build time:
  ``schedules.js`` (:func:`lrdecay_lit.jsgen.js_module`, printed from the sympy expressions),
  ``specs.js`` (:data:`lrdecay_lit.specs.SPECS` as JSON: ranges, steps, defaults),
  ``plotkit.js`` (the helpers lrplot and nqmplot share; ``plotkit.css`` their common look) and
  ``lrplot.js`` (the plain-JS front end, an SVG plot). No folder named ``_static/`` is needed
  at the book root (see the trap in ``_config.yml``).

* No ipywidgets on the site: every widget view a notebook saved
  (``application/vnd.jupyter.widget-view+json``) is replaced in the HTML, whatever the cell's
  tags or the saved widget state, by one line saying that the Python explorer runs in the
  notebook, with a link to the page on running the book locally; the saved widget state is
  not written into the page either. The kernel-free ``{lrplot}`` is the site's explorer.

* ``site.css`` on every page: wide tables and long displayed formulas scroll inside their
  own box, headings wrap, inline code and panels readable in dark mode, one search button.

* A CJK font subset (:func:`write_cjk_fonts`): at the end of the build every character of
  the CJK blocks that a built page uses is cut out of Noto Sans CJK SC (Debian's
  ``fonts-noto-cjk``) into ``_static/lrplot/fonts/*.woff2`` (fontTools, brotli), declared in
  ``site.css`` as a fallback after the theme's fonts, so the articles' Chinese quotations
  render on machines without a CJK font.

* Fixes for jupyter-book 1.x pages opened from disk:

  - a script written twice into every page is written once (sphinx-thebe's
    ``const THEBE_JS_URL`` declared twice is a ``SyntaxError`` in the console);
  - search works from ``file://`` without errors (no result summaries there: they are
    fetched, and browsers refuse ``fetch`` from disk);
  - the theme's colour mode defaults to ``auto`` (an empty default logs
    "Got invalid theme mode" as a console error);
  - notebook pages get an "Open in Jupyter" button group: the chapter in a local JupyterLab
    started by ``make lab``, and the page on running the book locally.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

__all__ = [
    "lrplot_node",
    "LrplotDirective",
    "make_lrplot_node",
    "parse_params",
    "plot_config",
    "cjk_characters",
    "write_cjk_fonts",
    "setup",
]

STATIC = Path(__file__).resolve().parent / "static"
ASSET_DIR = "lrplot"  # under the site's _static/
FRONT_END = ("plotkit.js", "plotkit.css", "lrplot.js", "lrplot.css", "site.css")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTE = (
    "The Python explorer (ipywidgets) runs when you run this chapter as a notebook; "
    "on this page the live plots run in your browser. See "
)
# Noto Sans CJK (Debian fonts-noto-cjk): face index 2 of the collection is Simplified Chinese
CJK_FONTS = {
    "regular": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
}
CJK_DIR = "fonts"  # under _static/lrplot/
# Unicode blocks drawn from the CJK font (ideographs, kana, CJK punctuation, full-width forms)
CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
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
    composites: list[dict[str, Any]] | None = None,
    dispatch: list[str] | None = None,
    flags: dict[str, object] | None = None,
    epochs: bool = False,
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
    from lrdecay_lit.book.examples import article_examples  # the book's keys: resolved here
    from lrdecay_lit.composites import from_config
    from lrdecay_lit.jsgen import composite_curve, dispatch_curve
    from lrdecay_lit.plotting import curve_label, curve_spec, expand_items
    from lrdecay_lit.registry import Schedule
    from lrdecay_lit.specs import SPECS

    params = dict(params or {})
    specs = [curve_spec(item) for item in article_examples(*expand_items(items))]
    if not specs and not composites and not dispatch:
        raise ValueError("lrplot needs at least one schedule name, example key, composite or type")
    unused = set(params)
    curves: list[dict[str, Any]] = []
    specs_steps = [s.num_steps for s in specs]
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
    extra = []
    for config in composites or []:
        comp = from_config(config)
        extra.append(
            {
                "name": comp.name,
                "label": comp.label,
                **composite_curve(comp),
                "core": {"composite": comp.get_config()},
                "num_steps": comp.num_steps,
            }
        )
    for decay_type in dispatch or []:
        extra.append(
            {
                "name": f"dispatch_{decay_type}",
                "label": f"'{decay_type}'",
                **dispatch_curve(decay_type, **dict(flags or {})),  # type: ignore[arg-type]
                "core": {"dispatch": decay_type},
            }
        )
    for c in extra:
        n = c.pop("num_steps", None)
        c["stepped_always"] = c.pop("stepped")
        c["color"] = _css_color(None, len(curves))
        curves.append(c)
        if isinstance(n, int) and n:
            specs_steps.append(n)
    if unused:
        raise ValueError(
            f"no curve of this plot has the parameter(s) {', '.join(sorted(unused))} "
            f"(curves: {', '.join(c['name'] for c in curves)})"
        )
    return {
        "curves": curves,
        "num_steps": int(num_steps or max(specs_steps or [100])),
        "title": title
        or " vs ".join(dict.fromkeys(c["label"] if "js" in c else c["name"] for c in curves)),
        "log": bool(log),
        "budget": bool(budget),
        "epochs": {"samples": "num_samples_per_epoch", "batch": "batch_size"} if epochs else None,
    }


class LrplotDirective(SphinxDirective):
    """``{lrplot} NAME_OR_EXAMPLE [MORE ...]`` with ``:num_steps:``, ``:params:``,
    ``:title:``, ``:log:`` and ``:budget:`` (see the module docstring)."""

    required_arguments = 0
    optional_arguments = 20
    has_content = False
    option_spec = {
        "num_steps": directives.positive_int,
        "params": directives.unchanged,
        "title": directives.unchanged,
        "log": directives.flag,
        "budget": directives.flag,
        "composite": directives.unchanged,
        "dispatch": directives.unchanged,
        "flags": directives.unchanged,
        "epochs": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        try:
            node = make_lrplot_node(list(self.arguments), self.options)
        except (ValueError, TypeError) as err:
            raise self.error(f"lrplot: {err}") from None
        self.set_source_info(node)
        return [node]


def make_lrplot_node(arguments: list[str], options: dict[str, Any]) -> lrplot_node:
    """The live plot of ``{lrplot} ARGUMENTS`` with ``options`` (converted by the
    directive's option spec). Raises ValueError/TypeError (the library's messages)."""
    params = parse_params(options.get("params", ""))
    composites = None
    if "composite" in options:
        try:
            composites = json.loads(options["composite"])
        except json.JSONDecodeError as err:
            raise ValueError(f"composite: not JSON: {err.msg}") from None
        if isinstance(composites, dict):
            composites = [composites]
    dispatch = [d.strip() for d in options.get("dispatch", "").split(",") if d.strip()]
    node = lrplot_node()
    node["config"] = plot_config(
        arguments,
        num_steps=options.get("num_steps"),
        params=params,
        title=options.get("title"),
        log="log" in options,
        budget="budget" in options,
        composites=composites,
        dispatch=dispatch,
        flags=parse_params(options.get("flags", "")),
        epochs="epochs" in options,
    )
    return node


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
        for css in ("plotkit.css", "lrplot.css"):  # plotkit: what lrplot and nqmplot share
            builder.add_css_file(f"{ASSET_DIR}/{css}")
        for name in ("schedules.js", "specs.js", "plotkit.js", "lrplot.js"):
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

    # no ipywidgets on the site (see _drop_widget_views): no saved state in the page either
    scripts[:] = [
        js for js in scripts if (getattr(js, "attributes", {}) or {}).get("type") != WIDGET_STATE
    ]

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


# ------------------------------------------------------------------------- widget views


def _drop_widget_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every saved ipywidget view by one honest line (DECISIONS.md item 1)."""
    if app.builder.format != "html":
        return
    marker = f'<script type="{WIDGET_VIEW}">'
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split() or marker not in raw.astext():
            continue
        try:
            uri = app.builder.get_relative_uri(docname, RUNNING_LOCALLY)
        except Exception:  # noqa: BLE001 - a builder without relative URIs
            uri = ""
        note = nodes.paragraph(classes=["widget-note"])
        note += nodes.emphasis(text=WIDGET_NOTE)
        link = nodes.reference(
            "", "Running the book locally", refuri=uri + "#open-a-chapter-in-jupyter"
        )
        note += link
        note += nodes.Text(".")
        raw.replace_self(note)


# ------------------------------------------------------------------------ live plot cells


def _live_plot_node(spec: dict[str, Any]) -> nodes.Element:
    """The node of a ``lrplot(...)`` / ``nqmplot(...)`` cell's stored spec
    (:class:`lrdecay_lit.book.glue.LivePlot`), through the directive's own option spec."""
    from lrdecay_lit.sphinxext import nqmplot

    directive = spec.get("directive")
    classes: dict[str, Any] = {"lrplot": LrplotDirective, "nqmplot": nqmplot.NqmplotDirective}
    if directive not in classes:
        raise ValueError(f"unknown live plot {directive!r} (lrplot or nqmplot)")
    option_spec = classes[directive].option_spec
    options: dict[str, Any] = {}
    for name, text in dict(spec.get("options") or {}).items():
        if name not in option_spec:
            raise ValueError(f"{directive}: unknown option {name!r}")
        options[name] = option_spec[name](text if text else None)
    arguments = [str(a) for a in spec.get("arguments") or []]
    if directive == "lrplot":
        return make_lrplot_node(arguments, options)
    if len(arguments) != 1:
        raise ValueError(f"nqmplot takes one schedule name, got {arguments}")
    return nqmplot.make_nqmplot_node(arguments[0], options)


def _live_plot_cells(app: Sphinx, doctree: nodes.document) -> None:
    """Each stored ``lrplot(...)`` / ``nqmplot(...)`` output (a notebook code cell, tagged
    ``remove-input``) becomes the live plot the directive draws; the cell's Jupyter note
    does not reach the page. A bad spec is a build warning (an error in the strict build)."""
    from html import unescape

    from lrdecay_lit.book.glue import LIVE_PLOT_CLASS

    marker = re.compile(rf'<div class="{LIVE_PLOT_CLASS}" data-live-plot="([^"]*)"')
    for raw in list(doctree.findall(nodes.raw)):
        found = marker.search(raw.astext())
        if not found or "html" not in raw.get("format", "").split():
            continue
        try:
            node = _live_plot_node(json.loads(unescape(found[1])))
        except (ValueError, TypeError) as err:
            logger.warning(f"live plot cell: {err}", location=raw)
            continue
        node.source, node.line = raw.source, raw.line
        # the whole cell (input removed, one output) becomes the plot, as the directive's
        target: nodes.Element = raw
        cell = raw.parent
        while cell is not None and "cell" not in cell.get("classes", []):
            cell = cell.parent
        if cell is not None and len(list(cell.findall(nodes.raw))) == 1:
            target = cell
        target.replace_self(node)


# ------------------------------------------------------------------------------- CJK font


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in CJK_RANGES)


def cjk_characters(text: str) -> set[str]:
    """The characters of ``text`` in the CJK blocks the site's font subset covers.

    Example:
        >>> cjk_characters("tensorflow 中的学习率, 先生。") == set("中的学习率先生。")
        True
    """
    return {ch for ch in text if _is_cjk(ch)}


def _site_text(outdir: Path) -> str:
    """Every built page and the search index (what a reader can see), as one string."""
    import html as html_lib

    parts = []
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        parts.append(html_lib.unescape(page.read_text(encoding="utf-8")))
    index = outdir / "searchindex.js"
    if index.is_file():
        parts.append(index.read_text(encoding="utf-8").encode().decode("unicode_escape", "ignore"))
    return "\n".join(parts)


def write_cjk_fonts(outdir: Path, fonts: dict[str, tuple[str, int]] | None = None) -> list[Path]:
    """Cut the CJK characters the built site uses out of Noto Sans CJK into woff2 files.

    ``outdir`` is the built site (``_build/html``); the subsets go to
    ``_static/lrplot/fonts/cjk-{regular,bold}.woff2`` (``site.css`` declares them), with the
    characters in ``characters.txt``; nothing when no page has a CJK character. Raises
    FileNotFoundError naming the Debian package when the source fonts are missing.
    """
    from fontTools import subset

    fonts = fonts or CJK_FONTS
    chars = cjk_characters(_site_text(outdir))
    if not chars:  # nothing to draw (the @font-face's unicode-range then never asks for it)
        return []
    target = outdir / "_static" / ASSET_DIR / CJK_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for weight, (path, number) in fonts.items():
        if not Path(path).is_file():
            raise FileNotFoundError(
                f"CJK font {path} is missing: install Debian's fonts-noto-cjk "
                "(`make cjk-font` as root, or apt-get install fonts-noto-cjk)"
            )
        options = subset.Options()
        options.flavor = "woff2"
        options.font_number = number
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(path, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        out = target / f"cjk-{weight}.woff2"
        subset.save_font(font, str(out), options)
        written.append(out)
    (target / "characters.txt").write_text("".join(sorted(chars)) + "\n", encoding="utf-8")
    return written


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    write_cjk_fonts(Path(app.outdir), app.config.lrdecay_cjk_fonts or None)


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
    app.add_config_value("lrdecay_cjk_fonts", {}, "html")
    app.add_css_file(f"{ASSET_DIR}/site.css")
    app.connect("doctree-resolved", _drop_widget_views)
    app.connect("doctree-read", _live_plot_cells)
    app.connect("build-finished", _build_finished)
    from lrdecay_lit.sphinxext import nqmplot  # the noisy quadratic's live plot (nqmplot.py)

    nqmplot.setup(app)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    # late: after Sphinx/myst-nb/the theme have added their scripts and header buttons
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
