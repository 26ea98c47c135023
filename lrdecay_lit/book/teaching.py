"""The classroom plan: learning objectives, the lecture sequence, class vs homework exercises.

One place for what the teaching guide (``book/teaching``) states and the lecture slides
(``tools/make_slides.py``) follow. The lectures come from the book's table of contents: one
lecture per toc part whose chapters are schedules (:func:`lectures`); a chapter's exercises
come from :mod:`lrdecay_lit.book.exercises`; the time estimate is computed from the chapter's text
(:func:`reading_minutes`).

Example:
    >>> [e.split(".")[0] for e in CLASS_EXERCISES][:2]
    ['exponential_decay', 'exponential_decay']
    >>> exercise_minutes(4)
    40
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "OBJECTIVES",
    "CLASS_EXERCISES",
    "HOMEWORK_EXERCISES",
    "Lecture",
    "toc_parts",
    "lectures",
    "reading_minutes",
    "exercise_minutes",
    "WORDS_PER_MINUTE",
    "MINUTES_PER_EXERCISE",
]

WORDS_PER_MINUTE = 120  # careful reading of a technical text with formulas
MINUTES_PER_EXERCISE = 10

OBJECTIVES: dict[str, str] = {
    "exponential_decay": "read `decay_steps` as a time scale, not an update interval; compute a "
    "half-life and a budget (geometric series); tell staircase from smooth.",
    "natural_exp_decay": "show that natural_exp_decay is exponential_decay with base e^-k and "
    "convert between k and decay_rate.",
    "inverse_time_decay": "contrast hyperbolic with exponential decay: slowing halvings, a "
    "budget that grows without bound, the first-order match of the two.",
    "piecewise_constant": "state TF's boundary convention (x <= b) and translate boundaries "
    "between TF, PyTorch and optax without an off-by-one.",
    "polynomial_decay": "compute the cycle=True horizon and its restarts, and check the article's "
    "claim that the rises get smaller.",
    "cosine_decay": "use the clip at decay_steps and the alpha floor; find the steepest slope and "
    "compare the budget with a linear decay.",
    "cosine_decay_restarts": "locate SGDR's restarts for any t_mul, the peaks scaled by m_mul, "
    "and why alpha's floor is not scaled.",
    "linear_cosine_decay": "show that linear_cosine_decay is not cosine_decay; find its floor, "
    "its bumps and the noisy variant's mean and spread.",
    "dispatcher": "turn TF-slim's `_configure_learning_rate` into decay_steps from epochs, batch "
    "size and replicas, and spot its Python 3 division change.",
    "training_loop": "put a schedule into a Keras, PyTorch or optax loop with warmup, with the "
    "frameworks' different step conventions.",
    "training_dynamics": "relate a schedule's shape to a real training run's loss curve.",
    "comparison": "compare schedules at equal budgets and choose one for a given run length.",
    "errata": "check an article's figures against exact semantics and name each error.",
    "quick_reference": "find any schedule's formula, parameters and TF signature at a glance.",
}
"""Chapter (file stem) → what a student can do after it. Chapters the toc does not list
are not shown."""

# Short numeric checks, one formula or one line of code: five to ten minutes in class.
CLASS_EXERCISES: tuple[str, ...] = (
    "exponential_decay.per_step_factor",
    "exponential_decay.constant_between_decay_steps",
    "natural_exp_decay.rate_from_k",
    "natural_exp_decay.staircase_value",
    "inverse_time_decay.exp_halving",
    "piecewise_constant.value_at_30",
    "polynomial_decay.value_at_21_B",
    "cosine_decay.alpha_for_floor",
    "cosine_decay_restarts.peak_5",
    "linear_cosine_decay.start_value",
    "dispatcher.cifar_decay_steps",
    "training_loop.peak_step",
    "comparison.natural_exp_rate",
)

# Derivations with sympy, budgets, framework translations: homework or a lab.
HOMEWORK_EXERCISES: tuple[str, ...] = (
    "exponential_decay.relative_rate",
    "exponential_decay.budget_A",
    "natural_exp_decay.half_life_formula",
    "inverse_time_decay.budget_crossing",
    "piecewise_constant.optax_boundaries",
    "polynomial_decay.third_peak",
    "cosine_decay.slope_ratio",
    "cosine_decay_restarts.horizon",
    "linear_cosine_decay.noisy_std_10",
    "dispatcher.imagenet_replicas_8_floor",
    "training_loop.wrong_order_first_lr",
    "comparison.cosine_linear_budget_ratio",
    "errata.third_rise",
)


@dataclass(frozen=True)
class Lecture:
    """One 90-minute lecture: a toc part's schedule chapters."""

    number: int
    title: str
    chapters: tuple[str, ...]

    @property
    def slug(self) -> str:
        return f"lecture-{self.number}"


def toc_parts(toc: str | Path) -> list[tuple[str, list[str]]]:
    """``(caption, [chapter file, ...])`` for each part of a jupyter-book ``_toc.yml``."""
    import yaml

    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    return [
        (part.get("caption", ""), [c["file"] for c in part.get("chapters", []) if "file" in c])
        for part in data.get("parts", [])
    ]


def lectures(toc: str | Path) -> list[Lecture]:
    """One lecture per toc part whose chapters include schedules, in toc order.

    Example:
        >>> from pathlib import Path
        >>> toc = Path(__file__).resolve().parents[2] / "_toc.yml"
        >>> [lec.chapters[0] for lec in lectures(toc)] if toc.is_file() else []
        ['exponential_decay', 'piecewise_constant', 'cosine_decay']
    """
    from lrdecay_lit.specs import SCHEDULE_NAMES

    out: list[Lecture] = []
    for caption, files in toc_parts(toc):
        schedules = tuple(Path(f).name for f in files if Path(f).name in SCHEDULE_NAMES)
        if schedules:
            out.append(Lecture(len(out) + 1, caption, schedules))
    return out


def reading_minutes(notebook: str | Path) -> int:
    r"""Minutes to read a chapter's prose: its markdown words / :data:`WORDS_PER_MINUTE`,
    rounded up to 5 minutes. Gated solutions (``{solution-start}`` to ``{solution-end}``)
    are not counted, so both editions of the book give the same time.

    Example:
        >>> import json, tempfile
        >>> solution = "````{solution-start} x\n````\n" + "secret " * 900 + "\n````{solution-end}"
        >>> cells = [{"cell_type": "markdown", "source": "word " * 700},
        ...          {"cell_type": "markdown", "source": solution}]
        >>> with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as f:
        ...     json.dump({"cells": cells}, f)
        >>> reading_minutes(f.name)  # 700 words at 120 a minute, rounded up to 5
        10
    """
    path = Path(notebook)
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c.get("cell_type") == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    text = _SOLUTION.sub("", text)
    words = len(re.findall(r"[A-Za-z0-9_]+", text))
    minutes = -(-words // WORDS_PER_MINUTE)
    return max(5, -(-minutes // 5) * 5)


_SOLUTION = re.compile(
    r"^[^\n]*\{solution-start\}.*?^[^\n]*\{solution-end\}[^\n]*$", re.DOTALL | re.MULTILINE
)


def exercise_minutes(n_exercises: int) -> int:
    """Minutes for a chapter's exercises at :data:`MINUTES_PER_EXERCISE` each."""
    return n_exercises * MINUTES_PER_EXERCISE
