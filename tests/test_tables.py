"""Tests of lrdecay_lit.book.tables."""

import numpy as np

import lrdecay_lit as lr
from lrdecay_lit.book.tables import value_table


def test_table_values_come_from_the_curves():
    t = np.arange(60)
    curves = {
        "smooth": lr.exponential_decay(0.6, t, 10, 0.6),
        "stairs": lr.exponential_decay(0.6, t, 10, 0.6, staircase=True),
    }
    table = value_table(curves, [0, 15, 59], digits=8)
    np.testing.assert_allclose(table.column("smooth"), curves["smooth"][[0, 15, 59]], rtol=1e-8)
    md = table._repr_markdown_()
    assert md.splitlines()[0] == "| step | `smooth` | `stairs` |"
    assert len(md.splitlines()) == 5
    text = repr(table).splitlines()
    assert text[0].split() == ["step", "smooth", "stairs"] and len(text) == 4
    assert f"{curves['stairs'][15]:.8g}" in text[2]


def test_table_markdown_and_text():
    from lrdecay_lit.book.tables import Table

    table = Table(["name", "n"], [["`a`", 1], ["bbb", 22]], align=["left", "right"])
    assert table._repr_markdown_().splitlines() == [
        "| name | n |",
        "|---|---:|",
        "| `a` | 1 |",
        "| bbb | 22 |",
    ]
    assert repr(table).splitlines() == ["name   n", "a      1", "bbb   22"]


def test_table_rejects_ragged_rows_and_bad_alignment():
    import pytest

    from lrdecay_lit.book.tables import Table

    with pytest.raises(ValueError, match="2 cells"):
        Table(["a", "b"], [[1]])
    with pytest.raises(ValueError, match="align"):
        Table(["a"], [[1]], align="centre")


def test_value_table_is_shown_through_a_table():
    from lrdecay_lit.book.tables import Table

    table = value_table({"x": np.array([0.5, 0.25])}, [0, 1])
    assert isinstance(table.table(), Table)
    assert repr(table) == repr(table.table())
    assert table._repr_markdown_() == table.table()._repr_markdown_()


def test_shorten_keeps_short_text_and_cuts_long_text():
    import pytest

    from lrdecay_lit.book.tables import shorten

    assert shorten("short", 10) == "short"
    assert shorten("first line\nsecond", 20) == "first line"
    assert shorten("x" * 30, 10) == "x" * 9 + "…" and len(shorten("x" * 30, 10)) == 10
    assert shorten("", 5) == ""
    with pytest.raises(ValueError, match="width"):
        shorten("text", 0)


# ---- format_params / example_table: what readers see in the chapters' example tables ----------


def test_format_params_has_no_dict_repr_and_no_fractions():
    from fractions import Fraction

    import sympy as sp

    from lrdecay_lit.book.tables import format_params

    text = format_params(
        {
            "learning_rate": sp.Rational(3, 50),
            "decay_steps": 10,
            "alpha": Fraction(1, 8),
            "cycle": False,
            "boundaries": [10, 20],
        },
        code=False,
    )
    assert (
        text == "learning_rate=0.06, decay_steps=10, alpha=0.125, cycle=False, boundaries=[10, 20]"
    )
    assert "{" not in text and "/" not in text


def test_example_table_lists_every_example_of_a_schedule():
    import lrdecay_lit as lr
    from lrdecay_lit.book.tables import example_table

    examples = [e for e in lr.ARTICLE_EXAMPLES if e.schedule == "polynomial_decay"]
    table = example_table(examples)
    markdown = table._repr_markdown_()
    assert len(table.rows) == len(examples)
    assert "{'" not in markdown and "`end_learning_rate=0.0001`" in markdown
