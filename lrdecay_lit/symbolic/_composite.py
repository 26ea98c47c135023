r"""Composites in sympy: warmup, join and constant as a ``Piecewise`` of shifted pieces.

A composite (:mod:`lrdecay_lit.composites`) is written as the ``Piecewise`` of its pieces,
each piece being a base schedule's :func:`~lrdecay_lit.symbolic.expression` with the step
:math:`t` replaced by the step relative to the piece's start:

.. math::

    \text{warmup}:\ \eta(t) = \begin{cases} \eta_i + (\eta_s(0) - \eta_i)\,w(t/W) & t < W \\
        \eta_s(t - W) & \text{otherwise} \end{cases}
    \qquad
    \text{join}:\ \eta(t) = \eta_k(t - b_{k-1}) \ \text{ for } b_{k-1} \le t < b_k

Each node builds its own expression (:meth:`lrdecay_lit.registry.Node.build`); this module
asks the node, it does not look at its class. The derivation helpers work piece by piece,
walking the node's :meth:`~lrdecay_lit.registry.Node.segments`, and reuse the base
schedules' helpers
(:func:`~lrdecay_lit.symbolic.derivative`, :func:`~lrdecay_lit.symbolic.budget_integral`,
:func:`~lrdecay_lit.symbolic.budget_sum`, :func:`~lrdecay_lit.symbolic.limit_at_infinity`)
on each leaf, so they accept any schedule object: a :class:`~lrdecay_lit.registry.Schedule`
or a composite. :func:`numeric_of` is the generated numpy twin that the tests compare with
the hand-vectorised composites.

Example:
    >>> import lrdecay_lit as lr
    >>> from lrdecay_lit.composites import warmup
    >>> w = warmup(lr.Schedule("exponential_decay", learning_rate=0.5, decay_steps=10,
    ...                        decay_rate=0.5), 5)
    >>> expression_of(w)
    Piecewise((t/10, t < 5), (2**(1/2 - t/10)/2, True))
    >>> derivative_of(w)
    Piecewise((1/10, t < 5), (-2**(1/2 - t/10)*log(2)/20, True))
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

from lrdecay_lit._expressions import COMPOSITE_NOTATION, SHIFT_FUNCTIONS, shift
from lrdecay_lit.composites import as_schedule
from lrdecay_lit.registry import Leaf, Node
from lrdecay_lit.symbolic._core import exact, t
from lrdecay_lit.symbolic._derive import (
    N,
    T,
    _diff_ae,
    budget_integral,
    budget_sum,
    derivative,
    limit_at_infinity,
)
from lrdecay_lit.symbolic._numeric import numeric
from lrdecay_lit.symbolic._result import Derivation

__all__ = [
    "COMPOSITE_NOTATION",
    "SHIFT",
    "SHIFT_FUNCTIONS",
    "expression_of",
    "latex_of",
    "derivative_of",
    "budget_integral_of",
    "budget_sum_of",
    "limit_at_infinity_of",
    "numeric_of",
    "build_expression",
]

SHIFT = shift(sp.Integer(0), exact_shifts=True).func
"""``shift(t, s)`` = :math:`t - s`, kept as one term in generated code (see ``exact_shifts``)."""


def build_expression(
    schedule: object,
    leaf: Leaf,
    *,
    symbolic: bool = False,
    exact_shifts: bool = False,
) -> sp.Expr:
    r"""The node's expression with every base schedule / constant given by ``leaf``.

    ``leaf(node, path)`` returns the expression (in :data:`t`) of a leaf (a base
    :class:`~lrdecay_lit.registry.Schedule` or a ``constant``); ``path`` is its chain of
    flat-name prefixes (``("schedule", "p1")``). With ``symbolic`` the composites' own
    parameters (``warmup_steps``, ``init_value``, boundaries) are symbols too. The nodes
    write the structure (ramps, shifts, which piece owns a boundary), in
    :meth:`lrdecay_lit.registry.Node.build`; :func:`expression_of`, :func:`numeric_of` and
    the array-library code generation (:func:`lrdecay_lit.symbolic.array_function`) differ
    only in ``leaf``.

    ``exact_shifts`` writes each shifted step :math:`t - s` as :data:`SHIFT` ``(t, s)``, so
    that sympy does not distribute a coefficient over it (:math:`\tfrac{3}{50}(t - 90)`
    rather than :math:`\tfrac{3t}{50} - \tfrac{27}{5}`, which cancels badly in float32):
    for generated code (lambdify with :data:`SHIFT_FUNCTIONS`), not for derivations.
    """
    return as_schedule(schedule).build(leaf, symbolic=symbolic, exact_shifts=exact_shifts)


def expression_of(schedule: object, *, symbolic: bool = False) -> sp.Expr:
    r"""The sympy expression of any schedule object (a Schedule or a composite) in :data:`t`.

    By default the hyper-parameters' values are substituted (as exact decimals: ``0.9`` is
    ``9/10``), which gives an expression in :math:`t` alone. With ``symbolic=True`` they stay
    symbols: a base schedule's are named like TF's arguments, suffixed ``__i`` inside piece
    ``i`` of a join; a warmup has ``warmup_steps`` and ``init_value``, a join
    ``boundary_1 ... boundary_n``, a constant ``value``. The node's
    :meth:`~lrdecay_lit.registry.Node.expr` (``substitute=not symbolic``).

    Example:
        >>> from lrdecay_lit.composites import join
        >>> expression_of(join([0.25, 0.125], [10]))
        Piecewise((1/4, t < 10), (1/8, True))
        >>> expression_of(join([0.25, 0.125], [10]), symbolic=True)
        Piecewise((value__0, boundary_1 > t), (value__1, True))
    """
    return as_schedule(schedule).expr(substitute=not symbolic)


def latex_of(schedule: object, *, substitute: bool = True) -> str:
    r"""LaTeX of :math:`\eta(t)` for any schedule object, in the book's notation.

    ``substitute=False`` prints the symbolic form (:math:`W`, :math:`\eta_{\text{init}}`,
    :math:`\eta_0^{(1)}` for the initial rate of a join's second piece, ...). The node's
    :meth:`~lrdecay_lit.registry.Node.latex`.

    Example:
        >>> from lrdecay_lit.composites import warmup
        >>> latex_of(warmup(0.5, 10)).split(" & ")[0]
        '\\begin{cases} \\frac{t}{20}'
    """
    return as_schedule(schedule).latex(substitute=substitute)


# --- derivations, piece by piece --------------------------------------------------------------


def _pieces(
    node: Node, each: Callable[[Node | None, sp.Expr, sp.Expr], sp.Expr]
) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
    """``(each(piece, start, end), start, end)`` for every segment; ``end`` is ``oo`` for none."""
    out = []
    for piece, start, end in node.segments():
        a, b = exact(start), sp.oo if end is None else exact(end)
        out.append((each(piece, a, b), a, b))
    return out


def derivative_of(schedule: object, order: int = 1) -> sp.Expr:
    r"""The ``order``-th derivative :math:`\eta^{(n)}(t)` of any schedule object.

    Almost everywhere: each piece is differentiated with
    :func:`~lrdecay_lit.symbolic.derivative` (staircases and restarts frozen between
    their jumps, clips split) and shifted to its start; the jumps between pieces are not
    written as delta functions.

    Example:
        >>> from lrdecay_lit.composites import warmup
        >>> derivative_of(warmup(0.5, 10, kind="cosine"))
        Piecewise((pi*sin(pi*t/10)/40, t < 10), (0, True))
    """
    node = as_schedule(schedule)
    if not node.segments():
        name, options, values = node.tf_call()
        if name == "cosine_decay_restarts" and exact(values["t_mul"]) == 1:
            return _diff_ae(node.build(), order)  # TF's arithmetic branch (t_mul = 1)
        return derivative(name, order, **options, **values)

    def each(piece: Node | None, start: sp.Expr, end: sp.Expr) -> sp.Expr:
        d = (
            sp.diff(node.own_expression(t), t, order)
            if piece is None
            else derivative_of(piece, order)
        )
        return d.subs(t, t - start) if start != 0 else d

    return sp.Piecewise(
        *((d, t < end if end != sp.oo else True) for d, _, end in _pieces(node, each))
    )


def _clamp(x: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """min(max(x, lo), hi), evaluated when x is a number."""
    return sp.Min(sp.Max(x, lo), hi)


_UPPER = sp.Symbol("X", positive=True)
_COUNT = sp.Symbol("M", integer=True, positive=True)


def _budget(
    node: Node,
    bound: sp.Expr,
    leaf: Callable[[Node, sp.Expr], sp.Expr],
    own: Callable[[Node, sp.Expr], sp.Expr],
) -> sp.Expr:
    """A budget over ``[0, bound)``: each segment's budget over the length it owns."""
    if not node.segments():
        return leaf(node, bound)
    total = sp.Integer(0)
    for piece, start, end in node.segments():
        a = exact(start)
        length = _clamp(bound - a, 0, (sp.oo if end is None else exact(end)) - a)
        if length == 0:
            continue
        total += own(node, length) if piece is None else _budget(piece, length, leaf, own)
    return total


def _leaf_integral(node: Node, upper: sp.Expr) -> sp.Expr:
    name, options, values = node.tf_call()
    # integrate up to a symbol, then put the bound in (budget_integral expects a symbol)
    value: Any = budget_integral(name, _UPPER, **options, **values).value
    return value.subs(_UPPER, upper)


def _own_integral(node: Node, length: sp.Expr) -> sp.Expr:
    tau = sp.Symbol("tau", nonnegative=True)
    return sp.integrate(node.own_expression(tau), (tau, 0, length))


def budget_integral_of(schedule: object, upper: object = None) -> Derivation:
    r"""The learning-rate budget :math:`\int_0^{X} \eta(t)\,dt` of any schedule object.

    Each piece contributes its own budget (from :func:`~lrdecay_lit.symbolic.budget_integral`
    for a base schedule) over the part of :math:`[0, X]` it owns: the length
    :math:`\min(\max(X - s, 0), e - s)` for a piece on :math:`[s, e)`. ``upper`` is
    :math:`X` (default the symbol :data:`~lrdecay_lit.symbolic.T`); with a number the
    result is a number.

    Example:
        >>> from lrdecay_lit.composites import warmup
        >>> budget_integral_of(warmup(0.5, 10), 30).value      # 10 * 0.5 / 2 + 20 * 0.5
        25/2
    """
    x = T if upper is None else exact(upper)
    value = _budget(as_schedule(schedule), x, _leaf_integral, _own_integral)
    closed = not value.has(sp.Integral, sp.Sum)
    return Derivation(
        "integral budget", {"value": value}, closed_form=closed, note="piece by piece"
    )


def _leaf_sum(node: Node, count: sp.Expr) -> sp.Expr:
    name, options, values = node.tf_call()
    value: Any = budget_sum(name, _COUNT, **options, **values).value
    return value.subs(_COUNT, count)


def _own_sum(node: Node, length: sp.Expr) -> sp.Expr:
    n = sp.Symbol("n", integer=True, nonnegative=True)
    return sp.summation(node.own_expression(n), (n, 0, length - 1))


def budget_sum_of(schedule: object, steps: object = None) -> Derivation:
    r"""The budget over whole steps, :math:`\sum_{n=0}^{N-1} \eta(n)`, of any schedule object.

    Piece by piece, like :func:`budget_integral_of`, with each base schedule's
    :func:`~lrdecay_lit.symbolic.budget_sum` over the whole steps it owns. ``steps`` is
    :math:`N` (default the symbol :data:`~lrdecay_lit.symbolic.N`).

    Example:
        >>> from lrdecay_lit.composites import warmup
        >>> budget_sum_of(warmup(0.5, 10), 30).value   # 0.05 * (0 + ... + 9) + 20 * 0.5
        49/4
    """
    count = N if steps is None else exact(steps)
    value = _budget(as_schedule(schedule), count, _leaf_sum, _own_sum)
    closed = not value.has(sp.Integral, sp.Sum)
    return Derivation("sum budget", {"value": value}, closed_form=closed, note="piece by piece")


def limit_at_infinity_of(schedule: object) -> sp.Expr:
    r""":math:`\lim_{t\to\infty}\eta(t)`: the last piece's limit (it owns every late step).

    Example:
        >>> import lrdecay_lit as lr
        >>> from lrdecay_lit.composites import warmup
        >>> limit_at_infinity_of(warmup(lr.Schedule("cosine_decay", learning_rate=0.5,
        ...                                         decay_steps=100, alpha=0.1), 10))
        1/20
    """
    node = as_schedule(schedule)
    while node.segments():
        last = node.segments()[-1].piece
        if last is None:  # pragma: no cover - every composite ends with a child
            raise TypeError(f"{node.name} ends with its own part")
        node = last
    name, options, values = node.tf_call()
    return limit_at_infinity(name, **options, **values)


# --- numpy --------------------------------------------------------------------------------------


def _leaf_value(node: Node) -> sp.Expr:
    """A leaf's expression with its values (exact rationals) substituted."""
    return node.build()


def _leaf_numeric(node: Node) -> Callable[..., Any]:
    """A leaf's generated numpy function (:func:`numeric`), bound to its values."""
    name, options, values = node.tf_call()
    flags = {k: v for k, v in options.items() if isinstance(v, bool)}  # the rest: call arguments
    lists = {k: v for k, v in options.items() if k not in flags}
    return functools.partial(numeric(name, **flags), **lists, **values)


def numeric_of(schedule: object) -> Callable[[object], np.ndarray | np.float64]:
    """A vectorised numpy function generated from the node's expression (``lambdify``).

    The composite's ``Piecewise`` (ramps, shifts, boundaries) is lambdified; each base
    schedule inside is its own generated function (:func:`~lrdecay_lit.symbolic.numeric`,
    which places SGDR's restarts exactly). No validation: it is the reference the
    hand-vectorised :mod:`lrdecay_lit.composites` are tested against.

    Example:
        >>> from lrdecay_lit.composites import join
        >>> numeric_of(join([0.25, 0.125], [10]))([9, 10]).tolist()
        [0.25, 0.125]
    """
    functions: dict[str, Callable[..., Any]] = {}

    def leaf(node: Node, path: tuple[str, ...]) -> sp.Expr:
        value = node.build()
        if t not in value.free_symbols:
            return value  # a constant: a number
        key = f"leaf_{len(functions)}"
        functions[key] = _leaf_numeric(node)
        return sp.Function(key)(t)

    expr = build_expression(schedule, leaf, exact_shifts=True)
    fn = sp.lambdify(t, expr, modules=[functions, SHIFT_FUNCTIONS, "numpy"])

    def evaluate(step: object) -> np.ndarray | np.float64:
        steps = np.asarray(step, dtype=np.float64)
        with np.errstate(all="ignore"):  # every branch of the Piecewise is evaluated
            out = np.array(np.broadcast_to(np.asarray(fn(steps), dtype=np.float64), steps.shape))
        return np.float64(out[()]) if steps.ndim == 0 else out

    return evaluate
