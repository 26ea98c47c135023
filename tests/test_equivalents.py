"""lrdecay_lit.book.equivalents: one entry per schedule, every library, chapters that exist."""

from pathlib import Path

import pytest

from lrdecay_lit.book.equivalents import (
    COMPOSITES,
    EQUIVALENTS,
    LIBRARIES,
    equivalents_table,
    overview_table,
)
from lrdecay_lit.specs import SCHEDULE_NAMES

BOOK = Path(__file__).resolve().parent.parent / "book"


def test_every_schedule_has_every_library_in_order():
    assert tuple(EQUIVALENTS) == tuple(SCHEDULE_NAMES)
    for name, eq in EQUIVALENTS.items():
        assert eq.name == name
        assert tuple(r[0] for r in eq.rows) == LIBRARIES
        assert all(r[1] for r in eq.rows), name  # a call (or "none ...") for every library
        assert (BOOK / f"{eq.chapter}.ipynb").is_file(), eq.chapter


def test_tf1_row_names_the_schedule_and_cells_have_no_tex():
    for name, eq in EQUIVALENTS.items():
        tf1 = eq.row("TensorFlow 1")[1]
        if name != "fixed":
            assert f"tf.compat.v1.train.{name}(" in tf1
        for row in eq.rows:
            assert "$" not in "".join(row), (name, row)  # Markdown outputs are not typeset


def test_table_and_errors():
    table = equivalents_table("cosine_decay")
    assert list(table.header) == ["library", "call", "notes"]
    assert "CosineAnnealingLR" in table._repr_markdown_()
    with pytest.raises(ValueError, match="Argument `name`"):
        equivalents_table("cosine")
    with pytest.raises(ValueError, match="Argument `library`"):
        EQUIVALENTS["fixed"].row("jax")


def test_composites_have_every_library_and_a_chapter():
    assert set(COMPOSITES) == {"warmup", "join"}
    for name, eq in COMPOSITES.items():
        assert eq.name == name and tuple(r[0] for r in eq.rows) == LIBRARIES
        assert f"lrdecay_lit.{name}(" in eq.row("lrdecay_lit")[1]
        assert (BOOK / f"{eq.chapter}.ipynb").is_file(), eq.chapter


def test_overview_table_one_row_per_name_in_one_library():
    table = overview_table("Keras 3")
    assert list(table.header) == ["TF1", "Keras 3", "notes"]
    assert [row[0] for row in table.rows] == [f"`{n}`" for n in SCHEDULE_NAMES]
    assert table.rows[0][1:] == list(EQUIVALENTS[SCHEDULE_NAMES[0]].row("Keras 3")[1:])
    _, call, note = COMPOSITES["join"].row("optax")
    assert overview_table("optax", ["join"]).rows == [["`join`", call, note]]
    with pytest.raises(ValueError, match="Argument `names`"):
        overview_table("optax", ["cosine"])
    with pytest.raises(ValueError, match="Argument `library`"):
        overview_table("jax")
