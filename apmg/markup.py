"""Markdown bodies to HTML: Python-Markdown, the allowlist (apmg/sanitize.py), then
typogrify, on the body only.

Titles, summaries and anything that goes into attributes, <title>, meta tags or JSON
never pass through here, so they never carry typogrify's markup or entities.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from typogrify.filters import typogrify

from apmg.after_hours import AfterHoursExtension
from apmg.citations import CitationExtension
from apmg.model.errors import ContentError
from apmg.model.frontmatter import SourceFile
from apmg.model.languages import lang_of
from apmg.sanitize import CALLOUT_TYPES, sanitize_body, unknown_callout

_CALLOUT = re.compile(r"^!!!\s*([\w-]+)", re.MULTILINE)

DEFAULT_MARKDOWN = {
    "extensions": ["extra", "admonition", "toc", "sane_lists"],
    "extension_configs": {"toc": {"toc_depth": "2-3", "permalink": False}},
    "output_format": "html",
}


class LinkLanguage(Treeprocessor):
    """Mark site links that lead to a page in another language with ``hreflang``.

    A Spanish page that links to a page not yet translated says so in its text
    ("(en inglés)"); hreflang tells browsers and screen readers too.
    """

    lang = "en"

    def run(self, root) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if not href.startswith("/") or href.startswith(("//", "/static/")):
                continue
            target = lang_of(href)
            if target != self.lang and not link.get("hreflang"):
                link.set("hreflang", target)


class _LinkLanguageExtension(Extension):
    def __init__(self, processor: LinkLanguage):
        super().__init__()
        self.processor = processor

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(self.processor, "apmg_link_language", 0)


def with_sections(html: str, toc: list[dict]) -> list[dict]:
    """Each ``##`` section's own HTML (its heading to the next one's) on its toc entry,
    cut from the body just rendered, so a page can show one section alone."""
    starts = [html.find(f'<h2 id="{entry["id"]}"') for entry in toc]
    if not toc or -1 in starts:
        return toc
    ends = [*starts[1:], len(html)]
    return [{**entry, "html": Markup(html[start:end])}
            for entry, start, end in zip(toc, starts, ends, strict=True)]


class Renderer:
    """One Markdown instance reused for every body (reset between files)."""

    def __init__(self, config: dict | None = None, typogrify_bodies: bool = True):
        config = config or DEFAULT_MARKDOWN
        self._links = LinkLanguage()
        self._citations = CitationExtension()
        self._after_hours = AfterHoursExtension()
        self._md = markdown.Markdown(
            extensions=[*config["extensions"], _LinkLanguageExtension(self._links),
                        self._citations, self._after_hours],
            extension_configs=config.get("extension_configs", {}),
            output_format=config.get("output_format", "html"),
        )
        self._typogrify = typogrify_bodies

    def __call__(self, source: SourceFile) -> tuple[Markup, list[dict], list[ContentError]]:
        errors = self.check_callouts(source)
        self._md.reset()
        self._citations.start(source.path)
        lang = (source.meta.get("lang") if isinstance(source.meta, dict) else None) or "en"
        self._links.lang = self._after_hours.processor.lang = lang
        html, unsafe = sanitize_body(self._md.convert(source.body), source)
        errors += [e for e in unsafe if e not in errors]  # a callout's type: reported
        if self._typogrify:
            html = typogrify(html)
        toc = [{"id": t["id"], "name": t["name"]} for t in getattr(self._md, "toc_tokens", [])
               if t["level"] == 2]
        return Markup(html), with_sections(html, toc), errors

    @staticmethod
    def check_callouts(source: SourceFile) -> list[ContentError]:
        errors = []
        for match in _CALLOUT.finditer(source.body):
            if match.group(1) not in CALLOUT_TYPES:
                line = source.line_at(match.start())
                errors.append(ContentError(source.path, line, "body",
                                           *unknown_callout(match.group(1))))
        return errors
