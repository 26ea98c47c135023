"""lrdecay-lit: TensorFlow 1's learning-rate decay schedules, exact, vectorised and explained.

The TF-style functions (same names, arguments and defaults as ``tf.compat.v1.train``) are
importable from here, together with the :class:`Schedule` object, the parameter specs and
the articles' examples. Importing this package loads numpy only; :mod:`lrdecay_lit.symbolic`
(sympy) and :mod:`lrdecay_lit.widgets` (matplotlib, ipywidgets) load when first used.

    >>> import lrdecay_lit as lr
    >>> lr.exponential_decay(0.5, [0, 10, 20], 10, 0.9).round(4).tolist()
    [0.5, 0.45, 0.405]
"""

from lrdecay_lit.book.examples import ARTICLE_EXAMPLES, Example, article_examples, example
from lrdecay_lit.composites import Composite, constant, join, warmup
from lrdecay_lit.dispatch import DECAY_TYPES, configure_learning_rate, slim_decay_steps
from lrdecay_lit.registry import FUNCTIONS, Schedule, get_function
from lrdecay_lit.schedules import (
    cosine_decay,
    cosine_decay_restarts,
    exponential_decay,
    fixed,
    inverse_time_decay,
    linear_cosine_decay,
    natural_exp_decay,
    noisy_linear_cosine_decay,
    piecewise_constant,
    polynomial_decay,
)
from lrdecay_lit.specs import NUM_STEPS, SCHEDULE_NAMES, SPECS, ParamSpec, example_params

__version__ = "0.1.0"

_LAZY_SUBMODULES = ("book", "exercises", "notation", "plotting", "symbolic", "tables", "widgets")
_LAZY_PATHS = {  # the book's helpers live in lrdecay_lit.book
    "exercises": "lrdecay_lit.book.exercises",
    "notation": "lrdecay_lit.book.notation",
    "tables": "lrdecay_lit.book.tables",
}


def __getattr__(name: str) -> object:
    """Import the heavier submodules on first attribute access (``lr.symbolic``, ...)."""
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(_LAZY_PATHS.get(name, f"lrdecay_lit.{name}"))
    raise AttributeError(f"module 'lrdecay_lit' has no attribute {name!r}")


__all__ = [
    "ARTICLE_EXAMPLES",
    "Composite",
    "DECAY_TYPES",
    "FUNCTIONS",
    "NUM_STEPS",
    "SCHEDULE_NAMES",
    "SPECS",
    "Example",
    "ParamSpec",
    "Schedule",
    "article_examples",
    "configure_learning_rate",
    "constant",
    "cosine_decay",
    "cosine_decay_restarts",
    "example",
    "example_params",
    "exponential_decay",
    "fixed",
    "get_function",
    "inverse_time_decay",
    "join",
    "linear_cosine_decay",
    "natural_exp_decay",
    "noisy_linear_cosine_decay",
    "piecewise_constant",
    "polynomial_decay",
    "slim_decay_steps",
    "warmup",
]
