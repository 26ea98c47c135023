"""PyTorch: a learning-rate scheduler that makes the optimizer follow an lrdecay_lit schedule.

PyTorch counts the scheduler's ``last_epoch`` from -1: building the scheduler steps it
once (``last_epoch = 0``) and sets the lr for the *first* optimizer step, and each
``scheduler.step()`` *after* ``optimizer.step()`` advances it. :class:`ScheduleLR` sets every
param group's lr to ``schedule(last_epoch)``, so in the usual loop ::

    scheduler = ScheduleLR(optimizer, schedule)
    for k in range(num_steps):
        ...; loss.backward()
        optimizer.step()        # uses lr = schedule(k)
        scheduler.step()

the update of optimizer step ``k`` uses exactly ``schedule(k)``, the value lrdecay_lit (and
TF, with ``global_step = k``) gives, and ``scheduler.get_last_lr()`` returns it. The values
come from the float64 numpy core, as Python floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

try:
    import torch  # noqa: F401  (the error below names the missing framework)
    from torch.optim.lr_scheduler import LRScheduler
except ImportError as exc:  # pragma: no cover - exercised only without torch
    raise ImportError("lrdecay_lit.adapters.torch needs PyTorch: pip install torch") from exc

from lrdecay_lit.composites import as_schedule, from_config

__all__ = ["ScheduleLR"]


class ScheduleLR(LRScheduler):
    """Set each param group's learning rate to ``schedule(step)`` (absolute, not a factor).

    Args:
        optimizer: a ``torch.optim.Optimizer``.
        schedule: a :class:`~lrdecay_lit.registry.Schedule`, composite, config dict or
            number, or a list with one of them per param group.
        last_epoch: PyTorch's resume index (``-1``: start; the first lr is ``schedule(0)``).

    Unlike ``LambdaLR`` (which multiplies each group's initial lr by ``lr_lambda(step)``),
    the schedule gives the learning rate itself: the optimizer's own ``lr`` is overwritten.
    ``state_dict()`` stores the schedules' configs, so a checkpoint restores them.

    Raises:
        ValueError: a list of schedules whose length is not the number of param groups.
    """

    def __init__(self, optimizer: Any, schedule: Any, last_epoch: int = -1) -> None:
        groups = len(optimizer.param_groups)
        if isinstance(schedule, Sequence) and not isinstance(schedule, str):
            if len(schedule) != groups:
                raise ValueError(
                    f"Argument `schedule` must be one schedule or one per param group "
                    f"({groups}). Received: {len(schedule)} schedules"
                )
            self.schedules = [as_schedule(s) for s in schedule]
        else:
            self.schedules = [as_schedule(schedule)] * groups
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:  # type: ignore[override, unused-ignore]
        """``schedule(last_epoch)`` for every param group (Python floats)."""
        return [float(s(self.last_epoch)) for s in self.schedules]

    def _get_closed_form_lr(self) -> list[float]:
        return self.get_lr()

    def state_dict(self) -> dict[str, Any]:
        """PyTorch's state plus the schedules' configs (JSON-compatible)."""
        state = {k: v for k, v in super().state_dict().items() if k != "schedules"}
        state["schedules"] = [s.get_config() for s in self.schedules]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the step counter and the schedules."""
        state = dict(state_dict)
        configs = state.pop("schedules", None)
        super().load_state_dict(state)
        if configs is not None:
            self.schedules = [from_config(c) for c in configs]
