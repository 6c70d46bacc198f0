"""Contact details that are not yet the real ones: one warning per file until replaced.

A field listed in ``placeholders`` and any fictional 555-01xx phone number count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.model.frontmatter import parse_yaml_file, source_text

FICTIONAL_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]*555[\s.-]*01\d\d\b")


def _finding(path: str, meta: dict, text: str, line_of) -> Finding | None:
    listed = meta.get("placeholders") if isinstance(meta.get("placeholders"), list) else []
    fake = sorted(set(FICTIONAL_PHONE.findall(text)))
    if not listed and not fake:
        return None
    parts = []
    if listed:
        parts.append("fields marked as placeholders: " + ", ".join(map(str, listed)))
    if fake:
        parts.append("fictional 555-01xx numbers: " + ", ".join(fake))
    line = line_of(("placeholders",)) if listed else next(
        (n for n, t in enumerate(text.splitlines(), 1) if FICTIONAL_PHONE.search(t)), 1)
    return Finding(path, line, "warning",
                   "placeholder contact details are still present (" + "; ".join(parts)
                   + "); put in the real ones and remove them from 'placeholders'")


def check(ctx: LintContext) -> Iterator[Finding]:
    practice = ctx.content / "practice.yml"
    if practice.is_file():
        source = parse_yaml_file(practice, ctx.root)
        finding = _finding(source.path, source.meta, source_text(practice),
                            source.line_of)
        if finding:
            yield finding
    for doc in ctx.documents:
        finding = _finding(doc.source.path, doc.source.meta,
                            source_text(doc.file), doc.source.line_of)
        if finding:
            yield finding
