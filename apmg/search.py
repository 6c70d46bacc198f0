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


LATER_VARIABLE = "APMG_SEARCH_LATER"
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


def _reuse_index(site_dir: Path, settings: dict, stale: bool = False) -> bool:
    """Link the last build's index if this build rendered no page anew (or, ``stale``,
    even so: the preview updates it after the reload)."""
    report, previous = settings.get("APMG_RENDER_REPORT"), settings.get("APMG_PREVIOUS_OUTPUT")
    if report is None or (report.changed and not stale) or not previous:
        return False
    old = Path(previous).resolve() / INDEX_FOLDER
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(old, site_dir / INDEX_FOLDER, copy_function=os.link)
    settings["APMG_SEARCH_REUSED"] = True  # linked files: no later step may rewrite them
    return True


def index(site_dir: Path, settings: dict) -> None:
    """Build output/pagefind/ from the staged site (or keep the last one: nothing changed).

    With ``APMG_SEARCH_LATER`` set (``make serve``), a changed site keeps the last index
    for now and the preview brings it up to date after the browser reloads
    (``update_index``), so an edit is on screen before Pagefind has read the site.
    """
    if _reuse_index(site_dir, settings):
        return
    if os.environ.get(LATER_VARIABLE) and _reuse_index(site_dir, settings, stale=True):
        return
    _pagefind(site_dir, site_dir / INDEX_FOLDER)


def _pagefind(site_dir: Path, into: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                             "--output-path", str(into), "--silent"], capture_output=True,
                            text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise BuildStepError("pagefind failed to index the site:\n"
                             + (result.stderr or result.stdout).strip())


def update_index(site_dir: Path) -> None:
    """Index a site that is already live (the preview's, after a reload) without a
    moment of broken search: the new index is made beside the old one, its files moved
    in, and ``pagefind-entry.json``, which names the rest, last."""
    site_dir = site_dir.resolve()
    fresh = site_dir / f".{INDEX_FOLDER}-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    _pagefind(site_dir, fresh)
    live = site_dir / INDEX_FOLDER
    live.mkdir(exist_ok=True)
    entry = "pagefind-entry.json"
    for path in sorted(fresh.rglob("*"), key=lambda p: p.name == entry):
        if path.is_file():
            target = live / path.relative_to(fresh)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)  # a new name for linked files: the last release keeps its own
    shutil.rmtree(fresh, ignore_errors=True)


__all__ = ["index", "search_type", "site_words", "update_index", "write_words"]
