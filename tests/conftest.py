"""Shared pytest configuration.

Hypothesis profiles (pick one with ``--hypothesis-profile=NAME`` or ``HYPOTHESIS_PROFILE=NAME``):

- ``default``: 100 examples, a 2 s deadline per example -- generous enough for the project's
  machines (2 slow cores, another job possibly running beside the tests) while still flagging a
  pathologically slow example.
- ``ci``: used automatically when ``CI`` is set; same examples, no deadline (timing noise on a
  loaded CI machine must not fail a run), the database kept out of the work tree.
- ``thorough``: 1000 examples for a deliberate, longer search.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=timedelta(seconds=2), max_examples=100)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=100,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", deadline=None, max_examples=1000)

_profile = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
settings.load_profile(_profile)
