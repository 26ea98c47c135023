"""lrdecay_lit.book.teaching: the lecture plan follows the toc, the named exercises exist."""

from __future__ import annotations

import json
from pathlib import Path

from lrdecay_lit.book.exercises import exercise_ids
from lrdecay_lit.book.teaching import (
    CLASS_EXERCISES,
    HOMEWORK_EXERCISES,
    OBJECTIVES,
    exercise_minutes,
    lectures,
    reading_minutes,
    toc_parts,
)

ROOT = Path(__file__).resolve().parent.parent


def test_named_exercises_exist_and_are_either_class_or_homework() -> None:
    for ex_id in CLASS_EXERCISES + HOMEWORK_EXERCISES:
        assert ex_id in exercise_ids(ex_id.split(".")[0]), ex_id
    assert not set(CLASS_EXERCISES) & set(HOMEWORK_EXERCISES)


def test_every_toc_chapter_with_exercises_has_an_objective() -> None:
    for _, files in toc_parts(ROOT / "_toc.yml"):
        for f in files:
            name = Path(f).name
            try:
                exercise_ids(name)
            except KeyError:
                continue
            assert name in OBJECTIVES, name


def test_lectures_follow_the_toc_parts_of_schedules(tmp_path: Path) -> None:
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n"
        "  - caption: Start\n    chapters:\n      - file: book/quick_reference\n"
        "  - caption: Cosines\n    chapters:\n      - file: book/cosine_decay\n"
        "      - file: book/linear_cosine_decay\n"
        "  - caption: Steps\n    chapters:\n      - file: book/piecewise_constant\n"
    )
    got = [(lec.number, lec.title, lec.chapters, lec.slug) for lec in lectures(toc)]
    assert got == [
        (1, "Cosines", ("cosine_decay", "linear_cosine_decay"), "lecture-1"),
        (2, "Steps", ("piecewise_constant",), "lecture-2"),
    ]
    assert len(lectures(ROOT / "_toc.yml")) >= 3


def test_reading_minutes_counts_prose_without_solutions(tmp_path: Path) -> None:
    def nb(*sources: str) -> Path:
        path = tmp_path / f"n{len(list(tmp_path.iterdir()))}.ipynb"
        cells = [{"cell_type": "markdown", "source": s} for s in sources]
        cells.append({"cell_type": "code", "source": "word " * 5000})  # code is not prose
        path.write_text(json.dumps({"cells": cells}))
        return path

    assert reading_minutes(nb("word " * 10)) == 5  # at least 5
    assert reading_minutes(nb("word " * 1201)) == 15  # 11 minutes, rounded up to 15
    hidden = ":::{solution-start} x\n:::\n" + "secret " * 5000 + "\n:::{solution-end}\n:::"
    assert reading_minutes(nb("word " * 1201, hidden, "after")) == 15
    assert exercise_minutes(3) == 30
