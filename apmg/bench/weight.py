"""Page weight: bytes (raw and gzip) each page type loads, against the 30 KB budget.

Measured on a production build of the real content: HTML, plus every stylesheet,
script and image the HTML references directly (scripts a page loads later, such as
Pagefind's on /search/, are not counted).
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

BUDGET = 30 * 1024  # gzip bytes of HTML + CSS + JS per page
PAGE_TYPES = {
    "home": "index.html", "treatments index": "treatments/index.html",
    "procedure": "treatments/*/index.html", "condition": "conditions/*/index.html",
    "FAQ hub": "faqs/index.html", "locations index": "locations/index.html",
    "location": "locations/*/index.html", "page": "about/index.html",
    "404": "404.html", "search": "search/index.html",
}


def _assets(html: bytes) -> dict[str, set[str]]:
    tree = lxml.html.fromstring(html)
    return {
        "css": set(tree.xpath("//link[@rel='stylesheet']/@href")),
        "js": set(tree.xpath("//script/@src")),
        "images": set(tree.xpath("//img/@src")) | {
            s.strip().split()[0] for v in tree.xpath("//img/@srcset") for s in v.split(",")},
    }


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def page_weights(site: Path) -> list[dict]:
    """One row per page type: raw and gzip bytes of html, css, js, images."""
    rows = []
    for kind, pattern in PAGE_TYPES.items():
        pages = sorted(site.glob(pattern))
        if not pages:
            continue
        page = pages[0]
        row = {"type": kind, "path": "/" + page.relative_to(site).as_posix(),
               "html": _size(page)}
        for what, urls in _assets(page.read_bytes()).items():
            raw = gz = 0
            for url in urls:
                path = urlsplit(url).path
                local = site / path.lstrip("/")
                if not local.is_file():  # another site's asset, or a data: URL
                    continue
                size = _size(local)
                raw, gz = raw + size[0], gz + (size[1] if what != "images" else size[0])
            row[what] = (raw, gz)
        row["budget_gzip"] = row["html"][1] + row["css"][1] + row["js"][1]
        rows.append(row)
    return rows


def publish_build(repo: Path) -> Path:
    """Build the real content with publishconf.py into a temporary folder: a staging
    build (ALLOW_PLACEHOLDERS=1, its banner included), since production refuses today's
    placeholder contact details."""
    out = Path(tempfile.mkdtemp(prefix="apmg-weight-"))
    subprocess.run([sys.executable, "-m", "apmg", "build", "--settings", "publishconf.py",
                    "--output", str(out / "site"), "--staging", str(out / "staging")],
                   cwd=repo, check=True, capture_output=True, text=True,
                   env={**os.environ, "ALLOW_PLACEHOLDERS": "1"})
    return out / "site"
