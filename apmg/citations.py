"""In-text citations: ``[@cohen-2020]`` in a body points at the page's reference of that id.

A citation is numbered by the order in which the body first cites each reference, so a
page's numbers depend on its own text alone (a cached rendering stays right), and the
reference list is shown in the same order (:func:`ordered`). A citation of an id the
page's ``references`` do not have is a content error; a reference never cited is a lint
warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from pathlib import PurePosixPath

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from apmg.model.errors import ContentError
from apmg.model.frontmatter import SourceFile

CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def anchor_prefix(source_path: str) -> str:
    """The start of the element ids of a file's references: 'ref-' on its own page; a
    FAQ's are shown beside other FAQs and a procedure's own, so they carry its slug."""
    path = PurePosixPath(source_path)
    return f"{path.stem}-ref-" if path.parent.name == "faqs" else "ref-"


_CODE_SPAN = re.compile(r"`+[^`]*`+")


def _without_code(body: str) -> str:
    """The body with code spans blanked (same length, so offsets still give lines):
    '`[@x]`' shows the syntax, it does not cite."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), body)


def cited_ids(body: str) -> list[str]:
    """Every id the body cites, once each, in the order of first citation."""
    return list(dict.fromkeys(CITATION.findall(_without_code(body))))


def ordered(references: Sequence, body: str) -> list:
    """The references in the order the body first cites them, then those never cited."""
    order = {ref_id: n for n, ref_id in enumerate(cited_ids(body))}
    return sorted(references, key=lambda ref: order.get(ref.id, len(order)))


def check(source: SourceFile, references: Sequence) -> list[ContentError]:
    """A citation of an id that is not among the page's references."""
    known = {ref.id for ref in references if ref.id}
    errors = []
    for match in CITATION.finditer(_without_code(source.body)):
        if match.group(1) not in known:
            line = source.line_at(match.start())
            choices = ", ".join(sorted(known)) if known else "none: add a references list"
            errors.append(ContentError(
                source.path, line, "body",
                f"[@{match.group(1)}] cites no reference of this page",
                f"the id of one of its references ({choices})"))
    return errors


class _CitationProcessor(InlineProcessor):
    """``[@id]`` -> ``<sup class="cite"><a href="#ref-id">[1]</a></sup>``."""

    def __init__(self) -> None:
        super().__init__(CITATION.pattern)
        self.numbers: dict[str, int] = {}
        self.prefix = "ref-"  # set per file by the renderer (anchor_prefix)

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        ref_id = m.group(1)
        number = self.numbers.setdefault(ref_id, len(self.numbers) + 1)
        sup = etree.Element("sup", {"class": "cite"})
        link = etree.SubElement(sup, "a", {"href": f"#{self.prefix}{ref_id}"})
        link.text = f"[{number}]"
        return sup, m.start(0), m.end(0)


class CitationExtension(Extension):
    """Registers the citation pattern before links, so ``[@id]`` is never read as a link."""

    def __init__(self) -> None:
        super().__init__()
        self.processor = _CitationProcessor()

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.inlinePatterns.register(self.processor, "apmg_citation", 175)

    def start(self, source_path: str) -> None:
        """Number from 1 again, with the anchors of this file."""
        self.processor.numbers = {}
        self.processor.prefix = anchor_prefix(source_path)


__all__ = ["CITATION", "CitationExtension", "anchor_prefix", "check", "cited_ids", "ordered"]
