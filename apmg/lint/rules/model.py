"""Everything the build validates (schema, references, duplicate slugs, callouts), by
calling the build's own model, so the lint and the build can never disagree."""

from __future__ import annotations

from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.model import ContentError


def to_finding(error: ContentError) -> Finding:
    message = f"{error.field}: {error.message}"
    if error.expected:
        message += f" (expected {error.expected})"
    return Finding(error.path, error.line, error.level, message)


def check(ctx: LintContext) -> Iterator[Finding]:
    for error in ctx.model_errors:
        yield to_finding(error)
    for warning in ctx.model_warnings:
        if warning.field != "placeholders":  # the placeholders rule lists those, once per file
            yield to_finding(warning)
