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


def lang_of(path: str) -> str:
    """The language of a site path: 'es' for '/es/...', else 'en'."""
    return next((lang for lang in LANGUAGES if path.startswith(lang_root(lang) + "/")), "en")


def unprefixed(path: str) -> str:
    """'/es/treatments/' -> '/treatments/': the same page's path in English."""
    return path[len(lang_root(lang_of(path))):]
