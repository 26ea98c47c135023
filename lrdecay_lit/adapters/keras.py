"""Keras 3: any lrdecay_lit schedule as a ``keras.optimizers.schedules.LearningRateSchedule``.

:class:`KerasSchedule` computes the learning rate with ``keras.ops``, so it runs on every
Keras backend (JAX, TensorFlow, PyTorch) and inside compiled train steps. The code is
generated from the schedule's sympy expression (:func:`lrdecay_lit.symbolic.array_function`
with ``keras.ops`` as the array namespace), in Keras' float type (``keras.config.floatx()``,
float32 by default). It is registered for serialisation: ``get_config`` holds the
schedule's nested config, so ``keras.optimizers.schedules.serialize``/``deserialize``, an
optimizer's config and a saved model restore it.

Keras' optimizer passes its ``iterations`` counter, which is 0 for the first update: the
update of step ``k`` uses ``schedule(k)``, like TF1's ``global_step``.

Example (needs Keras 3 and a backend)::

    import keras
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule

    cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=10_000, alpha=0.01)
    optimizer = keras.optimizers.SGD(learning_rate=KerasSchedule(lr.warmup(cos, 500)))
"""

from __future__ import annotations

from typing import Any

try:
    import keras
    from keras import ops
except ImportError as exc:  # pragma: no cover - exercised only without keras
    raise ImportError(
        "lrdecay_lit.adapters.keras needs Keras 3 and a backend: pip install keras jax"
    ) from exc

import numpy as np

from lrdecay_lit.composites import as_schedule

__all__ = ["KerasSchedule"]


def _ops_namespace() -> dict[str, Any]:
    from lrdecay_lit.symbolic._arrays import ARRAY_FUNCTION_NAMES

    return {name: getattr(ops, name) for name in ARRAY_FUNCTION_NAMES}


@keras.saving.register_keras_serializable(package="lrdecay_lit")
class KerasSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """A Keras learning-rate schedule computing an lrdecay_lit schedule with ``keras.ops``.

    Args:
        schedule: a :class:`~lrdecay_lit.registry.Schedule`, a composite, a config dict or
            a number (noisy_linear_cosine_decay is refused: no random source in a graph).
        name: optional name (kept in the config).

    Attributes:
        schedule: the lrdecay_lit schedule.
    """

    def __init__(self, schedule: Any, name: str | None = None) -> None:
        super().__init__()
        from lrdecay_lit.symbolic import array_function

        self.schedule = as_schedule(schedule)
        self.name = name
        self._fn = array_function(self.schedule, _ops_namespace())

    def __call__(self, step: Any) -> Any:
        dtype = keras.config.floatx()
        t = ops.cast(step, dtype)
        rtol = 4.0 * float(np.finfo(dtype).eps)
        return ops.cast(ops.broadcast_to(self._fn(t, rtol), ops.shape(t)), dtype)

    def get_config(self) -> dict[str, Any]:
        """``{"schedule": <nested lrdecay_lit config>, "name": ...}``."""
        return {"schedule": self.schedule.get_config(), "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> KerasSchedule:
        return cls(config["schedule"], name=config.get("name"))

    def __repr__(self) -> str:
        return f"KerasSchedule({self.schedule!r})"
