"""lrdecay_lit.equivalents: one entry per schedule, every library, chapters that exist."""

from pathlib import Path

import pytest

from lrdecay_lit.equivalents import EQUIVALENTS, LIBRARIES, equivalents_table
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
