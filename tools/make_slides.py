#!/usr/bin/env python3
"""Lecture slides: one reveal.js deck per lecture of the teaching guide's sequence, offline.

Each lecture is one part of ``_toc.yml`` whose chapters are schedules (the exponential family;
steps and polynomials; the cosine family). Per schedule a deck has, for presenting rather than
reading: the formula (:func:`lrdecay_lit.symbolic.expression` in the book's notation,
:func:`lrdecay_lit.book.notation.tex`), the article's figure (:func:`lrdecay_lit.plotting.
plot_examples` of the article's examples, saved as SVG), a live plot (the ``{lrplot}`` front end
of :mod:`lrdecay_lit.sphinxext`, no kernel), and questions to ask the room with the answers,
computed from the package, in the speaker notes (press ``s``).

Everything a deck loads is in its own folder (``_build/slides/<deck>/``): reveal.js from npm
(pinned, sha512-checked like ``tools/vendor_web_assets.py``), MathJax 3 (the site's vendored
copy), the live plot's scripts and the figures. Open ``index.html`` from disk; no network.

    python tools/make_slides.py [--out DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from vendor_web_assets import _npm_pack, _sri_sha512  # noqa: E402

if TYPE_CHECKING:
    from lrdecay_lit.book.teaching import Lecture

DEFAULT_OUT = ROOT / "_build" / "slides"
SITE_VENDOR = ROOT / "_build" / "static_vendor" / "vendor"
REVEAL_CACHE = ROOT / "_build" / "slides_vendor"
REVEAL = {
    "name": "reveal.js",
    "version": "5.2.1",
    "integrity": (
        "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ=="
    ),
    "keep": (
        "LICENSE",
        "dist/reveal.js",
        "dist/reveal.css",
        "dist/reset.css",
        "dist/theme/white.css",
        "dist/theme/fonts/source-sans-pro/",
        "plugin/notes/notes.js",
    ),
}


# ---------------------------------------------------------------------------------- vendoring


def vendor_reveal(cache: Path = REVEAL_CACHE) -> Path:
    """reveal.js's files a deck needs, from npm (sha512 checked), cached in ``cache``."""
    stamp = cache / "reveal-manifest.json"
    pin = {k: REVEAL[k] for k in ("name", "version", "integrity")}
    if stamp.is_file() and json.loads(stamp.read_text()) == pin:
        return cache / "reveal"
    shutil.rmtree(cache, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = _npm_pack(f"{REVEAL['name']}@{REVEAL['version']}", Path(tmp))
        got = _sri_sha512(tarball)
        if got != REVEAL["integrity"]:
            sys.exit(f"make_slides: integrity mismatch for reveal.js: got {got}")
        with tarfile.open(tarball, "r:gz") as tar:
            for member in tar.getmembers():
                rel = member.name.split("/", 1)[1]
                if member.isfile() and any(
                    rel == k or (k.endswith("/") and rel.startswith(k)) for k in REVEAL["keep"]
                ):
                    path = cache / "reveal" / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    src = tar.extractfile(member)
                    assert src is not None
                    path.write_bytes(src.read())
    stamp.write_text(json.dumps(pin) + "\n")
    return cache / "reveal"


def _copy_assets(deck: Path) -> None:
    from lrdecay_lit.sphinxext import write_assets

    shutil.copytree(vendor_reveal(), deck / "vendor" / "reveal")
    mathjax = SITE_VENDOR / "mathjax"
    if not (mathjax / "tex-mml-chtml.js").is_file():
        sys.exit("make_slides: MathJax is missing; run `make vendor` first")
    shutil.copytree(
        mathjax, deck / "vendor" / "mathjax", ignore=shutil.ignore_patterns("sre", "a11y")
    )
    write_assets(deck)  # deck/lrplot/{lrplot.js, lrplot.css, schedules.js, specs.js, ...}


# ------------------------------------------------------------------------------- the content


@dataclass
class Question:
    ask: str
    answer: str


def _fmt(x: float, digits: int = 4) -> str:
    return f"{float(x):.{digits}g}"


def _schedule(key: str):  # noqa: ANN202
    from lrdecay_lit.book.examples import example
    from lrdecay_lit.registry import Schedule

    ex = example(key)
    return Schedule(ex.schedule, **ex.params), ex


def _q_exponential() -> list[Question]:
    from lrdecay_lit import symbolic as S

    s, ex = _schedule("A.exponential")
    p = ex.params
    half = S.half_life(
        "exponential_decay", decay_steps=p["decay_steps"], decay_rate=p["decay_rate"]
    )
    return [
        Question(
            f"Article A: decay_steps={p['decay_steps']}, decay_rate={p['decay_rate']}. "
            "Does the learning rate change every 10 steps?",
            f"No: with staircase=False it changes at every step, by the factor "
            f"{_fmt(s(1) / s(0), 8)} = {p['decay_rate']}^(1/{p['decay_steps']}).",
        ),
        Question(
            "After how many steps is the learning rate halved?",
            f"T ln 2 / ln(1/r) = {_fmt(float(half))} steps, whatever the starting value.",
        ),
        Question(
            f"Does it ever reach 0? What is it at step {ex.num_steps}?",
            f"Never; {_fmt(s(ex.num_steps))} at step {ex.num_steps} "
            f"(the initial {p['learning_rate']} times {_fmt(s(ex.num_steps) / s(0))}).",
        ),
    ]


def _q_natural_exp() -> list[Question]:
    import math

    s, ex = _schedule("B.natural_exp.smooth")
    k = ex.params["decay_rate"]
    return [
        Question(
            "Is natural_exp_decay a new kind of schedule?",
            f"No: it is exponential_decay with decay_rate = e^(-k); for k={k} that is "
            f"{_fmt(math.exp(-k))} (the package proves the identity with sympy).",
        ),
        Question(
            f"Article B uses decay_rate={k} in both exponential_decay and natural_exp_decay. "
            "Which falls faster?",
            f"natural_exp: its factor per decay_steps is e^(-{k}) = {_fmt(math.exp(-k))} "
            f"< {k}. At step 10: {_fmt(s(10))} vs "
            f"{_fmt(_schedule('B.exponential.smooth')[0](10))}.",
        ),
    ]


def _q_inverse_time() -> list[Question]:
    s, ex = _schedule("B.inverse_time.smooth")
    p = ex.params
    return [
        Question(
            "How long until the rate is halved? And halved again?",
            f"Halved when decay_rate·t/T = 1, at t = {_fmt(p['decay_steps'] / p['decay_rate'])}; "
            "halved again only at 3 times that: the decay slows down (hyperbola, not exponential).",
        ),
        Question(
            "An endless run: is the total of all learning rates finite?",
            "No: the sum behaves like the harmonic series (the budget grows like log t), "
            "unlike exponential_decay's geometric series.",
        ),
        Question(
            f"What is the rate at step {ex.num_steps} of article B's run?",
            f"{_fmt(s(ex.num_steps))} (initial {p['learning_rate']}).",
        ),
    ]


def _q_piecewise() -> list[Question]:
    s, ex = _schedule("B.piecewise_constant")
    b, v = ex.params["boundaries"], ex.params["values"]
    return [
        Question(
            "Article B's plot of this schedule has a title. Which one, and is it right?",
            "It says inverse_time_decay: a copy-paste slip; the curve is piecewise_constant.",
        ),
        Question(
            f"boundaries={b}: which value at exactly step {b[0]}, and at step {b[0] + 1}?",
            f"{_fmt(s(b[0]))} at step {b[0]} (the interval is x ≤ boundary), "
            f"{_fmt(s(b[0] + 1))} at step {b[0] + 1}.",
        ),
        Question(
            "How many values does piecewise_constant need for 5 boundaries?",
            f"len(boundaries) + 1 = {len(v)}; anything else is a ValueError.",
        ),
    ]


def _q_polynomial() -> list[Question]:
    s0, ex0 = _schedule("A.polynomial.cycle_false")
    s1, ex1 = _schedule("A.polynomial.cycle_true")
    T = int(ex0.params["decay_steps"])
    t = T + 5
    return [
        Question(
            f"cycle=False: what is the rate at step {t}, after decay_steps?",
            f"end_learning_rate, held: {_fmt(s0(t))}.",
        ),
        Question(
            "cycle=True: the article says the rises get smaller. Do they?",
            "Yes: just after k·T the horizon becomes (k+1)·T, so the rate jumps back only to "
            "end + (lr − end)·(T − 1)/((k + 1)·T): "
            + ", ".join(f"{_fmt(s1(k * T + 1))} at step {k * T + 1}" for k in (1, 2, 3))
            + f" (lr = {ex1.params['learning_rate']}).",
        ),
        Question(
            "Why would anyone restart a schedule?",
            "To leave a poor basin with a larger step (the article's claim): an argument, not a "
            "theorem. Ask what evidence would settle it.",
        ),
    ]


def _q_cosine() -> list[Question]:
    s, ex = _schedule("B.cosine")
    p = ex.params
    T = int(p["decay_steps"])
    return [
        Question(
            f"What happens after decay_steps={T}?",
            f"The step is clipped at decay_steps: the rate stays at alpha·lr = {_fmt(s(T + 10))}.",
        ),
        Question(
            "Where is the rate half-way between its start and its floor?",
            f"At T/2 = {T // 2} exactly (the cosine is symmetric): {_fmt(s(T // 2))}.",
        ),
        Question(
            "Which is steeper at the start: cosine or exponential decay?",
            "Cosine: its slope is 0 at t = 0 and largest at T/2; exponential is steepest at 0.",
        ),
    ]


def _q_restarts() -> list[Question]:
    import numpy as np

    s, ex = _schedule("B.cosine_restarts")
    p = ex.params
    steps = np.arange(ex.num_steps)
    v = s(steps)
    restarts = [int(i) for i in steps[1:][np.diff(v) > 0]]
    return [
        Question(
            f"first_decay_steps={p['first_decay_steps']}, t_mul={p['t_mul']}: "
            f"where are the restarts in {ex.num_steps} steps?",
            f"At steps {', '.join(map(str, restarts))}: each period {p['t_mul']} times longer.",
        ),
        Question(
            f"m_mul={p['m_mul']}: how high is the peak after the second restart?",
            f"lr·((1 − alpha)·m_mul² + alpha) = "
            f"{_fmt(p['learning_rate'] * ((1 - p['alpha']) * p['m_mul'] ** 2 + p['alpha']))}: "
            "the floor alpha is not scaled by m_mul"
            + (f" (step {restarts[1]}: {_fmt(v[restarts[1]])})." if len(restarts) > 1 else "."),
        ),
        Question(
            "Article B gives no formula for this schedule. How do we know we have TF's?",
            "The package is tested against values TensorFlow printed (golden tests).",
        ),
    ]


def _q_linear_cosine() -> list[Question]:
    s, ex = _schedule("B.linear_cosine")
    p = ex.params
    T = int(p["decay_steps"])
    return [
        Question(
            "Is linear_cosine_decay cosine_decay times a straight line?",
            "Not quite: lr·((alpha + linear)·cd + beta): beta is added after the product, "
            f"so with alpha={p['alpha']} the rate ends at beta·lr, not 0.",
        ),
        Question(
            f"num_periods={p['num_periods']}: how many bumps before step {T}?",
            f"cd has period T/num_periods = {_fmt(T / p['num_periods'])} steps: "
            f"{_fmt(p['num_periods'])} full periods.",
        ),
        Question(
            f"What is the rate at decay_steps={T} and after?",
            f"beta · lr = {_fmt(s(T))}, held (the step is clipped).",
        ),
    ]


QUESTIONS: dict[str, Callable[[], list[Question]]] = {
    "exponential_decay": _q_exponential,
    "natural_exp_decay": _q_natural_exp,
    "inverse_time_decay": _q_inverse_time,
    "piecewise_constant": _q_piecewise,
    "polynomial_decay": _q_polynomial,
    "cosine_decay": _q_cosine,
    "cosine_decay_restarts": _q_restarts,
    "linear_cosine_decay": _q_linear_cosine,
}


def _tf_signature(name: str) -> str:
    import inspect

    import lrdecay_lit as lr

    sig = inspect.signature(getattr(lr, name))
    args = []
    for p in sig.parameters.values():
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) or p.name == "name":
            continue
        args.append(p.name if p.default is p.empty else f"{p.name}={p.default!r}")
    return f"tf.compat.v1.train.{name}({', '.join(args)})"


