"""optax / JAX: any lrdecay_lit schedule as an optax schedule, ``step -> lr`` under ``jax.jit``.

The function is generated from the schedule's sympy expression with
``sympy.lambdify(modules="jax")`` (:func:`lrdecay_lit.symbolic.array_function`), so it is
made of ``jax.numpy`` operations: it can be traced, jitted, vmapped, and passed to any
optax optimizer as its ``learning_rate``. It computes in JAX's default float type (float32,
or float64 with ``jax_enable_x64``); the numpy core stays the float64 reference. In float32
SGDR's restarts fall on the same whole steps as in the core (the restart steps are listed in
float64 when the function is made and searched in float32). noisy_linear_cosine_decay's
noise is the core's function of (seed, step), called through ``jax.pure_callback``: the
values are the core's, rounded to JAX's float type, also under ``jit``.

Example (needs jax and optax)::

    import optax
    import lrdecay_lit as lr
    from lrdecay_lit.adapters.optax import optax_schedule

    cos = lr.Schedule("cosine_decay", learning_rate=0.1, decay_steps=10_000, alpha=0.01)
    optimizer = optax.adamw(optax_schedule(lr.warmup(cos, 500)))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import jax
    import jax.numpy as jnp
except ImportError as exc:  # pragma: no cover - exercised only without jax
    raise ImportError(
        "lrdecay_lit.adapters.optax needs JAX (and optax to use it): pip install jax optax"
    ) from exc


from lrdecay_lit._restarts import restart_rtol  # re-exported: the restart rule's tolerance
from lrdecay_lit.composites import as_schedule

__all__ = ["optax_schedule", "restart_rtol"]


def optax_schedule(schedule: Any) -> Callable[[Any], jax.Array]:
    """An optax schedule (``count -> learning rate``) computing ``schedule`` in ``jax.numpy``.

    Args:
        schedule: a :class:`~lrdecay_lit.registry.Schedule`, a composite, a config dict or a
            number.

    Returns:
        ``f(count)``: ``count`` is optax's step counter (an int32 array) or any array of
        steps; the result has its shape, in JAX's default float dtype. ``f.schedule`` is the
        lrdecay_lit schedule it computes.
    """
    from lrdecay_lit.symbolic import array_function

    s = as_schedule(schedule)
    fn = array_function(s, "jax")

    def lr_schedule(count: Any) -> jax.Array:
        dtype = jnp.result_type(float)  # float32 unless jax_enable_x64
        t = jnp.asarray(count).astype(dtype)
        return jnp.broadcast_to(jnp.asarray(fn(t, restart_rtol(dtype)), dtype), jnp.shape(t))

    lr_schedule.schedule = s  # type: ignore[attr-defined]
    lr_schedule.__doc__ = f"optax schedule computing {s!r} in jax.numpy."
    return lr_schedule
