"""The site's languages and where each one's pages live: English at /, the rest at /<lang>/.

One place for the URL prefix, so documents, index pages, the sitemap, JSON-LD and the
lint cannot disagree about it.
"""

from __future__ import annotations

# Languages that content/<lang>/ may translate into (English is the original).
LANGUAGES = ("es",)


def lang_root(lang: str) -> str:
    """URL prefix of a language's pages: '' for English, '/es' for Spanish."""
    return "" if lang == "en" else f"/{lang}"


def unprefixed(path: str) -> str:
    """'/es/treatments/' -> '/treatments/': the same page's path in English."""
    for lang in LANGUAGES:
        root = lang_root(lang)
        if path.startswith(root + "/"):
            return path[len(root):]
    return path
