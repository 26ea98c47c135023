"""lrdecay_lit against values computed by real TensorFlow (``tests/data/tf1_values.json``).

The golden file is written by ``tools/make_golden_tf.py`` in a separate virtualenv with
``tensorflow-cpu`` (see ``tools/README.md``); TensorFlow is never needed to run this test.

For every case (a schedule, its hyper-parameters and a list of steps) each step is checked
twice, against TF's float32 result and against TF's float64 result, with an absolute
tolerance from the error model in ``tests/golden/tolerance.py``:

* **float32** (``tf.compat.v1.train`` with Python-number arguments, as the articles call
  it): the bound is first-order error propagation of float32 rounding through TF's formula
  (unit roundoff 2**-24, the *actual* float32 rounding of each hyper-parameter and step,
  the schedule's condition number, safety factor 8). For smooth parts at moderate steps it
  is about 1e-6 relative; it grows where float32 really loses digits: steps above 2**24
  (which float32 cannot represent), ``decay_rate ** p`` at large ``p``, ``(1 - p) ** power``
  with ``power < 1`` near ``p = 1``, restart fractions at high period indices. Observed TF
  errors stay below 0.5 of this bound (typically 0.03 - 0.2).
* **float64** (every float argument a ``tf.float64`` tensor; Keras 3's identical schedule
  for ``cosine_decay*``, whose ``tf.compat.v1.train`` versions cannot run in float64): the
  same model with unit roundoff 2**-53, i.e. about 1e-15 relative. This is the sharp check:
  a relative error of 1e-9 anywhere fails it. ``linear_cosine_decay`` and its noisy variant
  have no float64 path in TF at all; for them the generator stores TF's formula evaluated
  exactly (``exact_float64``, checked there against TF's float32 value at every step) and
  that is compared with the same float64 tolerance.

Nothing is loosened silently. Where float32 cannot resolve a step at all (bound above 1e-3
of the scale) the float32 comparison is skipped, the golden file lists those indices
(``f32_unresolved``, checked below to be exactly what the model says) and the float64
comparison carries the check. Where TF's own value is off by more than its arithmetic
allows -- a staircase ``floor``, a ``cycle`` ``ceil`` or a warm restart that rounding
pushes across its jump -- the golden file lists the point (``deviations``) with the reason
and the exact value of TF's formula (exact rationals + mpmath); there lrdecay_lit must
match the exact value to float64 accuracy, and the test also asserts that TF's value is
indeed off (so a listed deviation cannot hide a real disagreement).
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

import lrdecay_lit

HERE = Path(__file__).parent
GOLDEN = HERE / "data" / "tf1_values.json"  # the package ships its extract (tf_reference)


def _load_tolerance():
    spec = importlib.util.spec_from_file_location(
        "golden_tolerance", HERE / "golden" / "tolerance.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


tol = _load_tolerance()
DATA = json.loads(GOLDEN.read_text())
CASES = DATA["cases"]
SCHEDULES = tuple(n for n in lrdecay_lit.SCHEDULE_NAMES if n != "fixed")  # TF1 has no `fixed`


def _model(case: dict) -> tuple[str, dict]:
    """The schedule and parameters TF evaluated (the dispatcher cases name an equivalent)."""
    eq = case.get("equivalent")
    return (eq["schedule"], eq["params"]) if eq else (case["schedule"], case["params"])


def ours(case: dict, steps=None) -> np.ndarray:
    """lrdecay_lit's values for a case: one vectorised call on all its steps."""
    steps = np.asarray(case["steps"] if steps is None else steps, dtype=np.int64)
    p = dict(case["params"])
    if case["schedule"] == "configure_learning_rate":
        kind = p.pop("decay_type")
        return lrdecay_lit.configure_learning_rate(kind, p.pop("learning_rate"), steps, **p)
    fn = getattr(lrdecay_lit, case["schedule"])
    if case["schedule"] == "piecewise_constant":
        return fn(steps, p["boundaries"], p["values"])
    if case["schedule"] == "noisy_linear_cosine_decay":
        assert p["initial_variance"] == 0.0  # deterministic part only; noise: see below
        p["seed"] = 0
    return fn(p.pop("learning_rate"), steps, **p)


