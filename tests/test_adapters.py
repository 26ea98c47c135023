"""Tests of lrdecay_lit.adapters: the learning rate inside Keras, PyTorch and optax/JAX.

Each framework's tests are skipped, with the reason, when the framework is not installed
(``make test`` does not need them). ``make test-frameworks`` installs the pinned CPU builds
from requirements-frameworks.txt into a separate virtualenv and runs this file there with
``LRDECAY_REQUIRE_FRAMEWORKS=1``, which turns every such skip into a failure.

Every framework is checked the same way: its learning rate at each step of a few hundred
steps against lrdecay_lit's float64 core, for base schedules and composites, and in a real
optimizer step loop, where the learning rate *used* by optimizer step k is read back from
the parameter update of plain SGD (``delta = -lr * grad``) and must be ``schedule(k)``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit.composites import constant, join, warmup
from lrdecay_lit.specs import example_params

REQUIRE = os.environ.get("LRDECAY_REQUIRE_FRAMEWORKS") == "1"
STEPS = 300


def need(*modules: str) -> None:
    """Skip (or fail under LRDECAY_REQUIRE_FRAMEWORKS=1) unless every module is importable."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        reason = (
            f"{', '.join(missing)} not installed: the framework adapters are optional "
            "(`make test-frameworks` installs the frameworks and runs these tests)"
        )
        if REQUIRE:
            pytest.fail(reason)
        pytest.skip(reason)


def base(name: str, **changes: object) -> lr.Schedule:
    return lr.Schedule(name, **{**example_params(name), **changes})


def cases() -> list[object]:
    """Every deterministic base schedule, and composites of them, over 300 steps."""
    out: list[object] = []
    for name in lr.SCHEDULE_NAMES:
        if name.startswith("noisy"):
            continue
        out.append(base(name))
    cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=200, alpha=0.01)
    sgdr = lr.Schedule("cosine_decay_restarts", learning_rate=0.05, first_decay_steps=10, t_mul=1.5)
    out += [
        warmup(cos, 20),
        warmup(base("exponential_decay", staircase=True), 15, kind="cosine", init_value=0.01),
        join([warmup(cos, 20), sgdr], [220]),
        join([constant(0.01), base("polynomial_decay", cycle=True), 0.001], [10, 250]),
        base("cosine_decay_restarts", first_decay_steps=1000, t_mul=2.0),
    ]
    return out


CASES = cases()
IDS = [getattr(c, "label", getattr(c, "name", "?")) for c in CASES]


