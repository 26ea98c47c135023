r"""Composites in sympy: warmup, join and constant as a ``Piecewise`` of shifted pieces.

A composite (:mod:`lrdecay_lit.composites`) is written as the ``Piecewise`` of its pieces,
each piece being a base schedule's :func:`~lrdecay_lit.symbolic.expression` with the step
:math:`t` replaced by the step relative to the piece's start:

.. math::

    \text{warmup}:\ \eta(t) = \begin{cases} \eta_i + (\eta_s(0) - \eta_i)\,w(t/W) & t < W \\
        \eta_s(t - W) & \text{otherwise} \end{cases}
    \qquad
    \text{join}:\ \eta(t) = \eta_k(t - b_{k-1}) \ \text{ for } b_{k-1} \le t < b_k

The derivation helpers work piece by piece and reuse the base schedules' helpers
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

from lrdecay_lit.symbolic._core import exact, expression, t
from lrdecay_lit.symbolic._derive import (
    N,
    T,
    _diff_ae,
    budget_integral,
    budget_sum,
    derivative,
    limit_at_infinity,
)
from lrdecay_lit.symbolic._notation import NOTATION
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

COMPOSITE_NOTATION: dict[str, str] = {
    "warmup_steps": "W",
    "init_value": r"\eta_{\text{init}}",
    "value": "c",
    "boundary": "B",
}
"""The book's symbols for the composites' own parameters (``boundary_1`` prints ``B_{1}``)."""

SHIFT = sp.Function("shift", real=True)
"""``shift(t, s)`` = :math:`t - s`, kept as one term in generated code (see ``exact_shifts``)."""

SHIFT_FUNCTIONS: dict[str, Callable[..., Any]] = {"shift": lambda step, start: step - start}
"""What :data:`SHIFT` means to ``lambdify``: pass it in ``modules``."""

_OWN_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    "warmup_steps": {"positive": True},
    "init_value": {"nonnegative": True},
    "value": {"nonnegative": True},
    "boundary": {"positive": True},
}


def _composites() -> Any:
    from lrdecay_lit import composites

    return composites


def _as(schedule: object) -> Any:
    return _composites().as_schedule(schedule)


def _is_leaf(node: object) -> bool:
    from lrdecay_lit.registry import Schedule

    return isinstance(node, Schedule)


def _leaf_args(node: Any) -> tuple[dict[str, object], dict[str, object]]:
    """(expression options, hyper-parameter values) of a base Schedule, for the helpers."""
    p = node.params
    if node.name == "piecewise_constant":
        return {"boundaries": list(p["boundaries"]), "values": list(p["values"])}, {}
    opts = {k: p[k] for k in ("staircase", "cycle") if k in p}
    subs = {k: v for k, v in p.items() if k not in ("staircase", "cycle", "seed")}
    return opts, subs


def _leaf_value(node: Any) -> sp.Expr:
    """A base schedule's expression with its values (exact rationals) substituted."""
    if node.name == "constant":
        return exact(node.value)
    opts, subs = _leaf_args(node)
    return expression(node.name, **opts, **subs)


def _suffix(path: tuple[str, ...]) -> str:
    """``__1_0`` for a leaf in piece 0 of piece 1 of joins, ``""`` outside any join."""
    pieces = [p[1:] for p in path if p.startswith("p") and p[1:].isdigit()]
    return "__" + "_".join(pieces) if pieces else ""


def _own_symbol(name: str, path: tuple[str, ...], index: int | None = None) -> sp.Symbol:
    base = name if index is None else f"{name}_{index}"
    return sp.Symbol(base + _suffix(path), **_OWN_ASSUMPTIONS[name])


