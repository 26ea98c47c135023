"""The generated JavaScript (lrdecay_lit.jsgen) run by node against the numeric core."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import params as params_of
from strategies import term_size

from lrdecay_lit import jsgen
from lrdecay_lit import schedules as core
from lrdecay_lit.noise import standard_normal_at
from lrdecay_lit.specs import SCHEDULE_NAMES

NODE = shutil.which("node")
HERE = Path(__file__).parent
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed: cannot run the JS")
RTOL = 1e-12


@pytest.fixture(scope="module")
def module_path(tmp_path_factory) -> Path:
    return jsgen.write_js(tmp_path_factory.mktemp("js") / "lrdecay_schedules.js")


def run_node(module_path: Path, cases: list[dict]) -> list[np.ndarray]:
    proc = subprocess.run(
        [NODE, str(HERE / "js" / "eval_schedules.js"), str(module_path)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [
        np.array([np.nan if v is None else v for v in out], dtype=float)
        for out in json.loads(proc.stdout)
    ]


def _steps(rng: np.random.Generator, p: dict) -> np.ndarray:
    scale = p.get("decay_steps", p.get("first_decay_steps", 50.0))
    base = np.arange(0, int(min(3 * scale, 600)) + 2)
    mult = np.arange(0, 12) * scale
    extra = rng.integers(0, 10**6, size=10)
    s = np.unique(np.concatenate([base, np.floor(mult), np.ceil(mult), extra]).astype(float))
    if p.get("t_mul", 1.0) < 1:
        s = s[s < p["first_decay_steps"] / (1 - p["t_mul"]) - 1e-6]
    return s


def test_every_schedule_has_a_js_function():
    assert jsgen.JS_NAMES == SCHEDULE_NAMES
    src = jsgen.js_module()
    for name in SCHEDULE_NAMES:
        assert f"function {name}(t, p)" in src
    assert "function noisy_linear_cosine_decay_variance(t, p)" in src
    with pytest.raises(ValueError, match="name"):
        jsgen.js_function("step_decay")


def test_js_has_no_unprinted_sympy():
    src = jsgen.js_module()
    for bad in ("Not supported", "floor(", "ceiling", "Min(", "Max(", "Piecewise", "sqrt("):
        assert bad not in src.replace("Math.floor(", "").replace("Math.sqrt(", ""), bad


@needs_node
@pytest.mark.parametrize("name", SCHEDULE_NAMES)
@settings(max_examples=1, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_js_matches_numpy(module_path, name, data, seed):
    """40 parameter sets from the definitions' domains (tests/strategies.py), one node run."""
    rng = np.random.default_rng(seed)
    cases, wants = [], []
    for core_p in data.draw(st.lists(params_of(name, options=True), min_size=40, max_size=40)):
        js_p = core_p
        steps = _steps(rng, js_p)
        case = {"name": name, "t": steps.tolist(), "p": js_p}
        if name == "noisy_linear_cosine_decay":
            seed = int(rng.integers(2**31))
            want = core.noisy_linear_cosine_decay(global_step=steps, **core_p, seed=seed)
            # the same noise the core drew, z(seed, step), handed to JS as eps
            z = standard_normal_at(seed, steps)
            tc = np.minimum(steps, core_p["decay_steps"])
            var = core_p["initial_variance"] / (1 + tc) ** core_p["variance_decay"]
            case["eps"] = (np.sqrt(var) * z).tolist()
        elif name == "piecewise_constant":
            want = core.piecewise_constant(steps, **core_p)
        else:
            want = getattr(core, name)(global_step=steps, **core_p)
        cases.append(case)
        wants.append(want)
    for case, got, want in zip(cases, run_node(module_path, cases), wants, strict=True):
        p = case["p"]
        atol = RTOL * term_size(p, noise=max(map(abs, case.get("eps", [0]))))
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=str(p))


@needs_node
def test_js_draws_the_same_noise_as_python(module_path):
    """The site's live plot draws z(seed, t) like the core: same Philox words, and log1p /
    cos of node and numpy agree to an ulp or two."""
    steps = np.concatenate([np.arange(0, 500.0), [2.0**40, 2.0**53 - 1]])
    seeds = [0, 1, 9999, 2**64 + 3, 2**128 - 1]
    cases = [{"seed": str(s), "t": steps.tolist()} for s in seeds]
    for seed, got in zip(seeds, run_node(module_path, cases), strict=True):
        want = standard_normal_at(seed, steps)
        np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)
        assert np.mean(got == want) > 0.9


@needs_node
def test_js_variance_and_defaults(module_path):
    steps = np.arange(0, 80.0)
    p = {"learning_rate": 0.1, "decay_steps": 50.0, "initial_variance": 0.01, "variance_decay": 0.1}
    (var,) = run_node(
        module_path, [{"name": "noisy", "variance": True, "t": steps.tolist(), "p": p}]
    )
    np.testing.assert_allclose(var, 0.01 / (1 + np.minimum(steps, 50)) ** 0.1, rtol=RTOL)
    # omitted parameters take TF's defaults, as in the core
    (lc,) = run_node(
        module_path,
        [
            {
                "name": "linear_cosine_decay",
                "t": steps.tolist(),
                "p": {"learning_rate": 0.3, "decay_steps": 50.0},
            }
        ],
    )
    np.testing.assert_allclose(lc, core.linear_cosine_decay(0.3, steps, 50.0), rtol=RTOL)
    (sg,) = run_node(
        module_path,
        [
            {
                "name": "cosine_decay_restarts",
                "t": [13.0],
                "p": {"learning_rate": 1.0, "first_decay_steps": 13.0, "t_mul": 1.2},
            }
        ],
    )
    assert sg[0] == 1.0  # the first restart lands on step 13 exactly


