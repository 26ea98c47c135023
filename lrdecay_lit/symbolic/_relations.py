"""Identities between schedules, and the closed forms of the families' particular shapes.

natural_exp = exponential with :math:`e^{-k}`, exponential vs inverse time near 0, the
staircase gap (the exponential family), the polynomial cycle, SGDR's restarts, linear
cosine vs cosine, the noisy schedule's moments.
"""

from __future__ import annotations

import sympy as sp

from lrdecay_lit.symbolic._core import (
    expression,
    noise_variance,
    restart_index,
    restart_position,
    restart_start,
    symbol,
    t,
)
from lrdecay_lit.symbolic._pieces import _ds, family, k
from lrdecay_lit.symbolic._result import Derivation

__all__ = [
    "natural_exp_is_exponential",
    "exponential_vs_inverse_time",
    "staircase_gap",
    "polynomial_cycle",
    "sgdr_restarts",
    "linear_cosine_vs_cosine",
    "noisy_moments",
]


def natural_exp_is_exponential(staircase: bool = False) -> Derivation:
    r"""Prove natural_exp_decay(:math:`\eta_0, k`) = exponential_decay(:math:`\eta_0, e^{-k}`).

    Returns ``lhs``, ``rhs`` and ``difference`` = ``simplify(lhs - rhs)``, which is 0:
    :math:`(e^{-k})^{p} = e^{-kp}` for real :math:`p` (smooth :math:`p = t/T`, staircase
    :math:`p = \lfloor t/T \rfloor`).

    Example:
        >>> natural_exp_is_exponential(staircase=True).difference
        0
    """
    lhs = expression("natural_exp_decay", staircase=staircase)
    r = symbol("decay_rate")
    rhs = expression("exponential_decay", staircase=staircase).subs(r, sp.exp(-r), evaluate=False)
    rhs_unevaluated = sp.UnevaluatedExpr(sp.exp(-r)) ** (
        sp.floor(t / _ds()) if staircase else t / _ds()
    ) * symbol("learning_rate")
    difference = sp.simplify(lhs - rhs)
    return Derivation(
        "natural_exp_decay = exponential_decay with decay_rate e^-k",
        {"lhs": lhs, "rhs": rhs_unevaluated, "difference": difference},
        note="sympy rewrites (e^-k)^p as e^(-k p) since p is real, so the difference is 0.",
    )


def exponential_vs_inverse_time(order: int = 3) -> Derivation:
    r"""Taylor series at :math:`t = 0` of exponential/natural_exp and inverse_time decay.

    .. math::

        \eta_0 e^{-kt/T} = \eta_0\left(1 - \frac{kt}{T} + \frac{k^2t^2}{2T^2} - \dots\right),
        \qquad
        \frac{\eta_0}{1 + kt/T} = \eta_0\left(1 - \frac{kt}{T} + \frac{k^2t^2}{T^2} - \dots\right)

    They agree to first order when inverse_time's ``decay_rate`` :math:`k` equals
    natural_exp's, i.e. exponential's ``decay_rate`` is :math:`e^{-k}`
    (``matching_decay_rate``); ``second_order_gap`` is inverse minus natural at
    :math:`t^2`: inverse_time decays *slower* after the first steps.
    """
    r = symbol("decay_rate")
    rho = sp.Symbol("rho", positive=True)  # exponential's decay_rate
    ex = expression("exponential_decay").subs(r, rho)
    nat = expression("natural_exp_decay")
    inv = expression("inverse_time_decay")
    s_ex = sp.series(ex, t, 0, order).removeO()
    s_nat = sp.series(nat, t, 0, order).removeO()
    s_inv = sp.series(inv, t, 0, order).removeO()
    match = sp.solve(sp.Eq(s_ex.coeff(t, 1), s_inv.coeff(t, 1)), rho)
    gap = sp.simplify(sp.series(inv - nat, t, 0, 3).removeO())
    return Derivation(
        "exponential vs inverse_time near t = 0",
        {
            "exponential_series": s_ex,
            "natural_exp_series": s_nat,
            "inverse_time_series": s_inv,
            "matching_decay_rate": sp.Eq(rho, match[0]),
            "second_order_gap": gap,
        },
        note="rho is exponential_decay's decay_rate, decay_rate the inverse_time (and "
        "natural_exp) one.",
    )


