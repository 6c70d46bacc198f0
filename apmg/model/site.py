"""Load every content file, validate it, and resolve the references between files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apmg import citations, images
from apmg.model import translations
from apmg.model import validate as validation
from apmg.model.aliases import check_aliases
from apmg.model.documents import (
    KIND_CLASSES,
    Clinician,
    Condition,
    Document,
    Faq,
    Location,
    Page,
    Procedure,
)
from apmg.model.errors import ContentError, ContentErrors, did_you_mean
from apmg.model.files import FOLDERS, PRACTICE_FILE, check_tree, collection_files
from apmg.model.frontmatter import SourceFile, parse_yaml_file, read_source
from apmg.model.languages import LANGUAGES
from apmg.model.production import text_placeholders
from apmg.model.routes import RESERVED_SLUGS
from apmg.model.schemas import KIND_SCHEMAS, PracticeMeta
from apmg.model.slugs import slugify
from apmg.model.validate import validate

# Kinds whose body is what the reader came for: an empty one is an error.
BODY_REQUIRED = {"procedure": "the page's sections", "faq": "the answer"}
# Fields of each kind that name other documents by slug: field -> kind named.
REFERENCE_FIELDS = {"procedure": {"related": "procedure", "reviewed_by": "clinician"},
                    "faq": {"procedures": "procedure"}, "location": {"services": "procedure"}}
REGIONS = ("neck", "mid-back", "lower-back", "other")

Renderer = Callable[[SourceFile], tuple[str, list, list[ContentError]]]


@dataclass
class Site:
    """Every collection, validated and cross-linked: the templates' view of the content."""

    practice: PracticeMeta
    procedures: list[Procedure]
    faqs: list[Faq]
    locations: list[Location]
    conditions: list[Condition]
    pages: list[Page]
    clinicians: list[Clinician] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    lang: str = "en"
    # The same site in the other languages (their documents only), by language code.
    languages: dict[str, Site] = field(default_factory=dict)
    # On a translation's site: the English site, whose documents stand in for the ones
    # not yet translated where every page must list them all (the footer's notices).
    original: Site | None = field(default=None, repr=False, compare=False)

    @property
    def documents(self) -> list[Document]:
        return [*self.procedures, *self.faqs, *self.locations, *self.conditions, *self.pages,
                *self.clinicians]

    @property
    def all_documents(self) -> list[Document]:
        """Every document of every language: what gets published."""
        return [d for s in (self, *self.languages.values()) for d in s.documents]

    def in_lang(self, lang: str) -> Site:
        """The site as a reader of ``lang`` sees it: that language's documents only."""
        return self if lang == self.lang else self.languages[lang]

    def page(self, slug: str) -> Page | None:
        return next((p for p in self.pages if p.slug == slug), None)

    def local(self, doc: Document) -> Document:
        """``doc`` in this site's language if it is translated, else ``doc`` itself."""
        return doc if doc.lang == self.lang else doc.translations.get(self.lang, doc)

    @property
    def footer_pages(self) -> list[Page]:
        """Every notice, translated where a translation exists: legal notices must be
        reachable from every page in every language."""
        return [self.local(p) for p in (self.original or self).pages if p.meta.footer]

    @property
    def team(self) -> list[Clinician]:
        """Every clinician, in this site's language where translated."""
        return [self.local(c) for c in (self.original or self).clinicians]

    @property
    def untranslated_procedures(self) -> list[Procedure]:
        """English procedures with no version in this site's language (none in English)."""
        if self.original is None:
            return []
        return [p for p in self.original.procedures if self.lang not in p.translations]

    @property
    def procedures_by_region(self) -> list[tuple[str, list[Procedure]]]:
        return [(r, [p for p in self.procedures if p.region == r]) for r in REGIONS
                if any(p.region == r for p in self.procedures)]

    @property
    def faqs_by_topic(self) -> list[tuple[str, list[Faq]]]:
        """Topics in the order of their first question's ``order``, then by name."""
        topics: dict[str, list[Faq]] = {}
        for faq in self.faqs:
            topics.setdefault(faq.topic, []).append(faq)
        return sorted(topics.items(), key=lambda item: (min(f.order for f in item[1]), item[0]))