def mismatches(case: dict, values) -> list[str]:
    """Every step where ``values`` disagree with the golden case, as readable lines."""
    sched, params = _model(case)
    steps = case["steps"]
    values = np.asarray(values, dtype=np.float64)
    assert values.shape == (len(steps),)
    tol32 = tol.abs_tolerance(sched, params, steps, tol.EPS32)
    tol64 = tol.abs_tolerance(sched, params, steps, tol.EPS64)
    unresolved = set(case["f32_unresolved"])
    dev = {(d["dtype"], d["index"]): d for d in case["deviations"]}
    out = []
    for dtype, bound in (("float32", tol32), ("float64", tol64), ("exact_float64", tol64)):
        tf_values = case.get(f"tf_{dtype}", case.get(dtype))
        if tf_values is None:
            continue
        for i, (s, tf_v, v) in enumerate(zip(steps, tf_values, values, strict=True)):
            d = dev.get((dtype, i))
            if d is not None:
                # TF is off here (d["reason"]); the expected value is the exact one.
                if not abs(v - d["exact"]) <= tol64[i]:
                    out.append(
                        f"step {s}: exact {d['exact']!r} (TF {dtype} {tf_v!r} is off: "
                        f"{d['reason']}), ours {v!r}"
                    )
                continue
            if dtype == "float32" and i in unresolved:
                continue  # float32 has no digits here; the float64 comparison decides
            if not abs(v - tf_v) <= bound[i]:
                src = (
                    "exact (TF's formula, no TF float64 path)" if dtype[0] == "e" else f"TF {dtype}"
                )
                out.append(
                    f"step {s}: {src} {tf_v!r}, ours {v!r}, |diff| "
                    f"{abs(v - tf_v):.3g} > tolerance {bound[i]:.3g}"
                )
    return out


# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_tensorflow(case):
    bad = mismatches(case, ours(case))
    assert not bad, f"{case['id']} {case['params']}:\n  " + "\n  ".join(bad[:25])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_annotations_are_what_the_error_model_says(case):
    """``f32_unresolved`` and ``deviations`` are exactly the points the model singles out."""
    sched, params = _model(case)
    steps = case["steps"]
    tol32 = tol.abs_tolerance(sched, params, steps, tol.EPS32)
    tol64 = tol.abs_tolerance(sched, params, steps, tol.EPS64)
    limit = tol.RESOLVE_LIMIT * tol.scale(sched, params)
    assert case["f32_unresolved"] == [i for i, t in enumerate(tol32) if t > limit]
    if case["f32_unresolved"]:
        assert case["tf_float64"] is not None
    # a sharp reference everywhere: TF float64, or else TF's formula in exact arithmetic
    assert (case["tf_float64"] is None) == ("exact_float64" in case)
    for d in case["deviations"]:
        i, dtype = d["index"], d["dtype"]
        assert d["step"] == steps[i] and d["tf"] == case[f"tf_{dtype}"][i]
        bound = tol32 if dtype == "float32" else tol64
        assert abs(d["tf"] - d["exact"]) > bound[i], "listed deviation is not one"
        assert d["reason"]
        # Only a jump can be crossed by rounding: staircase floor, cycle ceil, restart.
        assert sched == "cosine_decay_restarts" or params.get("staircase") or params.get("cycle"), d


