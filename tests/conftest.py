"""Shared fixtures: the real site, built once per test session, with the real Pelican."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run_apmg(*args: str, cwd: Path = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``python -m apmg ARGS`` as an editor or CI would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "apmg", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=timeout)


def build_into(out: Path, *extra: str) -> Path:
    result = run_apmg("build", "--output", str(out), "--staging", str(out) + "-staging", *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real content built with the development settings."""
    return build_into(tmp_path_factory.mktemp("dev") / "site")


@pytest.fixture(scope="session")
def published_dir(tmp_path_factory) -> Path:
    """The real content built with publishconf.py (production)."""
    return build_into(tmp_path_factory.mktemp("publish") / "site", "--settings", "publishconf.py")


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (redirect stubs included)."""
    return sorted(site.rglob("*.html"))
