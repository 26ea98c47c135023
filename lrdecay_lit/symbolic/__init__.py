r"""The sympy layer: every schedule once, as an exact expression, and what follows from it.

``import lrdecay_lit`` never imports sympy; this subpackage does, when first imported.

- :func:`expression` gives schedule ``name``'s sympy expression in the step :data:`t` and
  symbols named like TF's arguments (:func:`symbol`, :func:`parameters`).
- :func:`numeric` turns it into a vectorised numpy function (``lambdify``), which the test
  suite binds to the hand-written :mod:`lrdecay_lit.schedules` (agreement to 1e-12).
- The derivation helpers return sympy objects (or a :class:`Derivation` bundle with a
  ``.latex`` view) that the book's chapters display.
- :mod:`lrdecay_lit.jsgen` prints the same expressions as JavaScript.

Derivation helpers (``**options`` = ``staircase``/``cycle`` and hyper-parameter values by
TF name, substituted into the result):

=================================  ==========================================================
:func:`derivative`                 :math:`\eta^{(n)}(t)` almost everywhere
:func:`relative_decay_rate`        :math:`-\eta'/\eta`
:func:`convexity`                  :math:`\eta''`, its sign, convex/concave sets (in t/T)
:func:`limit_at_infinity`          :math:`\lim_{t\to\infty}\eta` (AccumBounds if none)
:func:`floor_value`                :math:`\inf_t \eta` and where it is reached
:func:`step_to_reach`              first step with :math:`\eta \le` target
:func:`half_life`                  :math:`h`: :math:`\eta(t_0 + h) = \eta(t_0)/2`
:func:`budget_sum`                 :math:`\sum_{n<N} \eta(n)` (closed form or Sum + note)
:func:`budget_integral`            :math:`\int_0^T \eta\,dt`
:func:`natural_exp_is_exponential` the identity, proven by ``simplify``
:func:`exponential_vs_inverse_time` Taylor series, matching rate, second-order gap
:func:`staircase_gap`              staircase - smooth, its sup and max over whole steps
:func:`polynomial_cycle`           cycle index, restarts :math:`kT`, peaks, period
:func:`sgdr_restarts`              restart steps :math:`S_k`, period lengths, peaks
:func:`linear_cosine_vs_cosine`    the exact difference (they are not equal)
:func:`noisy_moments`              mean and variance of the noisy schedule
:func:`one_step_map`               :math:`\eta_{t+1} = \varphi_t(\eta_t)`, fixed points, stability
:func:`nqm_recursion`              SGD on the noisy quadratic: :math:`E_{t+1}` from :math:`E_t`
:func:`nqm_fixed_point`            its noise floor for a constant rate, and the path to it
:func:`nqm_split`                  final error = bias + variance, for any schedule
:func:`robbins_monro`              :math:`\sum\eta_t = \infty`, :math:`\sum\eta_t^2 < \infty`?
=================================  ==========================================================

:func:`chain_iterate` and :func:`chain_drift` run the one-step map in float64, the way a
chainable scheduler (PyTorch's ``get_lr()``) does, and measure its drift from the closed form.

Example:
    >>> from lrdecay_lit import symbolic as S
    >>> S.expression("inverse_time_decay")
    learning_rate/(decay_rate*t/decay_steps + 1)
"""

from lrdecay_lit.symbolic._arrays import RTOL, array_expression, array_function
from lrdecay_lit.symbolic._composite import (
    budget_integral_of,
    budget_sum_of,
    build_expression,
    derivative_of,
    expression_of,
    latex_of,
    limit_at_infinity_of,
    numeric_of,
)
from lrdecay_lit.symbolic._core import (
    SCHEDULE_NAMES,
    defaults,
    exact,
    expression,
    generic_branch,
    noise_variance,
    parameters,
    restart_index,
    restart_position,
    restart_start,
    restart_value,
    substitutions,
    symbol,
    t,
)
from lrdecay_lit.symbolic._derive import (
    N,
    T,
    budget_integral,
    budget_sum,
    convexity,
    derivative,
    exponential_vs_inverse_time,
    floor_value,
    half_life,
    k,
    limit_at_infinity,
    linear_cosine_vs_cosine,
    natural_exp_is_exponential,
    noisy_moments,
    polynomial_cycle,
    relative_decay_rate,
    sgdr_restarts,
    staircase_gap,
    step_to_reach,
    telescopes,
)
from lrdecay_lit.symbolic._fixed_points import (
    ChainDrift,
    chain_drift,
    chain_factor,
    chain_iterate,
    classify_slope,
    eta,
    one_step_map,
)
from lrdecay_lit.symbolic._noisy_quadratic import NQM, nqm_fixed_point, nqm_recursion, nqm_split
from lrdecay_lit.symbolic._numeric import RESTART_RTOL, numeric, numeric_expr
from lrdecay_lit.symbolic._result import Derivation, latex
from lrdecay_lit.symbolic._robbins_monro import robbins_monro

__all__ = [
    "ChainDrift",
    "chain_drift",
    "chain_factor",
    "chain_iterate",
    "classify_slope",
    "eta",
    "one_step_map",
    "RESTART_RTOL",
    "RTOL",
    "array_expression",
    "array_function",
    "budget_integral_of",
    "budget_sum_of",
    "build_expression",
    "derivative_of",
    "expression_of",
    "latex_of",
    "limit_at_infinity_of",
    "numeric_of",
    "SCHEDULE_NAMES",
    "Derivation",
    "N",
    "NQM",
    "T",
    "budget_integral",
    "budget_sum",
    "convexity",
    "defaults",
    "derivative",
    "exact",
    "exponential_vs_inverse_time",
    "expression",
    "floor_value",
    "generic_branch",
    "half_life",
    "k",
    "latex",
    "limit_at_infinity",
    "linear_cosine_vs_cosine",
    "natural_exp_is_exponential",
    "noise_variance",
    "noisy_moments",
    "numeric",
    "numeric_expr",
    "nqm_fixed_point",
    "nqm_recursion",
    "nqm_split",
    "parameters",
    "polynomial_cycle",
    "relative_decay_rate",
    "restart_index",
    "restart_position",
    "restart_start",
    "restart_value",
    "robbins_monro",
    "sgdr_restarts",
    "staircase_gap",
    "step_to_reach",
    "substitutions",
    "symbol",
    "t",
    "telescopes",
]
