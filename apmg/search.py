"""Post-processing step: the Pagefind full-text index and a word list for typo fallback.

Pagefind (the PyPI package ships its binary) indexes only each page's <main>, which the
theme marks ``data-pagefind-body``; pages without it (search, 404, redirect stubs) stay
out. When no page changed since the last build, the last build's index is linked
instead of made again. Pagefind does no fuzzy matching, so ``search/words.json`` lists
the site's words, from the model's plain text (``write_words``, run by the generator),
for theme/static/js/search.js to correct a misspelt query by one edit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from apmg.build import BuildStepError
from apmg.model.languages import unprefixed
from apmg.model.routes import COLLECTIONS, INDEX_PAGES, output_file

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


WORDS_FILE = "search/words.json"
INDEX_FOLDER = "pagefind"


def site_words(site) -> dict[str, int]:
    """Lower-case words of four letters or more of every document, in every language:
    its title, summary and body text."""
    counts: Counter[str] = Counter()
    for doc in site.all_documents:
        text = " ".join((doc.title or "", getattr(doc.meta, "summary", None) or "", doc.text))
        counts.update(WORD.findall(text.lower()))
    return dict(sorted(counts.items()))


def write_words(site_dir: Path, site) -> None:
    words = output_file(site_dir, WORDS_FILE)
    words.parent.mkdir(parents=True, exist_ok=True)
    words.write_text(json.dumps(site_words(site), separators=(",", ":")), encoding="utf-8")


def _reuse_index(site_dir: Path, settings: dict) -> bool:
    """Link the last build's index if this build rendered no page anew."""
    report, previous = settings.get("APMG_RENDER_REPORT"), settings.get("APMG_PREVIOUS_OUTPUT")
    if report is None or report.changed or not previous:
        return False
    old = Path(previous).resolve() / INDEX_FOLDER
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(old, site_dir / INDEX_FOLDER, copy_function=os.link)
    settings["APMG_SEARCH_REUSED"] = True  # linked files: no later step may rewrite them
    return True


def index(site_dir: Path, settings: dict) -> None:
    """Build output/pagefind/ from the staged site (or keep the last one: nothing changed)."""
    if _reuse_index(site_dir, settings):
        return
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                             "--silent"], capture_output=True, text=True, timeout=600,
                            check=False)
    if result.returncode != 0:
        raise BuildStepError("pagefind failed to index the site:\n"
                             + (result.stderr or result.stdout).strip())


__all__ = ["index", "search_type", "site_words", "write_words"]
