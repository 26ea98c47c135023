r"""SGD on the noisy quadratic model (NQM), derived with sympy.

The model: :math:`f(x) = \lambda x^2/2`, and SGD sees the gradient :math:`\lambda x + \xi_t`
with noise :math:`\mathbb E\xi_t = 0`, :math:`\mathbb E\xi_t^2 = \sigma^2`, independent of
:math:`x_t`. One step is :math:`x_{t+1} = x_t - \eta_t(\lambda x_t + \xi_t)`.

- :func:`nqm_recursion`: the second moment's recursion
  :math:`E_{t+1} = (1 - \eta_t\lambda)^2 E_t + \eta_t^2\sigma^2`, from expanding the square.
- :func:`nqm_fixed_point`: for a constant rate, the noise floor
  :math:`E^* = \eta\sigma^2/(\lambda(2 - \eta\lambda))` and the closed-form path to it.
- :func:`nqm_split`: the final error after a whole schedule as bias (the start, forgotten
  geometrically) plus variance (the noise, summed with the same factors); checked against the
  recursion by sympy.

:mod:`lrdecay_lit.noisy_quadratic` evaluates the same recursion with numpy, and
:func:`lrdecay_lit.jsgen.js_noisy_quadratic` prints it as JavaScript.

Example:
    >>> nqm_recursion().results["second_moment"]
    E*(-eta*lambda + 1)**2 + eta**2*sigma**2
"""

from __future__ import annotations

import sympy as sp

from lrdecay_lit.symbolic._result import Derivation

__all__ = ["NQM", "nqm_recursion", "nqm_fixed_point", "nqm_split"]


class _Symbols:
    """The NQM's symbols (one set, shared by every derivation and the code printers)."""

    x = sp.Symbol("x", real=True)  # the iterate x_t
    xi = sp.Symbol("xi", real=True)  # the gradient noise
    eta = sp.Symbol("eta", positive=True)  # the learning rate at step t
    lam = sp.Symbol("lambda", positive=True)  # the curvature
    sigma = sp.Symbol("sigma", positive=True)  # the noise's standard deviation
    E = sp.Symbol("E", nonnegative=True)  # E[x_t^2]
    E0 = sp.Symbol("E_0", nonnegative=True)  # E[x_0^2]
    t = sp.Symbol("t", integer=True, nonnegative=True)
    N = sp.Symbol("N", integer=True, positive=True)
    s = sp.Symbol("s", integer=True, nonnegative=True)
    rates = sp.IndexedBase("eta")  # eta[t]: a schedule's rate at step t


NQM = _Symbols()
"""The symbols: ``NQM.eta``, ``NQM.lam`` (:math:`\\lambda`), ``NQM.sigma``, ``NQM.E`` ..."""


def _expect(poly: sp.Expr) -> sp.Expr:
    """E[...] of a polynomial in x and xi: x^2 -> E, x xi and xi -> 0, xi^2 -> sigma^2."""
    S = NQM
    out = sp.Integer(0)
    for (px, pxi), coeff in sp.Poly(sp.expand(poly), S.x, S.xi).terms():
        if pxi == 1:
            continue  # xi independent of x_t with mean 0
        moment_x = {0: 1, 2: S.E}.get(px)
        moment_xi = {0: 1, 2: S.sigma**2}[pxi]
        if moment_x is None:
            raise ValueError(f"moment x^{px} is not tracked by the NQM recursion")
        out += coeff * moment_x * moment_xi
    return sp.factor_terms(sp.collect(sp.expand(out), S.E))


def nqm_recursion() -> Derivation:
    r"""The update, its square's expectation, and the expected loss.

    Returns:
        :class:`Derivation` with ``update`` (:math:`x_{t+1}`), ``second_moment``
        (:math:`E_{t+1}` as a function of :math:`E = E_t` and :math:`\eta = \eta_t`),
        ``contraction`` (:math:`(1-\eta\lambda)^2`, the factor on :math:`E_t`),
        ``injection`` (:math:`\eta^2\sigma^2`, the noise added per step), ``loss``
        (:math:`\mathbb E f = \lambda E/2`) and ``stable`` (the rates for which the factor is
        below one, :math:`0 < \eta < 2/\lambda`).
    """
    S = NQM
    update = S.x - S.eta * (S.lam * S.x + S.xi)
    second = _expect(update**2)
    contraction = sp.factor(second.coeff(S.E))
    injection = sp.factor(sp.expand(second - contraction * S.E))
    written = (1 - S.eta * S.lam) ** 2  # the same square, in the order the book writes it
    if sp.expand(contraction - written) != 0:  # pragma: no cover - a proof, not a branch
        raise AssertionError(f"contraction {contraction}")
    contraction = written
    # (1 - eta lambda)^2 < 1 between its two roots of "= 1" (a parabola in eta, opening up)
    e = sp.Symbol("e", real=True)  # eta without its positivity: both roots
    roots = sp.solve(sp.Eq(contraction.subs(S.eta, e), 1), e)
    lo, hi = sorted(roots, key=lambda r: r.subs(S.lam, 1))
    stable = sp.Interval.open(lo, hi)
    return Derivation(
        "SGD on the noisy quadratic",
        {
            "update": update,
            "second_moment": contraction * S.E + injection,
            "contraction": contraction,
            "injection": injection,
            "loss": S.lam * S.E / 2,
            "stable": stable,
        },
        note="xi_t has mean 0 and variance sigma^2 and is independent of x_t.",
    )


