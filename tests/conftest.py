"""Shared fixtures: the real site, built once per test session, with the real Pelican."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import build_into

# The content's contact details stay placeholders until the practice sends real ones, so
# every production build the tests make is a staging build; tests/test_production.py
# builds without this and checks that production refuses them.
os.environ.setdefault("ALLOW_PLACEHOLDERS", "1")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real content built with the development settings."""
    return build_into(tmp_path_factory.mktemp("dev") / "site")


@pytest.fixture(scope="session")
def published_dir(tmp_path_factory) -> Path:
    """The real content built with publishconf.py (a staging build, see above)."""
    return build_into(tmp_path_factory.mktemp("publish") / "site", "--settings", "publishconf.py")
