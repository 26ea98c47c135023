r"""JavaScript versions of the schedules, printed from the sympy expressions.

The static site evaluates schedules in the browser without a Python kernel. Rather than a
third hand-written copy of the formulas, each function is printed from
:func:`lrdecay_lit.symbolic.expression` by sympy's JavaScript code printer
(:func:`sympy.printing.jscode.jscode`), wrapped in a self-contained function
``name(t, p)`` where ``t`` is a step (a number) and ``p`` an object of hyper-parameters
keyed by TF's argument names (TF's defaults fill the missing ones). ``tests/test_jsgen.py``
runs the generated code with node on random inputs and compares with numpy to 1e-12.

Hand-written JS is limited to the glue the printer cannot express:

- the choice between the two expressions of a boolean option (``p.staircase``,
  ``p.cycle``) and of SGDR's two branches (``t_mul == 1``);
- SGDR's period index: the package's one restart rule, whose JavaScript for one step
  (:data:`lrdecay_lit._restarts.JS_RESTART_INDEX`, with the rule's one tolerance) lives
  beside the Python one in :mod:`lrdecay_lit._restarts`;
- piecewise_constant for any number of boundaries (a loop that finds the first
  :math:`b_i \ge t`, which is what the printed ``Piecewise`` does for a fixed number).

noisy_linear_cosine_decay takes its noise as ``p.eps`` (default 0, the expected value);
``noisy_linear_cosine_decay_variance(t, p)`` gives :math:`\operatorname{Var}\varepsilon_t`
and ``standard_normal_at(seed, t)`` the core's draw :math:`z(\text{seed}, t)`
(:data:`lrdecay_lit.noise.JS_NORMAL`), so a page draws :math:`\varepsilon_t =
\sqrt{\operatorname{Var}}\,z(\text{seed}, t)`, the realisation Python draws for that seed.

Example:
    >>> print(js_function("inverse_time_decay"))  # doctest: +NORMALIZE_WHITESPACE
    function inverse_time_decay(t, p) {
      const learning_rate = p.learning_rate;
      const decay_steps = p.decay_steps;
      const decay_rate = p.decay_rate;
      if (p.staircase) {
        return learning_rate/(decay_rate*Math.floor(t/decay_steps) + 1);
      }
      return learning_rate/(decay_rate*t/decay_steps + 1);
    }
"""

from __future__ import annotations

import json
from pathlib import Path

from lrdecay_lit._restarts import JS_RESTART_INDEX
from lrdecay_lit.noise import JS_NORMAL
from lrdecay_lit.specs import SCHEDULE_NAMES, ParamSpec

__all__ = [
    "js_function",
    "js_module",
    "js_noisy_quadratic",
    "write_js",
    "JS_NAMES",
    "expression_body",
    "composite_curve",
    "dispatch_curve",
    "DISPATCH_SPECS",
]

JS_NAMES: tuple[str, ...] = SCHEDULE_NAMES
"""Every schedule with a generated JS function (the same as ``SCHEDULE_NAMES``)."""


def _js(expr: object) -> str:
    from sympy.printing.jscode import jscode

    return jscode(expr)


def _prologue(name: str) -> list[str]:
    """``const x = p.x;`` for every hyper-parameter, TF's default where there is one."""
    from lrdecay_lit import symbolic as S

    lines = []
    dflt = S.defaults(name)
    for sym in S.parameters(name):
        p = sym.name
        if p in dflt:
            lines.append(f"  const {p} = (p.{p} ?? {float(dflt[p])!r});")
        else:
            lines.append(f"  const {p} = p.{p};")
    return lines


