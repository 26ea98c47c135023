"""Each schedule's TF1 call and its Keras 3, PyTorch and optax equivalents, as data.

One place for what the chapters' Summary boxes and the quick-reference page show: for every
name in :data:`lrdecay_lit.specs.SCHEDULE_NAMES`, :data:`EQUIVALENTS` holds the chapter it
belongs to, the short names used in the calls (``lr`` = ``learning_rate``, ...) and one row
per library: ``(library, call, notes)``; :data:`COMPOSITES` does the same for the composites
(``warmup``, ``join``). :func:`equivalents_table` renders a schedule's rows as a
:class:`lrdecay_lit.book.tables.Table` (Markdown in the book, aligned text for nbval), and
:func:`overview_table` several schedules in one library, one row each (comparison's Summary,
training_loop's TF1 → frameworks tables). The cells are plain Markdown (code spans, no TeX:
Markdown outputs of code cells are not typeset).

Example:
    >>> EQUIVALENTS["cosine_decay"].chapter
    'cosine_decay'
    >>> [row[0] for row in EQUIVALENTS["cosine_decay"].rows]
    ['TensorFlow 1', 'Keras 3', 'PyTorch', 'optax', 'lrdecay_lit']
    >>> list(equivalents_table("fixed").header)
    ['library', 'call', 'notes']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lrdecay_lit.book.tables import Table
from lrdecay_lit.specs import SCHEDULE_NAMES

__all__ = [
    "Equivalent",
    "EQUIVALENTS",
    "COMPOSITES",
    "LIBRARIES",
    "equivalents_table",
    "overview_table",
]

LIBRARIES: tuple[str, ...] = ("TensorFlow 1", "Keras 3", "PyTorch", "optax", "lrdecay_lit")
"""The libraries of every entry, in this order."""


@dataclass(frozen=True)
class Equivalent:
    """One schedule's equivalents.

    Attributes:
        name: the TF1 schedule (a key of :data:`lrdecay_lit.specs.SPECS`).
        chapter: the book's chapter that treats it (``book/<chapter>``).
        symbols: what the short names in the calls stand for.
        rows: ``(library, call, notes)``, one per entry of :data:`LIBRARIES`.
    """

    name: str
    chapter: str
    symbols: str
    rows: tuple[tuple[str, str, str], ...]

    def row(self, library: str) -> tuple[str, str, str]:
        """The row of ``library`` (one of :data:`LIBRARIES`)."""
        for r in self.rows:
            if r[0] == library:
                return r
        raise ValueError(
            f"Argument `library` must be one of {', '.join(LIBRARIES)}. Received: {library!r}"
        )


_LR_T_R = "`lr` = `learning_rate`, `T` = `decay_steps`, `r` = `decay_rate`"
_LR_T_K = "`lr` = `learning_rate`, `T` = `decay_steps`, `k` = `decay_rate`"
_LR_T = "`lr` = `learning_rate`, `T` = `decay_steps`"

_DATA: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "exponential_decay": (
        "exponential_decay",
        _LR_T_R,
        [
            (
                "`tf.compat.v1.train.exponential_decay(lr, global_step, T, r, staircase)`",
                "the original",
            ),
            (
                "`keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=lr, "
                "decay_steps=T, decay_rate=r, staircase=...)`",
                "same arguments, same formula",
            ),
            (
                "smooth: `ExponentialLR(optimizer, gamma=r ** (1 / T))`; staircase: "
                "`StepLR(optimizer, step_size=T, gamma=r)`",
                "call `scheduler.step()` once per training step; `StepLR` needs a whole-number `T`",
            ),
            (
                "`optax.exponential_decay(init_value=lr, transition_steps=T, decay_rate=r, "
                "staircase=...)`",
                "also has `transition_begin` (a delay) and `end_value` (a floor)",
            ),
            (
                "`lrdecay_lit.exponential_decay(lr, steps, T, r, staircase)` or "
                '`Schedule("exponential_decay", ...)`',
                "vectorised over steps",
            ),
        ],
    ),
    "natural_exp_decay": (
        "natural_exp_decay",
        _LR_T_K,
        [
            (
                "`tf.compat.v1.train.natural_exp_decay(lr, global_step, T, k, staircase)`",
                "the original",
            ),
            (
                "`keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=lr, "
                "decay_steps=T, decay_rate=math.exp(-k), staircase=...)`",
                "`exponential_decay` with base `exp(-k)`",
            ),
            (
                "smooth: `ExponentialLR(optimizer, gamma=math.exp(-k / T))`; staircase: "
                "`StepLR(optimizer, step_size=T, gamma=math.exp(-k))`",
                "call `scheduler.step()` once per training step",
            ),
            (
                "`optax.exponential_decay(init_value=lr, transition_steps=T, "
                "decay_rate=math.exp(-k), staircase=...)`",
                "",
            ),
            (
                "`lrdecay_lit.natural_exp_decay(lr, steps, T, k, staircase)` or "
                '`Schedule("natural_exp_decay", ...)`',
                "vectorised over steps",
            ),
        ],
    ),
    "inverse_time_decay": (
        "inverse_time_decay",
        _LR_T_K,
        [
            (
                "`tf.compat.v1.train.inverse_time_decay(lr, global_step, T, k, staircase)`",
                "the original",
            ),
            (
                "`keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=lr, "
                "decay_steps=T, decay_rate=k, staircase=...)`",
                "same arguments, same formula",
            ),
            (
                "`LambdaLR(optimizer, lambda t: 1 / (1 + k * t / T))` with the optimizer's `lr`",
                "no built-in; `t // T` for the staircase; call `scheduler.step()` once per "
                "training step",
            ),
            (
                "`lambda t: lr / (1 + k * t / T)`",
                "no built-in; any function of the step is a schedule (`jnp.floor(t / T)` for "
                "the staircase)",
            ),
            (
                "`lrdecay_lit.inverse_time_decay(lr, steps, T, k, staircase)` or "
                '`Schedule("inverse_time_decay", ...)`',
                "vectorised over steps",
            ),
        ],
    ),
    "piecewise_constant": (
        "piecewise_constant",
        "`boundaries` = b, `values` = v",
        [
            (
                "`tf.compat.v1.train.piecewise_constant(global_step, boundaries, values)`",
                "the original; the new value starts at step `b[i] + 1`",
            ),
            (
                "`keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, values)`",
                "same convention as TF",
            ),
            (
                "`MultiStepLR(optimizer, milestones=[b + 1 for b in boundaries], gamma)`",
                "only for geometric values (`v[i + 1] = gamma * v[i]`); otherwise `LambdaLR`",
            ),
            (
                "`optax.piecewise_constant_schedule(v[0], {b + 1: v_next / v_prev, ...})`",
                "multiplicative scales; switches at `count >= boundary`",
            ),
            (
                "`lrdecay_lit.piecewise_constant(steps, boundaries, values)` or "
                '`Schedule("piecewise_constant", ...)`',
                "vectorised over steps; checks order and length",
            ),
        ],
    ),
    "polynomial_decay": (
        "polynomial_decay",
        "`lr` = `learning_rate`, `T` = `decay_steps`, `end` = `end_learning_rate`, `q` = `power`",
        [
            (
                "`tf.compat.v1.train.polynomial_decay(lr, global_step, T, end, q, cycle)`",
                "the original",
            ),
            (
                "`keras.optimizers.schedules.PolynomialDecay(initial_learning_rate=lr, "
                "decay_steps=T, end_learning_rate=end, power=q, cycle=...)`",
                "same arguments, same formula, same cycle",
            ),
            (
                "`PolynomialLR(optimizer, total_iters=T, power=q)`",
                "decays to 0 (no `end`), no cycle; otherwise `LambdaLR` with the formula",
            ),
            (
                "`optax.polynomial_schedule(init_value=lr, end_value=end, power=q, "
                "transition_steps=T)`",
                "no cycle; `optax.linear_schedule` for `q = 1`",
            ),
            (
                "`lrdecay_lit.polynomial_decay(lr, steps, T, end, q, cycle)` or "
                '`Schedule("polynomial_decay", ...)`',
                "vectorised over steps",
            ),
        ],
    ),
    "cosine_decay": (
        "cosine_decay",
        _LR_T,
        [
            ("`tf.compat.v1.train.cosine_decay(lr, global_step, T, alpha)`", "the original"),
            (
                "`keras.optimizers.schedules.CosineDecay(initial_learning_rate=lr, "
                "decay_steps=T, alpha=alpha)`",
                "same formula; optional linear warmup (`warmup_target`, `warmup_steps`)",
            ),
            (
                "`CosineAnnealingLR(optimizer, T_max=T, eta_min=alpha * lr)`",
                "after `T_max` it does **not** hold the floor: it climbs back up (a cosine of "
                "period 2T)",
            ),
            (
                "`optax.cosine_decay_schedule(init_value=lr, decay_steps=T, alpha=alpha)`",
                "also has `exponent` (a power of the cosine part)",
            ),
            (
                "`lrdecay_lit.cosine_decay(lr, steps, T, alpha)` or "
                '`Schedule("cosine_decay", ...)`',
                "vectorised over steps",
            ),
        ],
    ),
    "cosine_decay_restarts": (
        "cosine_decay_restarts",
        "`lr` = `learning_rate`, `T0` = `first_decay_steps`",
        [
            (
                "`tf.compat.v1.train.cosine_decay_restarts(lr, global_step, T0, t_mul, m_mul, "
                "alpha)`",
                "the original",
            ),
            (
                "`keras.optimizers.schedules.CosineDecayRestarts(initial_learning_rate=lr, "
                "first_decay_steps=T0, t_mul=t_mul, m_mul=m_mul, alpha=alpha)`",
                "same arithmetic (and the same rounding at restarts)",
            ),
            (
                "`CosineAnnealingWarmRestarts(optimizer, T_0=T0, T_mult=t_mul, "
                "eta_min=alpha * lr)`",
                "`T_mult` must be a whole number >= 1; no `m_mul` (every peak is the "
                "optimizer's `lr`)",
            ),
            (
                "`optax.sgdr_schedule([...])`",
                "one dict of `warmup_cosine_decay_schedule` arguments per period (peak "
                "`lr * ((1 - alpha) * m_mul**i + alpha)`, `decay_steps` `T0 * t_mul**i`, "
                "`warmup_steps=0`)",
            ),
            (
                "`lrdecay_lit.cosine_decay_restarts(lr, steps, T0, t_mul, m_mul, alpha)` or "
                '`Schedule("cosine_decay_restarts", ...)`',
                "vectorised; restarts exactly",
            ),
        ],
    ),
    "linear_cosine_decay": (
        "linear_cosine_decay",
        _LR_T,
        [
            (
                "`tf.compat.v1.train.linear_cosine_decay(lr, global_step, T, num_periods, "
                "alpha, beta)`",
                "the original",
            ),
            (
                "none (Keras 2 in TF 2 had `tf.keras.experimental.LinearCosineDecay`)",
                "removed in Keras 3: write a `LearningRateSchedule` subclass, or use "
                "`KerasSchedule` from `lrdecay_lit.adapters.keras`",
            ),
            (
                "`LambdaLR(optimizer, lambda s: lrdecay_lit.linear_cosine_decay(1.0, s, T, ...))`",
                "no built-in; the optimizer's `lr` is `learning_rate`",
            ),
            ("any function of the step: `lambda s: ...` with `jnp` operations", "no built-in"),
            (
                "`lrdecay_lit.linear_cosine_decay(lr, steps, T, num_periods, alpha, beta)`",
                "vectorised over steps",
            ),
        ],
    ),
    "noisy_linear_cosine_decay": (
        "linear_cosine_decay",
        _LR_T,
        [
            (
                "`tf.compat.v1.train.noisy_linear_cosine_decay(lr, global_step, T, "
                "initial_variance, variance_decay, num_periods, alpha, beta)`",
                "the original; the noise cannot be seeded",
            ),
            (
                "none (Keras 2 in TF 2 had `tf.keras.experimental.NoisyLinearCosineDecay`)",
                "removed in Keras 3",
            ),
            (
                "`LambdaLR` with `lrdecay_lit.noisy_linear_cosine_decay(1.0, s, T, ..., seed=0)`",
                "no built-in",
            ),
            ("any function of the step", "no built-in"),
            (
                "`lrdecay_lit.noisy_linear_cosine_decay(lr, steps, T, ..., seed=0)`",
                "vectorised; takes a `seed`",
            ),
        ],
    ),
    "fixed": (
        "dispatcher",
        "`lr` = `learning_rate`",
        [
            (
                "`tf.constant(lr)` (TF-slim's `--learning_rate_decay_type=fixed`)",
                "not a schedule function in TF1",
            ),
            ("a plain float: `SGD(learning_rate=lr)`", ""),
            ("no scheduler", ""),
            ("`optax.constant_schedule(lr)`, or a plain float", ""),
            (
                '`lrdecay_lit.fixed(lr, steps)` or `Schedule("fixed", learning_rate=lr)`',
                "the shape of the steps",
            ),
        ],
    ),
}

EQUIVALENTS: dict[str, Equivalent] = {
    name: Equivalent(
        name,
        chapter,
        symbols,
        tuple((lib, call, notes) for lib, (call, notes) in zip(LIBRARIES, rows, strict=True)),
    )
    for name, (chapter, symbols, rows) in _DATA.items()
}
"""Every schedule of :data:`~lrdecay_lit.specs.SCHEDULE_NAMES`, in that order."""

if tuple(EQUIVALENTS) != tuple(SCHEDULE_NAMES):  # pragma: no cover - caught by the tests
    EQUIVALENTS = {n: EQUIVALENTS[n] for n in SCHEDULE_NAMES}

_COMPOSITES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "warmup": (
        "training_loop",
        "`W` = `warmup_steps`",
        [
            ("none", "write the ramp by hand before the schedule"),
            (
                "`keras.optimizers.schedules.CosineDecay(..., warmup_target=lr, warmup_steps=W)`",
                "cosine only; the warmup comes *before* `decay_steps`",
            ),
            (
                "`SequentialLR(optimizer, [LinearLR(optimizer, ...), scheduler], milestones=[W])`",
                "any scheduler after the ramp",
            ),
            (
                "`optax.warmup_cosine_decay_schedule(init_value, peak_value, W, decay_steps)`",
                "cosine only; the warmup is *inside* `decay_steps`",
            ),
            (
                '`lrdecay_lit.warmup(schedule, W, kind=...)`, `kind` = `"linear"` or `"cosine"`',
                "any schedule after the ramp, which comes before it (Keras' convention)",
            ),
        ],
    ),
    "join": (
        "training_loop",
        "`B` = the boundaries",
        [
            ("none", "`piecewise_constant` joins constants only"),
            ("none", "write a `LearningRateSchedule` subclass"),
            (
                "`SequentialLR(optimizer, schedulers, milestones=B)`",
                "each scheduler restarts its count at its milestone",
            ),
            (
                "`optax.join_schedules(schedules, boundaries=B)`",
                "each schedule gets the step counted from its boundary",
            ),
            (
                "`lrdecay_lit.join(schedules, boundaries=B)`",
                "as optax: a boundary step belongs to the later schedule",
            ),
        ],
    ),
}

COMPOSITES: dict[str, Equivalent] = {
    name: Equivalent(
        name,
        chapter,
        symbols,
        tuple((lib, call, notes) for lib, (call, notes) in zip(LIBRARIES, rows, strict=True)),
    )
    for name, (chapter, symbols, rows) in _COMPOSITES.items()
}
"""The composites of :mod:`lrdecay_lit.composites` (``warmup``, ``join``), as for the schedules."""


def equivalents_table(name: str) -> Table:
    """The ``library | call | notes`` table of schedule ``name``.

    Example:
        >>> print(equivalents_table("fixed")._repr_markdown_().splitlines()[4])
        | PyTorch | no scheduler |  |
    """
    if name not in EQUIVALENTS:
        raise ValueError(
            f"Argument `name` must be one of {', '.join(EQUIVALENTS)}. Received: name={name!r}"
        )
    return Table(["library", "call", "notes"], [list(r) for r in EQUIVALENTS[name].rows])


def overview_table(library: str, names: Iterable[str] | None = None) -> Table:
    """Several schedules (or composites) in one library: ``TF1 | <library> | notes``, a row each.

    The chapters' Summary tables show one schedule in every library; this shows one library
    for many schedules (comparison's Summary, training_loop's TF1 -> frameworks tables): a
    table per library stays readable where one column per library would not fit a page.

    Args:
        library: an entry of :data:`LIBRARIES` (``"Keras 3"``, ``"PyTorch"``, ``"optax"``, ...).
        names: keys of :data:`EQUIVALENTS` or :data:`COMPOSITES` (default: every schedule).

    Example:
        >>> table = overview_table("optax", ["fixed", "join"])
        >>> table.rows[1][:2]
        ['`join`', '`optax.join_schedules(schedules, boundaries=B)`']
    """
    known = {**EQUIVALENTS, **COMPOSITES}
    chosen = list(EQUIVALENTS) if names is None else list(names)
    for name in chosen:
        if name not in known:
            raise ValueError(
                f"Argument `names` must hold names of {', '.join(known)}. Received: {name!r}"
            )
    if library not in LIBRARIES:
        raise ValueError(
            f"Argument `library` must be one of {', '.join(LIBRARIES)}. Received: {library!r}"
        )
    return Table(
        ["TF1", library, "notes"], [[f"`{n}`", *known[n].row(library)[1:]] for n in chosen]
    )