def _leaf_symbolic(node: Any, path: tuple[str, ...]) -> sp.Expr:
    """A base schedule's expression in its parameter symbols, renamed per join piece."""
    if node.name == "constant":
        return _own_symbol("value", path)
    if node.name == "piecewise_constant":
        expr = expression(node.name, n_boundaries=len(node.params["boundaries"]))
    else:
        expr = expression(node.name, **_leaf_args(node)[0])
    suffix = _suffix(path)
    if not suffix:
        return expr
    return expr.xreplace(
        {s: sp.Symbol(s.name + suffix, **s.assumptions0) for s in expr.free_symbols if s != t}
    )


def _ramp(kind: str, init: sp.Expr, peak: sp.Expr, width: sp.Expr, x: sp.Expr = t) -> sp.Expr:
    r""":math:`\eta_i + (\eta_p - \eta_i) w(x / W)`, linear or half-cosine."""
    u = x / width
    if kind == "cosine":
        u = (1 - sp.cos(sp.pi * u)) / 2
    return init + (peak - init) * u


def build_expression(
    schedule: object,
    leaf: Callable[[Any, tuple[str, ...]], sp.Expr],
    *,
    symbolic: bool = False,
    exact_shifts: bool = False,
) -> sp.Expr:
    """The composite's ``Piecewise`` with every base schedule / constant given by ``leaf``.

    ``leaf(node, path)`` returns the expression (in :data:`t`) of a base
    :class:`~lrdecay_lit.registry.Schedule` or a ``constant``; ``path`` is its chain of
    flat-name prefixes (``("schedule", "p1")``). With ``symbolic`` the composites' own
    parameters (``warmup_steps``, ``init_value``, boundaries) are symbols too. This is the
    one place where the structure (ramps, shifts, which piece owns a boundary) is written;
    :func:`expression_of`, :func:`numeric_of` and the array-library code generation
    (:func:`lrdecay_lit.symbolic.array_function`) differ only in ``leaf``.

    ``exact_shifts`` writes each shifted step :math:`t - s` as :data:`SHIFT` ``(t, s)``, so
    that sympy does not distribute a coefficient over it (:math:`\tfrac{3}{50}(t - 90)`
    rather than :math:`\tfrac{3t}{50} - \tfrac{27}{5}`, which cancels badly in float32):
    for generated code (lambdify with :data:`SHIFT_FUNCTIONS`), not for derivations.
    """
    C = _composites()

    def shifted(expr: sp.Expr, start: sp.Expr) -> sp.Expr:
        if start == 0:
            return expr
        return expr.subs(t, SHIFT(t, start) if exact_shifts else t - start)

    def walk(node: Any, path: tuple[str, ...]) -> sp.Expr:
        if _is_leaf(node) or isinstance(node, C.Constant):
            return leaf(node, path)
        if isinstance(node, C.Warmup):
            inner = walk(node.schedule, (*path, "schedule"))
            if node.warmup_steps == 0 and not symbolic:
                return inner
            if symbolic:
                width = _own_symbol("warmup_steps", path)
                init = _own_symbol("init_value", path)
            else:
                width, init = exact(node.warmup_steps), exact(node.init_value)
            peak = inner.subs(t, 0)
            return sp.Piecewise(
                (_ramp(node.kind, init, peak, width), t < width),
                (shifted(inner, width), True),
            )
        if isinstance(node, C.Join):
            pieces = [walk(s, (*path, f"p{i}")) for i, s in enumerate(node.schedules)]
            if symbolic:
                starts = [sp.Integer(0)] + [
                    _own_symbol("boundary", path, i + 1) for i in range(len(node.boundaries))
                ]
            else:
                starts = [exact(s) for s in node.starts]
            args = [
                (shifted(piece, start), t < end)
                for piece, start, end in zip(pieces, starts, starts[1:], strict=False)
            ]
            last = shifted(pieces[-1], starts[-1])
            if not args:
                return last
            return sp.Piecewise(*args, (last, True))
        raise TypeError(f"Not a schedule: {node!r}")  # pragma: no cover

    return walk(_as(schedule), ())


