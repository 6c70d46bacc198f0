"""The list of built pages, needed at collection time to parametrize the page tests."""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
from pathlib import Path

from helpers import is_redirect_stub

ROOT = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=1)
def collected_pages() -> tuple[str, ...]:
    """Site-relative paths of the built pages, known at collection time.

    Parametrizing needs the list before fixtures exist, so the site is built once here too
    (about a second); ``test_collected_pages_match`` checks it equals ``site_dir``.
    """
    out = Path(tempfile.mkdtemp(prefix="apmg-pages-")) / "site"
    result = subprocess.run([sys.executable, "-m", "apmg", "build", "--output", str(out),
                             "--staging", str(out) + "-staging"], cwd=ROOT, text=True,
                            capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("the site does not build:\n" + result.stdout + result.stderr)
    return tuple(p.relative_to(out).as_posix() for p in sorted(out.rglob("*.html"))
                 if not is_redirect_stub(p))
