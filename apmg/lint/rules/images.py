"""Images need alt text and a file in content/images/ (the build refuses other hosts)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.lint.text import LINK_RE, body_lines
from apmg.sanitize import URL_RULES

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def _file_problem(ctx: LintContext, doc, src: str) -> str | None:
    if not URL_RULES["img", "src"].allows(src):
        return None  # another site, data: ...: the build's error (apmg/sanitize.py) says so
    for prefix in ("{static}", "{attach}"):
        src = src.removeprefix(prefix)
    src = src.split("?")[0].split("#")[0]
    base = ctx.content if src.startswith("/") else doc.file.parent
    if not (base / src.lstrip("/")).is_file():
        return f"image file '{src}' does not exist (put it in content/images/)"
    return None


def check(ctx: LintContext) -> Iterator[Finding]:
    for doc in ctx.documents:
        path = doc.source.path
        for line, text in body_lines(doc.source):
            images = [(m.group(2), m.group(3)) for m in LINK_RE.finditer(text) if m.group(1)]
            for tag in _IMG_TAG.findall(text):
                alt, src = _ALT.search(tag), _SRC.search(tag)
                images.append(((alt.group(2) or alt.group(3) or "") if alt else "",
                               src.group(1) if src else ""))
            for alt, src in images:
                if not alt.strip():
                    yield Finding(path, line, "error",
                                  f"image '{src}' has no alt text; describe what it shows, "
                                  "like ![A doctor points at a spine model](...)")
                problem = _file_problem(ctx, doc, src)
                if problem:
                    yield Finding(path, line, "error", problem)