def staircase_gap(name: str) -> Derivation:
    r"""Staircase minus smooth for the exponential family, and its largest value.

    Write :math:`t = T(j + x)` with block :math:`j = \lfloor t/T \rfloor` and
    :math:`x \in [0, 1)`. The staircase holds :math:`g(j)` for the whole block while the
    smooth curve :math:`g(j + x)` falls, so for a decaying schedule the staircase is
    **never below** the smooth curve: ``gap`` :math:`= g(j) - g(j + x) \ge 0`. Within block
    :math:`j` the gap grows with :math:`x` towards ``sup_in_block`` :math:`= g(j) - g(j+1)`
    (approached just before the next stair, not reached); the largest is in the first
    block, ``sup``. Over whole steps with a whole ``decay_steps`` the largest gap is at
    :math:`x = (T - 1)/T`: ``max_whole_steps``.

    Example:
        >>> staircase_gap("exponential_decay").sup
        learning_rate*(1 - decay_rate)
    """
    if name not in family("staircase"):
        raise ValueError(
            f"staircase_gap is for {', '.join(family('staircase'))}. Received: {name!r}"
        )
    ds = _ds()
    j = sp.Symbol("j", integer=True, nonnegative=True)
    x = sp.Symbol("x", nonnegative=True)
    smooth = expression(name)
    g = sp.Lambda(t, smooth.subs(t, ds * t))  # g(p) = rate at exponent p
    gap = sp.simplify(g(j) - g(j + x))
    sup_block = sp.simplify(gap.subs(x, 1))
    results = {
        "gap": gap,
        "sup_in_block": sup_block,
        "sup": sp.simplify(sup_block.subs(j, 0)),
        "max_whole_steps": sp.simplify(gap.subs({j: 0, x: (ds - 1) / ds})),
        "ratio_sup": sp.simplify(g(j) / g(j + 1)),
    }
    return Derivation(
        f"staircase - smooth for {name}",
        results,
        note="decay_rate < 1 for exponential_decay, decay_rate > 0 otherwise (decaying).",
    )


def polynomial_cycle() -> Derivation:
    r"""polynomial_decay with ``cycle=True``: cycles, restarts and peaks in closed form.

    TF multiplies ``decay_steps`` by :math:`c(t) = \max(1, \lceil t/T \rceil)` (1 at step
    0, where :math:`\lceil 0 \rceil = 0` would divide by zero). So cycle :math:`c` covers
    :math:`((c-1)T, cT]`: **every cycle lasts T steps** (the period does not grow); only
    the *horizon* :math:`cT` grows. At :math:`t = kT` the rate is exactly
    ``end_learning_rate`` (:math:`t/(kT) = 1`); right after, the horizon jumps to
    :math:`(k+1)T`, so the :math:`k`-th restart (k >= 1) peaks at

    .. math::

        \sup_{t \downarrow kT} \eta = \eta_{\text{end}} + (\eta_0 - \eta_{\text{end}})
        \left(\frac{1}{k+1}\right)^{q}

    and at the first whole step after the restart, :math:`kT + 1` (whole :math:`T`),
    :math:`\eta_{\text{end}} + (\eta_0 - \eta_{\text{end}})\left(\frac{T-1}{(k+1)T}\right)^q`.
    Each peak is lower (``peak_ratio`` < 1) and the peaks tend to the end rate.

    Example:
        >>> polynomial_cycle().restart_step
        decay_steps*k
    """
    ds, end = _ds(), symbol("end_learning_rate")
    expr = expression("polynomial_decay", cycle=True)
    cycle_index = sp.Max(1, sp.ceiling(t / ds))
    eps = sp.Symbol("epsilon", positive=True)
    kk = sp.Symbol("k", integer=True, positive=True)
    # just after the restart t = kT + eps (eps < T): ceiling((kT + eps)/T) = k + 1
    right = expr.subs(sp.ceiling(t / ds), kk + 1).subs(sp.Max(1, kk + 1), kk + 1)
    peak = sp.simplify(sp.limit(right.subs(t, kk * ds + eps), eps, 0, "+"))
    at_restart = sp.simplify(
        expr.subs(sp.ceiling(t / ds), kk).subs(sp.Max(1, kk), kk).subs(t, kk * ds)
    )
    first_step = sp.simplify(right.subs(t, kk * ds + 1))
    return Derivation(
        "polynomial_decay with cycle=True",
        {
            "cycle_index": cycle_index,
            "horizon": ds * cycle_index,
            "restart_step": kk * ds,
            "value_at_restart_step": at_restart,
            "peak": peak,
            "value_first_step_after": first_step,
            "peak_ratio": sp.simplify(peak.subs(kk, kk + 1) / peak).subs(end, 0),
            "period": ds,
            "peak_limit": sp.limit(peak, kk, sp.oo),
        },
        note="k >= 1 counts restarts; peak_ratio is shown for end_learning_rate = 0; "
        "value_first_step_after assumes a whole decay_steps.",
    )


