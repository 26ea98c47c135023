r"""Composite schedules: a warmup in front of a schedule, schedules one after another, a constant.

TF1's decays start at their peak. Modern training loops usually *warm up* first (the rate
climbs from a small value to the peak over a few hundred steps) and often chain several
phases. Three building blocks cover this, in the same style as the core: vectorised numpy
(no Python loop over steps), validated with the core's messages, callable on steps like
:class:`~lrdecay_lit.registry.Schedule`, serialisable with ``get_config``/``from_config``
(nested, JSON-compatible), and with a sympy expression (a ``Piecewise`` of the pieces, each
with a shifted step) so that :mod:`lrdecay_lit.symbolic` can derive them. They are nodes of
the package's one object model (:class:`~lrdecay_lit.registry.Node`): ``constant`` is a leaf
like a base Schedule, ``warmup`` and ``join`` are :class:`Composite` nodes with children.

:func:`constant` ``(value)``
    :math:`\eta(t) = c`. Like optax's ``constant_schedule`` (and TF-slim's ``'fixed'``).

:func:`warmup` ``(schedule, warmup_steps, kind="linear", init_value=0.0)``
    A ramp from ``init_value`` to the schedule's value at its step 0 (the *peak*
    :math:`\eta_s(0)`) over ``warmup_steps`` = :math:`W` steps, then the schedule, which
    sees the step *relative to the end of the warmup*:

    .. math::

        \eta(t) = \begin{cases}
            \eta_i + (\eta_s(0) - \eta_i)\, w(t/W) & t < W \\
            \eta_s(t - W) & t \ge W
        \end{cases}
        \qquad w(u) = u \ (\text{linear}) \ \text{or}\ \tfrac12(1 - \cos \pi u) \ (\text{cosine})

    This is Keras' convention (``CosineDecay(..., warmup_target, warmup_steps)``: the
    ``decay_steps`` of the decay come *after* the warmup, so the whole schedule lasts
    ``warmup_steps + decay_steps``). optax's ``warmup_cosine_decay_schedule(init, peak,
    warmup_steps, decay_steps)`` counts the warmup *inside* ``decay_steps``: it equals
    ``warmup(cosine_decay(peak, decay_steps - warmup_steps, alpha=end/peak), warmup_steps,
    init_value=init)`` here.

:func:`join` ``(schedules, boundaries)``
    optax's ``join_schedules``: schedule :math:`i` runs from boundary :math:`b_{i-1}` (with
    :math:`b_{-1} = 0`) up to, **not including**, :math:`b_i`, and sees the step relative to
    its start, :math:`t - b_{i-1}`. A boundary step belongs to the *later* schedule, at its
    step 0:

    .. math:: \eta(t) = \eta_i(t - b_{i-1}) \quad\text{for}\quad b_{i-1} \le t < b_i

    (The opposite of TF's ``piecewise_constant``, where the value at exactly a boundary is
    still the *earlier* one.)

The arguments may be :class:`~lrdecay_lit.registry.Schedule` objects, other composites,
config dicts (from ``get_config``) or plain numbers (which become :func:`constant`).

Example:
    >>> import lrdecay_lit as lr
    >>> cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=100)
    >>> s = warmup(cos, 10)
    >>> s([0, 5, 10, 60, 110]).round(4).tolist()      # ramp, peak at step 10, then cosine
    [0.0, 0.05, 0.1, 0.05, 0.0]
    >>> j = join([0.1, 0.01], boundaries=[100])
    >>> j([99, 100]).tolist()                          # step 100 belongs to the second piece
    [0.1, 0.01]
    >>> from_config(s.get_config()) == s
    True
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._expressions import exact, shift, step_symbol
from lrdecay_lit._validation import check_sorted_boundaries, check_steps
from lrdecay_lit.registry import Leaf, Node, Segment, _suffix
from lrdecay_lit.schedules import Domain
from lrdecay_lit.specs import ParamSpec

if TYPE_CHECKING:
    import sympy as sp

__all__ = [
    "COMPOSITE_NAMES",
    "WARMUP_KINDS",
    "Composite",
    "Constant",
    "Warmup",
    "Join",
    "constant",
    "warmup",
    "join",
    "as_schedule",
    "from_config",
    "leaves",
    "suggested_steps",
]

WARMUP_KINDS = ("linear", "cosine")
"""The warmup ramps: ``linear`` (Keras, optax) and ``cosine`` (half a cosine, 0 to 1)."""

ScheduleLike: TypeAlias = "Node | Mapping[str, object] | float"
"""A schedule node (Schedule, constant, warmup, join), a config dict or a number."""


def _fail(name: str, rule: str, value: object) -> ValueError:
    return ValueError(f"Argument `{name}` {rule}. Received: {name}={value!r}")


def _whole_steps(p: ParamSpec, value: object) -> int:
    """A whole number of steps in ``p``'s domain as an int (``100.0`` is accepted as ``100``)."""
    x = p.check(value)
    if not float(x).is_integer():
        raise _fail(p.name, "must be a whole number of steps", value)
    return int(x)