def assert_float32_close(got, want, what=""):
    """float32 computation vs the float64 core: relative 2e-6 plus a floor for values near 0."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    atol = 2e-6 * max(1e-12, float(np.max(np.abs(want))))
    bad = np.abs(got - want) > 2e-6 * np.abs(want) + atol
    assert not bad.any(), (what, np.flatnonzero(bad)[:5], got[bad][:5], want[bad][:5])


# =========================================================================== PyTorch


def sgd_loop_torch(schedule, steps=STEPS, optimizer_cls="SGD"):
    """Train a float64 parameter with SGD + ScheduleLR; return (lr used, get_last_lr) per step."""
    import torch

    from lrdecay_lit.adapters.torch import ScheduleLR

    w = torch.nn.Parameter(torch.zeros(4, dtype=torch.float64))
    c = torch.tensor([1.0, 2.0, 4.0, 8.0], dtype=torch.float64)  # a linear loss: grad = c
    opt = torch.optim.SGD([w], lr=123.0)  # overwritten by the scheduler
    sched = ScheduleLR(opt, schedule)
    used, reported = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.sum(c * w)
        loss.backward()
        before, grad = w.detach().clone(), w.grad.detach().clone()
        reported.append(sched.get_last_lr()[0])
        opt.step()
        used.append(float(torch.mean((before - w.detach()) / grad)))
        sched.step()
    return np.array(used), np.array(reported)


@pytest.mark.parametrize("schedule", CASES, ids=IDS)
def test_torch_real_sgd_loop_uses_schedule_k_at_step_k(schedule):
    need("torch")
    used, reported = sgd_loop_torch(schedule)
    want = schedule(np.arange(STEPS))
    np.testing.assert_array_equal(reported, want)  # get_last_lr: the core's float64, exactly
    np.testing.assert_allclose(used, want, rtol=1e-9, atol=1e-15)  # read back from the update


def test_torch_per_group_schedules_and_state_dict_resume():
    need("torch")
    import torch

    from lrdecay_lit.adapters.torch import ScheduleLR

    a, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(2))
    s0, s1 = warmup(base("cosine_decay"), 5), base("exponential_decay")
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=1.0)
    sched = ScheduleLR(opt, [s0, s1])
    for _ in range(40):
        opt.step()
        sched.step()
    assert sched.get_last_lr() == [float(s0(40)), float(s1(40))]
    state = json.loads(json.dumps(sched.state_dict(), default=float))  # JSON-compatible
    opt2 = torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=1.0)
    sched2 = ScheduleLR(opt2, 0.5)  # placeholders: the checkpoint restores the schedules
    opt2.load_state_dict(opt.state_dict())
    sched2.load_state_dict(state)
    for _ in range(10):
        opt2.step()
        sched2.step()
    assert sched2.get_last_lr() == [float(s0(50)), float(s1(50))]
    assert sched2.schedules == [s0, s1]
    with pytest.raises(ValueError, match="one per param group"):
        ScheduleLR(opt, [s0])


def test_torch_noise_step_by_step_is_the_cores_and_the_state_serialises(tmp_path):
    """ScheduleLR asks for one step at a time: the noise is the core's z(seed, k), the same
    as one array call, independent from step to step; the seed is an int in state_dict."""
    need("torch")
    import torch

    from lrdecay_lit.adapters.torch import ScheduleLR

    used, reported = sgd_loop_torch(NOISY)
    want = NOISY(np.arange(STEPS))
    np.testing.assert_array_equal(reported, want)
    np.testing.assert_allclose(used, want, rtol=1e-9, atol=1e-15)
    assert len(np.unique(np.round(np.diff(reported), 12))) > STEPS // 2  # not one repeated draw
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = ScheduleLR(opt, warmup(NOISY, 5))
    for _ in range(7):
        opt.step()
        sched.step()
    state = sched.state_dict()
    json.dumps(state)
    torch.save(state, tmp_path / "s.pt")
    back = torch.load(tmp_path / "s.pt", weights_only=True)
    again = ScheduleLR(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0), 0.5)
    again.load_state_dict(back)
    assert again.last_epoch == 7
    assert again.get_lr() == sched.get_lr() == [float(warmup(NOISY, 5)(7))]


def test_torch_sgdr_matches_cosine_annealing_warm_restarts_when_it_can():
    """Integer T_mult, m_mul = 1: PyTorch's scheduler is TF's SGDR (eta_min = alpha * lr)."""
    need("torch")
    import torch

    s = lr.Schedule(
        "cosine_decay_restarts", learning_rate=0.1, first_decay_steps=10, t_mul=2.0, alpha=0.05
    )
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        opt, T_0=10, T_mult=2, eta_min=0.1 * 0.05
    )
    got = []
    for _ in range(STEPS):
        got.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    np.testing.assert_allclose(got, s(np.arange(STEPS)), rtol=1e-12)
    with pytest.raises(ValueError):  # t_mul = 1.5 (article B) has no PyTorch equivalent
        torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=1.5)


def test_torch_cosine_annealing_does_not_hold_after_t_max():
    need("torch")
    import torch

    s = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=50, alpha=0.0)
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=50)
    got = []
    for _ in range(100):
        got.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    np.testing.assert_allclose(got[:51], s(np.arange(51)), rtol=1e-9, atol=1e-15)
    assert got[75] > 0.04 and s(75) == 0.0  # PyTorch climbs back up, TF holds alpha * lr


# =========================================================================== optax / JAX


@pytest.mark.parametrize("schedule", CASES, ids=IDS)
def test_optax_schedule_under_jit_matches_the_core(schedule):
    need("jax")
    import jax
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    f = optax_schedule(schedule)
    steps = np.arange(STEPS)
    got = jax.jit(f)(jnp.asarray(steps, dtype=jnp.int32))
    assert got.shape == (STEPS,) and got.dtype == jnp.float32
    assert_float32_close(got, schedule(steps))
    scalar = jax.jit(f)(jnp.int32(7))
    assert scalar.shape == () and float(scalar) == pytest.approx(float(schedule(7)), rel=2e-6)


def test_optax_schedule_in_float64_agrees_to_1e12():
    need("jax")
    import jax
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    steps = np.arange(3000)
    with jax.enable_x64(True):
        for schedule in CASES:
            got = np.asarray(jax.jit(optax_schedule(schedule))(jnp.asarray(steps)))
            assert got.dtype == np.float64
            want = schedule(steps)
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


SGDR_GRID = [(t0, m) for t0 in (1, 10, 1000) for m in (1.1, 1.2, 1.3, 1.5, 2.0, 3.0)]


def test_optax_places_every_float32_sgdr_restart_on_the_cores_step():
    """Every restart on the float64 core's whole step, steps 0..1e6 in float32: a restart one
    step off is an error of about the full learning rate at that step."""
    need("jax")
    import jax
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    steps = np.arange(0, 10**6 + 1)
    for t0, m in SGDR_GRID:
        s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=t0, t_mul=m)
        got = np.asarray(jax.jit(optax_schedule(s))(jnp.asarray(steps, dtype=jnp.int32)))
        assert got.dtype == np.float32
        err = np.abs(got - s(steps))
        assert err.max() < 1e-3, (t0, m, np.flatnonzero(err >= 1e-3)[:5])
    # the example: S_24 = 18060.0257, so 18060 is the end of a period, 18061 a restart
    s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=10, t_mul=1.3)
    assert float(optax_schedule(s)(jnp.int32(18060))) < 1e-6
    assert float(optax_schedule(s)(jnp.int32(18061))) > 0.999


def test_optax_places_float32_sgdr_restarts_exactly():
    """TF's float32 SGDR misplaces some restarts; the generated code corrects the index."""
    need("jax")
    import jax
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=1000, t_mul=2.0)
    steps = np.arange(0, 300_000)
    got = np.asarray(jax.jit(optax_schedule(s))(jnp.asarray(steps, dtype=jnp.int32)))
    restarts = np.flatnonzero(np.diff(got) > 0.5) + 1
    np.testing.assert_array_equal(restarts, [1000, 3000, 7000, 15000, 31000, 63000, 127000, 255000])
    assert_float32_close(got, s(steps))


