"""What a production build refuses: contact details and a site address that are not real.

The lint warns about placeholders on every build; ``make publish`` turns each of them
into an error, so a patient can never be sent a 555-01xx number or a canonical URL on
``.example``. A staging site may still be built with ``ALLOW_PLACEHOLDERS=1``: it then
says so on every page and asks search engines to keep out.
"""

from __future__ import annotations

import dataclasses
import re

import phonenumbers

from apmg.model.errors import ContentError
from apmg.model.frontmatter import SourceFile
from apmg.model.schemas import is_fictional

PLACEHOLDER_SITEURL = "https://www.advancedpainmedicalgroup.example"
FIX = ("the practice's real details, or ALLOW_PLACEHOLDERS=1 for a staging site "
       "(make publish ALLOW_PLACEHOLDERS=1)")


# Text an editor has yet to write, in any body: "[Placeholder: billing office phone]".
PLACEHOLDER_TEXT = re.compile(r"\[Placeholder:[^\]]*\]", re.IGNORECASE)
PLACEHOLDER_FIELDS = ("placeholders", "placeholder text")  # warnings production refuses


def text_placeholders(source: SourceFile) -> list[ContentError]:
    """A warning for each bracketed placeholder left in a body, at its line."""
    return [ContentError(source.path, source.line_at(m.start()),
                         "placeholder text", f"'{m.group()}' is still to be written",
                         "the practice's real details in place of the brackets",
                         level="warning")
            for m in PLACEHOLDER_TEXT.finditer(source.body)]


def _fictional(value: str | None) -> bool:
    if not value:
        return False
    try:
        return is_fictional(phonenumbers.parse(value, "US"))
    except phonenumbers.NumberParseException:
        return False


def production_problems(site, siteurl: str) -> list[ContentError]:
    """Every placeholder a production build must not publish, by file and line."""
    problems = [dataclasses.replace(w, level="error", expected=FIX)
                for w in site.warnings if w.field in PLACEHOLDER_FIELDS]
    sources = [(site.practice, None)] + [(loc.meta, loc.source) for loc in site.locations]
    for meta, source in sources:
        for name in ("phone", "fax", "after_hours_phone"):
            value = getattr(meta, name, None)
            if _fictional(value) and name not in meta.placeholders:
                path = source.path if source else "content/practice.yml"
                line = source.line_of((name,)) if source else 1
                problems.append(ContentError(path, line, name,
                                             f"'{value}' is a fictional 555-01xx number", FIX))
    if not siteurl or siteurl.rstrip("/") == PLACEHOLDER_SITEURL:
        problems.append(ContentError(
            "APMG_SITEURL", 1, "site address",
            f"'{siteurl or '(not set)'}' is not the site's real address",
            "APMG_SITEURL set to the address patients use, like https://www.example.org "
            "(in CI: the repository variable APMG_SITEURL; see docs/deploying.md)"))
    return problems


__all__ = ["PLACEHOLDER_SITEURL", "production_problems"]
