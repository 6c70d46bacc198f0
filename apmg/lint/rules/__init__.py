"""Lint rules, one module per group; each has ``check(ctx) -> Iterable[Finding]``."""

from apmg.lint.rules import (
    citations,
    claims,
    hints,
    images,
    links,
    model,
    placeholders,
    readability,
    review,
    structure,
)

RULES = [model, hints, links, images, structure, claims, review, readability, placeholders,
         citations]