def _formula(name: str) -> str:
    from lrdecay_lit import symbolic as S
    from lrdecay_lit.book.notation import NOTATION, tex

    kwargs = {"n_boundaries": 2} if name == "piecewise_constant" else {}
    expr = S.expression(name, **kwargs)
    legend = []
    for sym in sorted(expr.free_symbols, key=lambda s: s.name):
        if sym.name in NOTATION:
            legend.append(rf"\({NOTATION[sym.name]}\) <code>{sym.name}</code>")
    lines = [rf"\[ \eta(t) = {tex(expr)} \]"]
    for variant in ("staircase", "cycle"):
        try:
            other = S.expression(name, **{variant: True}, **kwargs)
        except (TypeError, ValueError):  # the schedule has no such switch
            continue
        if other != expr:
            lines.append(rf"<p class='small'>{variant}=True:</p>\[ \eta(t) = {tex(other)} \]")
    return "\n".join(lines) + "<p class='legend'>" + " · ".join(legend) + "</p>"


def _figure(name: str, folder: Path) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    from lrdecay_lit.book.examples import ARTICLE_EXAMPLES
    from lrdecay_lit.plotting import plot_examples

    examples = [e for e in ARTICLE_EXAMPLES if e.schedule == name]
    articles = sorted({e.article for e in examples})
    fig = plot_examples(*examples, figsize=(7.2, 3.6))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.svg"
    fig.savefig(path, bbox_inches="tight")
    caption = f"Article {' and '.join(articles)}: " + "; ".join(
        ", ".join(f"{k}={v}" for k, v in e.params.items() if k != "name")
        for e in ARTICLE_EXAMPLES
        if e.schedule == name
    )
    return f"figures/{path.name}", caption