@pytest.mark.parametrize("schedule", CASES[-5:], ids=IDS[-5:])
def test_optax_real_sgd_loop_uses_schedule_k_at_step_k(schedule):
    need("jax", "optax")
    import jax
    import jax.numpy as jnp
    import optax

    from lrdecay_lit.adapters.optax import optax_schedule

    opt = optax.sgd(learning_rate=optax_schedule(schedule))
    params = jnp.zeros(3)
    grads = jnp.array([1.0, 2.0, 4.0])  # exact in float32: -update / grad is the lr

    @jax.jit
    def step(params, state):
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, updates

    state = opt.init(params)
    used = []
    for _ in range(STEPS):
        params, state, updates = step(params, state)
        used.append(float(-updates[0] / grads[0]))
    assert_float32_close(used, schedule(np.arange(STEPS)), "lr used by optax.sgd at step k")


def test_optax_warmup_cosine_counts_the_warmup_inside_decay_steps():
    """optax: warmup_cosine_decay_schedule(init, peak, W, D, end) =
    warmup(cosine_decay(peak, D - W, alpha=end/peak), W, init) here (Keras: D after W)."""
    need("jax", "optax")
    import jax.numpy as jnp
    import optax

    init, peak, w, d, end = 0.001, 0.1, 50, 300, 0.002
    ref = optax.warmup_cosine_decay_schedule(init, peak, w, d, end)
    mine = warmup(
        lr.Schedule("cosine_decay", learning_rate=peak, decay_steps=d - w, alpha=end / peak),
        w,
        init_value=init,
    )
    steps = np.arange(400)
    assert_float32_close(ref(jnp.asarray(steps)), mine(steps), "optax warmup_cosine")


