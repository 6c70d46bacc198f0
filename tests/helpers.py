"""Helpers shared by tests: paths and running the real build as an editor would.

Kept out of conftest.py because tests/browser/ has a conftest.py of its own, and two
modules named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (redirect stubs included)."""
    return sorted(site.rglob("*.html"))