def nqm_fixed_point() -> Derivation:
    r"""A constant rate: the noise floor and the exact path to it.

    Returns:
        :class:`Derivation` with ``floor`` (:math:`E^*`, the solution of :math:`E = (1 -
        \eta\lambda)^2E + \eta^2\sigma^2`), ``loss_floor`` (:math:`\lambda E^*/2`),
        ``path`` (:math:`E_t`, from sympy's ``rsolve`` with :math:`E_0`), ``small_rate``
        (the floor's first-order term in :math:`\eta`: :math:`\eta\sigma^2/(2\lambda)`, so
        halving the rate halves the floor).
    """
    S = NQM
    rec = nqm_recursion()
    solved = sp.solve(sp.Eq(S.E, rec.results["second_moment"]), S.E)[0]
    floor = S.eta * S.sigma**2 / (S.lam * (2 - S.eta * S.lam))  # the same, written tidily
    if sp.simplify(solved - floor) != 0:  # pragma: no cover - a proof, not a branch
        raise AssertionError(f"fixed point {solved}")
    En = sp.Function("E")
    eq = En(S.t + 1) - rec.results["second_moment"].subs(S.E, En(S.t))
    solved_path = sp.rsolve(eq, En(S.t), {En(0): S.E0})
    q = sp.Dummy("q")  # (1 - eta lambda)^(2t), however sympy writes its base
    path = floor + (S.E0 - floor) * ((1 - S.eta * S.lam) ** 2) ** S.t
    same = solved_path.subs((S.eta * S.lam - 1) ** (2 * S.t), q) - path.subs(
        ((1 - S.eta * S.lam) ** 2) ** S.t, q
    )
    if sp.simplify(same) != 0:  # pragma: no cover
        raise AssertionError(f"rsolve gave {solved_path}")
    return Derivation(
        "constant rate on the noisy quadratic",
        {
            "floor": floor,
            "loss_floor": sp.factor(S.lam * floor / 2),
            "path": path,
            "small_rate": sp.series(floor, S.eta, 0, 2).removeO(),
        },
        note="0 < eta < 2/lambda; the gap to the floor shrinks by (1 - eta lambda)^2 per step.",
    )


def nqm_split(steps: int | None = None) -> Derivation:
    r"""The error after :math:`N` steps of a schedule :math:`\eta_0, \dots, \eta_{N-1}`.

    .. math::
        E_N = \underbrace{E_0 \prod_{t<N} (1 - \eta_t\lambda)^2}_{\text{bias}}
            + \underbrace{\sigma^2 \sum_{t<N} \eta_t^2 \prod_{t<s<N} (1 - \eta_s\lambda)^2
              }_{\text{variance}}

    The bias wants large rates early (to forget :math:`E_0`); the variance wants small rates
    at the end (each step's noise is damped only by the steps after it). ``steps`` given:
    ``check`` is the proof that unrolling the recursion ``steps`` times gives the split (a
    sympy identity in the symbols ``eta[0] ... eta[steps-1]``).
    """
    S = NQM
    a = (1 - S.rates[S.t] * S.lam) ** 2
    a_s = (1 - S.rates[S.s] * S.lam) ** 2
    bias = S.E0 * sp.Product(a, (S.t, 0, S.N - 1))
    variance = S.sigma**2 * sp.Sum(
        S.rates[S.t] ** 2 * sp.Product(a_s, (S.s, S.t + 1, S.N - 1)), (S.t, 0, S.N - 1)
    )
    results: dict[str, object] = {"bias": bias, "variance": variance, "total": bias + variance}
    if steps is not None:
        step = nqm_recursion().results["second_moment"]
        E = S.E0
        for i in range(int(steps)):
            E = step.subs({S.E: E, S.eta: S.rates[i]})
        split = (bias + variance).subs(S.N, int(steps)).doit()
        results["check"] = sp.expand(E - split) == 0
    return Derivation(
        "bias and variance of the final error",
        results,
        note="bias: the start, forgotten; variance: the noise, not yet forgotten.",
    )
