r"""Composite schedules: a warmup in front of a schedule, schedules one after another, a constant.

TF1's decays start at their peak. Modern training loops usually *warm up* first (the rate
climbs from a small value to the peak over a few hundred steps) and often chain several
phases. Three building blocks cover this, in the same style as the core: vectorised numpy
(no Python loop over steps), validated with the core's messages, callable on steps like
:class:`~lrdecay_lit.registry.Schedule`, serialisable with ``get_config``/``from_config``
(nested, JSON-compatible), and with a sympy expression (a ``Piecewise`` of the pieces, each
with a shifted step) so that :mod:`lrdecay_lit.symbolic` can derive them.

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
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit._validation import check_real, check_sorted_boundaries, check_steps
from lrdecay_lit.registry import Schedule
from lrdecay_lit.specs import NUM_STEPS, SPECS, ParamSpec

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

ScheduleLike = Any
"""A Schedule, a Composite, a config dict or a number (see :func:`as_schedule`)."""


def _fail(name: str, rule: str, value: object) -> ValueError:
    return ValueError(f"Argument `{name}` {rule}. Received: {name}={value!r}")


def _whole_steps(name: str, value: object, *, ge: int = 0) -> int:
    """A whole number of steps ``>= ge`` as an int (``100.0`` is accepted as ``100``)."""
    x = check_real(name, value, ge=ge)
    if not float(x).is_integer():
        raise _fail(name, "must be a whole number of steps", value)
    return int(x)


def _result(values: np.ndarray, step: object) -> np.ndarray | np.float64:
    """A numpy float64 scalar for a scalar step, else the array (the core's convention)."""
    scalar = step.ndim == 0 if isinstance(step, np.ndarray) else isinstance(step, numbers.Real)
    return values[0] if scalar else values


def as_schedule(obj: ScheduleLike, name: str = "schedule") -> Schedule | Composite:
    """``obj`` as something callable on steps with a config: a Schedule or a Composite.

    Accepts a :class:`~lrdecay_lit.registry.Schedule`, a :class:`Composite`, a config dict
    (``{"name": ..., ...}`` from ``get_config``) or a real number (:func:`constant`).

    Raises:
        TypeError: anything else (a bare TF-style function has no hyper-parameters: wrap it
            as ``Schedule(name, **params)``).
    """
    if isinstance(obj, Schedule | Composite):
        return obj
    if isinstance(obj, Mapping):
        return from_config(obj)
    if isinstance(obj, numbers.Real) and not isinstance(obj, bool | np.bool_):
        return Constant(obj)
    raise TypeError(
        f"Argument `{name}` must be a Schedule, a composite schedule, a config dict or a "
        f"number. Received: {name}={obj!r}"
    )


def from_config(config: Mapping[str, object]) -> Schedule | Composite:
    """Rebuild any schedule (base or composite, nested) from its ``get_config()`` dict.

    Example:
        >>> from_config({"name": "constant", "value": 0.1})
        constant(0.1)
    """
    if not isinstance(config, Mapping) or "name" not in config:
        raise TypeError(f"A schedule config is a dict with a 'name'. Received: {config!r}")
    cls = _CLASSES.get(str(config["name"]))
    if cls is None:
        return Schedule.from_config(config)
    return cls.from_config(config)


def _length(schedule: Schedule) -> float | None:
    """The step count that sets a base schedule's time scale (``decay_steps``, ...)."""
    p = schedule.params
    if schedule.name == "piecewise_constant":
        return float(p["boundaries"][-1])  # type: ignore[index]
    for key in ("decay_steps", "first_decay_steps"):
        if key in p:
            return float(p[key])  # type: ignore[arg-type]
    return None


def suggested_steps(schedule: ScheduleLike) -> int:
    """How many steps show a schedule well (the explorers' and figures' default range).

    A base schedule gets the articles' range (:data:`~lrdecay_lit.specs.NUM_STEPS`) scaled
    by its time scale (``decay_steps`` relative to the articles' value); a warmup adds
    ``warmup_steps``; a join shows every piece and the last one's range.

    Example:
        >>> import lrdecay_lit as lr
        >>> suggested_steps(lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=500))
        600
        >>> suggested_steps(warmup(lr.Schedule("cosine_decay", learning_rate=0.1,
        ...                                    decay_steps=500), 100))
        700
    """
    s = as_schedule(schedule)
    if isinstance(s, Composite):
        return s._suggested_steps()
    base = NUM_STEPS.get(s.name, 60)
    length = _length(s)
    example = _length(Schedule(s.name, **{p.name: p.example for p in SPECS[s.name]}))
    if length is None or not example:
        return base
    return max(2, math.ceil(base * length / example))


class Composite:
    """Base class of :class:`Constant`, :class:`Warmup` and :class:`Join`.

    Every composite is called on steps like :class:`~lrdecay_lit.registry.Schedule`
    (float64, the shape of the input, a numpy scalar for a scalar step) and has:

    - ``get_config()`` / ``from_config()``: a nested, JSON-compatible dict and back;
    - ``params`` / ``spec`` / ``replace(**params)``: its hyper-parameters flattened with
      ``__`` between levels, the way scikit-learn names nested parameters
      (``schedule__decay_steps`` is the ``decay_steps`` of a warmup's schedule,
      ``p1__learning_rate`` the ``learning_rate`` of a join's second piece); the explorers
      build their controls from ``spec``;
    - ``expr()``, ``latex()``, ``derivative()``, ``budget_integral()``, ``budget_sum()``,
      ``limit_at_infinity()``: the sympy layer (:mod:`lrdecay_lit.symbolic`, imported on
      first use).
    """

    name: ClassVar[str] = ""

    # ---------------------------------------------------------------- evaluation

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        t = check_steps("step", step)
        return _result(np.asarray(self._evaluate(t), dtype=np.float64), step)

    def _evaluate(self, t: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def children(self) -> tuple[Schedule | Composite, ...]:
        """The schedules this one is made of (empty for :class:`Constant`)."""
        return ()

    # ---------------------------------------------------------------- config

    def get_config(self) -> dict[str, object]:  # pragma: no cover - abstract
        """The constructor arguments as a nested, JSON-compatible dict with a ``"name"``."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Composite:
        """Rebuild from :meth:`get_config`'s dict (children may be any schedule config)."""
        config = dict(config)
        name = config.pop("name", cls.name)
        if name != cls.name:
            raise ValueError(f"Not a {cls.name} config. Received: name={name!r}")
        return cls(**config)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Composite):
            return NotImplemented
        return self.get_config() == other.get_config()

    __hash__ = None  # type: ignore[assignment]

    # ---------------------------------------------------------------- flat parameters

    def _own_spec(self) -> tuple[ParamSpec, ...]:
        return ()

    def _own_params(self) -> dict[str, object]:
        return {}

    def _child_prefixes(self) -> tuple[str, ...]:
        return ()

    @property
    def params(self) -> dict[str, object]:
        """Every hyper-parameter, flattened: own ones, then each child's with its prefix."""
        out = dict(self._own_params())
        for prefix, child in zip(self._child_prefixes(), self.children(), strict=True):
            out.update({f"{prefix}__{k}": v for k, v in child.params.items()})
        return out

    @property
    def spec(self) -> tuple[ParamSpec, ...]:
        """One :class:`~lrdecay_lit.specs.ParamSpec` per entry of :attr:`params` (for widgets)."""
        out = list(self._own_spec())
        for prefix, child in zip(self._child_prefixes(), self.children(), strict=True):
            for p in child.spec:
                out.append(
                    dataclasses.replace(
                        p,
                        name=f"{prefix}__{p.name}",
                        description=f"{prefix} ({child.name}): {p.description}",
                    )
                )
        return tuple(out)

    def replace(self, **changes: object) -> Composite:
        """A copy with some flat hyper-parameters changed (validated like a new schedule).

        Example:
            >>> w = warmup(constant(0.1), 10)
            >>> w.replace(warmup_steps=20, schedule__value=0.2)
            warmup(constant(0.2), warmup_steps=20, kind='linear', init_value=0.0)
        """
        config = self.get_config()
        unknown = sorted(k for k in changes if not _set_flat(config, k, changes[k]))
        if unknown:
            raise TypeError(
                f"{self.name}() got unknown parameter(s) {unknown}; it takes {list(self.params)}"
            )
        return from_config(config)  # type: ignore[return-value]

    # ---------------------------------------------------------------- display

    @property
    def label(self) -> str:
        """A short description for legends and titles, e.g. ``warmup(10) → cosine_decay``."""
        return repr(self)

    def _suggested_steps(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def num_steps(self) -> int:
        """The default number of steps to show (:func:`suggested_steps`)."""
        return self._suggested_steps()

    # ---------------------------------------------------------------- sympy layer

    def expr(self, *, symbolic: bool = False) -> Any:
        """The sympy expression: a ``Piecewise`` of the pieces in the step ``t``.

        With the hyper-parameters' values (exact rationals), or with ``symbolic=True`` as
        symbols (see :func:`lrdecay_lit.symbolic.expression_of`).
        """
        from lrdecay_lit.symbolic import expression_of

        return expression_of(self, symbolic=symbolic)

    def latex(self, *, substitute: bool = True) -> str:
        """LaTeX of :math:`\\eta(t)` in the book's notation (values or symbols)."""
        from lrdecay_lit.symbolic import latex_of

        return latex_of(self, substitute=substitute)

    def derivative(self, order: int = 1) -> Any:
        """:math:`\\eta^{(n)}(t)` almost everywhere (:func:`lrdecay_lit.symbolic.derivative_of`)."""
        from lrdecay_lit.symbolic import derivative_of

        return derivative_of(self, order)

    def budget_integral(self, upper: object = None) -> Any:
        """:math:`\\int_0^T \\eta\\,dt` (:func:`lrdecay_lit.symbolic.budget_integral_of`)."""
        from lrdecay_lit.symbolic import budget_integral_of

        return budget_integral_of(self, upper)

    def budget_sum(self, steps: object = None) -> Any:
        """:math:`\\sum_{n<N} \\eta(n)` (:func:`lrdecay_lit.symbolic.budget_sum_of`)."""
        from lrdecay_lit.symbolic import budget_sum_of

        return budget_sum_of(self, steps)

    def limit_at_infinity(self) -> Any:
        """:math:`\\lim_{t\\to\\infty} \\eta(t)`: the last piece's limit."""
        from lrdecay_lit.symbolic import limit_at_infinity_of

        return limit_at_infinity_of(self)


def _set_flat(config: dict[str, Any], key: str, value: object) -> bool:
    """Set flat parameter ``key`` in a nested config; False if no such parameter."""
    name = config.get("name")
    head, sep, rest = key.partition("__")
    if name == "warmup":
        if not sep:
            if key in ("warmup_steps", "kind", "init_value"):
                config[key] = value
                return True
            return False
        if head == "schedule":
            return _set_flat(config["schedule"], rest, value)
        return False
    if name == "join":
        if not sep:
            if key == "boundaries":
                config[key] = value
                return True
            return False
        if head.startswith("p") and head[1:].isdigit() and int(head[1:]) < len(config["schedules"]):
            return _set_flat(config["schedules"][int(head[1:])], rest, value)
        return False
    if sep:
        return False
    if name == "constant":
        if key == "value":
            config[key] = value
            return True
        return False
    if key in {p.name for p in SPECS.get(str(name), ())}:
        config[key] = value
        return True
    return False


def _float_out(values: object, shape: tuple[int, ...]) -> np.ndarray:
    return np.broadcast_to(np.asarray(values, dtype=np.float64), shape)


class Constant(Composite):
    """:math:`\\eta(t) = c` for every step (:func:`constant`)."""

    name = "constant"

    def __init__(self, value: float) -> None:
        self.value = check_real("value", value, ge=0)

    def _evaluate(self, t: np.ndarray) -> np.ndarray:
        return np.full(t.shape, self.value)

    def get_config(self) -> dict[str, object]:
        return {"name": "constant", "value": self.value}

    def _own_params(self) -> dict[str, object]:
        return {"value": self.value}

    def _own_spec(self) -> tuple[ParamSpec, ...]:
        return (
            ParamSpec(
                "value", "float", None, self.value, 0.0, 1.0, 0.001, description="learning rate"
            ),
        )

    def _suggested_steps(self) -> int:
        return 60

    def __repr__(self) -> str:
        return f"constant({self.value!r})"


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
        self.warmup_steps = _whole_steps("warmup_steps", warmup_steps)
        if kind not in WARMUP_KINDS:
            raise _fail("kind", f"must be one of {', '.join(map(repr, WARMUP_KINDS))}", kind)
        self.kind = str(kind)
        self.init_value = check_real("init_value", init_value, ge=0)
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

    def children(self) -> tuple[Schedule | Composite, ...]:
        return (self.schedule,)

    def _child_prefixes(self) -> tuple[str, ...]:
        return ("schedule",)

    def get_config(self) -> dict[str, object]:
        return {
            "name": "warmup",
            "schedule": self.schedule.get_config(),
            "warmup_steps": self.warmup_steps,
            "kind": self.kind,
            "init_value": self.init_value,
        }

    def _own_params(self) -> dict[str, object]:
        return {"warmup_steps": self.warmup_steps, "init_value": self.init_value}

    def _own_spec(self) -> tuple[ParamSpec, ...]:
        return (
            ParamSpec(
                "warmup_steps",
                "int",
                0,
                self.warmup_steps,
                0,
                max(200, 2 * self.warmup_steps),
                1,
                description=f"length of the {self.kind} warmup (steps)",
            ),
            ParamSpec(
                "init_value",
                "float",
                0.0,
                self.init_value,
                0.0,
                1.0,
                0.001,
                description="learning rate at step 0 (start of the ramp)",
            ),
        )

    @property
    def label(self) -> str:
        return f"{self.kind} warmup({self.warmup_steps}) → {_short(self.schedule)}"

    def _suggested_steps(self) -> int:
        return self.warmup_steps + suggested_steps(self.schedule)

    def __repr__(self) -> str:
        return (
            f"warmup({_repr(self.schedule)}, warmup_steps={self.warmup_steps}, "
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
            if arr[0] < 1:
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

    def children(self) -> tuple[Schedule | Composite, ...]:
        return self.schedules

    def _child_prefixes(self) -> tuple[str, ...]:
        return tuple(f"p{i}" for i in range(len(self.schedules)))

    def get_config(self) -> dict[str, object]:
        return {
            "name": "join",
            "schedules": [s.get_config() for s in self.schedules],
            "boundaries": list(self.boundaries),
        }

    def _own_params(self) -> dict[str, object]:
        return {"boundaries": list(self.boundaries)} if self.boundaries else {}

    def _own_spec(self) -> tuple[ParamSpec, ...]:
        if not self.boundaries:
            return ()
        return (
            ParamSpec(
                "boundaries",
                "floats",
                None,
                list(self.boundaries),
                description="steps where the next schedule starts (it owns that step)",
            ),
        )

    @property
    def label(self) -> str:
        return "join(" + ", ".join(_short(s) for s in self.schedules) + ")"

    def _suggested_steps(self) -> int:
        return self.starts[-1] + suggested_steps(self.schedules[-1])

    def __repr__(self) -> str:
        inner = ", ".join(_repr(s) for s in self.schedules)
        return f"join([{inner}], boundaries={list(self.boundaries)!r})"


def _short(s: Schedule | Composite) -> str:
    return s.label if isinstance(s, Composite) else s.name


def _repr(s: Schedule | Composite) -> str:
    return repr(s)


_CLASSES: dict[str, type[Composite]] = {"constant": Constant, "warmup": Warmup, "join": Join}

COMPOSITE_NAMES: tuple[str, ...] = tuple(_CLASSES)
"""The config names of the composites (``get_config()["name"]``)."""


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


def leaves(schedule: ScheduleLike) -> list[tuple[Schedule | Constant, tuple[str, ...]]]:
    """The base schedules and constants inside ``schedule``, with their flat-name prefixes.

    Example:
        >>> [(s.name, p) for s, p in leaves(warmup(join([0.1, 0.01], [5]), 3))]
        [('constant', ('schedule', 'p0')), ('constant', ('schedule', 'p1'))]
    """
    s = as_schedule(schedule)
    if isinstance(s, Schedule | Constant):
        return [(s, ())]
    out = []
    for prefix, child in zip(s._child_prefixes(), s.children(), strict=True):
        out.extend((leaf, (prefix, *path)) for leaf, path in leaves(child))
    return out
