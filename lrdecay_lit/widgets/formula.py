r"""The formula an explorer shows: :math:`\eta(t)` from :mod:`lrdecay_lit.symbolic`.

The LaTeX is printed by :func:`lrdecay_lit.book.notation.tex` (the book's one printer: ``\ln``,
the digamma function), with each hyper-parameter written as its TF name
(``\mathrm{decay\_rate}``) or, with the current values, as its value in place of the name,
so the formula keeps its shape (``0.5 \cdot 0.9^{\frac{t}{10}}`` rather than sympy's
simplified form). Printing is the slow part (milliseconds to tens of milliseconds for
SGDR): each expression is printed once with a placeholder per parameter (cached), and a
slider move only puts the values in.

Without sympy (the ``symbolic`` extra is not installed) the explorers say so where the
formula would be; any other error of the symbolic layer is a bug and is raised. A
schedule whose formula sympy cannot give (``NotImplementedError``) shows that message.
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from lrdecay_lit.registry import Node, Schedule
from lrdecay_lit.specs import example_params

__all__ = [
    "formula_latex",
    "formula_html",
    "composite_formula_html",
    "rst_to_html",
    "symbolic_available",
]

SEPARATOR = r",\qquad "
"""Between the formula and its "where" definitions in :func:`formula_latex`."""

_PLACEHOLDER = re.compile(r"@@(\w+)@@")
_GREEK = frozenset({"alpha", "beta"})  # TF names that read as Greek letters: print them so
_INDEXED = re.compile(r"[bv]_(\d+)")  # piecewise_constant's b_i, v_i print as subscripts


def symbolic_available() -> bool:
    """Whether sympy, which :mod:`lrdecay_lit.symbolic` needs, is installed."""
    return importlib.util.find_spec("sympy") is not None


def _symbolic() -> Any:
    """:mod:`lrdecay_lit.symbolic`.

    Raises:
        LookupError: sympy is not installed.
    """
    if not symbolic_available():
        raise LookupError("lrdecay_lit.symbolic needs sympy, which is not installed")
    from lrdecay_lit import symbolic

    return symbolic


def tex_number(value: object) -> str:
    r"""A number for LaTeX: ``10`` not ``10.0``, ``1 \cdot 10^{-5}`` not ``1e-05``.

    Example:
        >>> tex_number(10.0), tex_number(1e-5), tex_number(True)
        ('10', '1 \\cdot 10^{-5}', 'True')
    """
    if isinstance(value, bool):
        return str(value)
    x = float(value)  # type: ignore[arg-type]
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    text = f"{x:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text


def _param_for_symbol(symbol_name: str, params: Mapping[str, object]) -> object | None:
    """The value of sympy symbol ``symbol_name`` (``b_2`` -> boundaries[2]) in ``params``."""
    head, _, index = symbol_name.partition("_")
    if head in ("b", "v") and index.isdigit() and symbol_name not in params:
        seq = params.get("boundaries" if head == "b" else "values")
        if isinstance(seq, Sequence) and int(index) < len(seq):
            return seq[int(index)]
        return None
    return params.get(symbol_name)


def _symbol_tex(symbol_name: str) -> str:
    """A parameter's name in LaTeX: ``\\mathrm{decay\\_rate}``, ``\\alpha``, ``b_{0}``."""
    if symbol_name in _GREEK:
        return "\\" + symbol_name
    indexed = _INDEXED.fullmatch(symbol_name)
    if indexed:
        return f"{symbol_name[0]}_{{{indexed.group(1)}}}"
    return r"\mathrm{" + symbol_name.replace("_", r"\_") + "}"


def _fill(template: str, params: Mapping[str, object] | None) -> str:
    """Replace the placeholders by values (``params``) or by the parameters' names (None)."""

    def replace(match: re.Match[str]) -> str:
        value = None if params is None else _param_for_symbol(match.group(1), params)
        if value is None:
            return _symbol_tex(match.group(1))
        number = tex_number(value)
        return rf"\left({number}\right)" if "^" in number else number

    return _PLACEHOLDER.sub(replace, template)


def _tex(expr: Any, names: Mapping[str, str] | None = None, **options: Any) -> str:
    """The book's LaTeX printer (:func:`lrdecay_lit.symbolic.tex`, in the book's notation),
    imported when a formula is first printed (it needs sympy, optional for the explorers)."""
    from lrdecay_lit.symbolic._notation import tex

    return tex(expr, names, **options)


def _print(expr: Any) -> str:
    """:func:`~lrdecay_lit.book.notation.tex` with a placeholder for every parameter (not ``t``;
    the noise ``eps`` keeps the book's symbol)."""
    names = {s.name: f"@@{s.name}@@" for s in expr.free_symbols if s.name not in ("t", "eps")}
    return _tex(expr, names, mul_symbol="dot")


@lru_cache(maxsize=128)
def _template(name: str, options: tuple[tuple[str, object], ...]) -> tuple[str, tuple[str, ...]]:
    """The formula's LaTeX with ``@@symbol@@`` placeholders, and its "where" clauses.

    A floor/ceiling that occurs several times (SGDR's restart index) is named ``i`` (``i_0``,
    ``i_1``, ... if several) and returned as a "where" clause, so the formula stays readable.

    Raises:
        LookupError: sympy is not installed.
    """
    import sympy as sp

    symbolic = _symbolic()
    if name == "noise_variance":
        expr = symbolic.noise_variance()
    else:
        expr = symbolic.expression(name, **dict(options))
    repeated = sorted((f for f in expr.atoms(sp.floor, sp.ceiling) if expr.count(f) > 1), key=str)
    where = []
    for k, sub in enumerate(repeated):
        index = sp.Symbol("i" if len(repeated) == 1 else f"i_{k}")
        expr = expr.xreplace({sub: index})
        where.append(f"{_tex(index)} = {_print(sub)}")
    return _print(expr), tuple(where)