def _restarts_function() -> str:
    import sympy as sp

    from lrdecay_lit import symbolic as S

    k = sp.Symbol("k", integer=True, nonnegative=True)
    (gi, gs, gv), (ai, as_, av) = (
        (
            _js(S.restart_index(geometric=geometric)),
            _js(S.restart_start(k, geometric=geometric)),
            _js(S.restart_value(k, geometric=geometric)),
        )
        for geometric in (True, False)
    )
    body = _prologue("cosine_decay_restarts")
    body += ["  " + line for line in JS_RESTART_INDEX.splitlines()]
    body += [
        "  const geometric = t_mul !== 1;",
        "  const start = (k) => geometric ? " + gs + " : " + as_ + ";",
        "  const valueAt = (k) => geometric ? " + gv + " : " + av + ";",
        "  const k0 = geometric ? " + gi + " : " + ai + ";",
        "  if (!Number.isFinite(k0)) return NaN;  // t_mul < 1 beyond all periods (TF: nan)",
        "  return valueAt(restartIndex(t, k0, start));",
    ]
    return "function cosine_decay_restarts(t, p) {\n" + "\n".join(body) + "\n}"


def js_function(name: str) -> str:
    """The self-contained JS function ``name(t, p)`` for schedule ``name``.

    ``p`` holds the hyper-parameters by TF name, plus ``staircase`` / ``cycle`` where they
    apply, ``boundaries`` / ``values`` arrays for piecewise_constant and ``eps`` for
    noisy_linear_cosine_decay.
    """
    from lrdecay_lit import symbolic as S

    if name not in JS_NAMES:
        raise ValueError(
            f"Argument `name` must be one of {', '.join(JS_NAMES)}. Received: name={name!r}"
        )
    if name == "cosine_decay_restarts":
        return _restarts_function()
    if name == "piecewise_constant":
        # The printed Piecewise for one boundary shows the rule; the loop applies it to n.
        one = _js(S.expression("piecewise_constant", n_boundaries=1)).replace("\n", " ")
        one = " ".join(one.split())
        return (
            "function piecewise_constant(t, p) {\n"
            f"  // one boundary, as printed from sympy: {one}\n"
            "  const b = p.boundaries, v = p.values;\n"
            "  for (let i = 0; i < b.length; i++) {\n"
            "    if (b[i] >= t) return v[i];\n"
            "  }\n"
            "  return v[b.length];\n"
            "}"
        )
    lines = _prologue(name)
    if name == "noisy_linear_cosine_decay":
        lines.append("  const eps = (p.eps ?? 0.0);")
    if name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        lines += [
            "  if (p.staircase) {",
            "    return " + _js(S.expression(name, staircase=True)) + ";",
            "  }",
        ]
    if name == "polynomial_decay":
        lines += [
            "  if (p.cycle) {",
            "    return " + _js(S.expression(name, cycle=True)) + ";",
            "  }",
        ]
    lines.append("  return " + _js(S.expression(name)) + ";")
    out = f"function {name}(t, p) {{\n" + "\n".join(lines) + "\n}"
    if name == "noisy_linear_cosine_decay":
        var = "\n".join(
            [
                "function noisy_linear_cosine_decay_variance(t, p) {",
                *_prologue(name),
                "  return " + _js(S.noise_variance()) + ";",
                "}",
            ]
        )
        out += "\n\n" + var
    return out


def js_module() -> str:
    """All functions in one script, plus ``SCHEDULES`` (name -> function) and ``DEFAULTS``.

    Works as a browser ``<script>`` (globals) and as a node/CommonJS module
    (``module.exports``).
    """
    from lrdecay_lit import symbolic as S

    defaults = {n: {k: float(v) for k, v in S.defaults(n).items()} for n in JS_NAMES}
    chunks = [
        "// Generated by lrdecay_lit.jsgen from the sympy expressions of lrdecay_lit.symbolic.",
        "// Do not edit: regenerate with `python -m lrdecay_lit.jsgen OUT.js`.",
        '"use strict";',
    ]
    chunks += [js_function(n) for n in JS_NAMES]
    chunks.append(JS_NORMAL.strip())
    chunks.append("const SCHEDULES = {" + ", ".join(JS_NAMES) + "};")
    chunks.append("const DEFAULTS = " + json.dumps(defaults, sort_keys=True) + ";")
    chunks.append(
        'if (typeof module !== "undefined") {\n'
        "  module.exports = {SCHEDULES, DEFAULTS, noisy_linear_cosine_decay_variance,\n"
        "    standard_normal_at};\n"
        "}"
    )
    return "\n\n".join(chunks) + "\n"


