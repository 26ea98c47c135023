"""Worker of ``bench_schedules.py`` section 3: an adapter against the framework's own schedule.

Run in the interpreter that has the frameworks (``.venv-frameworks``, from
requirements-frameworks.txt; KERAS_BACKEND=jax): ``python benchmarks/_adapters.py [repeats]``.
Prints one JSON line ``{"rows": [...], "versions": "..."}``.

The question: does using lrdecay_lit through its adapter cost a training loop more per
call than the framework's own schedule of the same function? Each pair is timed side by side
(``_harness.compare``, wall time), on the call a loop makes once per optimizer step:

- PyTorch: ``scheduler.step()`` of ``adapters.torch.ScheduleLR`` against
  ``CosineAnnealingLR`` / ``CosineAnnealingWarmRestarts``;
- Keras 3 (jax backend): ``schedule(step)`` of ``adapters.keras.KerasSchedule`` against
  ``keras.optimizers.schedules.CosineDecay`` / ``CosineDecayRestarts``, eagerly;
- optax: the ``jax.jit``-compiled schedule of ``adapters.optax.optax_schedule`` against
  ``optax.cosine_decay_schedule``, called on a scalar step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import compare, use_repo_package  # noqa: E402

use_repo_package()

from lrdecay_lit.registry import Schedule  # noqa: E402

T = 1000  # decay_steps / first_decay_steps
LR, ALPHA = 0.1, 0.01
COSINE = Schedule("cosine_decay", learning_rate=LR, decay_steps=100 * T, alpha=ALPHA)
SGDR = Schedule(
    "cosine_decay_restarts",
    learning_rate=LR,
    first_decay_steps=T,
    t_mul=2.0,
    m_mul=1.0,
    alpha=ALPHA,
)


def _row(framework: str, schedule: str, native: str, ours, theirs, repeats: int) -> dict:
    cmp = compare({"adapter": ours, "native": theirs}, baseline="native", repeats=repeats)
    return {
        "framework": framework,
        "schedule": schedule,
        "native": native,
        "adapter_over_native": round(cmp.ratio("adapter"), 3),
        "adapter_s": cmp.timings["adapter"].median,
        "native_s": cmp.timings["native"].median,
    }


def torch_rows(repeats: int) -> list[dict]:
    import torch

    from lrdecay_lit.adapters.torch import ScheduleLR

    def sgd() -> torch.optim.Optimizer:
        return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)

    lr_sched = torch.optim.lr_scheduler
    pairs = [
        (
            "cosine_decay",
            "CosineAnnealingLR",
            COSINE,
            lr_sched.CosineAnnealingLR(sgd(), T_max=100 * T, eta_min=ALPHA * LR),
        ),
        (
            "cosine_decay_restarts",
            "CosineAnnealingWarmRestarts",
            SGDR,
            lr_sched.CosineAnnealingWarmRestarts(sgd(), T_0=T, T_mult=2, eta_min=ALPHA * LR),
        ),
    ]
    return [
        _row(
            "torch " + torch.__version__,
            name,
            native,
            ScheduleLR(sgd(), ours).step,
            theirs.step,
            repeats,
        )
        for name, native, ours, theirs in pairs
    ]


def keras_rows(repeats: int) -> list[dict]:
    import keras

    from lrdecay_lit.adapters.keras import KerasSchedule

    k = keras.optimizers.schedules
    pairs = [
        ("cosine_decay", "CosineDecay", COSINE, k.CosineDecay(LR, 100 * T, alpha=ALPHA)),
        (
            "cosine_decay_restarts",
            "CosineDecayRestarts",
            SGDR,
            k.CosineDecayRestarts(LR, T, t_mul=2.0, m_mul=1.0, alpha=ALPHA),
        ),
    ]
    step = keras.ops.convert_to_tensor(12_345)
    rows = []
    for name, native, ours, theirs in pairs:
        adapter = KerasSchedule(ours)
        rows.append(
            _row(
                f"keras {keras.__version__} ({keras.backend.backend()})",
                name,
                native,
                lambda a=adapter: a(step),
                lambda n=theirs: n(step),
                repeats,
            )
        )
    return rows


def optax_rows(repeats: int) -> list[dict]:
    import jax
    import optax

    from lrdecay_lit.adapters.optax import optax_schedule

    ours = jax.jit(optax_schedule(COSINE))
    theirs = jax.jit(optax.cosine_decay_schedule(LR, 100 * T, alpha=ALPHA))
    step = jax.numpy.asarray(12_345)
    return [
        _row(
            f"optax {optax.__version__} (jax.jit)",
            "cosine_decay",
            "cosine_decay_schedule",
            lambda: ours(step).block_until_ready(),
            lambda: theirs(step).block_until_ready(),
            repeats,
        )
    ]


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    rows, versions = [], []
    for rows_of in (torch_rows, keras_rows, optax_rows):
        try:
            rows += rows_of(repeats)
        except ImportError as exc:  # a framework missing from this interpreter
            versions.append(f"{rows_of.__name__.removesuffix('_rows')} skipped: {exc}")
    import numpy as np

    versions.append(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    print(json.dumps({"rows": rows, "versions": "; ".join(versions)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