def test_golden_file_covers_every_schedule_article_example_regime_and_decay_type():
    """TF's values exist for every schedule, every article example, steps up to 1e9, each
    option (staircase, cycle, power, t_mul <, = and > 1, m_mul, alpha) and TF-slim's types."""
    assert DATA["tensorflow"].startswith("2.")  # the TF version the file was made with
    by_schedule = {}
    for c in CASES:
        by_schedule.setdefault(_model(c)[0], []).append(c)
    assert set(SCHEDULES) <= set(by_schedule)
    # every article example, under its key
    keys = {
        c["id"].removeprefix("article/").removesuffix(".deterministic")
        for c in CASES
        if c["group"] == "article"
    }
    assert keys == {ex.key for ex in lrdecay_lit.ARTICLE_EXAMPLES}
    # every schedule at large steps, plus the parameter regimes where TF's arithmetic branches
    for name in SCHEDULES:
        assert max(max(c["steps"]) for c in by_schedule[name]) >= 10**6, name
    assert max(max(c["steps"]) for c in CASES) >= 10**9

    def params_of(name):
        return [_model(c)[1] for c in by_schedule[name]]

    assert any(p.get("power", 1.0) != 1.0 for p in params_of("polynomial_decay"))
    restart_tmul = {p.get("t_mul", 2.0) for p in params_of("cosine_decay_restarts")}
    assert 1.0 in restart_tmul and any(t > 1 for t in restart_tmul)
    assert any(t < 1 for t in restart_tmul)
    assert any(p.get("m_mul", 1.0) != 1.0 for p in params_of("cosine_decay_restarts"))
    assert any(p.get("alpha", 0.0) > 0 for p in params_of("cosine_decay"))
    for name in ("exponential_decay", "natural_exp_decay", "inverse_time_decay"):
        assert {bool(p.get("staircase")) for p in params_of(name)} == {False, True}
    assert {bool(p.get("cycle")) for p in params_of("polynomial_decay")} == {False, True}
    assert {c["params"]["decay_type"] for c in CASES if c["group"] == "slim"} == set(
        lrdecay_lit.DECAY_TYPES
    )


# ---- noisy_linear_cosine_decay: the noise, in distribution ------------------------------

NOISE = DATA["noisy_statistics"]


@pytest.mark.parametrize(
    "stat",
    NOISE,
    ids=[
        f"step{s['step']}-var{s['params']['initial_variance']}-T{s['params']['decay_steps']}"
        for s in NOISE
    ],
)
def test_noise_distribution_matches_tensorflow(stat):
    """Mean and variance of ours over many draws against TF's over as many draws.

    TF's are ``stat['draws']`` (20000) values, ours 4000 (the noise is a function of the
    seed and the step: independent draws at one step take one seed each), so the bounds are
    statistical: 6 standard errors (a false failure has probability below 1e-8; the seeds
    are fixed anyway). The standard error of a sample variance is ``var * sqrt(2 / (n -
    1))`` (normal noise).
    """
    p = dict(stat["params"])
    n, m = stat["draws"], 4000
    lr0 = p.pop("learning_rate")
    x = np.array(
        [lrdecay_lit.noisy_linear_cosine_decay(lr0, stat["step"], **p, seed=s) for s in range(m)]
    )
    mean, var = float(x.mean()), float(x.var(ddof=1))
    se_mean = math.sqrt(var / m + stat["var"] / n)
    assert abs(mean - stat["mean"]) <= 6 * se_mean + 1e-7 * abs(stat["mean"])
    se_var = math.hypot(math.sqrt(2 / (m - 1)) * var, math.sqrt(2 / (n - 1)) * stat["var"])
    # TF's float32 values add rounding noise of variance ~ (eps32 * value)^2 / 3
    floor = (tol.EPS32 * abs(stat["mean"])) ** 2
    assert abs(var - stat["var"]) <= 6 * se_var + 4 * floor
    # and TF's noise uses the *clipped* step in the variance, as the contract says: where the
    # clipped and unclipped formulas differ, TF's sample is near the clipped one only
    clipped, unclipped = stat["model_var_clipped_step"], stat["model_var_unclipped_step"]
    if abs(clipped - unclipped) > 12 * math.sqrt(2 / (n - 1)) * max(clipped, unclipped):
        assert abs(stat["var"] - clipped) < abs(stat["var"] - unclipped)
        assert abs(var - clipped) < abs(var - unclipped)


# ---- TF's behaviour on invalid input, where lrdecay_lit is stricter ----------------------

REJECTED = [o for o in DATA["observations"] if "ours" in o]


@pytest.mark.parametrize("obs", REJECTED, ids=[o["call"].split("  #")[0] for o in REJECTED])
def test_ours_rejects_what_tensorflow_gets_wrong(obs):
    """TF returns nan/inf/silently wrong values (or raises late) here; ours raises."""
    o = obs["ours"]
    case = {"schedule": o["schedule"], "params": o["params"], "steps": o["steps"]}
    with pytest.raises(ValueError):
        ours(case)