def js_noisy_quadratic() -> str:
    r"""SGD on the noisy quadratic in JS, printed from :func:`lrdecay_lit.symbolic.nqm_recursion`.

    ``nqm_step(E, eta, p)`` is one step of the second moment's recursion and
    ``nqm_floor(eta, p)`` the constant-rate fixed point (both printed by sympy);
    ``nqm_path(rates, p)`` runs the step over a schedule and returns the expected loss
    (:math:`\lambda E_t/2`, steps ``0 .. N``) with its bias and variance parts, the same
    loop as :func:`lrdecay_lit.noisy_quadratic.second_moment`. ``p`` holds ``lambda``,
    ``sigma`` and ``E_0``.
    """
    from lrdecay_lit import symbolic as S

    rec, fp = S.nqm_recursion().results, S.nqm_fixed_point().results
    nqm = S.NQM
    prologue = "  const lambda = p.lambda, sigma = p.sigma;"
    contraction = _js(rec["contraction"])
    injection = _js(rec["injection"])
    loss = _js(rec["loss"])
    return "\n".join(
        [
            "// SGD on the noisy quadratic, printed by lrdecay_lit.jsgen from",
            "// lrdecay_lit.symbolic.nqm_recursion / nqm_fixed_point. Do not edit.",
            '"use strict";',
            "function nqm_step(E, eta, p) {",
            prologue,
            f"  return {_js(rec['second_moment'])};",
            "}",
            "function nqm_floor(eta, p) {",
            prologue,
            f"  return {_js(fp['floor'])};",
            "}",
            "function nqm_loss(E, p) {",
            prologue,
            f"  return {loss};",
            "}",
            "function nqm_path(rates, p) {",
            prologue,
            "  const n = rates.length;",
            "  const total = new Array(n + 1), bias = new Array(n + 1);",
            "  const variance = new Array(n + 1);",
            f"  let b = p.{nqm.E0.name}, v = 0;",
            "  for (let i = 0; ; i++) {",
            "    total[i] = nqm_loss(b + v, p);",
            "    bias[i] = nqm_loss(b, p);",
            "    variance[i] = nqm_loss(v, p);",
            "    if (i === n) break;",
            "    const eta = rates[i];",
            f"    const contraction = {contraction}, injection = {injection};",
            "    b = contraction * b;",
            "    v = contraction * v + injection;",
            "  }",
            "  return {total, bias, variance};",
            "}",
            'if (typeof module !== "undefined") {',
            "  module.exports = {nqm_step, nqm_floor, nqm_loss, nqm_path};",
            "}",
            "",
        ]
    )


# --------------------------------------------------------------- curves beyond the registry


def expression_body(expr: object) -> str:
    """The body of a JS ``function (t, p)`` evaluating the sympy ``expr`` of ``t``.

    Every other free symbol is read from ``p`` by its name (``p["schedule__decay_steps"]``).

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> print(expression_body(sp.Symbol("t") / x))
        const x = p["x"];
        return t/x;
    """
    names = sorted(s.name for s in expr.free_symbols if s.name != "t")  # type: ignore[attr-defined]
    lines = [f"const {n} = p[{json.dumps(n)}];" for n in names]
    return "\n".join([*lines, "return " + _js(expr) + ";"])


def _spec_dict(p: object) -> dict[str, object]:
    fields = ("name", "kind", "default", "example", "min", "max", "step", "log", "description")
    return {f: getattr(p, f) for f in fields}


