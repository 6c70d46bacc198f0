"""The safety-critical lists of a page, read from its Markdown, and the rule that a
translation keeps every item of them.

A reader of the Spanish page must get every warning sign and every risk the English page
gives, with the same figures and the same sources. Word counts cannot show that, so each
list is compared item by item: the lists of the ``call-911`` and ``call-clinic`` callouts
and, on a procedure, the list items of its risks section (the sixth ``##`` section, see
docs/content-model.md). Item N of a translation must state the same numbers and cite the
same references as item N of its original; the wording is the translator's.

The lists are read from the Markdown source, not the rendered HTML, so every item keeps
the line an editor wrote it on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from apmg.citations import CITATION, cited_ids
from apmg.model.errors import ContentError
from apmg.model.frontmatter import SourceFile
from apmg.model.sections import position
from apmg.sanitize import CALLOUT_TYPES

# The "when to get help" care cards: every item of theirs is a warning sign.
CARE_CALLOUTS = tuple(name for name in CALLOUT_TYPES if name.startswith("call-"))
RISKS = "risks"
# A procedure's sections come in a fixed order (apmg/model/sections.py).
RISKS_SECTION = position(RISKS)
# What the count message asks for, by list.
KEPT = {**dict.fromkeys(CARE_CALLOUTS, "every warning sign"), RISKS: "every risk"}

_FENCE = re.compile(r"^\s*(```|~~~)")
_CALLOUT = re.compile(r"^!!!\s*([\w-]+)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")
_ITEM = re.compile(r"^( *)(?:[-*+]|\d+[.)])(?:\s+|$)")
# Digits as written, with their decimal point or thousands separators: 24, 100.4, 16,000.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Text that holds digits a reader does not read as a figure: link targets, footnote marks.
_NOT_READ = re.compile(r"\]\([^)]*\)|\[\^[^\]]*\]")


@dataclass(frozen=True)
class SafetyItem:
    """One list item: what must survive translation, and where it is written."""

    position: int  # 1 for the list's first item, as an editor counts them
    line: int
    text: str
    citations: tuple[str, ...]  # reference ids, in the order first cited
    numbers: tuple[str, ...]  # the figures, as written, in the order stated


def keys_for(kind: str) -> tuple[str, ...]:
    """The safety lists a document of ``kind`` has (maybe empty)."""
    return (*CARE_CALLOUTS, RISKS) if kind == "procedure" else CARE_CALLOUTS


def _item(position: int, line: int, text: str) -> SafetyItem:
    """An item with the citations and numbers its text carries."""
    figures = _NOT_READ.sub("]", CITATION.sub(" ", text))
    return SafetyItem(position, line, text, tuple(cited_ids(text)),
                      tuple(NUMBER.findall(figures)))


@dataclass
class _Open:
    """An item being read: it continues until a line that is not part of it."""

    key: str
    line: int
    indent: int  # where its text starts, relative to its block
    parts: list[str] = field(default_factory=list)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _lines(source: SourceFile) -> Iterator[tuple[int, str]]:
    """(line in the file, text) of every body line outside fenced code, tabs as 4 spaces."""
    in_code = False
    for index, text in enumerate(source.body.split("\n")):
        if _FENCE.match(text):
            in_code = not in_code
        elif not in_code:
            yield source.body_line + index, text.expandtabs(4)


def safety_lists(source: SourceFile, kind: str) -> dict[str, list[SafetyItem]]:
    """Every safety list of a document, keyed ``call-911``, ``call-clinic`` (the items of
    those callouts) and, on a procedure, ``risks`` (every list item of its sixth ``##``
    section, outside callouts, all its lists in order). Nested items count as items of
    their own, after their parent."""
    keys = keys_for(kind)
    found: list[_Open] = []
    stack: list[_Open] = []  # the open item and the items it is nested in
    section = 0
    callout: str | None = None  # the callout whose indented body is being read
    blank_before = False

    def read(line: int, text: str, key: str | None) -> None:
        nonlocal blank_before, stack
        if not text.strip():
            blank_before = True
            return
        item = _ITEM.match(text)
        indent = _indent(text)
        if item and key is not None:
            stack = [o for o in stack if o.indent <= indent]
            stack.append(_Open(key, line, item.end(), [text[item.end():].strip()]))
            found.append(stack[-1])
        elif stack and not item and blank_before:
            # After a blank line, only text indented to an item's text goes on with it.
            stack = [o for o in stack if o.indent <= indent]
            if stack:
                stack[-1].parts.append(text.strip())
        elif stack and not item:
            stack[-1].parts.append(text.strip())  # a wrapped line of the item
        else:
            stack = []
        blank_before = False

    for line, text in _lines(source):
        if callout is not None:
            if not text.strip() or text.startswith("    "):
                read(line, text[4:], callout if callout in keys else None)
                continue
            callout, stack = None, []
        if match := _CALLOUT.match(text):
            callout, stack, blank_before = match.group(1), [], False
        elif match := _HEADING.match(text):
            section += len(match.group(1)) == 2
            stack = []
        else:
            read(line, text, RISKS if RISKS in keys and section == RISKS_SECTION else None)

    lists: dict[str, list[SafetyItem]] = {key: [] for key in keys}
    for record in found:
        items = lists[record.key]
        items.append(_item(len(items) + 1, record.line, " ".join(record.parts)))
    return lists


def _difference(kept: tuple[str, ...], original: tuple[str, ...]
                ) -> tuple[list[str], list[str]]:
    """(what the translation adds, what it leaves out), counting repeats, in the order
    each side states them."""
    added, missing = Counter(kept) - Counter(original), Counter(original) - Counter(kept)
    return list(added.elements()), list(missing.elements())


def _figures_differ(added: list[str], missing: list[str]) -> str:
    said, left = ", ".join(added), ", ".join(missing)
    if added and missing:
        return f"states {said} where the original item says {left}"
    if missing:
        return f"does not state {left}, which the original item says"
    return f"states {said}, which the original item does not"


def _citations_differ(added: list[str], missing: list[str]) -> str:
    cites, left = " ".join(f"[@{i}]" for i in added), " ".join(f"[@{i}]" for i in missing)
    if added and missing:
        return f"cites {cites} where the original item cites {left}"
    if missing:
        return f"does not cite {left}, which the original item cites"
    return f"cites {cites}, which the original item does not"


def check_translation(translation: SourceFile, original: SourceFile,
                      kind: str) -> list[ContentError]:
    """Each safety list of ``translation`` has as many items as the original's, and item
    N states the same numbers and cites the same references as the original's item N
    (in any order: word order differs between languages)."""
    errors: list[ContentError] = []
    theirs, ours = safety_lists(translation, kind), safety_lists(original, kind)
    for key in keys_for(kind):
        kept, given = theirs[key], ours[key]
        if len(kept) != len(given):
            line = kept[0].line if kept else translation.body_line + 1
            errors.append(ContentError(
                translation.path, line, key,
                f"{len(kept)} item{'s' if len(kept) != 1 else ''} where {original.path} "
                f"has {len(given)}", f"{KEPT[key]} of the original, item for item"))
            continue
        for item, source_item in zip(kept, given, strict=True):
            where = f"{original.path}:{source_item.line}"
            added, missing = _difference(item.numbers, source_item.numbers)
            if added or missing:
                errors.append(ContentError(
                    translation.path, item.line, f"{key}[{item.position}]",
                    _figures_differ(added, missing), f"the same figures as {where}"))
            added, missing = _difference(item.citations, source_item.citations)
            if added or missing:
                errors.append(ContentError(
                    translation.path, item.line, f"{key}[{item.position}]",
                    _citations_differ(added, missing), f"the same citations as {where}"))
    return errors


__all__ = ["CARE_CALLOUTS", "NUMBER", "RISKS", "RISKS_SECTION", "SafetyItem",
           "check_translation", "keys_for", "safety_lists"]
