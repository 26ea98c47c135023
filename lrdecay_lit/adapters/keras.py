"""Keras 3: any lrdecay_lit schedule as a ``keras.optimizers.schedules.LearningRateSchedule``.

:class:`KerasSchedule` computes the learning rate with ``keras.ops`` (and, for the float
arithmetic, the backend's own functions, which keep float64: see :func:`_backend_functions`),
so it runs on every Keras backend (JAX, TensorFlow, PyTorch) and inside compiled train
steps. The code is generated from the schedule's sympy expression
(:func:`lrdecay_lit.symbolic.array_function`), in Keras' float type
(``keras.config.floatx()``, float32 by default):

- float32: SGDR's restarts fall on the same whole steps as in the float64 core (the restart
  steps are listed in float64 when the code is generated and searched in float32).
- float64: float64 on the torch backend and on the JAX backend with ``jax_enable_x64``
  (within a few ulps of the core; ``tests/test_adapters.py`` checks 1e-14 of the peak
  rate). On JAX *without* ``jax_enable_x64`` JAX has no float64: the schedule computes in
  float32 there and warns once. On the TensorFlow backend the tests do not run (TF is not
  in the test environment), so float64 there is not checked.
- noisy_linear_cosine_decay: its noise is the numpy core's function of (seed, step),
  called on the host (``jax.pure_callback`` / ``tf.numpy_function`` / eager numpy on
  torch), so the values are the core's, rounded to Keras' float type.

It is registered for serialisation: ``get_config`` holds the schedule's nested config, so
``keras.optimizers.schedules.serialize``/``deserialize``, an optimizer's config and a saved
model restore it. **Loading a saved model** (``keras.saving.load_model("m.keras")``) in a
new process needs this module imported first (``import lrdecay_lit.adapters.keras``), as
for any custom Keras object: that import registers ``lrdecay_lit>KerasSchedule``. Without
it Keras fails with "Could not locate class 'KerasSchedule'" (or "SGD could not be
deserialized"). Alternatively pass ``custom_objects={"KerasSchedule": KerasSchedule}``.

Keras' optimizer passes its ``iterations`` counter, which is 0 for the first update: the
update of step ``k`` uses ``schedule(k)``, like TF1's ``global_step``.

Example (needs Keras 3 and a backend)::

    import keras
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.keras import KerasSchedule

    cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=10_000, alpha=0.01)
    optimizer = keras.optimizers.SGD(learning_rate=KerasSchedule(lr.warmup(cos, 500)))

    # later, in another process:
    import lrdecay_lit.adapters.keras  # registers KerasSchedule with Keras
    model = keras.saving.load_model("model.keras")
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

try:
    import keras
    from keras import ops
except ImportError as exc:  # pragma: no cover - exercised only without keras
    raise ImportError(
        "lrdecay_lit.adapters.keras needs Keras 3 and a backend: pip install keras jax"
    ) from exc

import numpy as np

from lrdecay_lit._restarts import restart_rtol
from lrdecay_lit.composites import as_schedule

__all__ = ["KerasSchedule"]


def _float_dtype(x: Any) -> str:
    return keras.backend.standardize_dtype(x.dtype)


@functools.cache
def _warn_float(wanted: str, actual: str) -> None:
    warnings.warn(
        f"KerasSchedule: keras.config.floatx() is {wanted}, but the {keras.backend.backend()} "
        f"backend gives {actual} tensors (JAX without jax_enable_x64 has no float64): the "
        f"learning rate is computed in {actual}",
        stacklevel=3,
    )


def _count_le(table: np.ndarray, t: Any) -> Any:
    """How many of the sorted restart steps ``table`` are ``<= t``, in ``t``'s dtype."""
    dtype = _float_dtype(t)
    seq = ops.convert_to_tensor(table, dtype=dtype)
    index = ops.searchsorted(seq, ops.reshape(t, (-1,)), side="right")
    return ops.reshape(ops.cast(index, dtype), ops.shape(t))