@needs_node
def test_js_runs_as_a_browser_script(module_path):
    """No module system: the script defines SCHEDULES as a global binding."""
    code = (
        "const vm = require('vm'); const fs = require('fs');"
        f"const src = fs.readFileSync({json.dumps(str(module_path))}, 'utf8');"
        "const ctx = vm.createContext({});"
        "vm.runInContext(src + ';globalThis.out = SCHEDULES.fixed(3, {learning_rate: 0.25});',"
        " ctx); process.stdout.write(String(ctx.out));"
    )
    out = subprocess.run([NODE, "-e", code], capture_output=True, text=True, check=True)
    assert out.stdout == "0.25"


# --- the noisy quadratic (js_noisy_quadratic) -------------------------------------------------


@needs_node
def test_noisy_quadratic_js_matches_numpy(tmp_path):
    from lrdecay_lit import noisy_quadratic as Q
    from lrdecay_lit.registry import Schedule

    script = tmp_path / "nqm.js"
    script.write_text(jsgen.js_noisy_quadratic(), encoding="utf-8")
    rates = Schedule("cosine_decay_restarts", learning_rate=1.5, first_decay_steps=30)(range(200))
    p = {"lambda": 0.7, "sigma": 0.4, "E_0": 3.0}
    driver = (
        f"const m = require({json.dumps(str(script))});"
        f"const r = {json.dumps(rates.tolist())}, p = {json.dumps(p)};"
        "const out = m.nqm_path(r, p);"
        "out.floor = m.nqm_floor(0.5, p); out.step = m.nqm_step(2.0, 0.5, p);"
        "process.stdout.write(JSON.stringify(out));"
    )
    got = json.loads(
        subprocess.run([NODE, "-e", driver], capture_output=True, text=True, check=True).stdout
    )
    path = Q.second_moment(rates, 0.7, 0.16, 3.0)
    for key in ("total", "bias", "variance"):
        want = 0.35 * getattr(path, key)
        assert np.allclose(got[key], want, rtol=RTOL, atol=0), key
    assert got["floor"] == pytest.approx(Q.noise_floor(0.5, 0.7, 0.16), rel=RTOL)
    assert got["step"] == pytest.approx((1 - 0.35) ** 2 * 2.0 + 0.25 * 0.16, rel=RTOL)


# ------------------------------------------------------------- composites and the dispatcher


def _eval_body(body: str, params: dict, steps: list[int]) -> np.ndarray:
    js = (
        f"const f = new Function('t', 'p', {json.dumps(body)});"
        f"console.log(JSON.stringify({json.dumps(steps)}.map((t) => f(t, {json.dumps(params)}))));"
    )
    out = subprocess.run([NODE, "-e", js], capture_output=True, text=True, check=True).stdout
    return np.array([np.nan if v is None else v for v in json.loads(out)], dtype=float)


@needs_node
def test_composite_curves_match_the_composites():
    import lrdecay_lit as lr
    from lrdecay_lit.composites import constant, join, warmup
    from lrdecay_lit.jsgen import composite_curve

    cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=1000, alpha=0.01)
    stairs = lr.Schedule(
        "exponential_decay", learning_rate=0.1, decay_steps=100, decay_rate=0.5, staircase=True
    )
    rng = np.random.default_rng(3)
    for comp in (
        warmup(cos, 200, init_value=0.01),
        warmup(cos, 50, kind="cosine"),
        join([warmup(0.1, 100), stairs, constant(0.002)], boundaries=[100, 600]),
    ):
        curve = composite_curve(comp)
        assert {s["name"] for s in curve["spec"]} == set(curve["params"])
        for _ in range(3):  # the controls' values move: the JS follows the package
            params = {k: float(v) * rng.uniform(0.5, 1.5) for k, v in curve["params"].items()}
            for k in params:
                if k.endswith(("warmup_steps", "decay_steps")):
                    params[k] = float(round(params[k]))
            steps = list(range(0, 1500, 7))
            js = _eval_body(curve["js"], params, steps)
            py = comp.replace(**params)(np.array(steps))
            np.testing.assert_allclose(js, py, rtol=1e-12, atol=1e-15)
    assert composite_curve(join([0.1, stairs], [10]))["stepped"] is True


@needs_node
@pytest.mark.parametrize("decay_type", ["exponential", "polynomial", "fixed"])
def test_dispatch_curves_match_configure_learning_rate(decay_type):
    import lrdecay_lit as lr
    from lrdecay_lit.jsgen import dispatch_curve

    for flags in ({}, {"batch_size": 256}, {"num_epochs_per_decay": 90.0, "batch_size": 512}):
        curve = dispatch_curve(decay_type, **flags)
        p = curve["params"]
        steps = list(range(0, 1_200_000, 997))
        js = _eval_body(curve["js"], p, steps)
        extra = {k: v for k, v in p.items() if k != "learning_rate"}
        for k in ("num_samples_per_epoch", "batch_size"):
            if k in extra:
                extra[k] = int(extra[k])
        extra.setdefault("num_samples_per_epoch", 1)
        py = lr.configure_learning_rate(decay_type, p["learning_rate"], np.array(steps), **extra)
        np.testing.assert_allclose(js, py, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="decay_type"):
        dispatch_curve("cosine")