# The composites' own parameters, one fact each: rule (domain: validation and the sympy
# symbol's assumptions), slider, description. Each node puts in its current value as the
# example (and a warmup its kind and a slider range that fits its length).
_VALUE = ParamSpec(
    "value",
    "float",
    None,
    0.1,
    0.0,
    1.0,
    0.001,
    description="learning rate",
    domain=Domain(ge=0),
    symbol="c",
)
_WARMUP_STEPS = ParamSpec(
    "warmup_steps",
    "int",
    0,
    100,
    0,
    200,
    1,
    description="length of the warmup (steps)",
    domain=Domain(ge=0, degenerate=0),  # W = 0: no warmup (the ramp's symbol is positive)
    symbol="W",
)
_INIT_VALUE = ParamSpec(
    "init_value",
    "float",
    0.0,
    0.0,
    0.0,
    1.0,
    0.001,
    description="learning rate at step 0 (start of the ramp)",
    domain=Domain(ge=0),
    symbol=r"\eta_{\text{init}}",
)
_BOUNDARY = ParamSpec(
    "boundaries",
    "floats",
    None,
    [100],
    description="steps where the next schedule starts (it owns that step)",
    domain=Domain(ge=1),  # each boundary (the first piece owns step 0)
    symbol="B",  # boundary_i prints B_i
)
_OWN: dict[str, ParamSpec] = {
    "value": _VALUE,
    "warmup_steps": _WARMUP_STEPS,
    "init_value": _INIT_VALUE,
    "boundary": _BOUNDARY,
}
"""The own parameters by the base name of their sympy symbol (``boundary_1`` is a boundary)."""

COMPOSITE_NOTATION: dict[str, str] = {k: str(p.symbol) for k, p in _OWN.items()}
"""The book's symbols for the composites' own parameters (``boundary_1`` prints ``B_{1}``)."""


def _notation(*names: str) -> dict[str, str]:
    return {n: COMPOSITE_NOTATION[n] for n in names}


def _on_steps(node: Constant | Composite, step: ArrayLike) -> np.ndarray | np.float64:
    """``node._evaluate`` on validated steps: float64, a numpy scalar for a scalar step."""
    t = check_steps("step", step)
    values = np.asarray(node._evaluate(t), dtype=np.float64)
    scalar = step.ndim == 0 if isinstance(step, np.ndarray) else isinstance(step, numbers.Real)
    return values[0] if scalar else values


def as_schedule(obj: object, name: str = "schedule") -> Node:
    """``obj`` as a schedule node (something callable on steps, with a config).

    Accepts a node (a :class:`~lrdecay_lit.registry.Schedule`, a constant, a composite), a
    config dict (``{"name": ..., ...}`` from ``get_config``) or a real number
    (:func:`constant`).

    Raises:
        TypeError: anything else (a bare TF-style function has no hyper-parameters: wrap it
            as ``Schedule(name, **params)``).
    """
    if isinstance(obj, Node):
        return obj
    if isinstance(obj, Mapping):
        return from_config(obj)
    if isinstance(obj, numbers.Real) and not isinstance(obj, bool | np.bool_):
        return Constant(float(obj))
    raise TypeError(
        f"Argument `{name}` must be a Schedule, a composite schedule, a config dict or a "
        f"number. Received: {name}={obj!r}"
    )


