"""Tests of lrdecay_lit.curves."""

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit import symbolic as S
from lrdecay_lit.curves import first_step_at_or_below


def test_first_step_agrees_with_the_symbolic_half_life_of_the_staircase():
    ex = lr.example("B.exponential.staircase")
    values = ex.values()
    first = first_step_at_or_below(values, values[0] / 2)
    assert values[first] <= values[0] / 2 < values[first - 1]
    reach = S.step_to_reach("exponential_decay", S.exact(values[0] / 2), staircase=True)
    assert first == int(reach.first_step.subs(S.substitutions(ex)))


def test_never_and_at_once_and_shape():
    assert first_step_at_or_below(np.array([3.0, 2.0]), 1.0) is None
    assert first_step_at_or_below([0.1, 0.2], 0.5) == 0
    with pytest.raises(ValueError, match="1-d"):
        first_step_at_or_below(np.ones((2, 2)), 0.5)
