r"""The definition model: what the package knows about one schedule, in one place.

A :class:`Definition` holds a schedule's name, its hyper-parameters (:class:`Param`: TF
name, kind, default, :class:`Domain` = the validation rule, slider range, the articles'
example, a description and the book's symbol), its numpy function and the builder of its
sympy expression. Everything else in the package is derived from the definitions in
:data:`lrdecay_lit.schedules.DEFINITIONS`: the specs table (:mod:`lrdecay_lit.specs`), the
sympy symbols' assumptions, the argument checks of the numpy functions
(:meth:`Param.check`), the widgets' controls, the JavaScript and the tests' hypothesis
strategies.

sympy is imported only inside :meth:`Definition.expression` (by the family modules'
builders), so ``import lrdecay_lit`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lrdecay_lit._validation import check_bool, check_real
from lrdecay_lit.noise import check_seed

if TYPE_CHECKING:  # pragma: no cover
    import sympy as sp

__all__ = [
    "Kind",
    "Domain",
    "Slider",
    "Param",
    "param",
    "Definition",
    "unknown_name",
    "check_params",
]

Kind = Literal["float", "int", "bool", "floats", "seed"]


@dataclass(frozen=True)
class Domain:
    """The values a real hyper-parameter may take: bounds, each open or closed (or none).

    The one rule for the parameter: :meth:`check` validates with it (the numpy functions'
    argument checks), :attr:`assumptions` gives the sympy symbol's assumptions, and the
    tests' hypothesis strategies draw from it.

    ``degenerate`` is a value the domain accepts (as TF does) where the schedule stops
    being a decay: ``learning_rate = 0`` (zero throughout) or natural_exp_decay's
    ``decay_rate = 0`` (a constant rate). The derivations are about the decaying case, so
    the sympy symbol's assumptions exclude it (``positive`` for ``[0, inf)`` with
    ``degenerate=0``); :attr:`text` says so.

    Example:
        >>> Domain(gt=0, le=1).text
        '(0, 1]'
        >>> Domain(ge=0).assumptions
        {'nonnegative': True}
        >>> Domain(ge=0, degenerate=0).assumptions
        {'positive': True}
    """

    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    degenerate: float | None = None

    def check(self, name: str, value: object) -> float:
        """``value`` as a finite float inside the domain (``check_real``'s messages)."""
        return check_real(name, value, gt=self.gt, ge=self.ge, lt=self.lt, le=self.le)

    def __contains__(self, x: object) -> bool:
        v = float(x)  # type: ignore[arg-type]
        return (
            (self.gt is None or v > self.gt)
            and (self.ge is None or v >= self.ge)
            and (self.lt is None or v < self.lt)
            and (self.le is None or v <= self.le)
        )

    @property
    def lower(self) -> float | None:
        """The lower bound (open or closed), or ``None``."""
        return self.gt if self.gt is not None else self.ge

    @property
    def upper(self) -> float | None:
        """The upper bound (open or closed), or ``None``."""
        return self.lt if self.lt is not None else self.le

    @property
    def assumptions(self) -> dict[str, bool]:
        """The sympy assumptions that hold on the whole domain (``positive``, ...)."""
        lo = self.lower
        open_at_lo = self.gt is not None or (lo is not None and self.degenerate == lo)
        if lo is not None and (lo > 0 or (lo == 0 and open_at_lo)):
            return {"positive": True}
        if lo is not None and lo >= 0:
            return {"nonnegative": True}
        return {"real": True}

    @property
    def text(self) -> str:
        """The domain as an interval, ``(0, 1]``, ``[0, inf)``."""
        lo = "(-inf" if self.lower is None else ("(" if self.gt is not None else "[")
        lo += "" if self.lower is None else f"{self.lower:g}"
        hi = (
            "inf)"
            if self.upper is None
            else f"{self.upper:g}" + (")" if self.lt is not None else "]")
        )
        out = f"{lo}, {hi}"
        if self.degenerate is not None:
            out += f" ({self.degenerate:g}: no decay)"
        return out


@dataclass(frozen=True)
class Slider:
    """A control's range and resolution (the explorers' sliders); ``log`` for a log scale."""

    min: float
    max: float
    step: float
    log: bool = False


@dataclass(frozen=True)
class Param:
    r"""One hyper-parameter of a schedule, with every fact the package needs about it.

    The first nine fields are those of the former ``specs.ParamSpec`` (which is now this
    class), in its order.

    Attributes:
        name: TF1's argument name.
        kind: ``"float"``, ``"int"``, ``"bool"``, ``"floats"`` (a list) or ``"seed"``.
        default: TF1's default, or ``None`` when the argument is required.
        example: the articles' value (what explorers start from).
        min, max, step: slider range and resolution (``None`` for bools and lists);
            :attr:`slider` bundles them.
        log: whether a slider should move on a log scale.
        description: one line for a tooltip or a table.
        domain: the validation rule of a real parameter (:class:`Domain`); for the other
            kinds the rule is the kind's (a bool, a seed, piecewise_constant's lists).
        symbol: the book's LaTeX symbol (``\eta_{0}``, ``T``), ``None`` when the parameter
            is not a symbol of the formulas (options, the seed).
    """

    name: str
    kind: Kind
    default: object
    example: object
    min: float | None = None
    max: float | None = None
    step: float | None = None
    log: bool = False
    description: str = ""
    domain: Domain = field(default_factory=Domain)
    symbol: str | None = None

    @property
    def slider(self) -> Slider | None:
        """The explorers' slider, or ``None`` (bools and lists)."""
        if self.min is None or self.max is None or self.step is None:
            return None
        return Slider(self.min, self.max, self.step, self.log)

    @property
    def required(self) -> bool:
        """Whether TF requires the argument (it has no default)."""
        return self.default is None and self.kind != "seed"

    @property
    def is_symbol(self) -> bool:
        """Whether the parameter is a sympy symbol of the expression (a real number)."""
        return self.kind in ("float", "int")

    def check(self, value: object) -> Any:
        """``value`` validated by the parameter's rule (message names the argument).

        Reals go through :meth:`Domain.check`, booleans through ``check_bool`` and seeds
        through :func:`lrdecay_lit.noise.check_seed`; lists are checked by their schedule
        (piecewise_constant: boundaries sorted, one more value than boundaries).
        """
        if self.kind in ("float", "int"):
            return self.domain.check(self.name, value)
        if self.kind == "bool":
            return check_bool(self.name, value)
        if self.kind == "seed":
            return check_seed(value)
        return value


def param(
    name: str,
    kind: Kind,
    default: object,
    example: object,
    domain: Domain | None = None,
    slider: Slider | None = None,
    description: str = "",
    symbol: str | None = None,
) -> Param:
    """A :class:`Param` from its facts in the definition modules' order (slider bundled)."""
    return Param(
        name,
        kind,
        default,
        example,
        min=None if slider is None else slider.min,
        max=None if slider is None else slider.max,
        step=None if slider is None else slider.step,
        log=False if slider is None else slider.log,
        description=description,
        domain=domain if domain is not None else Domain(),
        symbol=symbol,
    )


Builder = Callable[..., "sp.Expr"]


@dataclass(frozen=True)
class Definition:
    r"""One schedule: its name, parameters, numpy function and sympy expression.

    Attributes:
        name: TF1's function name.
        params: the hyper-parameters in TF's argument order (without the step and ``name``).
        function: the hand-vectorised numpy function (TF's signature). It is a twin of the
            sympy expression, written by hand because it is faster than code generated
            from it (1.4-4.3x at 1e6 steps), and checked against it to 1e-12
            (``tests/test_symbolic.py``) and against TensorFlow (``tests/test_golden.py``).
        build: ``build(t, symbols, **options) -> sympy expression`` (sympy imported inside);
            :meth:`expression` calls it.
        num_steps: how many steps the articles plot (the explorers' default range).
        step_arg: the name of the step argument (``"global_step"``; ``"x"`` for
            piecewise_constant).
        clip: the parameter ``P`` of the clip :math:`\min(t, P)` after which the rate is
            constant, or ``None`` (the derivations split at it).
        monotone: the rate never rises (without a cycling option): ``step_to_reach`` and
            the one-step map's inverse apply.
        noise: the expression has the noise symbol ``eps`` (noisy_linear_cosine_decay);
            ``noise_variance`` builds its variance.
        variance: for a noisy schedule, ``variance(t, symbols)`` builds the noise's variance.
    """

    name: str
    params: tuple[Param, ...]
    function: Callable[..., Any]
    build: Builder
    num_steps: int = 60
    step_arg: str = "global_step"
    clip: str | None = None
    monotone: bool = False
    noise: bool = False
    variance: Builder | None = None

    def expression(self, t: sp.Expr, symbols: Mapping[str, Any], **options: bool) -> sp.Expr:
        """The schedule's sympy expression in the step ``t``.

        Args:
            t: the step (a sympy symbol or expression).
            symbols: one entry per symbolic parameter (:attr:`symbol_params`), by TF name:
                a sympy symbol or a number. For piecewise_constant, ``"boundaries"`` and
                ``"values"`` map to sequences of them; for a noisy schedule ``"eps"`` is the
                noise. cosine_decay_restarts with ``symbols["t_mul"] == 1`` builds TF's
                arithmetic branch (the geometric one is 0/0 there).
            **options: the boolean parameters (:attr:`options`), e.g. ``staircase=True``.
        """
        bad = sorted(set(options) - set(self.options))
        if bad:
            raise ValueError(f"`{bad[0]}` does not apply to {self.name}. Received: {bad[0]}=True")
        return self.build(t, symbols, **options)

    def param(self, name: str) -> Param:
        """The parameter called ``name``."""
        for p in self.params:
            if p.name == name:
                return p
        raise ValueError(
            f"Argument `{name}` is not a parameter of {self.name} "
            f"(parameters: {', '.join(p.name for p in self.params)})"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names in TF's order."""
        return tuple(p.name for p in self.params)

    @property
    def symbol_params(self) -> tuple[Param, ...]:
        """The parameters that are sympy symbols of the expression (the real ones)."""
        return tuple(p for p in self.params if p.is_symbol)

    @property
    def options(self) -> tuple[str, ...]:
        """The boolean parameters: they select the expression, they are not symbols."""
        return tuple(p.name for p in self.params if p.kind == "bool")

    @property
    def defaults(self) -> dict[str, object]:
        """TF's defaults of the symbolic parameters that have one."""
        return {p.name: p.default for p in self.symbol_params if p.default is not None}

    def example(self) -> dict[str, object]:
        """The articles' hyper-parameters as keyword arguments."""
        return {p.name: p.example for p in self.params}

    def check(self, *values: object) -> tuple[Any, ...]:
        """The values of :attr:`params` (in order, as many as given), each validated."""
        return tuple(p.check(v) for p, v in zip(self.params, values, strict=False))


def unknown_name(
    names: tuple[str, ...] | Mapping[str, Any], value: object, arg: str = "name"
) -> ValueError:
    """The one message for an unknown name: ``Argument `name` must be one of ...``."""
    return ValueError(
        f"Argument `{arg}` must be one of {', '.join(names)}. Received: {arg}={value!r}"
    )


def check_params(params: tuple[Param, ...], *values: object) -> tuple[Any, ...]:
    """``values`` (those of the first ``len(values)`` of ``params``), each validated."""
    return tuple([p.check(v) for p, v in zip(params, values, strict=False)])