def sgdr_restarts() -> Derivation:
    r"""cosine_decay_restarts (SGDR): restart steps, period lengths and peaks in closed form.

    Period :math:`k` lasts :math:`T_0 m^k` steps and starts at :math:`S_k = \sum_{j<k}
    T_0 m^j = T_0 (1 - m^k)/(1 - m)` (:math:`m \ne 1`), :math:`S_k = k T_0` (:math:`m = 1`,
    also the limit of the former as :math:`m \to 1`). Inverting :math:`S_i \le t <
    S_{i+1}` gives TF's restart index :math:`i(t)`. At a restart the position is 0 and the
    rate peaks at :math:`\eta_0((1 - \alpha)\mu^k + \alpha)` (:math:`\mu` = ``m_mul``):
    the peak *above the floor* is scaled by :math:`\mu^k`. With :math:`m < 1` all periods
    fit before ``horizon`` :math:`= T_0/(1 - m)`.

    Example:
        >>> sgdr_restarts().peak
        learning_rate*(alpha + m_mul**k*(1 - alpha))
    """
    t0, tm = symbol("first_decay_steps"), symbol("t_mul")
    start = restart_start(k)
    start1 = restart_start(k, geometric=False)
    value = expression("cosine_decay_restarts")
    i_sym = sp.Symbol("i", integer=True, nonnegative=True)
    in_period = value.subs(restart_index(), i_sym)
    peak = sp.simplify(in_period.subs(i_sym, k).subs(t, start))
    s = sp.Symbol("s", positive=True)  # t_mul = 1/(1+s) < 1
    horizon = sp.simplify(sp.limit(start.subs(tm, 1 / (1 + s)), k, sp.oo).subs(s, 1 / tm - 1))
    return Derivation(
        "cosine_decay_restarts (SGDR)",
        {
            "index": restart_index(),
            "index_t_mul_1": restart_index(geometric=False),
            "position": restart_position(),
            "position_t_mul_1": restart_position(geometric=False),
            "restart_step": start,
            "restart_step_t_mul_1": start1,
            "limit_t_mul_to_1": sp.limit(start, tm, 1),
            "period_length": t0 * tm**k,
            "peak": sp.factor_terms(peak),
            "horizon_t_mul_below_1": horizon,
        },
        note="k = 0, 1, ... counts periods (restart k starts period k); the index "
        "inverts S_i <= t < S_{i+1} (checked against the numeric core, which corrects "
        "floating-point rounding at exact restart steps).",
    )


