"""The learning rates that real TensorFlow computed, as the book reads them.

``tools/make_golden_tf.py`` runs TensorFlow (in its own virtualenv) on every article
example, the TF defaults, edge cases and randomised cases, and writes the results, float32
and float64, with the versions it ran (``load()["tensorflow"]``) and what TF did with
invalid arguments (``load()["observations"]``), to the golden file of the tests
(``tests/data/tf1_values.json``, which ``tests/test_golden.py`` compares :mod:`lrdecay_lit`
against). The package ships :func:`book_extract` of it as package data (:data:`PATH`), so a
chapter runs offline from the installed wheel: everything except the per-step values of the
randomised cases, which only the golden tests compare (their parameters and deviations
stay). The book reads it through :func:`case` and :func:`values`, so no chapter opens the
file itself.

Example:
    >>> import lrdecay_lit as lr
    >>> steps, tf64 = values("article/A.exponential")
    >>> bool(abs(lr.exponential_decay(0.5, steps, 10, 0.9) - tf64).max() < 1e-15)
    True
    >>> case("article/A.exponential")["schedule"]
    'exponential_decay'
"""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "PATH",
    "load",
    "case",
    "cases",
    "values",
    "observations",
    "replay",
    "outcome",
    "book_extract",
    "dumps",
]

PATH = Path(__file__).parent / "data" / "tf1_values.json"
"""The book's extract of the golden file (installed with the package as package data)."""

TEST_ONLY_GROUP = "random"
"""Cases of this group keep only their description and deviations in :func:`book_extract`."""

_PER_STEP = ("steps", "tf_float32", "tf_float64", "exact_float64", "f32_unresolved")
_TEST_ONLY_FIELDS = (*_PER_STEP, "api_float32", "api_float64")


@cache
def _load() -> dict[str, Any]:
    return json.loads(PATH.read_text())


def load() -> dict[str, Any]:
    """The whole golden file (a fresh copy: callers may modify it)."""
    return json.loads(json.dumps(_load()))


def cases(**where: Any) -> list[dict[str, Any]]:
    """The cases whose fields equal ``where`` (e.g. ``schedule="cosine_decay"``), in file order."""
    return [
        json.loads(json.dumps(c))
        for c in _load()["cases"]
        if all(c.get(k) == v for k, v in where.items())
    ]


def case(case_id: str) -> dict[str, Any]:
    """One case by its ``id`` (``"article/B.cosine"``, ``"edge/polynomial.cycle.step0"``, ...)."""
    found = cases(id=case_id)
    if not found:
        raise KeyError(f"No case with id {case_id!r} in {PATH.name}")
    return found[0]


def values(case_id: str, dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """``(steps, learning rates)`` TensorFlow computed for a case, in ``dtype``.

    Args:
        case_id: the case's ``id``.
        dtype: ``"float64"`` or ``"float32"`` (the precision TF computed in; the values are
            returned as float64 arrays holding exactly TF's results).
    """
    if dtype not in ("float32", "float64"):
        raise ValueError(f"Argument `dtype` must be 'float32' or 'float64'. Received: {dtype!r}")
    c = case(case_id)
    if "steps" not in c:
        raise KeyError(
            f"Case {case_id!r} keeps no per-step values in the package (its group "
            f"{c['group']!r} is compared by tests/test_golden.py only)"
        )
    return np.array(c["steps"]), np.array(c[f"tf_{dtype}"], dtype=float)


def observations(function: str | None = None) -> list[dict[str, Any]]:
    """What TensorFlow did with unusual or invalid calls, optionally of one ``function`` only.

    Each has the ``call`` (as text, with an optional ``  # comment``), TF's result or error
    ``tf_result`` (text) and, where the call is not plain Python, the same arguments for
    :mod:`lrdecay_lit` as ``ours`` (``schedule``, ``params``, ``steps``).
    """
    return [
        json.loads(json.dumps(o))
        for o in _load()["observations"]
        if function is None or o["call"].startswith(f"{function}(")
    ]


def replay(observation: dict[str, Any]) -> np.ndarray:
    """:mod:`lrdecay_lit` on the arguments of an observation: its values (float64 array).

    Raises what :mod:`lrdecay_lit` raises for these arguments (``ValueError``, ``TypeError``),
    and ``LookupError`` for an observation that has no :mod:`lrdecay_lit` counterpart (a call
    with TF objects, without ``ours``).

    Example:
        >>> replay(observations("piecewise_constant")[-1])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: Argument `values` must have len(boundaries) + 1 = 2 entries. Received: ...
    """
    from lrdecay_lit import registry, schedules

    spec = observation.get("ours")
    if spec is not None:
        result = registry.Schedule(spec["schedule"], **spec["params"])(spec["steps"])
    else:
        try:
            text: str = observation["call"].partition("  #")[0].strip()
            call = ast.parse(text, mode="eval").body
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                raise ValueError(f"not a call of a schedule by its name: {text!r}")
            args = [ast.literal_eval(a) for a in call.args]
            kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg}
            if len(kwargs) < len(call.keywords):
                raise ValueError(f"a **mapping argument is not plain Python: {text!r}")
            function = getattr(schedules, call.func.id)
        except (SyntaxError, ValueError, AttributeError) as err:
            raise LookupError(
                f"No lrdecay_lit equivalent recorded for {observation['call']!r}"
            ) from err
        result = function(*args, **kwargs)
    return np.atleast_1d(np.asarray(result, dtype=float))


def outcome(observation: dict[str, Any]) -> str:
    """:func:`replay` as text: the values (``:g``, comma-separated) or ``"ValueError: ..."``.

    Example:
        >>> [outcome(o) for o in observations("piecewise_constant")][-3:-1]
        ['1, 2', '1']
    """
    try:
        values = replay(observation)
    except (ValueError, TypeError) as err:
        return f"{type(err).__name__}: {err}"
    return ", ".join(f"{v:g}" for v in values)


def book_extract(golden: dict[str, Any]) -> dict[str, Any]:
    """The package's data file made from the golden file ``golden`` (a new dict).

    The same document without the per-step arrays (``steps``, ``tf_float32``, ...) of the
    :data:`TEST_ONLY_GROUP` cases: the chapters cite their deviations, never their values.
    ``tools/make_golden_tf.py`` writes both files; ``tests/test_tf_reference.py`` checks that
    the package's file is exactly this extract of the tests' file.

    Example:
        >>> full = {"cases": [{"id": "random/x/00", "group": "random", "steps": [0],
        ...                    "tf_float64": [1.0], "deviations": []}]}
        >>> book_extract(full)
        {'cases': [{'id': 'random/x/00', 'group': 'random', 'deviations': []}]}
    """
    doc = json.loads(json.dumps(golden))
    for c in doc["cases"]:
        if c.get("group") == TEST_ONLY_GROUP:
            for key in _TEST_ONLY_FIELDS:
                c.pop(key, None)
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """A golden document as the file stores it: compact JSON, one case per line."""
    text = json.dumps(doc, indent=None, separators=(",", ":"))
    text = text.replace(',{"id":', ',\n{"id":').replace('"cases":[{', '"cases":[\n{')
    return text + "\n"