# ---- the comparison can fail ------------------------------------------------------------


def _case(case_id: str) -> dict:
    return next(c for c in CASES if c["id"] == case_id)


def _naive_tf_restarts(case: dict) -> np.ndarray:
    """TF's cosine_decay_restarts ported line by line to float64 numpy (no correction)."""
    p = {"t_mul": 2.0, "m_mul": 1.0, "alpha": 0.0, **case["params"]}
    f = np.asarray(case["steps"], dtype=np.float64) / p["first_decay_steps"]
    t = p["t_mul"]
    if t == 1.0:
        i = np.floor(f)
        u = f - i
    else:
        i = np.floor(np.log(1.0 - f * (1.0 - t)) / np.log(t))
        u = (f - (1.0 - t**i) / (1.0 - t)) / t**i
    cos = 0.5 * p["m_mul"] ** i * (1.0 + np.cos(np.pi * u))
    return p["learning_rate"] * ((1 - p["alpha"]) * cos + p["alpha"])


MUTANTS = {
    # a relative error of 1e-9 is far below float32 but caught by the float64 runs
    "relative error 1e-9": ("random/exponential_decay/00", lambda c: ours(c) * (1 + 1e-9)),
    "piecewise: value at a boundary is the later one": (
        "article/B.piecewise_constant",
        lambda c: ours(c, np.asarray(c["steps"]) + np.isin(c["steps"], c["params"]["boundaries"])),
    ),
    "staircase ignored": (
        "article/B.exponential.staircase",
        lambda c: lrdecay_lit.exponential_decay(0.6, np.asarray(c["steps"]), 10, 0.6),
    ),
    "natural_exp with base e^-rate rounded to float32 (TF 2.x's float32 base)": (
        "random/natural_exp_decay/00",
        lambda c: lrdecay_lit.exponential_decay(
            c["params"]["learning_rate"],
            np.asarray(c["steps"]),
            c["params"]["decay_steps"],
            float(np.float32(np.exp(np.float32(-c["params"]["decay_rate"])))),
            c["params"]["staircase"],
        ),
    ),
    "polynomial cycle multiplier ceil(step/T) also at step 0 (0/0)": (
        "edge/polynomial.cycle.step0",
        lambda c: np.where(np.asarray(c["steps"]) == 0, np.nan, ours(c)),
    ),
    "cosine without clipping at decay_steps": (
        "article/B.cosine",
        lambda c: (
            0.3 * ((1 - 0.01) * 0.5 * (1 + np.cos(np.pi * np.asarray(c["steps"]) / 50)) + 0.01)
        ),
    ),
    "restarts: TF's formula in float64 without the restart correction": (
        "edge/restarts.fds7.t3.all_restarts",
        _naive_tf_restarts,
    ),
    "restarts: the floor alpha scaled by m_mul**i too": (
        "article/B.cosine_restarts",
        lambda c: (
            ours(c) * 0.8 ** np.floor(np.log1p(np.asarray(c["steps"]) / 10 * 0.5) / np.log(1.5))
        ),
    ),
    "linear_cosine with pi = 3.1416 (relative error 2e-6, below what float32 TF shows)": (
        "article/B.linear_cosine",
        lambda c: (
            0.3
            * (
                (1 - np.minimum(np.asarray(c["steps"]), 50) / 50)
                * 0.5
                * (1 + np.cos(3.1416 * 2 * 3.0 * np.minimum(np.asarray(c["steps"]), 50) / 50))
                + 0.2
            )
        ),
    ),
    "linear_cosine: beta inside the cosine factor": (
        "article/B.linear_cosine",
        lambda c: (
            ours(c)
            + 0.3
            * 0.2
            * (
                0.5 * (1 + np.cos(2 * np.pi * 3.0 * np.minimum(np.asarray(c["steps"]), 50) / 50))
                - 1
            )
        ),
    ),
}


@pytest.mark.parametrize("name", list(MUTANTS))
def test_a_wrong_implementation_fails(name):
    case_id, mutant = MUTANTS[name]
    case = _case(case_id)
    assert not mismatches(case, ours(case))
    assert mismatches(case, mutant(case)), f"mutant {name!r} passed the golden comparison"
