"""A two-line example of an exercise module, used by the doctest of :func:`check`."""

ANSWERS = {"sum": lambda: 2 + 2}
HINTS = {"sum": "two and two."}
