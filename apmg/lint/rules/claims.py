"""Forbidden claims (cure, guarantee ...): a patient page promises nothing (DESIGN §5).

Each language has its own list (a document is checked against its language's). A listed
phrase matches as whole words, never inside another word ("secure", "procure"); an English
phrase also with its usual endings ("cured", "guaranteed", "painlessly"), a Spanish one
in the plural ("garantías").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.lint.text import body_lines, mask_urls

TEXT_FIELDS = ("title", "summary", "question")


def claim_pattern(phrase: str, lang: str = "en") -> re.Pattern[str]:
    """Whole-word pattern for a phrase; its last word may take a common ending."""
    words = phrase.split()
    *head, last = [re.escape(w).replace(r"\-", r"[\s-]") for w in words]
    if lang != "en":
        if re.search(r"\w$", phrase):
            last += "(?:s|es)?"
    elif re.search(r"[A-Za-z]$", phrase):
        last = (last[:-1] + "(?:e|es|ed|ing|er|ers)" if last.endswith("e")
                else last + "(?:s|es|ed|ing|ly)?")
    body = r"\s+".join([*head, last])
    start = r"(?<![\w])" if re.match(r"\w", phrase) else ""
    return re.compile(start + body + r"(?![\w%])", re.IGNORECASE)


def find_claims(text: str, patterns: dict[str, re.Pattern[str]]) -> list[tuple[str, str]]:
    """(phrase from the list, words as written) for every claim in the text."""
    return [(phrase, m.group(0)) for phrase, pattern in patterns.items()
            for m in pattern.finditer(text)]


def check(ctx: LintContext) -> Iterator[Finding]:
    by_lang = {lang: {phrase: claim_pattern(phrase, lang) for phrase in phrases}
               for lang, phrases in ctx.config.claims.items()}
    for doc in ctx.documents:
        patterns = by_lang.get(doc.lang, {})
        source = doc.source
        places = [(source.line_of((name,)), source.meta[name]) for name in TEXT_FIELDS
                  if isinstance(source.meta.get(name), str)]
        glance = source.meta.get("at_a_glance")
        if isinstance(glance, dict):
            places += [(source.line_of(("at_a_glance", key)), value)
                       for key, value in glance.items() if isinstance(value, str)]
        places += [(line, mask_urls(text)) for line, text in body_lines(source)]
        for line, text in places:
            for phrase, written in find_claims(text, patterns):
                yield Finding(source.path, line, "error",
                              f"'{written}' is a forbidden claim (list: '{phrase}'); describe "
                              "what may happen, like 'many people get relief for months'")