def test_optax_join_schedules_boundary_convention_is_joins():
    need("jax", "optax")
    import jax.numpy as jnp
    import optax

    a, b = lr.Schedule("exponential_decay", learning_rate=0.1, decay_steps=10, decay_rate=0.5), 0.01
    ref = optax.join_schedules(
        [optax.exponential_decay(0.1, 10, 0.5), optax.constant_schedule(b)], [25]
    )
    steps = np.arange(60)
    assert_float32_close(ref(jnp.asarray(steps)), join([a, b], [25])(steps), "join_schedules")


def test_optax_piecewise_constant_switches_at_the_boundary_unlike_tf():
    need("jax", "optax")
    import optax

    ref = optax.piecewise_constant_schedule(1.0, {10: 0.5})  # multiplicative scales
    assert [float(ref(s)) for s in (9, 10, 11)] == [1.0, 0.5, 0.5]
    assert lr.piecewise_constant([9, 10, 11], [10], [1.0, 0.5]).tolist() == [1.0, 1.0, 0.5]


NOISY = lr.Schedule(
    "noisy_linear_cosine_decay", learning_rate=0.1, decay_steps=200, initial_variance=0.5, seed=7
)


def test_optax_noise_is_the_cores_under_jit():
    need("jax")
    import jax
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    steps = np.arange(STEPS)
    for schedule, start in ((NOISY, 0), (warmup(NOISY, 20), 20)):
        f = jax.jit(optax_schedule(schedule))
        got = np.asarray(f(jnp.asarray(steps, dtype=jnp.int32)))
        # the core's float64 values rounded to float32, exactly (the warmup ramp before
        # `start` is float32 arithmetic)
        want = schedule(steps)
        np.testing.assert_array_equal(got[start:], want[start:].astype(np.float32))
        assert_float32_close(got, want)
        one = [float(f(jnp.int32(k))) for k in range(0, STEPS, 37)]
        np.testing.assert_array_equal(one, got[::37])
    with jax.enable_x64(True):
        got = np.asarray(jax.jit(optax_schedule(NOISY))(jnp.asarray(steps)))
        np.testing.assert_array_equal(got, NOISY(steps))


def test_optax_noise_mean_and_variance_are_tfs():
    """Per-step independent draws: after decay_steps the noise is stationary, so one seed
    over many steps samples it; mean, variance and lag-1 correlation against TF's model."""
    need("jax")
    import jax.numpy as jnp

    from lrdecay_lit.adapters.optax import optax_schedule

    T, v0, d, n = 200, 0.5, 0.55, 0.2
    s = NOISY.replace(num_periods=n, alpha=0.5)
    steps = np.arange(T, T + 50_000)
    got = np.asarray(optax_schedule(s)(jnp.asarray(steps)), dtype=np.float64)
    mean = lr.linear_cosine_decay(0.1, steps, T, n, 0.5)  # TF: E[lr] = linear_cosine_decay
    cd = 0.5 * (1 + np.cos(2 * np.pi * n))
    sd = 0.1 * cd * np.sqrt(v0 / (1 + T) ** d)
    r = (got - mean) / sd
    assert abs(r.mean()) < 5 / np.sqrt(r.size)
    assert abs(r.var() - 1) < 5 * np.sqrt(2 / r.size)
    assert abs(np.corrcoef(r[:-1], r[1:])[0, 1]) < 5 / np.sqrt(r.size)


# =========================================================================== Keras