def expression_of(schedule: object, *, symbolic: bool = False) -> sp.Expr:
    r"""The sympy expression of any schedule object (a Schedule or a composite) in :data:`t`.

    By default the hyper-parameters' values are substituted (as exact decimals: ``0.9`` is
    ``9/10``), which gives an expression in :math:`t` alone. With ``symbolic=True`` they stay
    symbols: a base schedule's are named like TF's arguments, suffixed ``__i`` inside piece
    ``i`` of a join; a warmup has ``warmup_steps`` and ``init_value``, a join
    ``boundary_1 ... boundary_n``, a constant ``value``.

    Example:
        >>> from lrdecay_lit.composites import join
        >>> expression_of(join([0.25, 0.125], [10]))
        Piecewise((1/4, t < 10), (1/8, True))
        >>> expression_of(join([0.25, 0.125], [10]), symbolic=True)
        Piecewise((value__0, boundary_1 > t), (value__1, True))
    """
    if symbolic:
        return build_expression(schedule, _leaf_symbolic, symbolic=True)
    return build_expression(schedule, lambda node, path: _leaf_value(node))


def _symbol_names(expr: sp.Expr) -> dict[sp.Symbol, str]:
    """The book's notation for the symbols of :func:`expression_of` (``__i`` -> ``^{(i)}``)."""
    names: dict[sp.Symbol, str] = {}
    for s in expr.free_symbols:
        base, _, suffix = s.name.partition("__")
        head, _, index = base.rpartition("_")
        if base in NOTATION:
            tex = NOTATION[base]
        elif base in COMPOSITE_NOTATION:
            tex = COMPOSITE_NOTATION[base]
        elif head in COMPOSITE_NOTATION and index.isdigit():
            tex = f"{COMPOSITE_NOTATION[head]}_{{{index}}}"
        else:
            continue
        if suffix:
            tex = f"{{{tex}}}^{{({suffix.replace('_', ',')})}}"
        names[s] = tex
    return names


def latex_of(schedule: object, *, substitute: bool = True) -> str:
    r"""LaTeX of :math:`\eta(t)` for any schedule object, in the book's notation.

    ``substitute=False`` prints the symbolic form (:math:`W`, :math:`\eta_{\text{init}}`,
    :math:`\eta_0^{(1)}` for the initial rate of a join's second piece, ...).

    Example:
        >>> from lrdecay_lit.composites import warmup
        >>> latex_of(warmup(0.5, 10)).split(" & ")[0]
        '\\begin{cases} \\frac{t}{20}'
    """
    expr = expression_of(schedule, symbolic=not substitute)
    return sp.latex(expr, symbol_names=_symbol_names(expr), ln_notation=True)


# --- derivations, piece by piece --------------------------------------------------------------


def _peak(node: Any) -> sp.Expr:
    return expression_of(node.schedule).subs(t, 0)


def _structure(node: Any) -> tuple[list[tuple[Any, sp.Expr, sp.Expr]], Any]:
    """The pieces of a warmup or join: (piece, start, end) with None for ramps; end = oo."""
    C = _composites()
    if isinstance(node, C.Warmup):
        w = exact(node.warmup_steps)
        return [(None, sp.Integer(0), w), (node.schedule, w, sp.oo)], node
    starts = [exact(s) for s in node.starts] + [sp.oo]
    return [(s, a, b) for s, a, b in zip(node.schedules, starts, starts[1:], strict=False)], node


def _ramp_of(node: Any, x: sp.Expr = t) -> sp.Expr:
    return _ramp(node.kind, exact(node.init_value), _peak(node), exact(node.warmup_steps), x)


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
    C = _composites()
    node = _as(schedule)
    if _is_leaf(node):
        opts, subs = _leaf_args(node)
        if node.name == "cosine_decay_restarts" and float(node.params["t_mul"]) == 1.0:
            return _diff_ae(_leaf_value(node), order)  # TF's arithmetic branch (t_mul = 1)
        return derivative(node.name, order, **opts, **subs)
    if isinstance(node, C.Constant):
        return sp.Integer(0)
    if isinstance(node, C.Warmup) and node.warmup_steps == 0:
        return derivative_of(node.schedule, order)
    pieces, _ = _structure(node)
    args = []
    for piece, start, end in pieces:
        d = sp.diff(_ramp_of(node), t, order) if piece is None else derivative_of(piece, order)
        args.append((d.subs(t, t - start) if start != 0 else d, t < end if end != sp.oo else True))
    return sp.Piecewise(*args)