def composite_curve(composite: object) -> dict[str, object]:
    """A composite (warmup, join, ...) as a live-plot curve, JS printed from its ``Piecewise``.

    Returns ``{"js": body, "params": {flat name: value}, "spec": [...], "stepped": bool}``:
    the body of ``function (t, p)`` from :func:`lrdecay_lit.symbolic.build_expression` with
    every base schedule's hyper-parameters and every warmup's ``warmup_steps`` /
    ``init_value`` as symbols named like the composite's flat parameters
    (``schedule__decay_steps``). What cannot move without a new expression stays fixed at
    its value: booleans (``staircase``), a join's ``boundaries``, ``piecewise_constant``'s
    lists, a warmup's ``kind``.

    Example:
        >>> from lrdecay_lit.composites import constant, warmup
        >>> print(composite_curve(warmup(constant(0.1), 10))["js"])
        const init_value = p["init_value"];
        const schedule__value = p["schedule__value"];
        const warmup_steps = p["warmup_steps"];
        return ((t < warmup_steps) ? (
           init_value + t*(-init_value + schedule__value)/warmup_steps
        )
        : (
           schedule__value
        ));
    """
    import sympy as sp

    from lrdecay_lit import symbolic as S
    from lrdecay_lit.composites import as_schedule
    from lrdecay_lit.registry import Node

    comp = as_schedule(composite)
    stepped = False

    def flat(path: tuple[str, ...], name: str) -> str:
        return "__".join((*path, name))

    def leaf(node: Node, path: tuple[str, ...]) -> sp.Expr:
        # the leaf's symbolic form (its lists and booleans fixed), symbols named by flat name
        nonlocal stepped
        options = node.tf_call()[1]
        stepped = stepped or bool(options.get("staircase"))
        stepped = stepped or any(isinstance(v, list) for v in options.values())
        expr = node.build(symbolic=True)
        return expr.xreplace(
            {
                s: sp.Symbol(flat(path, s.name), **s.assumptions0)
                for s in expr.free_symbols
                if s != S.t
            }
        )

    expr = S.build_expression(comp, leaf, symbolic=True)
    # the composites' own symbols: scalars become flat names, list entries (a join's
    # boundaries) their values
    rename: dict[sp.Symbol, sp.Expr] = {}

    def walk(node: Node, path: tuple[str, ...]) -> None:
        own = node.own_params()
        for symbol, (name, value) in node.own_symbols(path).items():
            if symbol in rename:
                raise ValueError(f"composite_curve: two {node.name}s at the same join level")
            if isinstance(own.get(name), list):
                rename[symbol] = sp.Integer(value)
            else:
                rename[symbol] = sp.Symbol(flat(path, name), **symbol.assumptions0)
        for prefix, child in zip(node.child_prefixes(), node.children(), strict=True):
            walk(child, (*path, prefix))

    walk(comp, ())
    expr = expr.xreplace(rename)
    free = {s.name for s in expr.free_symbols} - {"t"}
    params = comp.params
    unknown = free - set(params)
    if unknown:  # pragma: no cover - a naming rule above and the composites disagree
        raise ValueError(f"composite_curve: symbols without a parameter: {sorted(unknown)}")
    spec = [_spec_dict(p) for p in comp.spec if p.name in free]
    values = {n: (float(v) if isinstance(v, int | float) else v) for n, v in params.items()}
    return {
        "js": expression_body(expr),
        "params": {n: values[n] for n in sorted(free)},
        "spec": spec,
        "stepped": stepped,
    }


def _dispatch_specs() -> dict[str, ParamSpec]:
    return {
        "learning_rate": ParamSpec(
            "learning_rate",
            "float",
            None,
            0.01,
            0.0,
            0.1,
            0.0005,
            description="--learning_rate",
        ),
        "num_samples_per_epoch": ParamSpec(
            "num_samples_per_epoch",
            "int",
            None,
            1_281_167,
            10_000,
            2_000_000,
            1,
            description="training samples per epoch (N)",
        ),
        "batch_size": ParamSpec(
            "batch_size", "int", 32, 256, 8, 1024, 8, description="--batch_size (B)"
        ),
        "num_epochs_per_decay": ParamSpec(
            "num_epochs_per_decay",
            "float",
            2.0,
            2.0,
            0.5,
            90.0,
            0.5,
            description="--num_epochs_per_decay (E)",
        ),
        "learning_rate_decay_factor": ParamSpec(
            "learning_rate_decay_factor",
            "float",
            0.94,
            0.94,
            0.5,
            1.0,
            0.01,
            description="--learning_rate_decay_factor",
        ),
        "end_learning_rate": ParamSpec(
            "end_learning_rate",
            "float",
            0.0001,
            0.0001,
            0.0,
            0.01,
            0.0001,
            description="--end_learning_rate",
        ),
    }


