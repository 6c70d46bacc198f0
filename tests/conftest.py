"""Shared fixtures: the real site, built once per test session, with the real Pelican."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_into


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real content built with the development settings."""
    return build_into(tmp_path_factory.mktemp("dev") / "site")


@pytest.fixture(scope="session")
def published_dir(tmp_path_factory) -> Path:
    """The real content built with publishconf.py (production)."""
    return build_into(tmp_path_factory.mktemp("publish") / "site", "--settings", "publishconf.py")