def _clamp(x: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """min(max(x, lo), hi), evaluated when x is a number."""
    return sp.Min(sp.Max(x, lo), hi)


_UPPER = sp.Symbol("X", positive=True)
_COUNT = sp.Symbol("M", integer=True, positive=True)


def _integral(node: Any, upper: sp.Expr) -> sp.Expr:
    C = _composites()
    if _is_leaf(node):
        opts, subs = _leaf_args(node)
        # integrate up to a symbol, then put the bound in (budget_integral expects a symbol)
        value = budget_integral(node.name, _UPPER, **opts, **subs).value
        return value.subs(_UPPER, upper)
    if isinstance(node, C.Constant):
        return exact(node.value) * upper
    if isinstance(node, C.Warmup) and node.warmup_steps == 0:
        return _integral(node.schedule, upper)
    total = sp.Integer(0)
    tau = sp.Symbol("tau", nonnegative=True)
    for piece, start, end in _structure(node)[0]:
        length = _clamp(upper - start, 0, end - start)
        if length == 0:
            continue
        if piece is None:
            part = sp.integrate(_ramp_of(node, tau), (tau, 0, length))
        else:
            part = _integral(piece, length)
        total += part
    return total


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
    value = _integral(_as(schedule), x)
    closed = not value.has(sp.Integral, sp.Sum)
    return Derivation(
        "integral budget", {"value": value}, closed_form=closed, note="piece by piece"
    )


def _sum(node: Any, count: sp.Expr) -> sp.Expr:
    C = _composites()
    if _is_leaf(node):
        opts, subs = _leaf_args(node)
        return budget_sum(node.name, _COUNT, **opts, **subs).value.subs(_COUNT, count)
    if isinstance(node, C.Constant):
        return exact(node.value) * count
    if isinstance(node, C.Warmup) and node.warmup_steps == 0:
        return _sum(node.schedule, count)
    total = sp.Integer(0)
    n = sp.Symbol("n", integer=True, nonnegative=True)
    for piece, start, end in _structure(node)[0]:
        length = _clamp(count - start, 0, end - start)
        if length == 0:
            continue
        if piece is None:
            part = sp.summation(_ramp_of(node, n), (n, 0, length - 1))
        else:
            part = _sum(piece, length)
        total += part
    return total


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
    value = _sum(_as(schedule), count)
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
    C = _composites()
    node = _as(schedule)
    while not (_is_leaf(node) or isinstance(node, C.Constant)):
        node = node.schedule if isinstance(node, C.Warmup) else node.schedules[-1]
    if isinstance(node, C.Constant):
        return exact(node.value)
    opts, subs = _leaf_args(node)
    return limit_at_infinity(node.name, **opts, **subs)


# --- numpy --------------------------------------------------------------------------------------


def _leaf_numeric(node: Any) -> Callable[[np.ndarray], np.ndarray]:
    """A base schedule's generated numpy function (:func:`numeric`), bound to its values."""
    p = dict(node.params)
    if node.name == "piecewise_constant":
        f = numeric(node.name)
        return functools.partial(f, boundaries=p["boundaries"], values=p["values"])
    opts = {k: p.pop(k) for k in ("staircase", "cycle") if k in p}
    return functools.partial(numeric(node.name, **opts), **p)


def numeric_of(schedule: object) -> Callable[[object], np.ndarray | np.float64]:
    """A vectorised numpy function generated from :func:`build_expression` (``lambdify``).

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

    def leaf(node: Any, path: tuple[str, ...]) -> sp.Expr:
        if node.name == "constant":
            return exact(node.value)
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
