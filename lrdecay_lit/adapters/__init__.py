"""Use any lrdecay_lit schedule (base or composite) in a framework's training loop.

One module per framework, each importing its framework when *it* is imported (``import
lrdecay_lit`` and ``import lrdecay_lit.adapters`` never do):

- :mod:`lrdecay_lit.adapters.keras`: :class:`~lrdecay_lit.adapters.keras.KerasSchedule`, a
  ``keras.optimizers.schedules.LearningRateSchedule`` (Keras 3, any backend), serialisable.
- :mod:`lrdecay_lit.adapters.torch`: :class:`~lrdecay_lit.adapters.torch.ScheduleLR`, a
  PyTorch ``LRScheduler``: the lr of optimizer step ``k`` is ``schedule(k)``.
- :mod:`lrdecay_lit.adapters.optax`: :func:`~lrdecay_lit.adapters.optax.optax_schedule`, a
  ``step -> lr`` function in ``jax.numpy`` that works under ``jax.jit`` (an optax schedule).

The Keras and optax versions are generated from the schedule's sympy expression
(:func:`lrdecay_lit.symbolic.array_function`); PyTorch calls the numpy core, since its
schedulers run in Python between optimizer steps.
"""
