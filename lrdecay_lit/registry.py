"""The schedule table and the object model: :class:`Node`, and :class:`Schedule` built on it.

:data:`FUNCTIONS` maps each schedule name to its TF-style function in
:mod:`lrdecay_lit.schedules`. Every schedule *object* of the package is a :class:`Node`:
a base :class:`Schedule` (one TF schedule with fixed hyper-parameters) and, in
:mod:`lrdecay_lit.composites`, a ``constant`` (a leaf too) and the composites ``warmup``
and ``join`` (nodes with children). Every node

- is called on steps like an optax schedule (float64, the shape of the input);
- is serialised like a Keras schedule: ``get_config()`` is its constructor arguments
  (children as their own configs) and :meth:`Node.from_config` rebuilds any node from it;
- has flat hyper-parameters (:attr:`~Node.params`, :attr:`~Node.spec`,
  :meth:`~Node.replace`), nested ones named with ``__`` (``schedule__decay_steps``);
- builds its own sympy expression (:meth:`~Node.expr`; sympy is imported on first use) and
  tells the derivations in :mod:`lrdecay_lit.symbolic` what it is made of
  (:meth:`~Node.segments` for a composite, :meth:`~Node.tf_call` for a leaf).

A node wraps the pure functions; it never replaces them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit.schedules import DEFINITIONS
from lrdecay_lit.schedules._definition import unknown_name
from lrdecay_lit.specs import NUM_STEPS, SCHEDULE_NAMES, SPECS, ParamSpec

if TYPE_CHECKING:
    import sympy as sp

__all__ = [
    "FUNCTIONS",
    "Leaf",
    "Node",
    "Schedule",
    "Segment",
    "check_name",
    "get_function",
    "unknown_parameters",
]

FUNCTIONS: dict[str, Callable[..., Any]] = {name: d.function for name, d in DEFINITIONS.items()}
"""Schedule name → TF-style numpy function."""


def check_name(name: object, choices: tuple[str, ...] = SCHEDULE_NAMES) -> str:
    """``name`` if it is one of ``choices`` (the schedule names), else the package's message.

    Raises:
        ValueError: ``Argument `name` must be one of ... Received: name=...``.

    Example:
        >>> check_name("fixed")
        'fixed'
    """
    if isinstance(name, str) and name in choices:
        return name
    raise unknown_name(choices, name)


def get_function(name: str) -> Callable[..., Any]:
    """The TF-style function called ``name``.

    Raises:
        ValueError: unknown name; the message lists the known ones.
    """
    return FUNCTIONS[check_name(name)]


def unknown_parameters(name: str, unknown: list[str], known: list[str]) -> TypeError:
    """The one message for hyper-parameters a schedule does not take."""
    return TypeError(f"{name}() got unknown parameter(s) {unknown}; it takes {known}")


Leaf = Callable[["Node", tuple[str, ...]], "sp.Expr"]
"""``leaf(node, path) -> expression``: how :meth:`Node.build` writes a leaf (see there)."""


class Segment(NamedTuple):
    """A composite's piece on the steps ``start <= t < end`` (``end`` None: no end).

    ``piece`` is the child node that runs there, seeing the step ``t - start``, or None for
    the composite's own part (a warmup's ramp: :meth:`Node.own_expression`).
    """

    piece: Node | None
    start: int
    end: int | None


_NODE_TYPES: dict[str, type[Node]] = {}


class Node:
    """Base class of every schedule object: :class:`Schedule`, ``constant``, ``warmup``, ``join``.

    A subclass with a class attribute ``name`` is registered under it for
    :meth:`from_config` (a base :class:`Schedule` has one name per TF schedule instead).
    """

    name: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("name"):
            _NODE_TYPES[cls.name] = cls

    # ---------------------------------------------------------------- evaluation

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:  # pragma: no cover
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        """The nodes this one is made of (empty for a leaf)."""
        return ()

    def child_prefixes(self) -> tuple[str, ...]:
        """The flat-name prefix of each child (``schedule``; ``p0``, ``p1``, ...)."""
        return ()

    # ---------------------------------------------------------------- config

    def get_config(self) -> dict[str, object]:  # pragma: no cover - abstract
        """The constructor arguments as a nested, JSON-compatible dict with a ``"name"``."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Node:
        """Rebuild a node from :meth:`get_config`'s dict (on :class:`Node`: any node).

        Raises:
            TypeError: not a dict with a ``"name"``.
            ValueError: the config of another kind of node than ``cls``.
        """
        if not isinstance(config, Mapping) or "name" not in config:
            raise TypeError(f"A schedule config is a dict with a 'name'. Received: {config!r}")
        name = config["name"]
        target = _NODE_TYPES.get(str(name), Schedule)
        if cls is not Node and not issubclass(target, cls):
            raise ValueError(f"Not a {cls.name or cls.__name__} config. Received: name={name!r}")
        arguments = {k: v for k, v in config.items() if k != "name"}
        return target._from_arguments(str(name), arguments)

    @classmethod
    def _from_arguments(cls, name: str, arguments: dict[str, object]) -> Node:
        return cls(**arguments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        return self.get_config() == other.get_config()

    __hash__ = None  # type: ignore[assignment]  # mutable params: not hashable

    # ---------------------------------------------------------------- flat parameters

    def own_params(self) -> dict[str, object]:
        """This node's own hyper-parameters (not its children's), by constructor name."""
        return {}

    def own_spec(self) -> tuple[ParamSpec, ...]:
        """One :class:`~lrdecay_lit.specs.ParamSpec` per entry of :meth:`own_params`."""
        return ()

    def _settable(self) -> tuple[str, ...]:
        """The own names :meth:`replace` accepts (the parameters, plus options such as kind)."""
        return tuple(self.own_params())

    @property
    def params(self) -> dict[str, object]:
        """Every hyper-parameter, flattened: own ones, then each child's with its prefix."""
        out = dict(self.own_params())
        for prefix, child in zip(self.child_prefixes(), self.children(), strict=True):
            out.update({f"{prefix}__{k}": v for k, v in child.params.items()})
        return out

    @property
    def spec(self) -> tuple[ParamSpec, ...]:
        """One :class:`~lrdecay_lit.specs.ParamSpec` per entry of :attr:`params` (for widgets)."""
        import dataclasses

        out = list(self.own_spec())
        for prefix, child in zip(self.child_prefixes(), self.children(), strict=True):
            out += [
                dataclasses.replace(
                    p,
                    name=f"{prefix}__{p.name}",
                    description=f"{prefix} ({child.name}): {p.description}",
                )
                for p in child.spec
            ]
        return tuple(out)

    def _accepts(self, key: str) -> bool:
        head, sep, rest = key.partition("__")
        if not sep:
            return key in self._settable()
        child = dict(zip(self.child_prefixes(), self.children(), strict=True)).get(head)
        return child is not None and child._accepts(rest)

    def replace(self, **changes: object) -> Node:
        """A copy with some flat hyper-parameters changed (validated like a new node).

        Raises:
            TypeError: a name this node has no parameter for (the message lists them).
            ValueError: a value the node rejects.
        """
        unknown = sorted(k for k in changes if not self._accepts(k))
        if unknown:
            raise unknown_parameters(self.name, unknown, list(self.params))
        own = {k: v for k, v in changes.items() if "__" not in k}
        children = []
        for prefix, child in zip(self.child_prefixes(), self.children(), strict=True):
            sub = {
                k.partition("__")[2]: v
                for k, v in changes.items()
                if k.partition("__")[0] == prefix and "__" in k
            }
            children.append(child.replace(**sub) if sub else child)
        return self._rebuild(tuple(children), own)

    def _rebuild(self, children: tuple[Node, ...], own: dict[str, object]) -> Node:
        """A node like this one with new children and some own arguments changed."""
        raise NotImplementedError  # pragma: no cover - every node class defines it

    # ---------------------------------------------------------------- display

    @property
    def label(self) -> str:
        """A short description for legends and titles (a composite: its structure)."""
        return self.name

    @property
    def num_steps(self) -> int:
        """How many steps show this schedule well (the figures' and explorers' default)."""
        return NUM_STEPS.get(self.name, 60)

    # ---------------------------------------------------------------- sympy

    def own_symbols(self, path: tuple[str, ...] = ()) -> dict[sp.Symbol, tuple[str, object]]:
        """The symbols :meth:`build` ``(symbolic=True)`` uses for this node's own parameters.

        ``{symbol: (parameter name, value)}``: a warmup's ``warmup_steps`` and
        ``init_value``; a join's ``boundary_i`` maps to ``("boundaries", b_i)``. Empty for a
        base schedule (its symbols are its definition's).
        """
        return {}

    def segments(self, *, symbolic: bool = False) -> tuple[Segment, ...]:
        """A composite's pieces in step order (empty for a leaf): what derivations walk.

        ``symbolic``: the segments of :meth:`build` ``(symbolic=True)`` (a warmup of 0
        steps keeps its ramp there, of symbolic length).
        """
        return ()

    def tf_call(self) -> tuple[str, dict[str, object], dict[str, object]]:
        """A leaf as one TF schedule call: ``(name, options, values)``.

        ``options`` are what selects the expression (``staircase``, ``cycle``,
        piecewise_constant's lists), ``values`` the numeric hyper-parameters (without the
        noise seed). A ``constant(c)`` is ``("fixed", {}, {"learning_rate": c})``.
        """
        raise TypeError(f"{self.name} is not a leaf: ask its segments()")

    def own_expression(
        self,
        x: sp.Expr,
        *,
        symbolic: bool = False,
        path: tuple[str, ...] = (),
        built: Sequence[sp.Expr] | None = None,
    ) -> sp.Expr:
        """A composite's own part at local step ``x`` (a warmup's ramp); see :meth:`segments`.

        ``built``: the children's expressions if the caller has them already.
        """
        raise TypeError(f"{self.name} has no part of its own")  # pragma: no cover

    def build(
        self,
        leaf: Leaf | None = None,
        *,
        symbolic: bool = False,
        exact_shifts: bool = False,
        path: tuple[str, ...] = (),
    ) -> sp.Expr:
        r"""The sympy expression in the step :math:`t`, with each leaf written by ``leaf``.

        ``leaf(node, path)`` returns the expression of a leaf (a base :class:`Schedule` or a
        ``constant``) in :math:`t`; ``path`` is its chain of flat-name prefixes
        (``("schedule", "p1")``). None: the leaf's own expression (:meth:`expr`). With
        ``symbolic`` the hyper-parameters are symbols (a composite's own ones too),
        otherwise their values as exact decimals. ``exact_shifts`` writes each shifted step
        :math:`t - s` as ``shift(t, s)`` (:func:`shift`) so that sympy does not distribute a
        coefficient over it, for generated code.
        """
        raise NotImplementedError  # pragma: no cover - every node class defines it

    def expr(self, substitute: bool | None = None, *, symbolic: bool | None = None) -> sp.Expr:
        """The node's sympy expression in the step ``t`` (imports sympy).

        One switch, two spellings: ``substitute=True`` (or ``symbolic=False``) puts in the
        values of the hyper-parameters (floats read as exact decimals), leaving only ``t``
        (and the noise symbol ``eps`` of the noisy schedule); the default,
        ``substitute=False`` (or ``symbolic=True``), keeps them as symbols named like TF's
        arguments (a composite's own: ``warmup_steps``, ``init_value``, ``boundary_i``; a
        constant's ``value``; suffixed ``__i`` inside piece ``i`` of a join). The options
        (staircase, cycle, the piecewise lists, SGDR's ``t_mul == 1`` branch, a warmup's
        kind) are always this node's.

        Raises:
            ValueError: ``substitute`` and ``symbolic`` both given and saying the same.
        """
        if substitute is not None and symbolic is not None and substitute == symbolic:
            raise ValueError(
                "`substitute` and `symbolic` are the same switch (symbolic = not substitute). "
                f"Received: substitute={substitute!r}, symbolic={symbolic!r}"
            )
        values = bool(substitute) if symbolic is None else not symbolic
        return self.build(symbolic=not values)

    def latex(self, *, substitute: bool = True) -> str:
        r"""LaTeX of :math:`\eta(t)` in the book's notation: with the values, or the symbols.

        ``substitute=False`` prints :meth:`expr`'s symbolic form (:math:`W`,
        :math:`\eta_{\text{init}}`, :math:`\eta_0^{(1)}` for the initial rate of a join's
        second piece, ...).
        """
        from lrdecay_lit._expressions import latex

        return latex(self.expr(substitute=substitute))


def _suffix(path: tuple[str, ...]) -> str:
    """``__1_0`` for a leaf in piece 0 of piece 1 of joins, ``""`` outside any join."""
    pieces = [p[1:] for p in path if p.startswith("p") and p[1:].isdigit()]
    return "__" + "_".join(pieces) if pieces else ""


class Schedule(Node):
    """A schedule with fixed hyper-parameters: ``Schedule(name, **params)(steps)``.

    Args:
        name: a schedule name from :data:`lrdecay_lit.specs.SCHEDULE_NAMES`.
        **params: its hyper-parameters by TF name; omitted ones take TF's defaults.

    Raises:
        ValueError / TypeError: unknown name, unknown or missing parameter, or a value the
            schedule rejects (checked at construction by evaluating step 0).

    Example:
        >>> s = Schedule("exponential_decay", learning_rate=0.5, decay_steps=10, decay_rate=0.9)
        >>> s([0, 10, 20]).round(4).tolist()
        [0.5, 0.45, 0.405]
        >>> Schedule.from_config(s.get_config()) == s
        True
    """

    def __init__(self, name: str, **params: object) -> None:
        self.function = get_function(name)
        self.name = name
        self._spec: tuple[ParamSpec, ...] = SPECS[name]
        known = {p.name: p for p in self._spec}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise unknown_parameters(name, unknown, list(known))
        missing = [
            p.name
            for p in self._spec
            if p.default is None and p.kind != "seed" and p.name not in params
        ]
        if missing:
            raise TypeError(f"{name}() is missing required parameter(s) {missing}")
        self._params: dict[str, object] = {
            p.name: params.get(p.name, p.default) for p in self._spec
        }
        self(0)  # validate every hyper-parameter now, with the schedule's own messages

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        if self.name == "piecewise_constant":
            return self.function(step, **self._params)
        return self.function(
            self._params["learning_rate"],
            step,
            **{k: v for k, v in self._params.items() if k != "learning_rate"},
        )

    @property
    def params(self) -> dict[str, object]:
        """The hyper-parameters by TF name (TF's defaults filled in)."""
        return self._params

    @property
    def spec(self) -> tuple[ParamSpec, ...]:
        """The schedule's :data:`~lrdecay_lit.specs.SPECS` entry."""
        return self._spec

    def own_params(self) -> dict[str, object]:
        return dict(self._params)

    def own_spec(self) -> tuple[ParamSpec, ...]:
        return self._spec

    def get_config(self) -> dict[str, object]:
        """The constructor arguments: ``{"name": ..., **params}`` (lists copied)."""
        return {
            "name": self.name,
            **{k: list(v) if isinstance(v, list | tuple) else v for k, v in self._params.items()},
        }

    @classmethod
    def _from_arguments(cls, name: str, arguments: dict[str, object]) -> Node:
        return cls(name, **arguments)

    def _rebuild(self, children: tuple[Node, ...], own: dict[str, object]) -> Schedule:
        return Schedule(self.name, **{**self._params, **own})

    def replace(self, **changes: object) -> Schedule:
        """A copy with some hyper-parameters changed (validated like a new schedule)."""
        return Schedule(self.name, **{**self._params, **changes})

    @property
    def num_steps(self) -> int:
        """The articles' range (:data:`~lrdecay_lit.specs.NUM_STEPS`) scaled by the time scale.

        The time scale is ``decay_steps`` (``first_decay_steps``, the last boundary)
        relative to the articles' example.

        Example:
            >>> Schedule("cosine_decay", learning_rate=0.1, decay_steps=500).num_steps
            600
        """
        import math

        base = NUM_STEPS.get(self.name, 60)
        length = _length(self.name, self._params)
        example = _length(self.name, {p.name: p.example for p in self._spec})
        if length is None or not example:
            return base
        return max(2, math.ceil(base * length / example))

    def split_options(self) -> tuple[dict[str, object], dict[str, object]]:
        """``(options, values)``: the parameters that select the expression, and the numbers.

        Options are the booleans (``staircase``, ``cycle``) and piecewise_constant's lists
        (spec kinds ``bool`` and ``floats``); values the other hyper-parameters, without the
        noise ``seed``. The one place where a schedule's parameters are split this way.

        Example:
            >>> Schedule("exponential_decay", learning_rate=0.5, decay_steps=10,
            ...          decay_rate=0.9, staircase=True).split_options()
            ({'staircase': True}, {'learning_rate': 0.5, 'decay_steps': 10, 'decay_rate': 0.9})
        """
        options: dict[str, object] = {}
        values: dict[str, object] = {}
        for p in self._spec:
            value = self._params[p.name]
            if p.kind == "bool":
                options[p.name] = bool(value)
            elif p.kind == "floats":
                options[p.name] = list(value)  # type: ignore[call-overload]
            elif p.kind != "seed":
                values[p.name] = value
        return options, values

    def tf_call(self) -> tuple[str, dict[str, object], dict[str, object]]:
        options, values = self.split_options()
        return self.name, options, values

    @property
    def arithmetic_restarts(self) -> bool:
        """cosine_decay_restarts with ``t_mul == 1`` (TF's arithmetic branch, not 0/0)."""
        return self.name == "cosine_decay_restarts" and float(self._params["t_mul"]) == 1.0  # type: ignore[arg-type]

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
        from lrdecay_lit._expressions import base_expression

        options, values = self.split_options()
        if self.arithmetic_restarts:
            options["t_mul"] = 1  # the arithmetic branch: the geometric one is 0/0 there
            values.pop("t_mul")
        if symbolic:
            return base_expression(self.name, options, None, suffix=_suffix(path))
        return base_expression(self.name, options, values)

    def signature(self) -> inspect.Signature:
        """The signature of the underlying TF-style function."""
        return inspect.signature(self.function)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params.items())
        return f"Schedule({self.name!r}, {args})"


def _length(name: str, params: Mapping[str, object]) -> float | None:
    """The step count that sets a base schedule's time scale (``decay_steps``, ...)."""
    if name == "piecewise_constant":
        return float(params["boundaries"][-1])  # type: ignore[index]
    for key in ("decay_steps", "first_decay_steps"):
        if key in params:
            return float(params[key])  # type: ignore[arg-type]
    return None
