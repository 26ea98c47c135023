"""Worker: time one framework group against lrdecay_lit, in the interpreter that has it.

Started by ``bench_schedules.py`` as ``python _frameworks.py GROUP CONFIG_JSON``; prints one
JSON line. Groups: ``tf`` (``tf.compat.v1.train.*`` per step, the articles' way, and on a
step vector), ``keras-tf`` / ``keras-jax`` (Keras 3 schedules on a step vector, backend
from ``$KERAS_BACKEND``), ``torch`` (schedulers stepped in a Python loop, ``get_last_lr``),
``optax`` (``jax.jit(jax.vmap(schedule))``, compile time apart).

lrdecay_lit is timed in this same process, round by round with the framework, so each
ratio compares two things that saw the same machine load. Frameworks run in float32 (their
default); their error against lrdecay_lit's float64 values is reported too.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore")

import bench_schedules as B  # noqa: E402  (imports lrdecay_lit from the work tree)
from _harness import compare  # noqa: E402

N_ERR = 1_000_000  # steps for the float error of vectorised frameworks
N_RESTARTS = 10_000_000  # steps for SGDR restart placement (vectorised frameworks)

# SGDR configurations whose restart placement is checked: (label, case key)
RESTART_CASES = (
    ("T0=1000, t_mul=2", "cosine_restarts"),
    ("article: T0=10, t_mul=1.5, m_mul=0.8", "cosine_restarts article"),
)


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg[:140]}"


def restart_steps(values: np.ndarray) -> np.ndarray:
    """Steps where the rate jumps up by more than 0.1% (a restart); rounding noise is ~1e-7."""
    v = np.asarray(values, dtype=np.float64)
    return np.flatnonzero(np.diff(v) > 1e-3 * np.abs(v[:-1])) + 1


def compare_restarts(expected: np.ndarray, got: np.ndarray) -> tuple[int, str]:
    """How many restarts are not where lrdecay_lit puts them, and the first few of them."""
    e, g = set(expected.tolist()), set(got.tolist())
    missing, extra = sorted(e - g), sorted(g - e)
    details = []
    for s in missing[:4]:
        near = min(extra, key=lambda x: abs(x - s)) if extra else None
        details.append(
            f"{s:,} → {near:,}" if near is not None and abs(near - s) < 10 else f"{s:,} missing"
        )
    matched = {min(extra, key=lambda x: abs(x - s)) for s in missing if extra}
    details += [f"extra {x:,}" for x in extra if x not in matched][:2]
    return max(len(missing), len(extra)), "; ".join(details)


def max_rel_error(got: np.ndarray, ref: np.ndarray) -> tuple[float, int]:
    got = np.asarray(got, dtype=np.float64).reshape(-1)
    err = np.abs(got - ref) / np.maximum(np.abs(ref), 1e-300)
    k = int(np.argmax(err))
    return float(err[k]), k


class Group:
    """One framework group; subclasses fill in how to build and run schedules."""

    name = ""
    per_step = False  # a Python loop over steps (timed on a chunk and scaled)
    chunk = 0

    def __init__(self, config: dict) -> None:
        self.sizes = config["sizes"]
        self.repeats = config["repeats"]
        self.quick = config.get("quick", False)
        self.speed: list[dict] = []
        self.errors: list[dict] = []
        self.restarts: list[dict] = []
        self.compile: list[dict] = []
        self.versions: dict[str, str] = {}

    # -- to override ------------------------------------------------------------------
    def methods(self) -> dict[str, Callable[[B.Case], Callable | None]]:
        """method label -> (case -> factory or None when the framework has no equivalent).

        A vector factory is called as ``factory(n)`` and returns a zero-argument callable
        computing the schedule on steps 0..n-1 (input prepared outside the timing); a
        per-step factory is called as ``factory(k)`` and returns a callable running k steps
        from step 0 and returning the k values.
        """
        raise NotImplementedError

    def values(self, fn_result) -> np.ndarray:
        return np.asarray(fn_result, dtype=np.float64)

    # -- shared -----------------------------------------------------------------------
    def run(self) -> None:
        for method, for_case in self.methods().items():
            for case in B.CASES:
                try:
                    factory = for_case(case)
                except Exception as exc:  # the framework rejects these parameters
                    factory, why = None, _short(exc)
                else:
                    why = None
                if factory is None:
                    if why:
                        self.speed.append(
                            {"case": case.key, "method": method, "n": self.sizes[0], "error": why}
                        )
                    continue
                print(f"    {method}: {case.key}", file=sys.stderr, flush=True)
                if self.per_step:
                    self.time_per_step(method, case, factory)
                else:
                    self.time_vector(method, case, factory)
                self.check_errors(method, case, factory)

    def time_vector(self, method: str, case: B.Case, factory) -> None:
        for n in self.sizes:
            t = np.arange(n)
            try:
                fw = factory(n)
                fw()
            except Exception as exc:
                self.speed.append(
                    {"case": case.key, "method": method, "n": n, "error": _short(exc)}
                )
                return
            cmp = compare(
                {"fw": fw, "lit": lambda c=case, t=t: c.lit(t)},
                baseline="lit",
                repeats=self.repeats,
            )
            self.speed.append(
                {
                    "case": case.key,
                    "method": method,
                    "n": n,
                    "ratio": cmp.ratio("fw"),
                    "t_fw": cmp.timings["fw"].median,
                    "t_lit": cmp.timings["lit"].median,
                }
            )

    def time_per_step(self, method: str, case: B.Case, factory) -> None:
        k = self.chunk
        try:
            run = factory(k)
            run()
        except Exception as exc:
            self.speed.append(
                {"case": case.key, "method": method, "n": self.sizes[0], "error": _short(exc)}
            )
            return
        steps = {n: np.arange(n) for n in self.sizes}
        cands = {"fw": run}
        for n in self.sizes:
            cands[f"lit {n}"] = lambda c=case, t=steps[n]: c.lit(t)
        cmp = compare(cands, baseline="fw", repeats=self.repeats, numbers={"fw": 1})
        for n in self.sizes:
            self.speed.append(
                {
                    "case": case.key,
                    "method": method,
                    "n": n,
                    "ratio": statistics.median(r * n / k for r in cmp.ratios("fw", f"lit {n}")),
                    "extrapolated": k != n,
                    "chunk": k,
                    "t_fw_per_step": cmp.timings["fw"].median / k,
                }
            )

    def error_steps(self) -> int:
        return N_ERR if not self.quick else 100_000

    def check_errors(self, method: str, case: B.Case, factory) -> None:
        if case.schedule == "noisy_linear_cosine_decay":
            self.errors.append(
                {
                    "case": case.key,
                    "method": method,
                    "n": 0,
                    "max_rel": None,
                    "note": "random noise: not compared",
                }
            )
            return
        n = self.error_steps()
        try:
            got = self.values(factory(n)())
        except Exception as exc:
            self.errors.append(
                {"case": case.key, "method": method, "n": n, "max_rel": None, "note": _short(exc)}
            )
            return
        ref = case.lit(np.arange(n))
        err, at = max_rel_error(got, ref)
        note = ""
        if err > 1e-4:
            note = f"framework {float(np.asarray(got).reshape(-1)[at]):.6g} vs {ref[at]:.6g}"
        self.errors.append(
            {
                "case": case.key,
                "method": method,
                "n": n,
                "max_rel": err,
                "at": f"{at:,}",
                "note": note,
            }
        )
        for label, key in RESTART_CASES:
            if key == case.key:
                self.check_restarts(label, method, case, factory)

    def check_restarts(self, label: str, method: str, case: B.Case, factory) -> None:
        n = self.restart_steps_n()
        try:
            got = self.values(factory(n)())
        except Exception as exc:
            self.restarts.append(
                {
                    "config": label,
                    "method": method,
                    "n": n,
                    "expected": "",
                    "misplaced": "",
                    "detail": _short(exc),
                }
            )
            return
        exp = restart_steps(case.lit(np.arange(n)))
        bad, detail = compare_restarts(exp, restart_steps(got))
        self.restarts.append(
            {
                "config": label,
                "method": method,
                "n": n,
                "expected": len(exp),
                "misplaced": bad,
                "detail": detail,
            }
        )

    def restart_steps_n(self) -> int:
        return N_RESTARTS if not self.quick else 1_000_000

    def result(self) -> dict:
        return {
            "group": self.name,
            "speed": self.speed,
            "errors": self.errors,
            "restarts": self.restarts,
            "compile": self.compile,
            "versions": self.versions,
        }


def _tf_kwargs(case: B.Case) -> dict:
    return {k: v for k, v in case.params.items() if k != "seed"}


class TFGroup(Group):
    """``tf.compat.v1.train.*`` in TF2 eager mode: per step (the articles' way) and on a vector."""

    name = "tf"

    def __init__(self, config: dict) -> None:
        super().__init__(config)
        import tensorflow as tf

        self.tf = tf
        self.versions["tensorflow"] = tf.__version__

    def methods(self):
        tf, v1 = self.tf, self.tf.compat.v1.train

        def vector(case):
            if not hasattr(v1, case.schedule):
                return None
            kw = _tf_kwargs(case)

            def factory(n):
                t = tf.constant(np.arange(n), dtype=tf.int64)
                fn = getattr(v1, case.schedule)
                return lambda: fn(**kw, **{case.step_arg: t})()

            return factory

        return {"TF v1 vector (eager, float32)": vector}

    def values(self, r):
        return np.asarray(r.numpy() if hasattr(r, "numpy") else r, dtype=np.float64)


class TFStepGroup(TFGroup):
    """The articles' loop: build the decay op for the current step, evaluate it, increment."""

    name = "tf"
    per_step = True
    chunk = 100

    def methods(self):
        tf, v1 = self.tf, self.tf.compat.v1.train

        def per_step(case):
            if not hasattr(v1, case.schedule):
                return None
            kw = _tf_kwargs(case)
            fn = getattr(v1, case.schedule)

            def factory(k):
                gs = tf.Variable(0, dtype=tf.int64)

                def run():
                    gs.assign(0)
                    out = []
                    for _ in range(k):
                        out.append(fn(**kw, **{case.step_arg: gs})().numpy())
                        gs.assign_add(1)
                    return out

                return run

            return factory

        return {"TF v1 per step (eager loop)": per_step}

    def check_errors(self, method, case, factory) -> None:
        pass  # same float32 ops as the vector call, whose error is reported


class KerasGroup(Group):
    """Keras 3 ``keras.optimizers.schedules`` called on a step vector."""

    def __init__(self, config: dict) -> None:
        super().__init__(config)
        import keras

        self.keras = keras
        self.backend = keras.backend.backend()
        self.name = f"keras-{self.backend}"
        self.versions["keras"] = keras.__version__
        if self.backend == "jax":
            import jax

            self.versions["jax"] = jax.__version__

    def schedule(self, case: B.Case):
        S, p = self.keras.optimizers.schedules, case.params
        s = case.schedule
        if s == "exponential_decay":
            return S.ExponentialDecay(
                p["learning_rate"],
                p["decay_steps"],
                p["decay_rate"],
                staircase=p.get("staircase", False),
            )
        if s == "natural_exp_decay":
            return S.ExponentialDecay(
                p["learning_rate"],
                p["decay_steps"],
                math.exp(-p["decay_rate"]),
                staircase=p.get("staircase", False),
            )
        if s == "inverse_time_decay":
            return S.InverseTimeDecay(
                p["learning_rate"],
                p["decay_steps"],
                p["decay_rate"],
                staircase=p.get("staircase", False),
            )
        if s == "polynomial_decay":
            return S.PolynomialDecay(
                p["learning_rate"],
                p["decay_steps"],
                p["end_learning_rate"],
                p["power"],
                p.get("cycle", False),
            )
        if s == "piecewise_constant":
            return S.PiecewiseConstantDecay(p["boundaries"], p["values"])
        if s == "cosine_decay":
            return S.CosineDecay(p["learning_rate"], p["decay_steps"], p["alpha"])
        if s == "cosine_decay_restarts":
            return S.CosineDecayRestarts(
                p["learning_rate"], p["first_decay_steps"], p["t_mul"], p["m_mul"], p["alpha"]
            )
        return None  # linear_cosine, noisy_linear_cosine, fixed: no Keras 3 schedule

    def steps(self, n: int):
        if self.backend == "jax":
            import jax.numpy as jnp

            return jnp.arange(n, dtype=jnp.int32)
        if self.backend == "tensorflow":
            import tensorflow as tf

            return tf.constant(np.arange(n), dtype=tf.int64)
        return np.arange(n)

    def methods(self):
        def vector(case):
            sched = self.schedule(case)
            if sched is None:
                return None

            def factory(n):
                t = self.steps(n)
                if self.backend == "jax":
                    return lambda: sched(t).block_until_ready()
                return lambda: sched(t)

            return factory

        return {f"Keras 3 ({self.backend}) vector": vector}

    def values(self, r):
        return np.asarray(self.keras.ops.convert_to_numpy(r), dtype=np.float64)


class TorchGroup(Group):
    """PyTorch LR schedulers stepped in a Python loop, reading ``get_last_lr()`` each step."""

    name = "torch"
    per_step = True
    chunk = 10_000

    def __init__(self, config: dict) -> None:
        super().__init__(config)
        import torch

        self.torch = torch
        self.versions["torch"] = torch.__version__
        torch.set_num_threads(1)
        if self.quick:
            self.chunk = 2_000

    def scheduler(self, case: B.Case):
        """(base lr, opt -> scheduler) or None; native schedulers where one matches TF."""
        L = self.torch.optim.lr_scheduler
        p, s = case.params, case.schedule
        if s == "exponential_decay" and not p.get("staircase"):
            return p["learning_rate"], lambda o: L.ExponentialLR(
                o, gamma=p["decay_rate"] ** (1.0 / p["decay_steps"])
            )
        if s == "exponential_decay":
            return p["learning_rate"], lambda o: L.StepLR(o, p["decay_steps"], p["decay_rate"])
        if s == "natural_exp_decay":
            return p["learning_rate"], lambda o: L.ExponentialLR(
                o, gamma=math.exp(-p["decay_rate"] / p["decay_steps"])
            )
        if s == "inverse_time_decay":
            k, ds = p["decay_rate"], p["decay_steps"]
            return p["learning_rate"], lambda o: L.LambdaLR(o, lambda e: 1.0 / (1.0 + k * e / ds))
        if s == "polynomial_decay" and not p.get("cycle") and p["end_learning_rate"] == 0.0:
            return p["learning_rate"], lambda o: L.PolynomialLR(
                o, total_iters=p["decay_steps"], power=p["power"]
            )
        if s == "polynomial_decay":
            lr, end = p["learning_rate"], p["end_learning_rate"]
            ds, q = p["decay_steps"], p["power"]

            def poly(e):
                h = ds * max(1.0, math.ceil(e / ds)) if p.get("cycle") else ds
                return ((lr - end) * (1.0 - min(e, h) / h) ** q + end) / lr

            return lr, lambda o: L.LambdaLR(o, poly)
        if s == "piecewise_constant":
            v = p["values"]
            gammas = {v[i + 1] / v[i] for i in range(len(v) - 1)}
            if len(gammas) != 1:
                return None  # MultiStepLR has one factor for every milestone
            gamma = gammas.pop()
            # MultiStepLR switches *at* a milestone, TF one step after the boundary.
            return v[0], lambda o: L.MultiStepLR(o, [b + 1 for b in p["boundaries"]], gamma)
        if s == "cosine_decay":
            return p["learning_rate"], lambda o: L.CosineAnnealingLR(
                o, T_max=p["decay_steps"], eta_min=p["alpha"] * p["learning_rate"]
            )
        if s == "cosine_decay_restarts":
            if p["m_mul"] != 1.0 or p["t_mul"] != int(p["t_mul"]):
                raise ValueError("CosineAnnealingWarmRestarts: integer T_mult only, no m_mul")
            return p["learning_rate"], lambda o: L.CosineAnnealingWarmRestarts(
                o,
                T_0=p["first_decay_steps"],
                T_mult=int(p["t_mul"]),
                eta_min=p["alpha"] * p["learning_rate"],
            )
        if s == "linear_cosine_decay":
            ds, n, a, b = p["decay_steps"], p["num_periods"], p["alpha"], p["beta"]

            def lin_cos(e):
                tc = min(e, ds)
                return (a + (ds - tc) / ds) * 0.5 * (1 + math.cos(2 * math.pi * n * tc / ds)) + b

            return p["learning_rate"], lambda o: L.LambdaLR(o, lin_cos)
        return None  # noisy_linear_cosine: no scheduler; fixed: no scheduler needed

    def methods(self):
        torch = self.torch

        def per_step(case):
            spec = self.scheduler(case)
            if spec is None:
                return None
            lr0, make = spec

            def factory(k):
                def run():
                    param = torch.nn.Parameter(torch.zeros(1))
                    opt = torch.optim.SGD([param], lr=lr0)
                    opt.step()  # as in training; avoids the "step order" warning
                    sched = make(opt)
                    out = []
                    app, get, step = out.append, sched.get_last_lr, sched.step
                    for _ in range(k):
                        app(get()[0])
                        step()
                    return out

                return run

            return factory

        return {"PyTorch loop (get_last_lr)": per_step}

    def error_steps(self) -> int:
        return 100_000 if not self.quick else 20_000

    def restart_steps_n(self) -> int:
        return self.error_steps()


class OptaxGroup(Group):
    """optax schedules under ``jax.jit(jax.vmap(schedule))`` on a step vector."""

    name = "optax"

    def __init__(self, config: dict) -> None:
        super().__init__(config)
        import jax
        import jax.numpy as jnp
        import optax

        self.jax, self.jnp, self.optax = jax, jnp, optax
        self.versions.update({"jax": jax.__version__, "optax": optax.__version__})
        self.x64 = bool(jax.config.jax_enable_x64)
        self.method = "optax jit+vmap" + (" (float64)" if self.x64 else "")
        self.name = "optax-x64" if self.x64 else "optax"
        # int32 steps make optax compute in float32 even with x64 enabled
        self.step_dtype = jnp.int64 if self.x64 else jnp.int32

    def schedule(self, case: B.Case):
        ox, jnp, p, s = self.optax, self.jnp, case.params, case.schedule
        if s == "exponential_decay":
            return ox.exponential_decay(
                p["learning_rate"],
                p["decay_steps"],
                p["decay_rate"],
                staircase=p.get("staircase", False),
            )
        if s == "natural_exp_decay":
            return ox.exponential_decay(
                p["learning_rate"],
                p["decay_steps"],
                math.exp(-p["decay_rate"]),
                staircase=p.get("staircase", False),
            )
        if s == "inverse_time_decay":  # no built-in: the user's lambda
            lr, ds, k = p["learning_rate"], p["decay_steps"], p["decay_rate"]
            return lambda c: lr / (1.0 + k * c / ds)
        if s == "polynomial_decay" and not p.get("cycle"):
            return ox.polynomial_schedule(
                p["learning_rate"], p["end_learning_rate"], p["power"], p["decay_steps"]
            )
        if s == "polynomial_decay":  # no cycle in optax: the user's lambda
            lr, end = p["learning_rate"], p["end_learning_rate"]
            ds, q = p["decay_steps"], p["power"]

            def poly(c):
                h = ds * jnp.maximum(jnp.ceil(c / ds), 1.0)
                return (lr - end) * (1.0 - c / h) ** q + end

            return poly
        if s == "piecewise_constant":
            v, b = p["values"], p["boundaries"]
            # optax switches at the boundary and multiplies; TF switches one step later.
            return ox.piecewise_constant_schedule(
                v[0], {bb + 1: v[i + 1] / v[i] for i, bb in enumerate(b)}
            )
        if s == "cosine_decay":
            return ox.cosine_decay_schedule(p["learning_rate"], p["decay_steps"], p["alpha"])
        if s == "cosine_decay_restarts":
            t0, tm, mm = p["first_decay_steps"], p["t_mul"], p["m_mul"]
            if tm != int(tm):
                raise ValueError(
                    "sgdr_schedule needs whole-step periods (t_mul=1.5 gives fractional ones)"
                )
            lr, a = p["learning_rate"], p["alpha"]
            pieces, total, i = [], 0, 0
            while total < N_RESTARTS:
                length = int(t0 * tm**i)
                peak = lr * ((1 - a) * mm**i + a)
                pieces.append(
                    {
                        "init_value": peak,
                        "peak_value": peak,
                        "warmup_steps": 0,
                        "decay_steps": length,
                        "end_value": lr * a,
                    }
                )
                total, i = total + length, i + 1
            return ox.sgdr_schedule(pieces)
        if s == "linear_cosine_decay":  # no built-in: the user's lambda
            lr, ds, n, a, b = (
                p["learning_rate"],
                p["decay_steps"],
                p["num_periods"],
                p["alpha"],
                p["beta"],
            )

            def lin_cos(c):
                tc = jnp.minimum(c, ds)
                return lr * (
                    (a + (ds - tc) / ds) * 0.5 * (1 + jnp.cos(2 * jnp.pi * n * tc / ds)) + b
                )

            return lin_cos
        if s == "fixed":
            return ox.constant_schedule(p["learning_rate"])
        return None  # noisy_linear_cosine: no built-in

    def methods(self):
        jax, jnp = self.jax, self.jnp

        def vector(case):
            sched = self.schedule(case)
            if sched is None:
                return None

            def factory(n):
                t = jnp.arange(n, dtype=self.step_dtype)
                compiled = jax.jit(jax.vmap(sched)).lower(t).compile()
                if self.x64 and compiled(t).dtype != jnp.float64:
                    raise TypeError(f"computes in {compiled(t).dtype}, not float64")
                return lambda: compiled(t).block_until_ready()

            return factory

        return {self.method: vector}

    def time_vector(self, method, case, factory) -> None:
        super().time_vector(method, case, factory)
        # compile time: trace + lower + compile of a fresh jit for the largest shape
        jax, jnp = self.jax, self.jnp
        sched = self.schedule(case)
        n = self.sizes[-1]
        t = jnp.arange(n, dtype=self.step_dtype)
        ref = np.arange(1_000_000)
        times, lits = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            jax.jit(jax.vmap(sched)).lower(t).compile()
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            case.lit(ref)
            lits.append(time.perf_counter() - t0)
        ratio = statistics.median(a / b for a, b in zip(times, lits, strict=True))
        self.compile.append(
            {
                "case": case.key,
                "method": method,
                "n": n,
                "compile": statistics.median(times),
                "ratio_1e6": ratio,
            }
        )

    def values(self, r):
        return np.asarray(r, dtype=np.float64)


GROUPS = {
    "tf": (TFGroup, TFStepGroup),
    "keras-tf": (KerasGroup,),
    "keras-jax": (KerasGroup,),
    "torch": (TorchGroup,),
    "optax": (OptaxGroup,),
    "optax-x64": (OptaxGroup,),  # the same, with JAX_ENABLE_X64=1 set by the caller
}


def main() -> int:
    group, config = sys.argv[1], json.loads(sys.argv[2])
    merged: dict = {
        "group": group,
        "speed": [],
        "errors": [],
        "restarts": [],
        "compile": [],
        "versions": {},
    }
    try:
        for cls in GROUPS[group]:
            g = cls(config)
            g.run()
            r = g.result()
            for k in ("speed", "errors", "restarts", "compile"):
                merged[k] += r[k]
            merged["versions"].update(r["versions"])
    except ImportError as exc:
        print(json.dumps({"group": group, "skipped": f"not installed ({_short(exc)})"}))
        return 0
    except Exception:
        traceback.print_exc()
        return 1
    print(json.dumps(merged))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
