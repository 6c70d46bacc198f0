"""What URLs the site has, declared once: documents, index pages, generated files.

Documents, the generator, aliases, reserved slugs and the lint read this table, so a
new section or generated file is one edit here. Every path the build writes goes
through :func:`output_file`, which refuses to leave the output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from apmg.headers import ADMIN_PATH, SERVER_FILES
from apmg.model.languages import LANGUAGES, lang_root

# The values search files pages under (Pagefind's "type" filter), in the order the search
# page offers them; theme/templates/search.html gives each its filter choice and its
# result label (tests/test_search_types.py holds the two to each other).
SEARCH_TYPES = ("Treatment", "Condition", "FAQ", "Location", "Page")


@dataclass(frozen=True)
class Collection:
    """One kind of document: where its pages are published and how search files them."""

    kind: str
    url: str  # "{slug}" is replaced; a URL with '#' is a part of another page, no file
    search_type: str  # one of SEARCH_TYPES
    parent: str | None = None  # the index page above it in the breadcrumb trail

    def __post_init__(self) -> None:
        if self.search_type not in SEARCH_TYPES:
            raise ValueError(f"{self.kind}: search type {self.search_type!r} is not one of "
                             f"{SEARCH_TYPES}")


COLLECTIONS = {c.kind: c for c in (
    Collection("procedure", "/treatments/{slug}/", "Treatment", parent="/treatments/"),
    Collection("condition", "/conditions/{slug}/", "Condition", parent="/conditions/"),
    Collection("location", "/locations/{slug}/", "Location", parent="/locations/"),
    Collection("page", "/{slug}/", "Page"),
    Collection("faq", "/faqs/#{slug}", "FAQ"),
    Collection("clinician", "/clinicians/#{slug}", "Page"),
)}
DOCUMENT_URLS = {kind: c.url for kind, c in COLLECTIONS.items()}
HOME_SLUG = "home"  # the page published at the language's root, "/"
# A procedure's printable before-and-after instructions: <procedure URL> + this.
INSTRUCTIONS = "instructions/"


@dataclass(frozen=True)
class IndexPage:
    """A page made from a collection rather than from one file."""

    template: str
    path: str
    name: str  # its breadcrumb name (a template catalog message, translated there)
    translated: bool = True  # also written at /<lang>/<path> for each language
    kind: str | None = None  # the collection it lists (its newest date is the page's)
    search_type: str | None = "Page"  # one of SEARCH_TYPES; None: not in the search index
    sitemap: bool = True

    def __post_init__(self) -> None:
        if self.search_type is not None and self.search_type not in SEARCH_TYPES:
            raise ValueError(f"{self.path}: search type {self.search_type!r} is not one of "
                             f"{SEARCH_TYPES}")

    @property
    def save_as(self) -> str:
        return self.path.lstrip("/") + ("index.html" if self.path.endswith("/") else "")


INDEX_PAGES = (
    IndexPage("treatments.html", "/treatments/", "Treatments", kind="procedure",
              search_type="Treatment"),
    IndexPage("conditions.html", "/conditions/", "Conditions", kind="condition",
              search_type="Condition"),
    IndexPage("faqs.html", "/faqs/", "Common questions", kind="faq", search_type="FAQ"),
    IndexPage("locations.html", "/locations/", "Locations", kind="location",
              search_type="Location"),
    IndexPage("clinicians.html", "/clinicians/", "Our clinicians", kind="clinician"),
    IndexPage("404.html", "/404.html", "Page not found", search_type=None, sitemap=False),
    IndexPage("search.html", "/search/", "Search", search_type=None),
)

# Files the build or the preview server writes besides pages, and folders it fills.
GENERATED_FILES = ("/_redirects", "/_headers", *(f"/{name}" for name in SERVER_FILES),
                   "/sitemap.xml", "/robots.txt", "/__reload.js", "/__events")
GENERATED_FOLDERS = ("/static/", "/pagefind/", "/images/", "/theme/", ADMIN_PATH)  # the editor


def document_url(kind: str, slug: str, lang: str = "en") -> str:
    """Site path of a document: '/treatments/x/', '/es/treatments/x/', '/' for home."""
    path = "/" if kind == "page" and slug == HOME_SLUG else DOCUMENT_URLS[kind].format(slug=slug)
    return lang_root(lang) + path


def _first_segment(path: str) -> str:
    return path.strip("/").split("/")[0].split("#")[0]


# File names (slugs) of pages that would land on a section, a generated folder or a
# language root.
RESERVED_SLUGS = frozenset(
    {_first_segment(p) for p in DOCUMENT_URLS.values() if not p.startswith("/{")}
    | {_first_segment(p.path) for p in INDEX_PAGES}
    | {_first_segment(p) for p in GENERATED_FOLDERS}
    | set(LANGUAGES) | {"index"}
)


def generated_paths(languages: tuple[str, ...] = ("en", *LANGUAGES)) -> dict[str, str]:
    """Every path the site generates without a content file: {normalised path: what it is}."""
    found = {normalise(f): "a file the build writes" for f in GENERATED_FILES}
    for lang in languages:
        root = lang_root(lang)
        found[normalise(root + "/")] = "a language's home page"
        for page in INDEX_PAGES:
            if page.translated or lang == "en":
                found[normalise(root + page.path)] = "a page generated by the site"
        for pattern in DOCUMENT_URLS.values():
            section = pattern.split("{")[0]
            if section != "/":
                found.setdefault(normalise(root + section), "a section of the site")
    return found


def in_generated_folder(path: str) -> str | None:
    """The generated folder ``path`` lies in ('/static/'), if any."""
    lowered = path.lower()
    return next((f for f in GENERATED_FOLDERS if lowered.startswith(f)
                 or lowered == f.rstrip("/")), None)


_SEGMENT = re.compile(r"^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$")


def path_problem(path: str) -> str | None:
    """Why ``path`` is not a clean site path (an old URL an alias may claim), or None.

    Clean: starts with '/', segments of letters, digits and ``. _ ~ -``, no empty, '.'
    or '..' segment, no segment starting with '.', no query, fragment or escapes.
    """
    if not path.startswith("/"):
        return f"'{path}' does not start with '/'"
    for char, what in (("?", "a query ('?')"), ("#", "a fragment ('#')"),
                       ("%", "an escape ('%')"), ("\\", "a backslash")):
        if char in path:
            return f"'{path}' has {what}"
    segments = path[1:].split("/")
    if segments[-1] == "":
        segments = segments[:-1]  # the trailing slash of a folder path
    for segment in segments:
        if segment in (".", ".."):
            return f"'{path}' has a '{segment}' segment"
        if segment == "":
            return f"'{path}' has an empty segment ('//')"
        if segment.startswith("."):
            return f"'{path}' has a hidden segment '{segment}'"
        if not _SEGMENT.match(segment):
            return f"'{path}' has characters other than letters, digits and . _ ~ -"
    return None


def normalise(path: str) -> str:
    """One key for '/old', '/old/' and '/old/index.html' (case-insensitive, as some hosts are)."""
    path = path.removesuffix("index.html").rstrip("/")
    return (path or "/").lower()


class UnsafePath(Exception):
    """A path the build was about to write outside its output folder (a bug, or an
    attack the model did not catch): the build stops instead."""


def output_file(output: Path, relative: str) -> Path:
    """``output/relative``, refusing any path that would land outside ``output``."""
    if not relative or relative.startswith("/") or "\\" in relative:
        raise UnsafePath(f"refusing to write '{relative}': not a path inside the site")
    base = output.resolve()
    target = (base / relative).resolve()
    if target == base or not target.is_relative_to(base):
        raise UnsafePath(f"refusing to write '{relative}': it lies outside {output}/")
    return target


__all__ = ["COLLECTIONS", "DOCUMENT_URLS", "GENERATED_FILES", "GENERATED_FOLDERS", "INDEX_PAGES",
           "INSTRUCTIONS", "RESERVED_SLUGS", "SEARCH_TYPES", "IndexPage", "UnsafePath",
           "document_url", "generated_paths", "in_generated_folder", "normalise", "output_file",
           "path_problem"]