def _live_plot(name: str) -> str:
    from lrdecay_lit.sphinxext import plot_config

    config = json.dumps(plot_config([name]), separators=(",", ":"))
    return f'<div class="lrplot" data-lrplot="{html.escape(config, quote=True)}"></div>'


def _schedule_slides(name: str, deck: Path) -> str:
    esc = html.escape
    fig, caption = _figure(name, deck / "figures")
    qs = QUESTIONS[name]() if name in QUESTIONS else []
    ask = "".join(f"<li class='fragment'>{esc(q.ask)}</li>" for q in qs)
    notes = "".join(f"<li>{esc(q.ask)}<br><b>{esc(q.answer)}</b></li>" for q in qs)
    return f"""
<section>
  <section><h2><code>{name}</code></h2><p class="sig"><code>{esc(_tf_signature(name))}</code></p>
  </section>
  <section><h3>The formula</h3>{_formula(name)}</section>
  <section><h3>The article's figure</h3><img class="figure" src="{fig}" alt="{name}">
    <p class="small">{esc(caption)}</p></section>
  <section><h3>Live: move the sliders</h3>{_live_plot(name)}</section>
  <section><h3>Questions for the room</h3><ol>{ask}</ol>
    <aside class="notes"><ol>{notes}</ol></aside></section>
</section>"""