def from_config(config: Mapping[str, object]) -> Node:
    """Rebuild any schedule (base or composite, nested) from its ``get_config()`` dict.

    The same as :meth:`lrdecay_lit.registry.Node.from_config`.

    Example:
        >>> from_config({"name": "constant", "value": 0.1})
        constant(0.1)
    """
    return Node.from_config(config)


def suggested_steps(schedule: object) -> int:
    """How many steps show a schedule well (the explorers' and figures' default range).

    A base schedule gets the articles' range (:data:`~lrdecay_lit.specs.NUM_STEPS`) scaled
    by its time scale (``decay_steps`` relative to the articles' value); a warmup adds
    ``warmup_steps``; a join shows every piece and the last one's range. The node's
    :attr:`~lrdecay_lit.registry.Node.num_steps`.

    Example:
        >>> import lrdecay_lit as lr
        >>> suggested_steps(lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=500))
        600
        >>> suggested_steps(warmup(lr.Schedule("cosine_decay", learning_rate=0.1,
        ...                                    decay_steps=500), 100))
        700
    """
    return as_schedule(schedule).num_steps


def _own_symbol(name: str, path: tuple[str, ...], index: int | None = None) -> sp.Symbol:
    """A composite's (or constant's) own symbol: ``warmup_steps``, ``boundary_1__0``, ..."""
    import sympy as sp

    base = name if index is None else f"{name}_{index}"
    return sp.Symbol(base + _suffix(path), **_OWN[name].domain.assumptions)


class Constant(Node):
    """:math:`\\eta(t) = c` for every step (:func:`constant`): a leaf, like ``fixed``."""

    name = "constant"

    def __init__(self, value: float) -> None:
        self.value = _VALUE.check(value)

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        return _on_steps(self, step)

    def _evaluate(self, t: np.ndarray) -> np.ndarray:
        return np.full(t.shape, self.value)

    def get_config(self) -> dict[str, object]:
        return {"name": "constant", "value": self.value}

    def own_params(self) -> dict[str, object]:
        return {"value": self.value}

    def own_spec(self) -> tuple[ParamSpec, ...]:
        return (dataclasses.replace(_VALUE, example=self.value),)

    def _rebuild(self, children: tuple[Node, ...], own: dict[str, object]) -> Constant:
        return Constant(own.get("value", self.value))  # type: ignore[arg-type]

    def tf_call(self) -> tuple[str, dict[str, Any], dict[str, Any]]:
        return "fixed", {}, {"learning_rate": self.value}

    def own_notation(self) -> dict[str, str]:
        return _notation("value")

    def build(
        self,
        leaf: Leaf | None = None,
        *,
        symbolic: bool = False,
        exact_shifts: bool = False,
        path: tuple[str, ...] = (),
    ) -> sp.Expr:
        if leaf is not None:
            return leaf(self, path)
        return _own_symbol("value", path) if symbolic else exact(self.value)

    @property
    def label(self) -> str:
        return repr(self)

    def __repr__(self) -> str:
        return f"constant({self.value!r})"


