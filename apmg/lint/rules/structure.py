"""Headings in order (no skipped level, no second page title) and procedures in sections."""

from __future__ import annotations

from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.lint.text import headings


def check(ctx: LintContext) -> Iterator[Finding]:
    for doc in ctx.documents:
        path = doc.source.path
        previous = 1  # the page title is the level-1 heading
        seen_section = False
        for line, level, text in headings(doc.source):
            if level == 1:
                yield Finding(path, line, "error",
                              f"heading '# {text}' is a second page title; the title comes "
                              "from the front matter, so start sections with '## '")
            elif level > previous + 1:
                yield Finding(path, line, "warning",
                              f"heading '{'#' * level} {text}' skips a level after "
                              f"{'#' * previous}; use {'#' * (previous + 1)}")
            seen_section = seen_section or level == 2
            previous = max(level, 1)
        if doc.kind == "procedure" and not seen_section:
            yield Finding(path, doc.source.body_line, "error",
                          "the body has no '## ' section; a procedure covers what it is, who "
                          "may benefit, preparing, the procedure, after it, risks, and when "
                          "to call, each under a '## ' heading")
