"""Validated documents with their references resolved: what templates receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from apmg.model.frontmatter import SourceFile
from apmg.model.routes import INSTRUCTIONS, document_url
from apmg.model.schemas import ConditionMeta, Entry
from apmg.model.sections import AFTER, BEFORE, PROCEDURE_SECTIONS


@dataclass(eq=False)
class Document:
    """One content file: its validated front matter (read through as attributes) and body.

    Resolved references are real attributes on the subclasses and take precedence over
    the raw slugs in the front matter, which stay available as ``doc.meta.<field>``.
    """

    kind: str
    slug: str
    meta: Entry
    source: SourceFile | None = None
    html: Markup = Markup("")
    toc: list[dict[str, Any]] = field(default_factory=list)
    # The same page in the other languages, by language code (set by the loader).
    translations: dict[str, Document] = field(default_factory=dict)
    text: str = ""  # the body as plain text (JSON-LD, search words), made with the HTML

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "meta":
            raise AttributeError(name)
        return getattr(self.meta, name)

    @property
    def url(self) -> str:
        """Site-relative URL with a leading slash, e.g. ``/treatments/x/``, ``/es/treatments/x/``.

        A translation keeps its original's slug, so it lives at ``/<lang>`` + the same path.
        """
        return self.url_in(self.lang)

    def url_in(self, lang: str) -> str:
        """Where a reader of ``lang`` finds this document: for a part of a listing page
        (a clinician on /es/clinicians/), that language's listing even if the document
        itself is not translated."""
        return document_url(self.kind, self.slug, lang)

    @property
    def lang(self) -> str:
        return getattr(self.meta, "lang", "en")

    @property
    def reference_list(self) -> list:
        """The page's references in the order its body first cites them."""
        from apmg.citations import ordered

        return ordered(getattr(self.meta, "references", []), self.source.body if self.source
                       else "")

    @property
    def reference_anchor(self) -> str:
        """Prefix of the element ids of this document's references (see apmg.citations)."""
        from apmg.citations import anchor_prefix

        return anchor_prefix(self.source.path) if self.source else "ref-"

    @property
    def save_as(self) -> str | None:
        """The file the page is written to; None for a part of another page (a FAQ)."""
        if "#" in self.url:
            return None
        return self.url.lstrip("/") + "index.html"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


# A procedure page shows its most important questions (lowest ``order``); the rest are
# one link away on the FAQ hub, so the page stays short on a phone.
FAQS_ON_PAGE = 8


@dataclass(eq=False, repr=False)
class Procedure(Document):
    faqs: list[Faq] = field(default_factory=list)
    related: list[Procedure] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    reviewer: Clinician | None = None  # from reviewed_by, set by the loader

    @property
    def featured_faqs(self) -> list[Faq]:
        return self.faqs[:FAQS_ON_PAGE]

    def section(self, key: str, part: str = "html") -> Any:
        """One section's HTML (or ``part="text"``, its plain text) by its key
        (apmg/model/sections.py), if the body has all seven sections in order."""
        if len(self.toc) != len(PROCEDURE_SECTIONS) or part not in self.toc[0]:
            return None
        return self.toc[PROCEDURE_SECTIONS.index(key)][part]

    @property
    def instructions(self) -> tuple[list[tuple[str, Markup]], list[tuple[str, Markup]]] | None:
        """The printable "before" and "after" sheets: (section key, HTML) each, or None."""
        before = [(k, self.section(k)) for k in BEFORE]
        after = [(k, self.section(k)) for k in AFTER]
        return (before, after) if all(html for _, html in before + after) else None

    @property
    def instructions_url(self) -> str:
        return self.url + INSTRUCTIONS


@dataclass(eq=False, repr=False)
class Faq(Document):
    procedures: list[Procedure] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.meta.question


@dataclass(eq=False, repr=False)
class Location(Document):
    services: list[Procedure] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Condition(Document):
    procedures: list[Procedure] = field(default_factory=list)

    @classmethod
    def from_name(cls, name: str, slug: str) -> Condition:
        """A condition named by a procedure but without a file of its own."""
        return cls("condition", slug, ConditionMeta.model_construct(title=name, summary=None))


@dataclass(eq=False, repr=False)
class Clinician(Document):
    """A person who reviews the pages' clinical facts."""

    # The checked source of ``meta.photo`` for its slot (apmg/images.py), set by the loader.
    photo: Any = None

    @property
    def title(self) -> str:
        return self.meta.name

    @property
    def signature(self) -> str:
        """'Jane Doe, MD': how a reviewed page names its reviewer."""
        return f"{self.meta.name}, {self.meta.credentials}"


@dataclass(eq=False, repr=False)
class Page(Document):
    pass


KIND_CLASSES: dict[str, type[Document]] = {
    "procedure": Procedure,
    "faq": Faq,
    "location": Location,
    "condition": Condition,
    "clinician": Clinician,
    "page": Page,
}
