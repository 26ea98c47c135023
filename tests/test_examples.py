"""Tests of lrdecay_lit.book.examples and lrdecay_lit.specs: the articles' data is complete and
valid."""

from __future__ import annotations

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit.book.examples import ARTICLE_EXAMPLES, example
from lrdecay_lit.specs import NUM_STEPS, SPECS


def test_every_schedule_of_the_articles_has_an_example():
    covered = {e.schedule for e in ARTICLE_EXAMPLES}
    assert covered == set(lr.SCHEDULE_NAMES) - {"fixed"}


def test_keys_unique_and_lookup():
    keys = [e.key for e in ARTICLE_EXAMPLES]
    assert len(keys) == len(set(keys))
    assert example("B.cosine").params["decay_steps"] == 50
    with pytest.raises(KeyError, match="B.cosine"):
        example("nope")


@pytest.mark.parametrize("ex", ARTICLE_EXAMPLES, ids=lambda e: e.key)
def test_examples_evaluate_over_their_steps(ex):
    y = ex.values()
    assert y.shape == (ex.num_steps,) and np.all(np.isfinite(y))
    assert ex.num_steps == (200 if ex.article == "A" else 60)


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_spec_examples_are_valid_and_inside_ranges(name):
    params = lr.example_params(name)
    lr.Schedule(name, **params)(np.arange(NUM_STEPS[name]))
    for p in SPECS[name]:
        if p.kind in ("float", "int", "seed"):
            assert p.min <= p.example <= p.max, p.name
            assert p.step > 0
        if p.default is not None and p.kind in ("float", "int"):
            assert p.min <= p.default <= p.max, p.name


def test_article_examples_resolves_keys_and_prefixes_only():
    resolved = lr.article_examples("B.exponential", "cosine_decay", lr.example("B.cosine"))
    assert [getattr(e, "key", e) for e in resolved] == [
        "B.exponential.staircase",
        "B.exponential.smooth",
        "cosine_decay",
        "B.cosine",
    ]
    with pytest.raises(ValueError, match="Schedule or example 'B.cos' is unknown"):
        lr.article_examples("B.cos")
