"""Shared pytest configuration.

Hypothesis profiles (pick one with ``--hypothesis-profile=NAME`` or ``HYPOTHESIS_PROFILE=NAME``):

- ``default``: 100 examples, a 2 s deadline per example -- generous enough for the project's
  machines (2 slow cores, another job possibly running beside the tests) while still flagging a
  pathologically slow example.
- ``ci``: used automatically when ``CI`` is set; same examples, no deadline (timing noise on a
  loaded CI machine must not fail a run), the database kept out of the work tree.
- ``thorough``: 1000 examples for a deliberate, longer search.

The ``site`` fixture is the built website that the site tests (test_site_links,
test_site_offline, test_site_browser) read.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
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


# The built website: `make book` writes it to _build/html; LRDECAY_SITE_DIR points elsewhere.
SITE_DIR = Path(
    os.environ.get("LRDECAY_SITE_DIR") or Path(__file__).resolve().parent.parent / "_build" / "html"
)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site's directory; skips when it is not built, except under ``make test``
    (``LRDECAY_REQUIRE_SITE``, which builds it first), where a missing site is a failure."""
    if not (SITE_DIR / "index.html").is_file():
        if os.environ.get("LRDECAY_REQUIRE_SITE"):
            pytest.fail(f"{SITE_DIR}/index.html is missing: build the site first (make book)")
        pytest.skip("site not built (run `make book`, or `make test` which builds it)")
    return SITE_DIR