def content_files(content: Path) -> list[Path]:
    """Every content file load_site reads, in every language (what a cache can prepare)."""
    bases = [content, *(content / lang for lang in LANGUAGES)]
    return [p for base in bases for folder in FOLDERS
            for p in collection_files(base / folder, content)[0]]


def read_folder(base: Path, root: Path, folder: str, errors: list[ContentError],
                read: Callable[[Path, Path], SourceFile] = read_source) -> list[SourceFile]:
    """Read every Markdown file of ``base/folder``; anything else there is an error."""
    paths, problems = collection_files(base / folder, root)
    errors += problems
    return [read(p, root) for p in paths]


def check_body(source: SourceFile, kind: str, meta) -> list[ContentError]:
    """A FAQ without an answer or a procedure without sections publishes an empty page;
    a citation must name one of the page's references."""
    if kind in BODY_REQUIRED and not source.body.strip():
        return [ContentError(source.path, source.body_line, "body", "is empty",
                             f"{BODY_REQUIRED[kind]} below the closing '---' line")]
    return citations.check(source, getattr(meta, "references", []))


def check_raw_references(source: SourceFile, kind: str, slugs: dict[str, set[str]],
                         errors: list[ContentError]) -> None:
    """The reference errors of a file that failed validation, so that one run shows them
    all: ``slugs`` holds every file name of each kind, valid or not."""
    for field_name, target_kind in REFERENCE_FIELDS.get(kind, {}).items():
        value = source.meta.get(field_name)
        if isinstance(value, str):
            _resolve_one(source, field_name, value, dict.fromkeys(slugs[target_kind]),
                         target_kind, errors)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            _resolve(source, field_name, value, dict.fromkeys(slugs[target_kind]),
                     target_kind, errors)


def _resolve(source: SourceFile, field_name: str, slugs: list[str], targets: dict,
             what: str, errors: list[ContentError], invalid: set[str] = frozenset(),
             own_slug: str | None = None) -> list:
    """Look up slugs; each unknown one is an error with the closest slug as a hint.

    A slug whose file exists but failed validation is skipped quietly: that file's own
    error is already reported, and one mistake should give one message.
    """
    found = []
    for index, slug in enumerate(slugs):
        if slug in slugs[:index]:
            errors.append(ContentError(
                source.path, source.line_of((field_name, index)), f"{field_name}[{index}]",
                f"'{slug}' is listed twice", "each slug once"))
        elif slug == own_slug:
            errors.append(ContentError(
                source.path, source.line_of((field_name, index)), f"{field_name}[{index}]",
                f"'{slug}' is this page itself", f"other {what}s"))
        elif slug in targets:
            found.append(targets[slug])
        elif slug not in invalid:
            errors.append(_unknown(source, (field_name, index), slug, targets, what))
    return found


def _unknown(source: SourceFile, loc: tuple, slug: str, targets: dict,
             what: str) -> ContentError:
    """A slug that names no file, with the closest one as a hint."""
    return ContentError(source.path, source.line_of(loc), validation.field_name(loc),
                        f"no {what} '{slug}'{did_you_mean(slug, targets.keys())}",
                        f"the file name, without .md, of a file in content/{what}s/")


def _resolve_one(source: SourceFile, field_name: str, slug: str, targets: dict, what: str,
                 errors: list[ContentError], invalid: set[str] = frozenset()):
    """One slug (``reviewed_by``), looked up like a list's."""
    if slug in targets:
        return targets[slug]
    if slug not in invalid:
        errors.append(_unknown(source, (field_name,), slug, targets, what))
    return None