STYLE = """
.reveal h2, .reveal h3 { text-transform: none; }
.reveal .sig { font-size: 0.55em; }
.reveal .small, .reveal .legend { font-size: 0.5em; color: #555; }
.reveal img.figure { max-height: 62vh; margin: 0; }
.reveal ol { font-size: 0.8em; }
.reveal .lrplot { font-size: 0.42em; text-align: left; margin: 0 auto; max-width: 900px; }
.reveal .lrplot svg { max-height: 52vh; }
"""


def deck_html(lecture: Lecture, deck: Path) -> str:
    import lrdecay_lit

    body = "".join(_schedule_slides(name, deck) for name in lecture.chapters)
    listing = "".join(f"<li><code>{n}</code></li>" for n in lecture.chapters)
    title = f"Lecture {lecture.number}: {lecture.title}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="vendor/reveal/dist/reset.css">
<link rel="stylesheet" href="vendor/reveal/dist/reveal.css">
<link rel="stylesheet" href="vendor/reveal/dist/theme/white.css">
<link rel="stylesheet" href="lrplot/plotkit.css">
<link rel="stylesheet" href="lrplot/lrplot.css">
<style>{STYLE}</style>
<script>window.MathJax = {{tex: {{inlineMath: [["\\\\(", "\\\\)"]]}},
  options: {{enableMenu: false}}}};</script>
<script defer src="vendor/mathjax/tex-mml-chtml.js"></script>
</head><body><div class="reveal"><div class="slides">
<section><h2>{html.escape(title)}</h2><ul>{listing}</ul>
<p class="small">Learning-rate decay, literately — lrdecay_lit {lrdecay_lit.__version__}.
Press <kbd>s</kbd> for the speaker notes (answers), <kbd>Esc</kbd> for the overview.</p></section>
{body}
</div></div>
<script src="lrplot/schedules.js"></script>
<script src="lrplot/specs.js"></script>
<script src="lrplot/plotkit.js"></script>
<script src="lrplot/lrplot.js"></script>
<script src="vendor/reveal/dist/reveal.js"></script>
<script src="vendor/reveal/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({{hash: true, width: 1280, height: 800, plugins: [RevealNotes]}});
</script>
</body></html>
"""


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    made = []
    items = []
    from lrdecay_lit.book.teaching import lectures

    for lecture in lectures(ROOT / "_toc.yml"):
        deck = out / lecture.slug
        deck.mkdir()
        _copy_assets(deck)
        (deck / "index.html").write_text(deck_html(lecture, deck), encoding="utf-8")
        made.append(deck / "index.html")
        items.append(
            f'<li><a href="{lecture.slug}/index.html">Lecture {lecture.number}: '
            f"{html.escape(lecture.title)}</a></li>"
        )
        print(f"make_slides: {deck.relative_to(ROOT)}/index.html ({', '.join(lecture.chapters)})")
    (out / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Lecture slides</title>"
        f"<h1>Lecture slides</h1><ul>{''.join(items)}</ul>\n",
        encoding="utf-8",
    )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    build(args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
