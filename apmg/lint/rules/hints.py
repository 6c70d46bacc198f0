"""Hints left by ``make new`` ("TODO: ..."): a new file builds, but is not done."""

from __future__ import annotations

from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.model.frontmatter import source_text


def check(ctx: LintContext) -> Iterator[Finding]:
    marker = ctx.config.hint_marker
    for doc in ctx.documents:
        text = source_text(doc.file)
        for number, line in enumerate(text.splitlines(), start=1):
            at = line.find(marker)
            if at >= 0:
                hint = line[at + len(marker):].strip().strip('"').strip()
                yield Finding(doc.source.path, number, "error",
                              f"replace the hint '{marker} {hint}' with real text")