def _templates(
    name: str, params: Mapping[str, object]
) -> tuple[str, tuple[str, ...], Mapping[str, object]]:
    r"""The formula's and its "where" clauses' templates, and the values to fill them with."""
    schedule = Schedule(name, **{**example_params(name), **params})
    options, _ = schedule.split_options()  # the parameters that choose the expression
    key: dict[str, object] = {k: v for k, v in options.items() if isinstance(v, bool)}
    if "boundaries" in options:
        key["n_boundaries"] = len(options["boundaries"])
    if schedule.arithmetic_restarts:
        key["t_mul"] = 1  # SGDR's arithmetic branch: a different expression
    main, where = _template(name, tuple(sorted(key.items())))
    return main, where, schedule.params


def _parts(
    templates: tuple[str, tuple[str, ...], Mapping[str, object]], substitute: bool
) -> list[str]:
    r"""The formula of :math:`\eta(t)`, then its "where" definitions (``i = ...``)."""
    main, where, params = templates
    values = params if substitute else None
    return [_fill(main, values), *(_fill(w, values) for w in where)]


def formula_latex(
    name: str, params: Mapping[str, object] | None = None, *, substitute: bool = True
) -> str:
    r"""LaTeX of schedule ``name``'s formula :math:`\eta(t)` from :mod:`lrdecay_lit.symbolic`.

    With ``substitute`` the hyper-parameters are written in place of their names, keeping the
    formula's shape (``0.5 \cdot 0.9^{\frac{t}{10}}`` rather than sympy's simplified form);
    without, the symbols print as their TF names. A repeated floor (SGDR's restart index) is
    named :math:`i` and defined after the formula. Booleans choose the expression
    (staircase, cycle), and ``t_mul == 1`` selects SGDR's arithmetic restart branch.
    Missing parameters take the articles' values.

    sympy prints each expression once, with placeholders for the symbols (cached); a call
    only fills the placeholders in, so explorers can afford it on every slider move.

    Raises:
        LookupError: sympy (needed by :mod:`lrdecay_lit.symbolic`) is not installed.
        ValueError, TypeError: the schedule refuses a value (the library's message).

    Example:
        >>> formula_latex("exponential_decay", {"learning_rate": 0.5, "decay_steps": 10,
        ...                                     "decay_rate": 0.9})
        '0.9^{\\frac{t}{10}} \\cdot 0.5'
    """
    return SEPARATOR.join(_parts(_templates(name, params or {}), substitute))


def _noise_latex(params: Mapping[str, object] | None) -> str:
    """LaTeX of noisy_linear_cosine_decay's noise variance (names, or ``params``' values)."""
    return _fill(_template("noise_variance", ())[0], params)


def _unavailable(head: str, why: str) -> str:
    return f"{head}<br><i>formula unavailable: {html.escape(why)}</i>"


def formula_html(name: str, params: Mapping[str, object], label: str) -> str:
    """HTML + MathJax for an HTMLMath widget: the formula, then with the current values.

    Without sympy, or for a formula sympy cannot give (``NotImplementedError``), the
    reason is shown instead; every other error is raised.
    """
    head = f"<b>{html.escape(label)}</b>"
    try:
        templates = _templates(name, params)
    except LookupError:
        return _unavailable(head, "lrdecay_lit.symbolic needs sympy, which is not installed")
    except NotImplementedError as exc:
        return _unavailable(head, f"no closed form ({exc})")
    general, current = _parts(templates, False), _parts(templates, True)
    parts = [head, rf"$$\eta(t) = {general[0]}$$", *(f"$${w}$$" for w in general[1:])]
    parts += ["with the current values:", rf"$$\eta(t) = {current[0]}$$"]
    parts += [f"$${w}$$" for w in current[1:]]
    if name == "noisy_linear_cosine_decay":
        parts.append(
            rf"where \(\varepsilon_t \sim \mathcal{{N}}(0, \sigma_t^2)\), "
            rf"$$\sigma_t^2 = {_noise_latex(None)} = {_noise_latex(params)}$$"
        )
    return "\n".join(parts)


def composite_formula_html(schedule: Node, label: str) -> str:
    """HTML + MathJax of a composite: its symbolic ``Piecewise``, then with the values.

    Without sympy, or for a formula sympy cannot give (``NotImplementedError``), the
    reason is shown instead; every other error is raised.
    """
    head = f"<b>{html.escape(label)}</b>"
    if not symbolic_available():
        return _unavailable(head, "lrdecay_lit.symbolic needs sympy, which is not installed")
    try:
        general, current = schedule.latex(substitute=False), schedule.latex()
    except NotImplementedError as exc:
        return _unavailable(head, f"no closed form ({exc})")
    return "\n".join(
        [head, rf"$$\eta(t) = {general}$$", "with the current values:", rf"$$\eta(t) = {current}$$"]
    )


def rst_to_html(text: str) -> str:
    r"""A docstring line for an HTMLMath widget: ``code`` and :math:`x` become HTML and \(x\).

    Example:
        >>> print(rst_to_html("rate ``decay_rate`` times :math:`e^{-k}` & more"))
        rate <code>decay_rate</code> times \(e^{-k}\) &amp; more
    """
    parts = re.split(r"(``[^`]+``|:math:`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("``"):
            out.append(f"<code>{html.escape(part[2:-2])}</code>")
        elif part.startswith(":math:`"):
            out.append(rf"\({html.escape(part[7:-1])}\)")
        else:
            out.append(html.escape(part))
    return "".join(out)
