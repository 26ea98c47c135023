"""Tests of lrdecay_lit.book.exercises: the checker, and every chapter's answers.

Each answer the package computes (``expected``) is compared with an *independent* value:
``INDEPENDENT`` below works every exercise out again from the maths (a closed form, or the
formula evaluated by hand in numpy), without the package's schedules or its sympy layer
(the sympy symbols are taken from the package only so that an expression can be compared
with its answer). So a wrong answer in ``lrdecay_lit/book/exercises/`` fails here, and every
new exercise must add its entry (``test_every_exercise_has_an_independent_answer``). A
planted wrong answer of each exercise's kind must be rejected by ``check``.
"""

from __future__ import annotations

import math
import numbers
import pkgutil
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest

import lrdecay_lit.book.exercises as ex
from lrdecay_lit.book.examples import example
from lrdecay_lit.book.exercises import check, exercise_ids, expected

CHAPTERS = [m.name for m in pkgutil.iter_modules(ex.__path__)]
ALL_IDS = [i for c in CHAPTERS for i in exercise_ids(c)]


def test_numbers_and_tolerance(capsys):
    assert check("_demo.sum", 4.0000001)
    assert not check("_demo.sum", 4.1)
    assert not check("_demo.sum", "four")
    assert "Hint: two and two." in capsys.readouterr().out


def test_unknown_ids():
    with pytest.raises(KeyError, match="no exercises"):
        expected("nochapter.x")
    with pytest.raises(KeyError, match="known"):
        expected("_demo.nope")
    with pytest.raises(KeyError, match="chapter.name"):
        expected("plain")


def test_symbolic_answers():
    import sympy as sp

    x = sp.Symbol("x")
    assert ex._matches("2*x + x", 3 * x, 1e-6)
    assert not ex._matches("x**2", 3 * x, 1e-6)
    assert ex._matches(np.array([1.0, 2.0]), [1.0, 2.0], 1e-6)
    assert not ex._matches(np.array([1.0, 2.0, 3.0]), [1.0, 2.0], 1e-6)
    assert ex._matches(True, True, 1e-6) and not ex._matches(1, True, 1e-6)


# ---- the answers, worked out again ------------------------------------------------------------


def _sym(*names: str):
    from lrdecay_lit import symbolic as S

    return [S.symbol(n) for n in names]


def _params(key: str) -> dict:
    return dict(example(key).params)


def _cosine(lr: float, t: np.ndarray, T: float, alpha: float) -> np.ndarray:
    u = np.minimum(t, T) / T
    return lr * ((1 - alpha) * 0.5 * (1 + np.cos(np.pi * u)) + alpha)


def _linear_cosine(lr, t, T, num_periods=0.5, alpha=0.0, beta=0.001):
    u = np.minimum(t, T) / T
    return lr * ((alpha + 1 - u) * 0.5 * (1 + np.cos(2 * np.pi * num_periods * u)) + beta)


def _first_step_below(values: np.ndarray, level: float) -> int:
    return int(np.flatnonzero(values <= level)[0])


# comparison: lr 0.1 -> 0.001 over N = 9000 steps (the chapter's setting)
LR0, N, END = 0.1, 9000, 0.001


def _smallest_budget() -> str:
    """The budgets as integrals over [0, N] (each sum differs from its integral by < LR0)."""
    a = END / LR0
    integrals = {
        "exponential_decay": LR0 * N * (1 - a) / math.log(1 / a),
        "natural_exp_decay": LR0 * N * (1 - a) / math.log(1 / a),
        "inverse_time_decay": LR0 * N * math.log(100) / 99,
        "piecewise_constant": N / 3 * (LR0 + LR0 / 10 + END),
        "polynomial_decay": LR0 * N * (1 + a) / 2,
        "cosine_decay": LR0 * N * (1 + a) / 2,
        # three whole periods (N/7, 2N/7, 4N/7), each of integral lr T (1 + alpha) / 2
        "cosine_decay_restarts": LR0 * N * (1 + a) / 2,
        # int_0^1 (1 - u)(1 + cos(pi u))/2 du = 1/4 + 1/pi^2, plus beta = a
        "linear_cosine_decay": LR0 * N * (0.25 + 1 / math.pi**2 + a),
    }
    ranked = sorted(integrals, key=integrals.__getitem__)
    assert integrals[ranked[1]] - integrals[ranked[0]] > 2 * LR0  # the sums rank the same
    return ranked[0]