def _placeholders(source: SourceFile, fields: list[str], whose: str) -> list[ContentError]:
    """The warning that a file's details are not real yet (production refuses them)."""
    if not fields:
        return []
    return [ContentError(source.path, source.line_of(("placeholders",)), "placeholders",
                         f"not yet the {whose} real details: " + ", ".join(fields),
                         level="warning")]


def _photos(clinicians: list[Clinician], content: Path) -> list[ContentError]:
    """Check each clinician's photo (apmg/images.py) and attach it; a translation that
    takes its original's photo is reported once, against the file that names it."""
    errors, checked = [], {}
    for doc in clinicians:
        photo = doc.meta.photo
        if photo is None:
            continue
        if photo.src not in checked:
            checked[photo.src] = images.check(photo.src, "clinician", content)
        result = checked[photo.src]
        if isinstance(result, images.SourceImage):
            doc.photo = result
        elif isinstance(doc.source.meta, dict) and "photo" in doc.source.meta:
            errors.append(ContentError(doc.source.path, doc.source.line_of(("photo", "src")),
                                       "photo.src", result.message, result.expected))
    return errors


def load_site(content: Path, root: Path, render: Renderer,
              read: Callable[[Path, Path], SourceFile] = read_source) -> Site:
    """Read ``content/``, validate and resolve it; raise ContentErrors listing every problem.

    ``read`` reads one file (``apmg.cache.ContentCache.read`` answers from the cache).
    """
    errors: list[ContentError] = check_tree(content, root)
    warnings: list[ContentError] = []

    practice_source = parse_yaml_file(content / PRACTICE_FILE, root)
    errors += practice_source.errors
    practice, problems = (None, []) if practice_source.errors else \
        validate(PracticeMeta, practice_source)
    errors += problems
    if practice:
        warnings += _placeholders(practice_source, practice.placeholders, "practice's")

    docs: dict[str, list[Document]] = {kind: [] for kind in KIND_CLASSES}
    broken: dict[str, set[str]] = {kind: set() for kind in KIND_CLASSES}  # files with errors
    invalid = broken["procedure"]  # procedure slugs whose files have errors of their own
    unchecked: list[tuple[SourceFile, str]] = []  # files whose references wait for all slugs
    for folder, kind in FOLDERS.items():
        for source in read_folder(content, root, folder, errors, read):
            errors += source.errors + translations.check_original(source)
            meta, problems = (None, []) if source.errors else validate(KIND_SCHEMAS[kind], source)
            errors += problems
            if meta is None:
                broken[kind].add(Path(source.path).stem)
                unchecked.append((source, kind))
                continue
            errors += check_body(source, kind, meta)
            body = render(source)
            errors += body.errors
            slug = Path(source.path).stem
            docs[kind].append(KIND_CLASSES[kind](kind, slug, meta, source, body.html, body.toc,
                                                 text=body.text))

    all_slugs = {kind: {d.slug for d in docs[kind]} | broken[kind] for kind in KIND_CLASSES}
    for source, kind in unchecked:
        check_raw_references(source, kind, all_slugs, errors)
    originals = {kind: {d.slug: d for d in kind_docs} for kind, kind_docs in docs.items()}
    translated = {lang: translations.load_language(lang, content, root, FOLDERS, originals,
                                                   broken, render, errors, read)
                  for lang in LANGUAGES}
    if "home" in originals["page"]:
        for lang, lang_docs in translated.items():
            errors += translations.check_home(lang, lang_docs, content, root)
    # A language without any valid file gets no pages (and no link in the switch).
    translated = {lang: d for lang, d in translated.items() if any(d.values())}
    errors += check_aliases(d for lang_docs in (docs, *translated.values())
                            for kind_docs in lang_docs.values() for d in kind_docs)
    for page in docs["page"]:
        if page.slug in RESERVED_SLUGS:
            errors.append(ContentError(page.source.path, 1, "file",
                                       f"the name '{page.slug}' is reserved for a part of the "
                                       "site the build makes", "another file name"))

    procedures = {d.slug: d for d in docs["procedure"]}
    conditions = {d.slug: d for d in docs["condition"]}
    clinicians = {d.slug: d for d in docs["clinician"]}
    named_conditions: set[str] = set()

    for proc in docs["procedure"]:
        proc.reviewer = _resolve_one(proc.source, "reviewed_by", proc.meta.reviewed_by,
                                     clinicians, "clinician", errors, broken["clinician"])
        proc.related = _resolve(proc.source, "related", proc.meta.related, procedures,
                                "procedure", errors, invalid, own_slug=proc.slug)
        for index, name in enumerate(proc.meta.conditions):
            slug = slugify(name)
            if not slug:
                errors.append(ContentError(
                    proc.source.path, proc.source.line_of(("conditions", index)),
                    f"conditions[{index}]", f"'{name}' gives no web address",
                    "a condition name with letters or digits, like 'Facet arthritis'"))
                continue
            named_conditions.add(slug)
            condition = conditions.setdefault(slug, Condition.from_name(name, slug))
            condition.procedures.append(proc)
            proc.conditions.append(condition)

    for faq in docs["faq"]:
        faq.procedures = _resolve(faq.source, "procedures", faq.meta.procedures, procedures,
                                  "procedure", errors, invalid)
        for proc in faq.procedures:
            proc.faqs.append(faq)

    for location in docs["location"]:
        if location.meta.services is None:
            location.services = list(procedures.values())
        else:
            location.services = _resolve(location.source, "services", location.meta.services,
                                         procedures, "procedure", errors, invalid)
        for proc in location.services:
            proc.locations.append(location)
        warnings += _placeholders(location.source, location.meta.placeholders, "clinic's")

    for clinician in docs["clinician"]:
        warnings += _placeholders(clinician.source, clinician.meta.placeholders,
                                  "clinician's")

    for condition in docs["condition"]:
        if condition.slug not in named_conditions:
            warnings.append(ContentError(
                condition.source.path, 1, "slug",
                f"no procedure names the condition '{condition.slug}'",
                "a procedure whose 'conditions' list names it", level="warning"))

    for lang, lang_docs in translated.items():
        translations.resolve(lang_docs, lang, procedures, errors, invalid)
    errors += _photos([*docs["clinician"], *(d for lang_docs in translated.values()
                                               for d in lang_docs["clinician"])], content)
    practices = {lang: translations.load_practice(lang, content, root, practice_source,
                                                  practice is not None, errors)
                 for lang in LANGUAGES}

    if errors or practice is None:
        raise ContentErrors(errors)
    warnings += [w for lang_docs in (docs, *translated.values()) for kind_docs in lang_docs.values()
                 for d in kind_docs for w in text_placeholders(d.source)]

    for proc in procedures.values():
        proc.faqs.sort(key=lambda f: (f.order, f.question))
    site = _site(practice, docs, list(conditions.values()), warnings=warnings)
    site.languages = {lang: _site(practices.get(lang) or practice, lang_docs,
                                  lang_docs["condition"], lang=lang, original=site)
                      for lang, lang_docs in translated.items()}
    return site


def _site(practice: PracticeMeta, docs: dict[str, list[Document]], conditions: list,
          **extra) -> Site:
    by_title = lambda d: d.title.lower()  # noqa: E731
    return Site(
        practice=practice,
        procedures=sorted(docs["procedure"], key=by_title),
        faqs=sorted(docs["faq"], key=lambda f: (f.order, f.question)),
        locations=sorted(docs["location"], key=lambda d: (not d.meta.main, d.title)),
        conditions=sorted(conditions, key=by_title),
        pages=sorted(docs["page"], key=lambda d: d.slug),
        clinicians=sorted(docs["clinician"], key=lambda d: (d.meta.order, d.title)),
        **extra,
    )


__all__ = ["Site", "content_files", "load_site"]