def _host_call(fn: Any, t: Any) -> Any:
    """``fn`` (a numpy function of float64 steps) applied to the tensor ``t`` on the host."""
    backend = keras.backend.backend()
    dtype = _float_dtype(t)
    if backend == "jax":
        from lrdecay_lit.symbolic._arrays import jax_host_call

        return jax_host_call(fn, t)
    if backend == "torch":
        import torch

        values = fn(t.detach().cpu().numpy()).astype(dtype)
        return torch.as_tensor(values, device=t.device)
    if backend == "tensorflow":
        import tensorflow as tf

        out = tf.numpy_function(lambda x: fn(x).astype(dtype), [t], dtype, stateful=False)
        out.set_shape(t.shape)
        return out
    return ops.convert_to_tensor(fn(ops.convert_to_numpy(t)), dtype=dtype)


def _torch_function(name: str) -> Any:
    """torch's ``name``, with Python numbers converted to the dtype of the tensor argument."""
    import torch

    fn = getattr(torch, {"power": "pow"}.get(name, name))
    fallback = getattr(ops, name)

    def op(*args: Any) -> Any:
        tensors = [a for a in args if isinstance(a, torch.Tensor)]
        if not tensors:
            return fallback(*args)
        like = tensors[0]
        return fn(
            *(
                a
                if isinstance(a, torch.Tensor)
                else torch.as_tensor(a, dtype=like.dtype, device=like.device)
                for a in args
            )
        )

    return op


def _backend_functions() -> dict[str, Any]:
    """The arithmetic (:data:`~lrdecay_lit.symbolic._arrays.FLOAT_FUNCTION_NAMES`) from the
    backend itself, not from ``keras.ops``: in Keras 3.15.1 ``ops.floor``, ``ops.ceil``,
    ``ops.minimum`` and ``ops.maximum`` return float32 for float64 tensors on the torch
    backend, and ``ops.floor``, ``ops.ceil``, ``ops.cos`` and ``ops.sin`` on the JAX backend
    (with ``jax_enable_x64``); the backends' own functions keep the dtype of their tensors.
    """
    from lrdecay_lit.symbolic._arrays import FLOAT_FUNCTION_NAMES

    backend = keras.backend.backend()
    if backend == "jax":
        import jax.numpy as jnp

        return {name: getattr(jnp, name) for name in FLOAT_FUNCTION_NAMES}
    if backend == "torch":
        return {name: _torch_function(name) for name in FLOAT_FUNCTION_NAMES}
    return {}  # tensorflow, numpy: keras.ops (float64 there not checked by the tests)


def _ops_namespace() -> dict[str, Any]:
    from lrdecay_lit.symbolic._arrays import ARRAY_FUNCTION_NAMES

    namespace = {name: getattr(ops, name) for name in ARRAY_FUNCTION_NAMES}
    namespace.update(_backend_functions())
    namespace["count_le"] = _count_le
    namespace["host_call"] = _host_call
    return namespace


@keras.saving.register_keras_serializable(package="lrdecay_lit")
class KerasSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """A Keras learning-rate schedule computing an lrdecay_lit schedule with ``keras.ops``.

    Args:
        schedule: a :class:`~lrdecay_lit.registry.Schedule`, a composite, a config dict or
            a number.
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
        actual = _float_dtype(t)
        if actual != dtype:
            _warn_float(dtype, actual)
        return ops.cast(ops.broadcast_to(self._fn(t, restart_rtol(actual)), ops.shape(t)), dtype)

    def get_config(self) -> dict[str, Any]:
        """``{"schedule": <nested lrdecay_lit config>, "name": ...}``."""
        return {"schedule": self.schedule.get_config(), "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> KerasSchedule:
        return cls(config["schedule"], name=config.get("name"))

    def __repr__(self) -> str:
        return f"KerasSchedule({self.schedule!r})"
