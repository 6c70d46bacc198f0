"""Markdown bodies to HTML: Python-Markdown, the allowlist (apmg/sanitize.py), then
typogrify, on the body only.

Titles, summaries and anything that goes into attributes, <title>, meta tags or JSON
never pass through here, so they never carry typogrify's markup or entities.
"""

from __future__ import annotations

import html as html_entities
import re
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from typogrify.filters import typogrify

from apmg.after_hours import AfterHoursExtension
from apmg.citations import CitationExtension
from apmg.model.errors import ContentError
from apmg.model.files import FOLDERS
from apmg.model.frontmatter import SourceFile
from apmg.model.languages import LANGUAGES, lang_of
from apmg.model.routes import document_url
from apmg.sanitize import CALLOUT_TYPES, sanitize_body, unknown_callout

_CALLOUT = re.compile(r"^!!!\s*([\w-]+)", re.MULTILINE)
# Where one block of text ends, so its words do not run into the next block's.
_BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|div|dd|dt|td|th|blockquote)>|<br\s*/?>)", re.I)

DEFAULT_MARKDOWN = {
    "extensions": ["extra", "admonition", "toc", "sane_lists"],
    "extension_configs": {"toc": {"toc_depth": "2-3", "permalink": False}},
    "output_format": "html",
}


class LinkLanguage(Treeprocessor):
    """The one pass over a body's links: mark site links that lead to a page in another
    language with ``hreflang``, and, in a production build, make every site link and
    image absolute on SITEURL (so pages work when copied, cached or shared, and no step
    has to find the links again in the written page).

    A Spanish page that links to a page not yet translated says so in its text
    ("(en inglés)"); hreflang tells browsers and screen readers too.
    """

    lang = "en"
    siteurl = ""  # "https://www.example" in production, "" in development: links stay
    document_url = "/"  # the page the body is on, for relative links

    def run(self, root) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("/") and not href.startswith(("//", "/static/")):
                target = lang_of(href)
                if target != self.lang and not link.get("hreflang"):
                    link.set("hreflang", target)
            self.absolutise(link, "href")
        for image in root.iter("img"):
            self.absolutise(image, "src")

    def absolutise(self, element, attribute: str) -> None:
        value = element.get(attribute, "").strip()
        if (self.siteurl and value and not value.startswith("#")
                and not urlsplit(value).scheme and not value.startswith("//")):
            base = self.siteurl.rstrip("/")  # it may have a path: a preview's prefix
            element.set(attribute, base + value if value.startswith("/")
                        else urljoin(base + self.document_url, value))


class _LinkLanguageExtension(Extension):
    def __init__(self, processor: LinkLanguage):
        super().__init__()
        self.processor = processor

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(self.processor, "apmg_link_language", 0)


class Body(NamedTuple):
    """A rendered body: what the page shows, and its plain text for JSON-LD and search."""

    html: Markup
    toc: list[dict]  # the ## sections: id, name, html (heading included), text (without)
    errors: list[ContentError]
    text: str  # the whole body as one line of plain text


def plain_text(fragment: str) -> str:
    """Sanitised body HTML -> one line of plain text (entities decoded).

    Done once per body, while rendering it (and cached with it), so nothing reads the
    text back out of a written page.
    """
    spaced = _BLOCK_END.sub(r"\1 ", fragment)
    text = html_entities.unescape(nh3.clean(spaced, tags=set()))
    return re.sub(r"\s+", " ", text).strip()


def with_sections(html: str, plain: str, toc: list[dict]) -> list[dict]:
    """Each ``##`` section's own HTML (its heading to the next one's) and plain text on
    its toc entry: the page shows one section alone, JSON-LD says what it holds.

    ``html`` is what the page shows (typogrified), ``plain`` the same body before
    typogrify, for the text.
    """
    starts = [html.find(f'<h2 id="{entry["id"]}"') for entry in toc]
    plain_starts = [plain.find(f'<h2 id="{entry["id"]}"') for entry in toc]
    if not toc or -1 in starts or -1 in plain_starts:
        return toc
    ends = [*starts[1:], len(html)]
    plain_ends = [*plain_starts[1:], len(plain)]
    return [{**entry, "html": Markup(html[start:end]),
             "text": plain_text(plain[plain_start:plain_end].split("</h2>", 1)[-1])}
            for entry, start, end, plain_start, plain_end
            in zip(toc, starts, ends, plain_starts, plain_ends, strict=True)]


def body_siteurl(settings: dict) -> str:
    """What body links are made absolute on: SITEURL in a production build, else nothing."""
    return settings.get("SITEURL", "") if settings.get("APMG_PUBLISH") else ""


def source_url(path: str) -> str:
    """The site path of the page a content file is shown on ('content/es/faqs/x.md' ->
    '/es/faqs/#x'), from the folder layout."""
    parts = PurePosixPath(path).parts
    lang = parts[-3] if len(parts) >= 3 and parts[-3] in LANGUAGES else "en"
    kind = FOLDERS.get(parts[-2] if len(parts) >= 2 else "", "page")
    return document_url(kind, PurePosixPath(path).stem, lang)


class Renderer:
    """One Markdown instance reused for every body (reset between files).

    ``siteurl`` (production only) makes body links absolute while the tree is built.
    """

    def __init__(self, config: dict | None = None, typogrify_bodies: bool = True,
                 siteurl: str = ""):
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
        self._links.siteurl = siteurl

    def __call__(self, source: SourceFile) -> Body:
        errors = self.check_callouts(source)
        self._md.reset()
        self._citations.start(source.path)
        lang = (source.meta.get("lang") if isinstance(source.meta, dict) else None) or "en"
        self._links.lang = self._after_hours.processor.lang = lang
        self._links.document_url = source_url(source.path)
        clean, unsafe = sanitize_body(self._md.convert(source.body), source, self._links.siteurl)
        errors += [e for e in unsafe if e not in errors]  # a callout's type: reported
        html = typogrify(clean) if self._typogrify else clean
        toc = [{"id": t["id"], "name": t["name"]} for t in getattr(self._md, "toc_tokens", [])
               if t["level"] == 2]
        return Body(Markup(html), with_sections(html, clean, toc), errors, plain_text(clean))

    @staticmethod
    def check_callouts(source: SourceFile) -> list[ContentError]:
        errors = []
        for match in _CALLOUT.finditer(source.body):
            if match.group(1) not in CALLOUT_TYPES:
                line = source.line_at(match.start())
                errors.append(ContentError(source.path, line, "body",
                                           *unknown_callout(match.group(1))))
        return errors
