"""Every built page passes the Nu HTML Checker (vnu) with zero errors.

One Java process checks all files (starting the JVM per page would take minutes).
A missing Java or vnu.jar is a failure: `make test` installs both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from helpers import ROOT, html_pages

VNU_JAR = ROOT / ".build" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site_dir: Path) -> None:
    java = shutil.which("java")
    assert java, "java is missing: run `make system-deps` (.ci/system-deps)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make test` (it installs vnu-jar)"
    pages = html_pages(site_dir)
    assert pages, "the build wrote no pages"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
         *[str(p) for p in pages]],
        capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    lines = [
        f"{Path(m.get('url', '?').removeprefix('file:')).relative_to(site_dir)}"
        f":{m.get('lastLine', '?')}: {m['message']}  [{m.get('extract', '').strip()[:80]}]"
        for m in errors]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(lines)
    assert result.returncode == 0, result.stderr[-2000:]
