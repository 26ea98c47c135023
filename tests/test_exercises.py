"""Tests of lrdecay_lit.exercises: the checker, and every chapter's answers evaluate."""

from __future__ import annotations

import pkgutil

import numpy as np
import pytest

import lrdecay_lit.exercises as ex
from lrdecay_lit.exercises import check, exercise_ids, expected

CHAPTERS = [m.name for m in pkgutil.iter_modules(ex.__path__)]
ALL_IDS = [i for c in CHAPTERS for i in exercise_ids(c)]


def test_numbers_and_tolerance(capsys):
    assert check("_demo.sum", 4.0000001)
    assert not check("_demo.sum", 4.1)
    assert not check("_demo.sum", "four")
    assert "Hint: two and two." in capsys.readouterr().out


def test_unknown_ids():
    with pytest.raises(KeyError, match="no exercises"):
        expected("nochapter.x")
    with pytest.raises(KeyError, match="known"):
        expected("_demo.nope")
    with pytest.raises(KeyError, match="chapter.name"):
        expected("plain")


def test_symbolic_answers():
    import sympy as sp

    x = sp.Symbol("x")
    assert ex._matches("2*x + x", 3 * x, 1e-6)
    assert not ex._matches("x**2", 3 * x, 1e-6)
    assert ex._matches(np.array([1.0, 2.0]), [1.0, 2.0], 1e-6)
    assert not ex._matches(np.array([1.0, 2.0, 3.0]), [1.0, 2.0], 1e-6)
    assert ex._matches(True, True, 1e-6) and not ex._matches(1, True, 1e-6)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_answer_computes_and_checks_itself(exercise_id):
    want = expected(exercise_id)
    assert check(exercise_id, want)
