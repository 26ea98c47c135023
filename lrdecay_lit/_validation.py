"""Argument checks shared by every schedule: one helper per rule, one message shape.

Every message names the argument, states the rule it broke and shows the value received,
in the shape Keras uses::

    Argument `decay_steps` must be > 0. Received: decay_steps=0

The checks are deliberately stricter than TensorFlow 1, which accepts most of these inputs
and returns ``nan``/``inf`` or a silently wrong schedule (see the book's errata chapter).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

__all__ = [
    "check_bool",
    "check_real",
    "check_steps",
    "check_sorted_boundaries",
    "check_values_length",
    "check_rates",
]


def _fail(name: str, rule: str, value: object) -> ValueError:
    return ValueError(f"Argument `{name}` {rule}. Received: {name}={value!r}")


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` as a bool; only real booleans (Python or numpy) are accepted."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"Argument `{name}` must be a bool. Received: {name}={value!r}")


def check_real(
    name: str,
    value: object,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> float:
    """Return ``value`` as a finite Python float obeying the given bounds.

    Raises:
        TypeError: ``value`` is not a real number (bools and strings are rejected).
        ValueError: ``value`` is not finite, or breaks a bound; the message names the bound.
    """
    if type(value) is not float and type(value) is not int:  # fast path; bool is not int here
        value = _as_real(name, value)
    try:
        x = float(value)
    except OverflowError:  # a Python int beyond float range
        x = math.inf
    if not math.isfinite(x):
        raise _fail(name, "must be finite", value)
    if gt is not None and not x > gt:
        raise _fail(name, f"must be > {gt:g}", value)
    if ge is not None and not x >= ge:
        raise _fail(name, f"must be >= {ge:g}", value)
    if lt is not None and not x < lt:
        raise _fail(name, f"must be < {lt:g}", value)
    if le is not None and not x <= le:
        raise _fail(name, f"must be <= {le:g}", value)
    return x


def _as_real(name: str, value: object) -> float:
    """Any real number except bools (numpy scalars and 0-d arrays included), as a float."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"Argument `{name}` must be a real number. Received: {name}={value!r}")
    return float(value)


def check_steps(name: str, steps: object) -> np.ndarray:
    """Return ``steps`` as an array (at least 1-D) of non-negative whole numbers.

    Accepts a Python int/float or any array-like of integers or integer-valued floats.
    Integer arrays are returned as they are (arithmetic with a float promotes them to
    float64) and skip the whole-number check, so the common case costs one ``min``; other
    input comes back as float64. Callers never modify the returned array in place.

    Raises:
        TypeError: booleans, strings, complex or object arrays.
        ValueError: a step that is negative, not finite or not a whole number.
    """
    arr = np.asarray(steps)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    kind = arr.dtype.kind
    if kind in "iu":
        if arr.size and kind == "i" and arr.min() < 0:
            raise _fail(name, "must be >= 0 (a training step)", _first_bad(arr, arr < 0))
        return arr
    if kind != "f":
        raise TypeError(
            f"Argument `{name}` must be an integer step or an array of steps. "
            f"Received: {name}={steps!r} (dtype {arr.dtype})"
        )
    out = arr.astype(np.float64, copy=False)
    if out.size:
        lo = out.min()  # nan propagates through min, so one reduction screens nan too
        if not lo >= 0:
            bad = ~(out >= 0)
            rule = (
                "must be finite" if np.isnan(out[bad]).any() else "must be >= 0 (a training step)"
            )
            raise _fail(name, rule, _first_bad(out, bad))
        if out.max() == np.inf:
            raise _fail(name, "must be finite", np.inf)
        if not np.array_equal(np.floor(out), out):
            raise _fail(
                name, "must be a whole number of steps", _first_bad(out, np.floor(out) != out)
            )
    return out


def _first_bad(arr: np.ndarray, mask: np.ndarray) -> object:
    """The first offending element, for the error message."""
    return arr[mask].flat[0].item()


def _float_vector(name: str, seq: Sequence[float]) -> np.ndarray:
    """``seq`` as a 1-D float64 array; TypeError naming ``name`` if it is not numbers."""
    arr = np.asarray(seq)
    if arr.ndim != 1 or arr.dtype.kind not in "iuf":
        raise TypeError(
            f"Argument `{name}` must be a 1-D sequence of numbers. Received: {name}={seq!r}"
        )
    return arr.astype(np.float64, copy=False)


def check_sorted_boundaries(name: str, boundaries: Sequence[float]) -> np.ndarray:
    """Return ``boundaries`` as a float64 array: finite, non-empty, strictly increasing."""
    arr = _float_vector(name, boundaries)
    if arr.size == 0:
        raise _fail(name, "must contain at least one boundary", list(boundaries))
    if not np.isfinite(arr).all():
        raise _fail(name, "must contain only finite numbers", list(boundaries))
    if not (arr[1:] > arr[:-1]).all():
        raise _fail(name, "must be strictly increasing (sorted, no duplicates)", list(boundaries))
    return arr


def check_values_length(name: str, values: Sequence[float], n_boundaries: int) -> np.ndarray:
    """Return ``values`` as a finite float64 array with one more entry than there are boundaries."""
    arr = _float_vector(name, values)
    if arr.size != n_boundaries + 1:
        raise ValueError(
            f"Argument `{name}` must have len(boundaries) + 1 = {n_boundaries + 1} entries. "
            f"Received: {name}={list(values)!r} ({arr.size} entries)"
        )
    if not np.isfinite(arr).all():
        raise _fail(name, "must contain only finite numbers", list(values))
    return arr


def check_rates(name: str, rates: np.ndarray, values: Sequence[float]) -> np.ndarray:
    """``rates`` (a float64 array of learning rates) if every entry is ``>= 0``.

    The message has the shape of :func:`check_real`'s and names the first bad entry::

        Argument `values` must contain only learning rates >= 0 (values[1] = -0.05).
        Received: values=[0.1, -0.05, 0.001]
    """
    bad = np.flatnonzero(~(rates >= 0))
    if bad.size:
        i = int(bad[0])
        raise _fail(
            name,
            f"must contain only learning rates >= 0 ({name}[{i}] = {rates[i]:g})",
            list(values),
        )
    return rates
