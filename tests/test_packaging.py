"""What pyproject.toml promises to ship exists: every package-data pattern matches a file.

(``py.typed`` was declared but missing once; a wheel silently leaves out what is not there.)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_data_pattern_matches_a_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = config["tool"]["setuptools"]["package-data"]
    assert "py.typed" in package_data["lrdecay_lit"]  # the package's types are public (PEP 561)
    for package, patterns in package_data.items():
        base = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            assert any(p.is_file() for p in base.glob(pattern)), (
                f"{package}: nothing matches {pattern!r}"
            )
