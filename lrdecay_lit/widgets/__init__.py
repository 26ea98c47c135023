r"""Live explorers: move a slider, watch a schedule change (ipywidgets + matplotlib).

Every explorer is generated from :data:`lrdecay_lit.specs.SPECS` alone: a slider per number
(a log slider where ``spec.log``), a checkbox per boolean (``staircase``, ``cycle``), a text
box with validation feedback per list (``boundaries``, ``values``), a number box for the
noisy schedule's ``seed``; plus the number of steps shown, a step cursor, an "LR budget"
(cumulative sum) toggle and a log-scale toggle. There is no per-schedule widget code: add a
schedule to the specs and :func:`explore` knows it. A composite (:mod:`lrdecay_lit.composites`:
``explore(warmup(schedule, 100))``) gets one control per entry of its flat ``spec``
(``warmup_steps``, ``init_value``, ``schedule__decay_steps``, ...) and its ``Piecewise``
formula; its structure (which schedules, the warmup's kind) is fixed.

* :func:`explore` — one schedule, its formula from :mod:`lrdecay_lit.symbolic` with the
  current values substituted, and live facts (value at the cursor, final value, budget,
  first halving step, restart steps).
* :func:`compare` — several schedules on one figure, each with its own controls;
  :func:`compare_cosines` is article B's figure of the four cosine variants.

Schedules are given as :func:`lrdecay_lit.plotting.curve` takes them: a name, a function, a
schedule object or composite, a ``(name, params)`` pair, or an example object; the book's
article-example *keys* (``"B.cosine"``) are resolved by the book
(``lr.article_examples``, ``lr.example``), which sits above this package.

The figure is created once; every change sets the lines' data, rescales the axes and
redraws the same figure. A bad combination of values shows the library's own error message
(``Argument `decay_steps` must be > 0. Received: decay_steps=0``) under the plot and next to
the control, and keeps the last valid curve; a value typed beyond a slider's range is used
as typed. How the figure reaches the page (``view=``: ``"image"``, ``"ipympl"``,
``"output"``, ``"none"``) is described in :mod:`lrdecay_lit.widgets.views`.

The package, one module per job:

* :mod:`~lrdecay_lit.widgets.controls` — a control per parameter, from its spec; typed values
  and their messages;
* :mod:`~lrdecay_lit.widgets.formula` — the formula, printed by
:func:`lrdecay_lit.book.notation.tex`;
* :mod:`~lrdecay_lit.widgets.facts` — the numbers under the plot (:mod:`lrdecay_lit.curves`,
  the restart rule of :mod:`lrdecay_lit._restarts`);
* :mod:`~lrdecay_lit.widgets.drawing` — redrawing one figure in place (blitting);
* :mod:`~lrdecay_lit.widgets.views` — the view modes;
* :mod:`~lrdecay_lit.widgets.explorer` — :class:`Explorer` and the entry points;
* :mod:`~lrdecay_lit.widgets.training` — the training chapter's explorer (NQM + digits).

Outside a kernel (a script, a test) — or with ``static=True`` — :func:`explore` and
:func:`compare` return a plain matplotlib :class:`~matplotlib.figure.Figure` (and save it
with ``save="path.png"``). ``import lrdecay_lit`` never imports this package; ipywidgets is
imported only when an interactive explorer is built.

Example (headless: build a live explorer and move a slider programmatically):

    >>> ex = explore("exponential_decay", static=False, view="none")
    >>> ex.controls["decay_rate"].value = 0.5
    >>> float(ex.lines[0].get_ydata()[20])     # 0.5 * 0.5 ** (20 / 10)
    0.125
    >>> ex.controls["decay_steps"].min = 0; ex.controls["decay_steps"].value = 0
    >>> ex.errors
    ['Argument `decay_steps` must be > 0. Received: decay_steps=0.0']
    >>> float(ex.lines[0].get_ydata()[20])     # the last valid curve stays
    0.125
"""

from lrdecay_lit.widgets.controls import (
    control_value,
    make_control,
    parse_floats,
    parse_number,
)
from lrdecay_lit.widgets.explorer import Explorer, compare, compare_cosines, explore
from lrdecay_lit.widgets.facts import schedule_facts
from lrdecay_lit.widgets.formula import formula_latex
from lrdecay_lit.widgets.training import draw_prediction, explore_training
from lrdecay_lit.widgets.views import VIEWS, in_kernel

__all__ = [
    "Explorer",
    "explore",
    "compare",
    "compare_cosines",
    "make_control",
    "control_value",
    "parse_floats",
    "parse_number",
    "formula_latex",
    "schedule_facts",
    "in_kernel",
    "explore_training",
    "draw_prediction",
    "VIEWS",
]
