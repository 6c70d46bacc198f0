"""Post-processing step: the Pagefind full-text index and a word list for typo fallback.

Pagefind (the PyPI package ships its binary) indexes only each page's <main>, which the
theme marks ``data-pagefind-body``; pages without it (search, 404, redirect stubs) stay
out. Pagefind does no fuzzy matching, so ``search/words.json`` lists the site's words
for theme/static/js/search.js to correct a misspelt query by one edit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import lxml.html

from apmg.build import BuildStepError
from apmg.model.languages import unprefixed
from apmg.model.routes import COLLECTIONS, INDEX_PAGES

WORD = re.compile(r"[a-z]{4,}")
# Document kind (or index page path) -> the filter value results are grouped by.
TYPES = {kind: c.search_type for kind, c in COLLECTIONS.items()} | \
    {p.path: p.search_type for p in INDEX_PAGES if p.search_type}
NOT_INDEXED = tuple(p.path for p in INDEX_PAGES if p.search_type is None)


def search_type(page, path: str) -> str | None:
    """The search filter value of a page, or None if the page is not indexed."""
    path = unprefixed(path)
    if path in NOT_INDEXED:
        return None
    if page is None:
        return TYPES.get(path, "Page")
    return TYPES.get(page.kind, "Page")


def site_words(site_dir: Path) -> dict[str, int]:
    """Lower-case words of four letters or more in every indexed page's <main>."""
    counts: Counter[str] = Counter()
    for page in sorted(site_dir.rglob("*.html")):
        if page.is_relative_to(site_dir / "pagefind"):
            continue
        tree = lxml.html.fromstring(page.read_bytes())
        for main in tree.xpath("//main[@data-pagefind-body]"):
            counts.update(WORD.findall(" ".join(main.itertext()).lower()))
    return dict(sorted(counts.items()))


def index(site_dir: Path, settings: dict) -> None:
    """Build output/pagefind/ and output/search/words.json from the staged site."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                             "--silent"], capture_output=True, text=True, timeout=600,
                            check=False)
    if result.returncode != 0:
        raise BuildStepError("pagefind failed to index the site:\n"
                             + (result.stderr or result.stdout).strip())
    words = site_dir / "search" / "words.json"
    words.parent.mkdir(parents=True, exist_ok=True)
    words.write_text(json.dumps(site_words(site_dir), separators=(",", ":")),
                     encoding="utf-8")


__all__ = ["index", "search_type", "site_words"]