def linear_cosine_vs_cosine() -> Derivation:
    r"""linear_cosine_decay with the default ``num_periods = 1/2`` minus cosine_decay.

    With :math:`u = \min(t, T)/T` and both ``alpha`` at their default 0:

    .. math::

        \eta_{\text{lc}} - \eta_{\text{cos}} = \eta_0\left[\beta - u\,\tfrac12(1 + \cos\pi u)\right]

    so the two are **not** equal (the article's claim): linear_cosine has the extra
    factor :math:`1 - u` and the floor :math:`\beta\eta_0`. ``general`` keeps both alphas
    (``alpha`` for linear_cosine, ``alpha_c`` for cosine). The largest gap (most negative)
    is where :math:`1 + \cos\pi u - \pi u \sin\pi u = 0`, a transcendental equation: sympy
    has no closed form, ``u_star`` is found with ``nsolve`` (closed_form is false for it).
    """
    lr, ds, beta = symbol("learning_rate"), _ds(), symbol("beta")
    alpha_c = sp.Symbol("alpha_c", nonnegative=True)
    u = sp.Symbol("u", nonnegative=True)
    lc = expression("linear_cosine_decay", num_periods=sp.Rational(1, 2))
    cos = expression("cosine_decay").subs(symbol("alpha"), alpha_c)
    general = sp.simplify((lc - cos).subs(sp.Min(t, ds), ds * u))
    default = sp.simplify(general.subs({symbol("alpha"): 0, alpha_c: 0}))
    shape = sp.simplify(-(default - lr * beta) / lr)  # u (1 + cos pi u) / 2
    stationary = sp.simplify(sp.diff(shape, u))
    u_star = sp.nsolve(stationary, u, 0.4)
    return Derivation(
        "linear_cosine_decay (num_periods=1/2) - cosine_decay",
        {
            "u": sp.Eq(u, sp.Min(t, ds) / ds),
            "general": general,
            "difference": default,
            "at_end": default.subs(u, 1),
            "stationary_condition": sp.Eq(stationary, 0),
            "u_star": u_star,
            "max_shortfall": sp.N(shape.subs(u, u_star), 15) * lr,
        },
        closed_form=False,
        note="difference is closed; u_star (where the gap is largest) is numerical: "
        "1 + cos(pi u) = pi u sin(pi u) has no closed-form root.",
    )


def noisy_moments() -> Derivation:
    r"""Mean and variance of noisy_linear_cosine_decay at step t (sympy.stats).

    The rate is linear in the noise, :math:`\eta_t = \eta_0[(\alpha + \ell_t +
    \varepsilon_t)c_t + \beta]`, so with :math:`\varepsilon_t \sim \mathcal N(0, v_t)`,
    :math:`v_t = \sigma_0^2/(1 + \min(t, T))^d`:

    .. math::

        \mathbb E\,\eta_t = \text{linear\_cosine\_decay}(t), \qquad
        \operatorname{Var}\eta_t = \eta_0^2 c_t^2 v_t

    Example:
        >>> noisy_moments().mean == expression("linear_cosine_decay")
        True
    """
    from sympy.stats import E, Normal, variance

    v = sp.Symbol("v", positive=True)
    z = Normal("z", 0, sp.sqrt(v))
    expr = expression("noisy_linear_cosine_decay")
    random = expr.subs(symbol("eps"), z)
    mean = sp.simplify(E(random))
    var = sp.factor(sp.simplify(variance(random)))
    var_t = var.subs(v, noise_variance())
    if sp.simplify(mean - expression("linear_cosine_decay")) == 0:
        mean = expression("linear_cosine_decay")
    return Derivation(
        "moments of noisy_linear_cosine_decay",
        {
            "mean": mean,
            "variance": var_t,
            "noise_variance": noise_variance(),
            "std": sp.sqrt(var_t),
        },
        note="the noise is independent from step to step; its variance uses min(t, T).",
    )
