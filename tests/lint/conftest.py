"""Fixtures of the lint tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from lintkit import Scratch


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path)