KERAS_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import keras
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule
    from lrdecay_lit.composites import from_config

    schedules = [from_config(c) for c in json.loads(sys.argv[1])]
    steps = int(sys.argv[2])
    out = {"backend": keras.backend.backend(), "direct": [], "apply": [], "fit": [], "serial": []}
    for s in schedules:
        ks = KerasSchedule(s)
        # 1. the schedule on a vector of steps (backend tensors)
        out["direct"].append(keras.ops.convert_to_numpy(ks(np.arange(steps))).tolist())
        # 2. a real optimizer loop: plain SGD, gradient 1 -> the update is -lr(k)
        v = keras.Variable(np.zeros(2, dtype="float32"))
        opt = keras.optimizers.SGD(learning_rate=ks)
        used = []
        for _ in range(steps):
            v.assign(np.zeros(2, dtype="float32"))  # from 0, the update is exact in float32
            opt.apply([keras.ops.ones((2,))], [v])
            used.append(-float(keras.ops.convert_to_numpy(v)[0]))
        out["apply"].append(used)
        # 3. model.fit (a compiled train step): the lr each batch trains with
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=KerasSchedule(s)), loss="mse")
        seen = []

        class Record(keras.callbacks.Callback):
            def on_train_batch_begin(self, batch, logs=None):
                lr_now = self.model.optimizer.learning_rate
                seen.append(float(keras.ops.convert_to_numpy(lr_now)))

        x, y = np.ones((steps, 3), "float32"), np.zeros((steps, 1), "float32")
        model.fit(x, y, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[Record()])
        out["fit"].append(seen)
        # 4. serialisation: schedule and optimizer configs
        again = keras.optimizers.schedules.deserialize(keras.optimizers.schedules.serialize(ks))
        opt2 = keras.optimizers.SGD.from_config(opt.get_config())
        out["serial"].append(
            [again.schedule.get_config() == s.get_config(),
             opt2.learning_rate.schedule.get_config() == s.get_config()
             if hasattr(opt2.learning_rate, "schedule") else
             opt2._learning_rate.schedule.get_config() == s.get_config()]
        )
    print(json.dumps(out))
    """
)

KERAS_CASES = [
    warmup(lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=200, alpha=0.01), 20),
    join(
        [
            warmup(base("exponential_decay", staircase=True), 15, kind="cosine"),
            lr.Schedule(
                "cosine_decay_restarts", learning_rate=0.05, first_decay_steps=10, t_mul=1.5
            ),
        ],
        [120],
    ),
    base("piecewise_constant"),
    base("polynomial_decay", cycle=True),
    warmup(NOISY, 10),
]


def keras_backends() -> list[str]:
    return ["jax", "torch"]


@pytest.mark.parametrize("backend", keras_backends())
def test_keras_schedule_on_each_backend(backend, tmp_path):
    """Direct calls, optimizer.apply, model.fit and serialisation, in a fresh process per
    backend (Keras picks its backend once, at import)."""
    need("keras", backend)
    steps = 200
    configs = json.dumps([s.get_config() for s in KERAS_CASES])
    env = {**os.environ, "KERAS_BACKEND": backend, "KERAS_HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", KERAS_SCRIPT, configs, str(steps)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["backend"] == backend
    for i, s in enumerate(KERAS_CASES):
        want = s(np.arange(steps))
        assert_float32_close(
            out["direct"][i], want, f"{getattr(s, 'label', s.name)}: schedule(steps)"
        )
        assert_float32_close(
            out["apply"][i], want, f"{getattr(s, 'label', s.name)}: lr used by optimizer.apply"
        )
        assert_float32_close(
            out["fit"][i], want, f"{getattr(s, 'label', s.name)}: lr of each batch in fit"
        )
        assert out["serial"][i] == [True, True]


KSTEPS = sorted({*range(0, 400, 9), 1, 49, 50, 51, 349, 350, 351})  # ops.cond: scalar steps


def test_keras_cosine_decay_warmup_is_warmup_outside_decay_steps():
    """Keras: CosineDecay(init, D, alpha, warmup_target=peak, warmup_steps=W) =
    warmup(cosine_decay(peak, D, alpha), W, init_value=init): decay_steps after the warmup."""
    need("keras")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import keras, numpy as np, json;"
            "s = keras.optimizers.schedules.CosineDecay(0.001, 300, 0.02, warmup_target=0.1,"
            " warmup_steps=50);"
            f"print(json.dumps([float(keras.ops.convert_to_numpy(s(k))) for k in {KSTEPS}]))",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "KERAS_BACKEND": os.environ.get("KERAS_BACKEND", "jax")},
        timeout=600,
    )
    if proc.returncode != 0 and "No module named" in proc.stderr:
        need("keras", "jax")
    assert proc.returncode == 0, proc.stderr[-2000:]
    keras_values = json.loads(proc.stdout.strip().splitlines()[-1])
    mine = warmup(
        lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=300, alpha=0.02),
        50,
        init_value=0.001,
    )
    assert_float32_close(keras_values, mine(np.array(KSTEPS)), "Keras CosineDecay with warmup")


def run_keras(backend: str, code: str, *args: str, env: dict | None = None, home=None) -> dict:
    """Run ``code`` (printing one JSON line last) in a fresh Python with Keras on ``backend``."""
    need("keras", backend)
    env = {**os.environ, "KERAS_BACKEND": backend, **(env or {})}
    if home is not None:
        env["KERAS_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


KERAS_SGDR_SCAN = """
    import json
    import numpy as np
    import keras
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule

    steps = np.arange(0, 10**6 + 1)
    out = {}
    for t0 in (1, 10, 1000):
        for m in (1.1, 1.2, 1.3, 1.5, 2.0, 3.0):
            s = lr.Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=t0,
                            t_mul=m)
            got = keras.ops.convert_to_numpy(KerasSchedule(s)(keras.ops.convert_to_tensor(steps)))
            err = np.abs(got.astype(np.float64) - s(steps))
            out[f"{t0}/{m}"] = [str(got.dtype), float(err.max()), int((err >= 1e-3).sum())]
    print(json.dumps(out))
