"""Root pytest configuration: the framework adapters are collected only where they can import.

``pytest`` collects the package's doctests (``--doctest-modules`` over ``lrdecay_lit``),
which imports every module. :mod:`lrdecay_lit.adapters` modules import their framework, an
optional dependency: without it (``make test``'s environment) they are left out of the
collection; ``make test-frameworks`` installs the frameworks and collects them.
"""

from __future__ import annotations

import importlib.util
import os

_KERAS_BACKEND_MODULE = {"jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}
_NEEDS = {
    "keras": ("keras", _KERAS_BACKEND_MODULE.get(os.environ.get("KERAS_BACKEND", "tensorflow"))),
    "torch": ("torch",),
    "optax": ("jax",),
}


def _importable(name: str | None) -> bool:
    return name is not None and importlib.util.find_spec(name) is not None


collect_ignore = [
    f"lrdecay_lit/adapters/{module}.py"
    for module, needs in _NEEDS.items()
    if not all(_importable(n) for n in needs)
]