DISPATCH_SPECS = _dispatch_specs()
"""Slider ranges for :func:`dispatch_curve`'s TF-slim flags (no sync replicas: ``R = 1``)."""

_DISPATCH_USES = {
    "exponential": (
        "learning_rate",
        "num_samples_per_epoch",
        "batch_size",
        "num_epochs_per_decay",
        "learning_rate_decay_factor",
    ),
    "polynomial": (
        "learning_rate",
        "num_samples_per_epoch",
        "batch_size",
        "num_epochs_per_decay",
        "end_learning_rate",
    ),
    "fixed": ("learning_rate",),
}


def dispatch_curve(decay_type: str, **flags: float) -> dict[str, object]:
    r"""One of TF-slim's ``--learning_rate_decay_type``\ s as a live-plot curve.

    The JS is printed from the sympy schedule with ``decay_steps`` replaced by TF-slim's
    :math:`\lfloor NE/B \rfloor` (:func:`lrdecay_lit.dispatch.slim_decay_steps`, without
    synchronous replicas), so the controls are the flags themselves. ``flags`` override
    :data:`DISPATCH_SPECS`' examples.

    Example:
        >>> print(dispatch_curve("fixed")["js"])
        const learning_rate = p["learning_rate"];
        return learning_rate;
    """
    import sympy as sp

    from lrdecay_lit import symbolic as S
    from lrdecay_lit.dispatch import DECAY_TYPES

    if decay_type not in DECAY_TYPES:
        raise ValueError(
            f"Argument `decay_type` must be one of {', '.join(DECAY_TYPES)}. "
            f"Received: decay_type={decay_type!r}"
        )
    sym = {n: sp.Symbol(n, positive=True) for n in DISPATCH_SPECS}
    decay_steps = sp.floor(
        sym["num_samples_per_epoch"] * sym["num_epochs_per_decay"] / sym["batch_size"]
    )
    if decay_type == "exponential":
        expr = S.expression("exponential_decay", staircase=True).subs(
            {
                S.symbol("decay_steps"): decay_steps,
                S.symbol("learning_rate"): sym["learning_rate"],
                S.symbol("decay_rate"): sym["learning_rate_decay_factor"],
            }
        )
    elif decay_type == "polynomial":
        expr = S.expression("polynomial_decay").subs(
            {
                S.symbol("power"): 1,
                S.symbol("decay_steps"): decay_steps,
                S.symbol("learning_rate"): sym["learning_rate"],
                S.symbol("end_learning_rate"): sym["end_learning_rate"],
            }
        )
    else:
        expr = sym["learning_rate"]
    uses = _DISPATCH_USES[decay_type]
    unknown = sorted(set(flags) - set(DISPATCH_SPECS))
    if unknown:
        raise ValueError(
            f"dispatch_curve: unknown flag(s) {unknown}; known: {list(DISPATCH_SPECS)}"
        )
    params = {n: float(flags[n] if n in flags else DISPATCH_SPECS[n].example) for n in uses}  # type: ignore[arg-type]
    return {
        "js": expression_body(expr),
        "params": params,
        "spec": [_spec_dict(DISPATCH_SPECS[n]) for n in uses],
        "stepped": decay_type == "exponential",
    }


def write_js(path: str | Path) -> Path:
    """Write :func:`js_module` to ``path`` and return it."""
    path = Path(path)
    path.write_text(js_module(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(write_js(sys.argv[1] if len(sys.argv) > 1 else "lrdecay_schedules.js"))
