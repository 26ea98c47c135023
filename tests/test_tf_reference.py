"""Tests of lrdecay_lit.book.tf_reference (the golden file's accessor)."""

import json
from pathlib import Path

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit.book import tf_reference as ref


def test_the_file_is_package_data_with_cases_and_observations():
    data = ref.load()
    assert ref.PATH.parent.name == "data" and ref.PATH.parent.parent.name == "book"
    assert data["tensorflow"] and data["cases"] and data["observations"]


def test_the_package_file_is_the_books_extract_of_the_golden_file():
    golden = json.loads((Path(__file__).parent / "data" / "tf1_values.json").read_text())
    assert ref.PATH.read_text() == ref.dumps(ref.book_extract(golden))
    assert len(ref.load()["cases"]) == len(golden["cases"])  # every case, some without values
    random = ref.case("random/cosine_decay_restarts/01")
    assert "steps" not in random and random["params"] and "deviations" in random
    with pytest.raises(KeyError, match="tests/test_golden.py only"):
        ref.values("random/cosine_decay_restarts/01")


def test_case_values_and_filters():
    steps, tf64 = ref.values("article/B.cosine")
    _, tf32 = ref.values("article/B.cosine", "float32")
    c = ref.case("article/B.cosine")
    np.testing.assert_allclose(lr.Schedule(c["schedule"], **c["params"])(steps), tf64, rtol=1e-12)
    np.testing.assert_allclose(tf32, tf64, atol=1e-7)
    restarts = ref.cases(schedule="cosine_decay_restarts")
    assert restarts and all(c["schedule"] == "cosine_decay_restarts" for c in restarts)


def test_copies_and_errors():
    ref.load()["cases"].clear()
    ref.case("article/B.cosine")["steps"].clear()
    assert ref.load()["cases"] and ref.case("article/B.cosine")["steps"]
    with pytest.raises(KeyError, match="no/such"):
        ref.case("no/such")
    with pytest.raises(ValueError, match="dtype"):
        ref.values("article/B.cosine", "float16")


def test_observations_replay_and_outcome():
    piecewise = ref.observations("piecewise_constant")
    assert piecewise and all(o["call"].startswith("piecewise_constant(") for o in piecewise)
    assert len(ref.observations()) >= len(piecewise)
    vector_x = next(o for o in piecewise if "vector x" in o["call"])
    np.testing.assert_array_equal(ref.replay(vector_x), [1.0, 2.0])  # parsed from the call
    assert ref.outcome(vector_x) == "1, 2"
    unsorted = piecewise[0]
    assert "ours" in unsorted
    with pytest.raises(ValueError, match="strictly increasing"):
        ref.replay(unsorted)
    assert ref.outcome(unsorted).startswith("ValueError: Argument `boundaries`")
    tf_only = next(o for o in ref.observations() if "tf.constant" in o["call"])
    with pytest.raises(LookupError, match="No lrdecay_lit equivalent"):
        ref.outcome(tf_only)
