"""The schedule table and the :class:`Schedule` object built on it.

:data:`FUNCTIONS` maps each schedule name to its TF-style function in
:mod:`lrdecay_lit.schedules`. :class:`Schedule` binds a name to hyper-parameters: it is
validated when built, called on steps like an optax schedule, serialised like a Keras
schedule (``get_config``/``from_config``), and it knows its parameter spec (for widgets)
and its sympy expression (for derivations). It wraps the pure function; it never
replaces it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lrdecay_lit import schedules
from lrdecay_lit.specs import SCHEDULE_NAMES, SPECS, ParamSpec

__all__ = ["FUNCTIONS", "Schedule", "get_function"]

FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: getattr(schedules, name) for name in SCHEDULE_NAMES
}
"""Schedule name → TF-style numpy function."""


def get_function(name: str) -> Callable[..., Any]:
    """The TF-style function called ``name``.

    Raises:
        ValueError: unknown name; the message lists the known ones.
    """
    try:
        return FUNCTIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"Argument `name` must be one of {', '.join(SCHEDULE_NAMES)}. Received: name={name!r}"
        ) from None


class Schedule:
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
        self.spec: tuple[ParamSpec, ...] = SPECS[name]
        known = {p.name: p for p in self.spec}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise TypeError(f"{name}() got unknown parameter(s) {unknown}; it takes {list(known)}")
        missing = [
            p.name
            for p in self.spec
            if p.default is None and p.kind != "seed" and p.name not in params
        ]
        if missing:
            raise TypeError(f"{name}() is missing required parameter(s) {missing}")
        self.params: dict[str, object] = {p.name: params.get(p.name, p.default) for p in self.spec}
        self(0)  # validate every hyper-parameter now, with the schedule's own messages

    def __call__(self, step: ArrayLike) -> np.ndarray | np.float64:
        """Learning rate(s) at ``step`` (an int or an array of steps), float64."""
        if self.name == "piecewise_constant":
            return self.function(step, **self.params)
        return self.function(
            self.params["learning_rate"],
            step,
            **{k: v for k, v in self.params.items() if k != "learning_rate"},
        )

    def get_config(self) -> dict[str, object]:
        """The constructor arguments: ``{"name": ..., **params}`` (lists copied)."""
        return {
            "name": self.name,
            **{k: list(v) if isinstance(v, list | tuple) else v for k, v in self.params.items()},
        }

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Schedule:
        """Rebuild a schedule from :meth:`get_config`'s dict."""
        config = dict(config)
        return cls(str(config.pop("name")), **config)

    def replace(self, **changes: object) -> Schedule:
        """A copy with some hyper-parameters changed (validated like a new schedule)."""
        return Schedule(self.name, **{**self.params, **changes})

    def expr(self, substitute: bool = False) -> Any:
        """The schedule's sympy expression from :mod:`lrdecay_lit.symbolic` (imports sympy).

        The options (staircase, cycle, the piecewise lists, SGDR's ``t_mul == 1`` branch) are
        always those of this schedule; with ``substitute=True`` every hyper-parameter is
        replaced by its value too (floats read as exact decimals), leaving only ``t`` (and
        the noise symbol ``eps`` for the noisy schedule).
        """
        from lrdecay_lit import symbolic

        options = {k: v for k, v in self.params.items() if k in ("staircase", "cycle")}
        if self.name == "piecewise_constant":
            options.update(boundaries=self.params["boundaries"], values=self.params["values"])
        if substitute:
            options.update({k: v for k, v in self.params.items() if k not in (*options, "seed")})
        elif self.name == "cosine_decay_restarts" and self.params["t_mul"] == 1:
            options["t_mul"] = 1  # the arithmetic branch: the geometric one is 0/0 there
        return symbolic.expression(self.name, **options)

    def signature(self) -> inspect.Signature:
        """The signature of the underlying TF-style function."""
        return inspect.signature(self.function)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return self.get_config() == other.get_config()

    __hash__ = None  # type: ignore[assignment]  # mutable params: not hashable

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Schedule({self.name!r}, {args})"
