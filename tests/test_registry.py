"""Tests of lrdecay_lit.registry: the Schedule object and the name → function table."""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

import lrdecay_lit as lr
from lrdecay_lit.registry import FUNCTIONS, Schedule, get_function
from lrdecay_lit.specs import SPECS, example_params


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_schedule_equals_tf_style_call(name):
    params = example_params(name)
    sched = Schedule(name, **params)
    steps = np.arange(0, 120)
    fn = FUNCTIONS[name]
    if name == "piecewise_constant":
        expected = fn(steps, **params)
    else:
        expected = fn(params.pop("learning_rate"), steps, **params)
    np.testing.assert_array_equal(sched(steps), expected)


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_config_round_trip_through_json(name):
    sched = Schedule(name, **example_params(name))
    config = json.loads(json.dumps(sched.get_config()))
    again = Schedule.from_config(config)
    assert again == sched
    np.testing.assert_array_equal(again(np.arange(50)), sched(np.arange(50)))


def test_defaults_are_tf_defaults():
    s = Schedule("polynomial_decay", learning_rate=0.1, decay_steps=10)
    assert s.params == {
        "learning_rate": 0.1,
        "decay_steps": 10,
        "end_learning_rate": 0.0001,
        "power": 1.0,
        "cycle": False,
    }
    s = Schedule("cosine_decay_restarts", learning_rate=0.1, first_decay_steps=10)
    assert (s.params["t_mul"], s.params["m_mul"], s.params["alpha"]) == (2.0, 1.0, 0.0)


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_spec_matches_function_signature(name):
    sig = inspect.signature(get_function(name)).parameters
    names = [p.name for p in SPECS[name]]
    expected = [n for n in sig if n not in ("global_step", "x", "name")]
    assert names == expected
    for p in SPECS[name]:
        default = sig[p.name].default
        assert p.default == (None if default is inspect.Parameter.empty else default), p.name


def test_construction_validates():
    with pytest.raises(ValueError, match="decay_steps.*> 0"):
        Schedule("exponential_decay", learning_rate=0.1, decay_steps=0, decay_rate=0.9)
    with pytest.raises(TypeError, match="missing.*decay_rate"):
        Schedule("exponential_decay", learning_rate=0.1, decay_steps=10)
    with pytest.raises(TypeError, match="unknown.*gamma"):
        Schedule("exponential_decay", learning_rate=0.1, decay_steps=10, decay_rate=0.9, gamma=1)
    with pytest.raises(ValueError, match="name.*exponential_decay"):
        Schedule("expo", learning_rate=0.1)


def test_replace_and_repr():
    s = Schedule("cosine_decay", learning_rate=0.3, decay_steps=50)
    t = s.replace(alpha=0.5)
    assert t.params["alpha"] == 0.5 and s.params["alpha"] == 0.0
    assert "cosine_decay" in repr(t) and "alpha=0.5" in repr(t)
    assert s != t


@pytest.mark.parametrize("name", lr.SCHEDULE_NAMES)
def test_expr_substituted_evaluates_to_the_schedule(name):
    import sympy as sp

    from lrdecay_lit import symbolic as S

    sched = Schedule(name, **example_params(name))
    expr = sched.expr(substitute=True)
    extra = {S.symbol("eps"): 0} if name == "noisy_linear_cosine_decay" else {}
    assert expr.free_symbols - {S.t, *extra} == set()
    if name == "noisy_linear_cosine_decay":  # with eps = 0 it is the expected curve
        sched = Schedule(
            "linear_cosine_decay",
            **{
                k: v
                for k, v in sched.params.items()
                if k in ("learning_rate", "decay_steps", "num_periods", "alpha", "beta")
            },
        )
    for step in (0, 7, 10, 25, 48, 59):
        value = float(expr.subs({S.t: step, **extra}).evalf(30))
        assert value == pytest.approx(float(sched(step)), rel=1e-12), step
    assert isinstance(sched.expr(), sp.Expr)


def test_expr_sgdr_with_t_mul_one_uses_the_arithmetic_branch():
    from lrdecay_lit import symbolic as S

    sched = Schedule("cosine_decay_restarts", learning_rate=1.0, first_decay_steps=10, t_mul=1.0)
    expr = sched.expr()
    assert S.symbol("t_mul") not in expr.free_symbols


# --------------------------------------------------------------------------- the object model


def test_every_schedule_object_is_a_node_and_rebuilds_from_its_config():
    from lrdecay_lit.composites import Constant, Warmup
    from lrdecay_lit.registry import Node

    s = Schedule("cosine_decay", learning_rate=0.3, decay_steps=50)
    w = lr.warmup(lr.join([s, 0.01], [40]), 5)
    for node in (s, lr.constant(0.2), w):
        assert isinstance(node, Node)
        again = Node.from_config(json.loads(json.dumps(node.get_config())))
        assert again == node and type(again) is type(node)
    assert not isinstance(lr.constant(0.2), lr.Composite)  # a leaf, like fixed
    assert lr.constant(0.2).tf_call() == ("fixed", {}, {"learning_rate": 0.2})
    assert [type(c) for c in w.children()] == [type(w.schedule)]
    with pytest.raises(ValueError, match="Not a warmup config"):
        Warmup.from_config(s.get_config())
    with pytest.raises(ValueError, match="Not a constant config"):
        Constant.from_config(w.get_config())


def test_expr_has_one_switch_with_two_spellings():
    import sympy as sp

    s = Schedule("exponential_decay", learning_rate=0.5, decay_steps=10, decay_rate=0.9)
    assert s.expr() == s.expr(substitute=False) == s.expr(symbolic=True)
    assert s.expr(substitute=True) == s.expr(symbolic=False)
    assert s.expr(substitute=True).free_symbols == {sp.Symbol("t", nonnegative=True)}
    with pytest.raises(ValueError, match="the same switch"):
        s.expr(substitute=False, symbolic=False)


def test_split_options_is_the_definitions_with_the_lists_as_options():
    pc = Schedule("piecewise_constant", boundaries=[10], values=[0.1, 0.01])
    assert pc.split_options() == ({"boundaries": [10], "values": [0.1, 0.01]}, {})
    assert pc.tf_call() == ("piecewise_constant", {}, {"boundaries": [10], "values": [0.1, 0.01]})
    noisy = Schedule("noisy_linear_cosine_decay", learning_rate=0.1, decay_steps=10, seed=3)
    options, values = noisy.split_options()
    assert options == {} and "seed" not in values and values["learning_rate"] == 0.1


def test_unknown_names_have_one_message():
    from lrdecay_lit.jsgen import js_function
    from lrdecay_lit.registry import check_name

    message = f"Argument `name` must be one of {', '.join(lr.SCHEDULE_NAMES)}. Received: name='x'"
    for call in (lambda: check_name("x"), lambda: get_function("x"), lambda: js_function("x")):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == message