def _sgdr_first_half() -> int:
    # first period (length N/7): (1 - a)(1 + cos(pi t/T0))/2 + a <= 1/2
    a, T0 = END / LR0, N / 7
    return math.ceil(T0 * math.acos(-a / (1 - a)) / math.pi)


def _cifar_like(samples: int, batch: int, epochs: float) -> int:
    """TF-slim: int(samples * epochs / batch) steps per decay."""
    return int(samples * epochs / batch)


IMAGENET, CIFAR10 = 1_281_167, 50_000
# TF-slim's defaults for 'exponential': learning_rate_decay_factor 0.94, 2 epochs, staircase
SLIM_FACTOR, SLIM_EPOCHS = 0.94, 2.0


def _slim_lr_after_30_epochs() -> float:
    step = int(30 * IMAGENET / 256)
    return 0.01 * SLIM_FACTOR ** (step // _cifar_like(IMAGENET, 256, SLIM_EPOCHS))


def _tf_refuses_unsorted() -> bool:
    """Whether TF raised for every recorded call with unsorted boundaries."""
    from lrdecay_lit.book.tf_reference import observations

    unsorted = [o for o in observations("piecewise_constant") if "[20, 10, 30]" in o["call"]]
    assert unsorted
    return all("Error" in o["tf_result"] for o in unsorted)


def _piecewise_value(t: int, boundaries: list, values: list) -> float:
    """TF's rule: values[i] for boundaries[i-1] < t <= boundaries[i]."""
    return values[sum(b < t for b in boundaries)]


def _noisy_std_10() -> float:
    p = _params("B.noisy_linear_cosine")
    u = 10 / p["decay_steps"]
    cosine = 0.5 * (1 + math.cos(2 * math.pi * p["num_periods"] * u))
    return (
        p["learning_rate"]
        * cosine
        * math.sqrt(p["initial_variance"] / (1 + 10) ** p["variance_decay"])
    )


def _noisy_expected_budget() -> float:
    p = _params("B.noisy_linear_cosine")
    t = np.arange(60.0)
    return float(
        _linear_cosine(
            p["learning_rate"], t, p["decay_steps"], p["num_periods"], p["alpha"], p["beta"]
        ).sum()
    )


def _relative_rate():
    import sympy as sp

    r, T = _sym("decay_rate", "decay_steps")
    return -sp.log(r) / T


def _budget_crossing():
    # int_0^tau lr/(1 + k t/T) = (lr T/k) ln(1 + k tau/T) equals int_0^oo lr e^{-k t/T} = lr T/k
    import sympy as sp

    k, T = _sym("decay_rate", "decay_steps")
    return T * (sp.E - 1) / k


def _half_life_formula():
    import sympy as sp

    k, T = _sym("decay_rate", "decay_steps")
    return T * sp.log(2) / k


def _third_peak():
    # the cycle after 3T has length 4T: (lr - end)(1 - 3/4)^power + end
    import sympy as sp

    lr, end, power = _sym("learning_rate", "end_learning_rate", "power")
    return (lr - end) * sp.Rational(1, 4) ** power + end


def _sgdr_start(k: int, T0: float, t_mul: float) -> float:
    return T0 * (t_mul**k - 1) / (t_mul - 1)


def _map_resets() -> int:
    p, n = _params("B.cosine_restarts"), example("B.cosine_restarts").num_steps
    starts = [_sgdr_start(k, p["first_decay_steps"], p["t_mul"]) for k in range(1, 20)]
    return sum(1 for s in starts if math.ceil(s) <= n - 1)


def _landing(key: str) -> int:
    """First whole step < T where cos(2 pi n t/T) = -1, i.e. 2 n t / T is odd."""
    p = _params(key)
    n, T = Fraction(p["num_periods"]), Fraction(p["decay_steps"])
    return next(t for t in range(int(T)) if (c := 2 * n * t / T).denominator == 1 and c % 2 == 1)


_A, _BC = _params("A.exponential"), _params("B.cosine")
_BI, _BN = _params("B.inverse_time.smooth"), _params("B.natural_exp.smooth")
_BR = _params("B.cosine_restarts")

INDEPENDENT: dict[str, Callable[[], object]] = {
    "_demo.sum": lambda: 4,
    # comparison
    "comparison.natural_exp_rate": lambda: math.log(LR0 / END),
    "comparison.inverse_time_rate": lambda: LR0 / END - 1,
    "comparison.inverse_time_half": lambda: math.ceil(N / (LR0 / END - 1)),
    "comparison.cosine_linear_budget_ratio": lambda: float(
        _cosine(LR0, np.arange(N), N, END / LR0).sum()
        / (LR0 - (LR0 - END) * np.arange(N) / N).sum()
    ),
    "comparison.sgdr_first_half": _sgdr_first_half,
    "comparison.smallest_budget": _smallest_budget,
    # cosine_decay: B.cosine (lr 0.3, T 50, alpha 0.01, 60 steps)
    "cosine_decay.first_below_half": lambda: (
        math.floor(_BC["decay_steps"] * math.acos(-_BC["alpha"] / (1 - _BC["alpha"])) / math.pi) + 1
    ),
    # sum_{t<T} cos(pi t/T) = 1, so the decaying steps sum to lr((1-a)(T+1)/2 + a T)
    "cosine_decay.budget_60": lambda: (
        _BC["learning_rate"]
        * (
            (1 - _BC["alpha"]) * (_BC["decay_steps"] + 1) / 2
            + _BC["alpha"] * _BC["decay_steps"]
            + _BC["alpha"] * (60 - _BC["decay_steps"])
        )
    ),
    "cosine_decay.max_slope": lambda: (
        -math.pi * _BC["learning_rate"] * (1 - _BC["alpha"]) / (2 * _BC["decay_steps"])
    ),
    "cosine_decay.slope_ratio": lambda: math.pi / 2,
    "cosine_decay.alpha_for_floor": lambda: 1e-4 / 0.1,
    "cosine_decay.map_half_factor": lambda: 1 + math.cos(math.pi * (0.5 + 1 / _BC["decay_steps"])),
    # cosine_decay_restarts: B.cosine_restarts (lr 0.3, T0 10, t_mul 1.5, m_mul 0.8, a 0.011)
    "cosine_decay_restarts.first_step_period_4": lambda: math.ceil(
        _sgdr_start(4, _BR["first_decay_steps"], _BR["t_mul"])
    ),
    "cosine_decay_restarts.restarts_in_1000": lambda: math.floor(math.log2(1 + 999 / 10)),
    "cosine_decay_restarts.peak_5": lambda: (
        _BR["learning_rate"] * ((1 - _BR["alpha"]) * _BR["m_mul"] ** 5 + _BR["alpha"])
    ),
    "cosine_decay_restarts.horizon": lambda: 30 / (1 - 0.8),
    "cosine_decay_restarts.map_resets": _map_resets,
    # dispatcher (TF-slim's configure_learning_rate)
    "dispatcher.cifar_decay_steps": lambda: float(_cifar_like(CIFAR10, 128, 2.0)),
    "dispatcher.imagenet_replicas_8": lambda: _cifar_like(IMAGENET, 256, 2.0) / 8,
    "dispatcher.imagenet_replicas_8_floor": lambda: _cifar_like(IMAGENET, 256, 2.0) // 8,
    "dispatcher.lr_after_30_epochs": _slim_lr_after_30_epochs,
    "dispatcher.polynomial_decay_steps_90": lambda: float(_cifar_like(IMAGENET, 256, 90.0)),
    # steps 0 .. int(90 epochs) - 1; the staircase drops at every multiple of decay_steps
    "dispatcher.stairs_in_90_epochs": lambda: (
        (int(90 * IMAGENET / 256) - 1) // _cifar_like(IMAGENET, 256, SLIM_EPOCHS)
    ),
    # errata: B.polynomial.cycle_true (lr 0.1, T 10, end 0.01, cycle): first rise at T + 1
    "errata.shifted_rise_step": lambda: _params("B.polynomial.cycle_true")["decay_steps"],
    "errata.linear_cosine_gap_50": lambda: float(
        _linear_cosine(0.1, 50.0, 100) - _cosine(0.1, np.float64(50), 100, 0.0)
    ),
    # step 31 is in the cycle of length 40
    "errata.third_rise": lambda: (0.1 - 0.01) * (1 - 31 / 40) + 0.01,
    # exponential_decay: A.exponential (lr 0.5, T 10, r 0.9, 200 steps)
    "exponential_decay.per_step_factor": lambda: _A["decay_rate"] ** (1 / _A["decay_steps"]),
    "exponential_decay.half_life_A": lambda: (
        _A["decay_steps"] * math.log(2) / math.log(1 / _A["decay_rate"])
    ),
    "exponential_decay.half_step_staircase_A": lambda: (
        _A["decay_steps"] * math.ceil(math.log(0.5) / math.log(_A["decay_rate"]))
    ),
    "exponential_decay.rate_for_half_life": lambda: 2 ** (-100 / 1000),
    "exponential_decay.budget_A": lambda: (
        _A["learning_rate"]
        * (1 - _A["decay_rate"] ** (200 / _A["decay_steps"]))
        / (1 - _A["decay_rate"] ** (1 / _A["decay_steps"]))
    ),
    "exponential_decay.relative_rate": _relative_rate,
    "exponential_decay.constant_between_decay_steps": lambda: (
        len({_A["decay_rate"] ** (t / _A["decay_steps"]) for t in range(10)}) == 1
    ),
    "exponential_decay.map_slope": lambda: _A["decay_rate"] ** (1 / _A["decay_steps"]),
    # B.exponential.staircase, 60 steps: the map t -> t+1 moves when t + 1 is a multiple of T
    "exponential_decay.map_staircase_moves": lambda: sum(1 for t in range(59) if (t + 1) % 10 == 0),
    # inverse_time_decay: B.inverse_time.smooth (lr 0.1, T 10, k 0.2): eta = lr/(1 + k t/T)
    "inverse_time_decay.tenth": lambda: math.ceil(
        Fraction(9) * Fraction(_BI["decay_steps"]) / Fraction(str(_BI["decay_rate"]))
    ),
    "inverse_time_decay.third_halving": lambda: (8 - 4) * _BI["decay_steps"] / _BI["decay_rate"],
    "inverse_time_decay.exp_halving": lambda: _BI["decay_steps"] * math.log(2) / _BI["decay_rate"],
    "inverse_time_decay.budget_crossing": _budget_crossing,
    # 1/(1 + k floor(30/10)) = 1/2
    "inverse_time_decay.staircase_rate": lambda: 1 / 3,
    # 1/(1 + x) >= exp(-x) for every x >= 0
    "inverse_time_decay.never_below_exponential": lambda: bool(
        np.all(1 / (1 + np.arange(1000) * 0.02) >= np.exp(-np.arange(1000) * 0.02))
    ),
    # phi(eta) = eta / (1 + k eta/(T lr)): phi'(0) = 1
    "inverse_time_decay.map_slope": lambda: 1.0,
    "inverse_time_decay.map_tail_constant": lambda: (
        _BI["learning_rate"] * _BI["decay_steps"] / _BI["decay_rate"]
    ),
    # linear_cosine_decay: B.linear_cosine (lr 0.3, T 50, 3 periods, alpha 0, beta 0.2)
    "linear_cosine_decay.start_value": lambda: 0.3 * (1 + 0.2),
    "linear_cosine_decay.floor_step": lambda: _landing("B.linear_cosine"),
    "linear_cosine_decay.gap_at_half": lambda: float(
        _cosine(0.1, np.float64(50), 100, 0.0) - _linear_cosine(0.1, 50.0, 100)
    ),
    "linear_cosine_decay.noisy_std_10": _noisy_std_10,
    "linear_cosine_decay.noisy_expected_budget": _noisy_expected_budget,
    "linear_cosine_decay.map_landing": lambda: _landing("B.linear_cosine"),
    # natural_exp_decay: B.natural_exp.smooth (lr 0.6, T 10, k 0.6): eta = lr e^{-k t/T}
    "natural_exp_decay.rate_from_k": lambda: math.exp(-_BN["decay_rate"]),
    "natural_exp_decay.k_from_rate": lambda: -math.log(_A["decay_rate"]),
    "natural_exp_decay.half_life_B": lambda: _BN["decay_steps"] * math.log(2) / _BN["decay_rate"],
    "natural_exp_decay.k_for_tenfold": lambda: math.log(10) / 6,
    "natural_exp_decay.staircase_value": lambda: (
        _BN["learning_rate"] * math.exp(-_BN["decay_rate"] * 3)
    ),
    "natural_exp_decay.half_life_formula": _half_life_formula,
    "natural_exp_decay.map_slope": lambda: math.exp(-_BN["decay_rate"] / _BN["decay_steps"]),
    # piecewise_constant: B.piecewise_constant (boundaries 10..50, values 0.06 .. 0.01)
    "piecewise_constant.value_at_30": lambda: _piecewise_value(
        30, **_params("B.piecewise_constant")
    ),
    "piecewise_constant.budget_60": lambda: sum(
        _piecewise_value(t, **_params("B.piecewise_constant")) for t in range(60)
    ),
    # the staircase (T 10) changes at 10, 20, .. 50; b is the step before the change
    "piecewise_constant.staircase_boundaries": lambda: [10 * k - 1 for k in range(1, 6)],
    "piecewise_constant.optax_boundaries": lambda: [
        b + 1 for b in _params("B.piecewise_constant")["boundaries"]
    ],
    "piecewise_constant.tf_refuses_unsorted": _tf_refuses_unsorted,
    "piecewise_constant.map_rest": lambda: _params("B.piecewise_constant")["values"][-1],
    # polynomial_decay
    # B.polynomial.cycle_true at 21: the cycle of length 30
    "polynomial_decay.value_at_21_B": lambda: (0.1 - 0.01) * (1 - 21 / 30) + 0.01,
    # A.polynomial.cycle_true (T 10): the rate goes up at k T + 1
    "polynomial_decay.seventh_restart_A": lambda: 7 * 10 + 1,
    "polynomial_decay.third_peak": _third_peak,
    # (lr - end)(1 - t/T)^2 + end = lr/2 with A's lr 0.5, end 1e-4, T 10
    "polynomial_decay.half_step_power_2": lambda: (
        10 * (1 - math.sqrt((0.25 - 1e-4) / (0.5 - 1e-4)))
    ),
    # every cycle of A's example is T = 10 steps long
    "polynomial_decay.cycles_grow": lambda: False,
    "polynomial_decay.map_steps_to_floor": lambda: 10,
    # training_dynamics: E* = eta sigma^2 / (lambda (2 - eta lambda))
    "training_dynamics.floor": lambda: 0.1 / (2 - 0.1),
    "training_dynamics.halving": lambda: (1 / (2 - 1)) / (0.5 / (2 - 0.5)),
    # cycle k of the cycling polynomial sums to about T lr/(2k) (a harmonic series: infinite),
    # its squares to about T lr^2/(3k^2) (finite): Robbins-Monro holds
    "training_dynamics.cycle_converges": lambda: True,
    # no noise: E_N = E_0 prod (1 - eta_t lambda)^2
    "training_dynamics.exponential_bias": lambda: math.prod(
        (1 - 0.01 * 2.0 * 0.01 ** (t / 1000)) ** 2 for t in range(1000)
    ),
    # training_loop: warmup 100 then cosine of 1000 steps (Keras); optax's 500 + 9500
    "training_loop.peak_step": lambda: 100,
    "training_loop.keras_end_step": lambda: 100 + 1000,
    "training_loop.optax_decay_steps": lambda: 10_000 - 500,
    # join hands the next schedule its local step: exponential_decay at 0 is its lr
    "training_loop.boundary_value": lambda: 0.1,
    # the linear warmup 0.1 t / 500 over t = 0 .. 499
    "training_loop.warmup_budget": lambda: 0.1 * (499 * 500 / 2) / 500,
    "training_loop.wrong_order_first_lr": lambda: 0.1 * 1 / 500,
}


def test_every_exercise_has_an_independent_answer():
    assert sorted(INDEPENDENT) == sorted(ALL_IDS)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_answer_equals_an_independent_computation(exercise_id):
    assert check(exercise_id, INDEPENDENT[exercise_id]()), (
        f"{exercise_id}: the package's answer {expected(exercise_id)!r} is not the independent "
        f"{INDEPENDENT[exercise_id]()!r}"
    )


def _wrong(answer: object) -> object:
    """An answer of the same kind that is wrong: a flipped bool, another string, a number off
    by one unit (int) or by 1e-4 relative, a list with its last entry changed, expr + 1."""
    if isinstance(answer, bool | np.bool_):
        return not answer
    if isinstance(answer, str):
        return "fixed" if answer != "fixed" else "exponential_decay"
    if isinstance(answer, numbers.Integral):
        return int(answer) + 1
    if isinstance(answer, numbers.Real):
        return float(answer) * (1 + 1e-4) if answer else 1e-4
    if isinstance(answer, list):
        return [*answer[:-1], answer[-1] + 1]
    return answer + 1  # a sympy expression


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_a_wrong_answer_is_rejected(exercise_id, capsys):
    want = expected(exercise_id)
    assert not check(exercise_id, _wrong(want))
    assert "Not yet" in capsys.readouterr().out