class Composite(Node):
    """Base class of :class:`Warmup` and :class:`Join`: a node made of other nodes.

    Every composite is called on steps like :class:`~lrdecay_lit.registry.Schedule`
    (float64, the shape of the input, a numpy scalar for a scalar step) and has what every
    :class:`~lrdecay_lit.registry.Node` has: ``get_config()`` / ``from_config()`` (a
    nested, JSON-compatible dict and back); ``params`` / ``spec`` / ``replace(**params)``,
    its hyper-parameters flattened with ``__`` between levels, the way scikit-learn names
    nested parameters (``schedule__decay_steps`` is the ``decay_steps`` of a warmup's
    schedule, ``p1__learning_rate`` the ``learning_rate`` of a join's second piece), from
    which the explorers build their controls; ``expr()`` and ``latex()``. The derivations
    (:func:`lrdecay_lit.symbolic.derivative_of`, ``budget_integral_of``,
    ``budget_sum_of``, ``limit_at_infinity_of``) walk its :meth:`segments`.
    """

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        return _on_steps(self, step)

    def _evaluate(self, t: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def build(
        self,
        leaf: Leaf | None = None,
        *,
        symbolic: bool = False,
        exact_shifts: bool = False,
        path: tuple[str, ...] = (),
    ) -> sp.Expr:
        import sympy as sp

        t = step_symbol()
        built = [
            child.build(leaf, symbolic=symbolic, exact_shifts=exact_shifts, path=(*path, prefix))
            for prefix, child in zip(self.child_prefixes(), self.children(), strict=True)
        ]
        inner = iter(built)
        starts = self._starts(symbolic, path)
        pieces = []
        for segment, start in zip(self.segments(symbolic=symbolic), starts, strict=True):
            if segment.piece is None:
                pieces.append(self.own_expression(t, symbolic=symbolic, path=path, built=built))
                continue
            expr = next(inner)
            pieces.append(
                expr if start == 0 else expr.subs(t, shift(start, exact_shifts=exact_shifts))
            )
        if len(pieces) == 1:
            return pieces[0]
        return sp.Piecewise(
            *((p, t < end) for p, end in zip(pieces, starts[1:], strict=False)), (pieces[-1], True)
        )

    def _starts(self, symbolic: bool, path: tuple[str, ...]) -> list[sp.Expr]:
        """The start of each segment, exact (values) or as the own symbols."""
        raise NotImplementedError  # pragma: no cover


class Warmup(Composite):
    """A ramp to ``schedule(0)`` over ``warmup_steps``, then ``schedule(step - warmup_steps)``.

    See :func:`warmup`.
    """

    name = "warmup"

    def __init__(
        self,
        schedule: ScheduleLike,
        warmup_steps: int,
        kind: str = "linear",
        init_value: float = 0.0,
    ) -> None:
        self.schedule = as_schedule(schedule)
        self.warmup_steps = _whole_steps(_WARMUP_STEPS, warmup_steps)
        if kind not in WARMUP_KINDS:
            raise _fail("kind", f"must be one of {', '.join(map(repr, WARMUP_KINDS))}", kind)
        self.kind = str(kind)
        self.init_value = _INIT_VALUE.check(init_value)
        self.peak = float(self.schedule(0))
        """The value the ramp climbs to: the schedule at its own step 0."""

    def ramp(self, t: np.ndarray) -> np.ndarray:
        """The warmup part, :math:`\\eta_i + (\\eta_s(0) - \\eta_i) w(t/W)`, for any steps."""
        u = np.asarray(t, dtype=np.float64) / self.warmup_steps
        if self.kind == "cosine":
            u = 0.5 * (1.0 - np.cos(np.pi * u))
        return self.init_value + (self.peak - self.init_value) * u

    def _evaluate(self, t: np.ndarray) -> np.ndarray:
        out = np.empty(t.shape, dtype=np.float64)
        during = t < self.warmup_steps
        out[during] = self.ramp(t[during])
        after = ~during
        if after.any():
            out[after] = self.schedule(t[after] - self.warmup_steps)
        return out

    def children(self) -> tuple[Node, ...]:
        return (self.schedule,)

    def child_prefixes(self) -> tuple[str, ...]:
        return ("schedule",)

    def get_config(self) -> dict[str, object]:
        return {
            "name": "warmup",
            "schedule": self.schedule.get_config(),
            "warmup_steps": self.warmup_steps,
            "kind": self.kind,
            "init_value": self.init_value,
        }

    def own_params(self) -> dict[str, object]:
        return {"warmup_steps": self.warmup_steps, "init_value": self.init_value}

    def _settable(self) -> tuple[str, ...]:
        return ("warmup_steps", "kind", "init_value")

    def _rebuild(self, children: tuple[Node, ...], own: dict[str, object]) -> Warmup:
        args: dict[str, Any] = {
            "warmup_steps": self.warmup_steps,
            "kind": self.kind,
            "init_value": self.init_value,
            **own,
        }
        return Warmup(children[0], **args)

    def own_spec(self) -> tuple[ParamSpec, ...]:
        return (
            dataclasses.replace(
                _WARMUP_STEPS,
                example=self.warmup_steps,
                max=max(200, 2 * self.warmup_steps),
                description=f"length of the {self.kind} warmup (steps)",
            ),
            dataclasses.replace(_INIT_VALUE, example=self.init_value),
        )

    def segments(self, *, symbolic: bool = False) -> tuple[Segment, ...]:
        """The ramp on ``[0, W)``, then the schedule from ``W`` (only it when ``W = 0``)."""
        if self.warmup_steps == 0 and not symbolic:
            return (Segment(self.schedule, 0, None),)
        return (
            Segment(None, 0, self.warmup_steps),
            Segment(self.schedule, self.warmup_steps, None),
        )

    def _starts(self, symbolic: bool, path: tuple[str, ...]) -> list[sp.Expr]:
        if self.warmup_steps == 0 and not symbolic:
            return [exact(0)]
        width = _own_symbol("warmup_steps", path) if symbolic else exact(self.warmup_steps)
        return [exact(0), width]

    def own_notation(self) -> dict[str, str]:
        return _notation("warmup_steps", "init_value")

    def own_symbols(self, path: tuple[str, ...] = ()) -> dict[sp.Symbol, tuple[str, object]]:
        return {
            _own_symbol("warmup_steps", path): ("warmup_steps", self.warmup_steps),
            _own_symbol("init_value", path): ("init_value", self.init_value),
        }

    def own_expression(
        self,
        x: sp.Expr,
        *,
        symbolic: bool = False,
        path: tuple[str, ...] = (),
        built: Sequence[sp.Expr] | None = None,
    ) -> sp.Expr:
        r"""The ramp :math:`\eta_i + (\eta_s(0) - \eta_i)\,w(x / W)` at local step ``x``.

        The peak :math:`\eta_s(0)` is the schedule's expression at 0: ``built[0]`` (as
        :meth:`build` wrote it) or the schedule's own expression.
        """
        import sympy as sp

        if symbolic:
            width = _own_symbol("warmup_steps", path)
            init = _own_symbol("init_value", path)
        else:
            width, init = exact(self.warmup_steps), exact(self.init_value)
        if built is None:
            built = [self.schedule.build(symbolic=symbolic, path=(*path, "schedule"))]
        peak = built[0].subs(step_symbol(), 0)
        u = x / width
        if self.kind == "cosine":
            u = (1 - sp.cos(sp.pi * u)) / 2
        return init + (peak - init) * u

    @property
    def label(self) -> str:
        return f"{self.kind} warmup({self.warmup_steps}) → {self.schedule.label}"

    @property
    def num_steps(self) -> int:
        return self.warmup_steps + self.schedule.num_steps

    def __repr__(self) -> str:
        return (
            f"warmup({self.schedule!r}, warmup_steps={self.warmup_steps}, "
            f"kind={self.kind!r}, init_value={self.init_value!r})"
        )


class Join(Composite):
    """Schedules one after another, each seeing the step relative to its start.

    See :func:`join`.
    """

    name = "join"

    def __init__(self, schedules: Sequence[ScheduleLike], boundaries: Sequence[int]) -> None:
        if isinstance(schedules, Mapping | str) or not isinstance(schedules, Sequence):
            raise TypeError(
                "Argument `schedules` must be a list of schedules. "
                f"Received: schedules={schedules!r}"
            )
        if len(schedules) == 0:
            raise _fail("schedules", "must contain at least one schedule", list(schedules))
        self.schedules = tuple(as_schedule(s, f"schedules[{i}]") for i, s in enumerate(schedules))
        b = list(boundaries)
        if len(b) != len(self.schedules) - 1:
            raise ValueError(
                f"Argument `boundaries` must have len(schedules) - 1 = {len(self.schedules) - 1} "
                f"entries. Received: boundaries={b!r} ({len(b)} entries)"
            )
        if b:
            arr = check_sorted_boundaries("boundaries", b)
            if arr[0] not in _BOUNDARY.domain:
                raise _fail("boundaries", "must be >= 1 (the first piece owns step 0)", b)
            if not np.array_equal(np.floor(arr), arr):
                raise _fail("boundaries", "must be whole numbers of steps", b)
            b = [int(x) for x in arr]
        self.boundaries = tuple(b)
        self.starts = (0, *self.boundaries)
        """Step at which each piece starts (its step 0)."""

    def piece_index(self, step: ArrayLike) -> np.ndarray:
        """Which piece owns each step: ``i`` with ``boundaries[i-1] <= step < boundaries[i]``.

        Example:
            >>> join([0.3, 0.2, 0.1], [10, 20]).piece_index([0, 9, 10, 19, 20]).tolist()
            [0, 0, 1, 1, 2]
        """
        t = check_steps("step", step)
        return np.searchsorted(np.asarray(self.boundaries, dtype=np.float64), t, side="right")

    def _evaluate(self, t: np.ndarray) -> np.ndarray:
        out = np.empty(t.shape, dtype=np.float64)
        index = np.searchsorted(np.asarray(self.boundaries, dtype=np.float64), t, side="right")
        for i, (schedule, start) in enumerate(zip(self.schedules, self.starts, strict=True)):
            mask = index == i
            if mask.any():
                out[mask] = schedule(t[mask] - start)
        return out

    def children(self) -> tuple[Node, ...]:
        return self.schedules

    def child_prefixes(self) -> tuple[str, ...]:
        return tuple(f"p{i}" for i in range(len(self.schedules)))

    def get_config(self) -> dict[str, object]:
        return {
            "name": "join",
            "schedules": [s.get_config() for s in self.schedules],
            "boundaries": list(self.boundaries),
        }

    def own_params(self) -> dict[str, object]:
        return {"boundaries": list(self.boundaries)} if self.boundaries else {}

    def _settable(self) -> tuple[str, ...]:
        return ("boundaries",)

    def _rebuild(self, children: tuple[Node, ...], own: dict[str, object]) -> Join:
        return Join(children, own.get("boundaries", self.boundaries))  # type: ignore[arg-type]

    def own_spec(self) -> tuple[ParamSpec, ...]:
        if not self.boundaries:
            return ()
        return (dataclasses.replace(_BOUNDARY, example=list(self.boundaries)),)

    def segments(self, *, symbolic: bool = False) -> tuple[Segment, ...]:
        """Piece ``i`` on ``[b_{i-1}, b_i)``."""
        ends = (*self.boundaries, None)
        return tuple(
            Segment(s, a, b) for s, a, b in zip(self.schedules, self.starts, ends, strict=True)
        )

    def _starts(self, symbolic: bool, path: tuple[str, ...]) -> list[sp.Expr]:
        if not symbolic:
            return [exact(s) for s in self.starts]
        return [exact(0)] + [
            _own_symbol("boundary", path, i + 1) for i in range(len(self.boundaries))
        ]

    def own_notation(self) -> dict[str, str]:
        return _notation("boundary")

    def own_symbols(self, path: tuple[str, ...] = ()) -> dict[sp.Symbol, tuple[str, object]]:
        return {
            _own_symbol("boundary", path, i + 1): ("boundaries", b)
            for i, b in enumerate(self.boundaries)
        }

    @property
    def label(self) -> str:
        return "join(" + ", ".join(s.label for s in self.schedules) + ")"

    @property
    def num_steps(self) -> int:
        return self.starts[-1] + self.schedules[-1].num_steps

    def __repr__(self) -> str:
        inner = ", ".join(repr(s) for s in self.schedules)
        return f"join([{inner}], boundaries={list(self.boundaries)!r})"


COMPOSITE_NAMES: tuple[str, ...] = (Constant.name, Warmup.name, Join.name)
"""The config names of the constant and the composites (``get_config()["name"]``)."""


def constant(value: float) -> Constant:
    """A constant learning rate: :math:`\\eta(t) = c` (optax's ``constant_schedule``).

    Raises:
        ValueError / TypeError: ``value`` not a finite number ``>= 0``.

    Example:
        >>> constant(0.01)([0, 1000]).tolist()
        [0.01, 0.01]
    """
    return Constant(value)


def warmup(
    schedule: ScheduleLike,
    warmup_steps: int,
    kind: str = "linear",
    init_value: float = 0.0,
) -> Warmup:
    r"""A warmup ramp in front of ``schedule`` (Keras' convention: warmup *outside* the decay).

    For :math:`t < W` the rate climbs from ``init_value`` :math:`\eta_i` to the peak
    :math:`\eta_s(0)`, the schedule's value at its own step 0: linearly,
    :math:`\eta_i + (\eta_s(0) - \eta_i)\,t/W`, or along half a cosine,
    :math:`\eta_i + (\eta_s(0) - \eta_i)\,\tfrac12(1 - \cos(\pi t/W))`. From :math:`t = W` on
    the rate is :math:`\eta_s(t - W)`: the schedule starts at step ``warmup_steps`` and its
    own ``decay_steps`` count from there, so the step :math:`W` itself is the peak and the
    curve is continuous.

    Keras: ``CosineDecay(initial_learning_rate=init, decay_steps=D, alpha,
    warmup_target=peak, warmup_steps=W)`` is ``warmup(cosine_decay(peak, D, alpha), W,
    init_value=init)``. optax counts the warmup inside ``decay_steps``:
    ``warmup_cosine_decay_schedule(init, peak, W, D, end)`` is ``warmup(cosine_decay(peak,
    D - W, alpha=end/peak), W, init_value=init)``.

    Args:
        schedule: a :class:`~lrdecay_lit.registry.Schedule`, composite, config or number.
        warmup_steps: :math:`W \ge 0` whole steps (``0``: no warmup, the schedule itself).
        kind: ``"linear"`` or ``"cosine"``.
        init_value: :math:`\eta_i \ge 0`, the rate at step 0.

    Raises:
        ValueError / TypeError: a bad argument, in the core's message shape.

    Example:
        >>> import lrdecay_lit as lr
        >>> exp = lr.Schedule("exponential_decay", learning_rate=0.4, decay_steps=10,
        ...                   decay_rate=0.5)
        >>> warmup(exp, 4, kind="cosine")([0, 1, 2, 4, 14]).round(4).tolist()
        [0.0, 0.0586, 0.2, 0.4, 0.2]
    """
    return Warmup(schedule, warmup_steps, kind=kind, init_value=init_value)


def join(schedules: Sequence[ScheduleLike], boundaries: Sequence[int]) -> Join:
    r"""Schedules one after another (optax's ``join_schedules``).

    Schedule :math:`i` owns the steps :math:`b_{i-1} \le t < b_i` (:math:`b_{-1} = 0`,
    :math:`b_n = \infty`) and is evaluated at :math:`t - b_{i-1}`: each piece starts at its
    own step 0. **A boundary step belongs to the later piece**, like optax and PyTorch's
    ``SequentialLR`` and unlike TF's ``piecewise_constant`` (whose value at exactly a
    boundary is the earlier one).

    Args:
        schedules: :math:`n + 1` schedules (Schedules, composites, configs or numbers).
        boundaries: :math:`n` strictly increasing whole steps :math:`b_0 \ge 1`.

    Raises:
        ValueError / TypeError: wrong number of boundaries, unsorted or non-whole boundaries,
            a bad schedule.

    Example:
        >>> import lrdecay_lit as lr
        >>> decay = lr.Schedule("exponential_decay", learning_rate=0.1, decay_steps=10,
        ...                     decay_rate=0.5)
        >>> j = join([constant(0.01), decay], boundaries=[5])
        >>> j([0, 4, 5, 15]).tolist()        # step 5 is the decay's step 0
        [0.01, 0.01, 0.1, 0.05]
    """
    return Join(schedules, boundaries)


def leaves(schedule: ScheduleLike) -> list[tuple[Node, tuple[str, ...]]]:
    """The base schedules and constants inside ``schedule``, with their flat-name prefixes.

    Example:
        >>> [(s.name, p) for s, p in leaves(warmup(join([0.1, 0.01], [5]), 3))]
        [('constant', ('schedule', 'p0')), ('constant', ('schedule', 'p1'))]
    """
    s = as_schedule(schedule)
    if not s.children():
        return [(s, ())]
    out: list[tuple[Node, tuple[str, ...]]] = []
    for prefix, child in zip(s.child_prefixes(), s.children(), strict=True):
        out.extend((leaf, (prefix, *path)) for leaf, path in leaves(child))
    return out
