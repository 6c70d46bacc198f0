"""Markdown bodies as plain text with line numbers: what readability and claims look at.

The body keeps its sentences; Markdown syntax, admonition markers, link URLs, images,
code, tables, headings and list bullets go.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apmg.model.frontmatter import SourceFile

_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_ADMONITION = re.compile(r"^!!!\s*[\w-]+(?:\s+\"[^\"]*\")?\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_HTML_TAG = re.compile(r"<[^>]+>")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")


def body_lines(source: SourceFile) -> Iterator[tuple[int, str]]:
    """(line number in the file, text) of every body line outside fenced code."""
    in_code = False
    for index, text in enumerate(source.body.split("\n")):
        if _FENCE.match(text):
            in_code = not in_code
            continue
        if not in_code:
            yield source.body_line + index, text


def headings(source: SourceFile) -> Iterator[tuple[int, int, str]]:
    """(line, level, text) of every Markdown heading in the body."""
    for line, text in body_lines(source):
        match = _HEADING.match(text)
        if match:
            yield line, len(match.group(1)), match.group(2)


def plain_line(text: str) -> str:
    """One body line as the reader hears it: link text kept, URLs and syntax dropped."""
    text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    text = _BULLET.sub("", text)
    text = _HTML_TAG.sub("", text)
    return _EMPHASIS.sub("", text).strip()


def sentences(source: SourceFile) -> list[tuple[int, str]]:
    """The body's sentences, each with the line it starts on.

    Paragraph lines are joined; a list item or a paragraph end closes a sentence even
    without a full stop, so bullet fragments do not merge into one endless sentence.
    """
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal pending
        text = " ".join(pending).strip()
        pending = []
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text):
            part = part.strip()
            if part:
                out.append((start, part if part[-1] in ".!?:" else part + "."))

    for line, raw in body_lines(source):
        if (not raw.strip() or _HEADING.match(raw) or _ADMONITION.match(raw.strip())
                or _REF_DEF.match(raw) or raw.lstrip().startswith("|")):
            flush()
            continue
        if _BULLET.match(raw.strip()):
            flush()
        text = plain_line(raw)
        if text:
            if not pending:
                start = line
            pending.append(text)
    flush()
    return out


def mask_urls(text: str) -> str:
    """The line with link and image URLs blanked, keeping every column in place."""
    return _LINK.sub(lambda m: m.group(0).replace(m.group(3), " " * len(m.group(3))), text)


LINK_RE = _LINK
