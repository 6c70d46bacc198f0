"""Helpers shared by tests: paths and running the real build as an editor would.

Kept out of conftest.py because tests/browser/ has a conftest.py of its own, and two
modules named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run_apmg(*args: str, cwd: Path = ROOT, timeout: int = 300,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m apmg ARGS`` as an editor or CI would, capturing its output;
    ``env`` adds to (or, with None values, removes from) the environment."""
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "apmg", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=timeout,
                          env={k: v for k, v in full.items() if v is not None})


def build_into(out: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    result = run_apmg("build", "--output", str(out), "--staging", str(out) + "-staging", *extra,
                      env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


_REFRESH = re.compile(r"""http-equiv=["']?refresh""", re.IGNORECASE)


def is_redirect_stub(page: Path) -> bool:
    """An old URL's page that only sends the visitor on (every page has another
    http-equiv, the Content-Security-Policy, so that alone does not tell)."""
    return bool(_REFRESH.search(page.read_text(encoding="utf-8")))


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (redirect stubs included)."""
    return sorted(site.rglob("*.html"))


def copy_of_the_project(target: Path, parts: tuple[str, ...] = (
        "content", "theme", "pelicanconf.py")) -> Path:
    """``target`` holding a copy of the repository's own ``parts`` (those that exist)."""
    for name in parts:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def make_project(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid fixture site at tmp/content, with ``overlay``'s files laid over it.

    ``overlay`` is a broken case folder (tests/fixtures/broken*/<case>/); its
    ``expected.txt`` is the message the case must produce, not content.
    """
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    if overlay:
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                dest = content / path.relative_to(overlay)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
    return content


def build_in_process(tmp_path: Path, content: Path, out: Path | None = None
                     ) -> subprocess.CompletedProcess:
    """``build_project`` without a new interpreter (a fraction of the time): the same
    build function ``apmg build`` calls, with its printed output captured. For the many
    cases that stop at a content error; end-to-end runs keep using ``build_project``."""
    from apmg.build import build

    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)  # messages name content/<path>, as an editor sees them
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = build(settings_file=str(ROOT / "pelicanconf.py"),
                         output=str(out or tmp_path / "output"),
                         staging=str(tmp_path / "staging"), content=str(content))
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(["apmg", "build"], code, stdout.getvalue(),
                                       stderr.getvalue())


def build_project(tmp_path: Path, content: Path, settings: Path = ROOT / "pelicanconf.py",
                  cwd: Path | None = None, out: Path | None = None
                  ) -> subprocess.CompletedProcess:
    """Build ``content`` into ``out`` (default tmp/output); cwd = tmp_path so messages read
    content/<path>."""
    return run_apmg("build", "--settings", str(settings), "--content", str(content),
                    "--output", str(out or tmp_path / "output"),
                    "--staging", str(tmp_path / "staging"), cwd=cwd or tmp_path)