"""


@pytest.mark.parametrize("backend", keras_backends())
def test_keras_places_every_float32_sgdr_restart_on_the_cores_step(backend, tmp_path):
    out = run_keras(backend, KERAS_SGDR_SCAN, home=tmp_path)
    assert len(out) == len(SGDR_GRID)
    for key, (dtype, err, misplaced) in out.items():
        assert dtype == "float32" and misplaced == 0 and err < 1e-3, (key, err, misplaced)


KERAS_FLOAT64 = """
    import json, sys, warnings
    import numpy as np
    import keras
    keras.config.set_floatx("float64")
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule
    from lrdecay_lit.composites import from_config

    steps = np.arange(0, 20001)
    out = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for config in json.loads(sys.argv[1]):
            s = from_config(config)
            got = keras.ops.convert_to_numpy(KerasSchedule(s)(keras.ops.convert_to_tensor(steps)))
            want = s(steps)
            out.append([str(got.dtype), float(np.max(np.abs(got - want)) / np.max(want))])
    mine = [str(w.message) for w in caught if "KerasSchedule" in str(w.message)]
    print(json.dumps({"cases": out, "warnings": mine}))
"""

FLOAT64_CASES = [
    lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=10000, alpha=0.01),
    lr.Schedule(
        "cosine_decay_restarts", learning_rate=0.1, first_decay_steps=100, t_mul=1.3, alpha=0.01
    ),
    lr.Schedule("linear_cosine_decay", learning_rate=0.1, decay_steps=10000),
    lr.Schedule("polynomial_decay", learning_rate=0.1, decay_steps=1000, power=2.0, cycle=True),
    lr.Schedule("exponential_decay", learning_rate=0.1, decay_steps=100, decay_rate=0.9),
    lr.Schedule("natural_exp_decay", learning_rate=0.1, decay_steps=100, decay_rate=0.5),
    lr.Schedule("inverse_time_decay", learning_rate=0.1, decay_steps=100, decay_rate=0.5),
    warmup(lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=10000), 500),
    NOISY,
]


@pytest.mark.parametrize(("backend", "x64"), [("torch", "0"), ("jax", "1")])
def test_keras_float64_is_float64(backend, x64, tmp_path):
    """floatx float64: float64 values within 1e-14 of the peak rate of the core (Keras
    3.15.1's ops.floor/ceil/minimum/maximum on torch and floor/ceil/cos/sin on JAX return
    float32; the adapter uses the backends' own functions for those)."""
    configs = json.dumps([c.get_config() for c in FLOAT64_CASES])
    out = run_keras(backend, KERAS_FLOAT64, configs, env={"JAX_ENABLE_X64": x64}, home=tmp_path)
    assert out["warnings"] == []
    for case, (dtype, err) in zip(FLOAT64_CASES, out["cases"], strict=True):
        assert dtype == "float64" and err <= 1e-14, (case, dtype, err)


def test_keras_float64_on_jax_without_x64_says_it_is_float32(tmp_path):
    configs = json.dumps([FLOAT64_CASES[0].get_config()])
    out = run_keras("jax", KERAS_FLOAT64, configs, env={"JAX_ENABLE_X64": "0"}, home=tmp_path)
    assert out["cases"][0][0] == "float32"
    assert any("computed in float32" in w for w in out["warnings"])


KERAS_SAVE = """
    import json, sys
    import numpy as np
    import keras
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule
    from lrdecay_lit.composites import from_config

    s = from_config(json.loads(sys.argv[2]))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=KerasSchedule(s)), loss="mse")
    model.fit(np.ones((5, 3), "float32"), np.zeros((5, 1), "float32"), batch_size=1, verbose=0)
    model.save(sys.argv[1])
    print(json.dumps({"saved": True}))
"""

KERAS_LOAD = """
    import json, sys
    import keras
    import lrdecay_lit.adapters.keras  # registers KerasSchedule: needed to load the model
    model = keras.saving.load_model(sys.argv[1])
    lr_fn = model.optimizer._learning_rate
    print(json.dumps({"config": lr_fn.schedule.get_config(),
                      "iterations": int(keras.ops.convert_to_numpy(model.optimizer.iterations)),
                      "lr7": float(keras.ops.convert_to_numpy(lr_fn(7)))}))
"""

KERAS_LOAD_WITHOUT_IMPORT = """
    import json, sys
    import keras
    try:
        keras.saving.load_model(sys.argv[1])
        print(json.dumps({"loaded": True}))
    except Exception as exc:
        print(json.dumps({"loaded": False, "error": str(exc)[:500]}))
"""


def test_keras_saved_model_loads_in_a_fresh_process(tmp_path):
    """The documented way (lrdecay_lit.adapters.keras): import the adapter, then load_model."""
    backend = os.environ.get("KERAS_BACKEND", "jax")
    path = str(tmp_path / "model.keras")
    s = join([warmup(NOISY, 10), base("cosine_decay_restarts", t_mul=1.3)], [100])
    run_keras(backend, KERAS_SAVE, path, json.dumps(s.get_config()), home=tmp_path)
    out = run_keras(backend, KERAS_LOAD, path, home=tmp_path)
    assert out["config"] == json.loads(json.dumps(s.get_config()))
    assert out["iterations"] == 5
    assert out["lr7"] == pytest.approx(float(s(7)), rel=2e-6)
    # without the import Keras cannot find the class (it only imports keras' own modules)
    bare = run_keras(backend, KERAS_LOAD_WITHOUT_IMPORT, path, home=tmp_path)
    assert not bare["loaded"]


@pytest.mark.skipif(not REQUIRE, reason="checks the `make test-frameworks` virtualenv")
def test_frameworks_venv_imports_keras_without_keras_backend(tmp_path):
    """`import keras` works in .venv-frameworks with no KERAS_BACKEND set, and writes its
    config under KERAS_HOME (the venv's own folder by default), never in $HOME."""
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "KERAS_HOME")}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", "import keras, os; print(keras.backend.backend())"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-1] == "jax"
    assert not (tmp_path / ".keras").exists()
