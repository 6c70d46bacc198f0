"""Spanish (and later other) versions of English documents: ``content/<lang>/<folder>/``.

A translation names its English original with ``translation_of`` and is published at
``/<lang>/<the original's path>``. It repeats only what a reader reads: the facts that
must not drift between languages (address, phone, hours, references, dates, links
between documents) are taken from the original unless the translation sets them.
Its links to other documents are English slugs, resolved to the translation in the
same language when there is one, else to the English document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apmg.model.documents import KIND_CLASSES, Document
from apmg.model.errors import ContentError, did_you_mean
from apmg.model.files import PRACTICE_FILE
from apmg.model.frontmatter import SourceFile, display_path, parse_yaml_file, read_source
from apmg.model.schemas import KIND_SCHEMAS, PracticeMeta
from apmg.model.validate import validate

# Fields a translation takes from its original when it does not set them itself.
INHERITED = {"address", "phone", "fax", "hours", "geo", "services", "placeholders", "main",
             "region", "kind", "related", "references", "last_reviewed", "reviewed_by",
             "procedures", "order", "template", "footer", "name", "credentials",
             "board_certifications", "photo"}


def check_original(source: SourceFile) -> list[ContentError]:
    """An English file must not claim to be a translation."""
    meta = source.meta if isinstance(source.meta, dict) else {}
    errors = []
    if meta.get("translation_of") is not None:
        errors.append(ContentError(
            source.path, source.line_of(("translation_of",)), "translation_of",
            "is only for translations, in content/es/", "no translation_of in an English file"))
    if meta.get("lang", "en") != "en":
        errors.append(ContentError(
            source.path, source.line_of(("lang",)), "lang",
            f"'{meta.get('lang')}' in an English folder",
            "no lang, or lang: en; translations go in content/es/"))
    return errors


# Practice fields a reader reads; the rest (phone, fax, placeholders) stay the English file's.
PRACTICE_TEXT = {"name", "tagline", "description", "emergency_notice"}


def load_practice(lang: str, content: Path, root: Path, original: SourceFile,
                  original_ok: bool, errors: list[ContentError]) -> PracticeMeta | None:
    """``content/<lang>/practice.yml``: the practice's words in ``lang`` (optional file).

    Checked only once the English file is valid: its facts are merged in, and a mistake
    there must be reported against content/practice.yml, not against this file.
    """
    path = content / lang / PRACTICE_FILE
    if not original_ok or not (path.is_file() or path.is_symlink()):
        return None
    source = parse_yaml_file(path, root)
    errors.extend(source.errors)
    if source.errors:
        return None
    for name in set(source.meta) - PRACTICE_TEXT:
        errors.append(ContentError(source.path, source.line_of((name,)), name,
                                   "is not translated: it comes from content/practice.yml",
                                   "only " + ", ".join(sorted(PRACTICE_TEXT))))
    practice, problems = validate(PracticeMeta, source, {**original.meta, **source.meta})
    errors.extend(problems)
    return practice


def load_language(lang: str, content: Path, root: Path, folders: dict[str, str],
                  originals: dict[str, dict[str, Document]], invalid: dict[str, set[str]],
                  render: Callable, errors: list[ContentError],
                  read: Callable[[Path, Path], SourceFile] = read_source
                  ) -> dict[str, list[Document]]:
    """Read, validate and link ``content/<lang>/``; every problem goes to ``errors``."""
    from apmg.model.site import read_folder  # the one folder reader the English side uses

    docs: dict[str, list[Document]] = {kind: [] for kind in KIND_CLASSES}
    for folder, kind in folders.items():
        claimed: dict[str, SourceFile] = {}
        for source in read_folder(content / lang, root, folder, errors, read):
            errors.extend(source.errors)
            if source.errors:
                continue
            doc = _load_one(lang, kind, folder, source, originals[kind], invalid[kind],
                            claimed, render, errors)
            if doc is not None:
                docs[kind].append(doc)
    return docs


def check_home(lang: str, docs: dict[str, list[Document]], content: Path,
               root: Path) -> list[ContentError]:
    """A language with any page needs its home page: the language switch of every page
    not yet translated leads there."""
    if not any(docs.values()) or any(p.slug == "home" for p in docs["page"]):
        return []
    path = display_path(content / lang / "pages" / "home.md", root)
    return [ContentError(path, 1, "file",
                         f"missing: pages not yet translated link to /{lang}/, its home page",
                         f"content/{lang}/pages/home.md with lang: {lang} and "
                         "translation_of: home")]


def _load_one(lang, kind, folder, source, originals, invalid, claimed, render, errors):
    meta = source.meta
    problems: list[ContentError] = []
    if meta.get("lang") != lang:
        problems.append(ContentError(
            source.path, source.line_of(("lang",)), "lang",
            "missing" if "lang" not in meta else f"'{meta['lang']}' in content/{lang}/",
            f"lang: {lang} in every file under content/{lang}/"))
    target = meta.get("translation_of")
    original = None
    if target is None:
        problems.append(ContentError(source.path, 1, "translation_of", "missing required field",
                                     f"the slug of the English file in content/{folder}/ "
                                     "this file translates"))
    elif target in originals:
        original = originals[target]
        if target in claimed:
            problems.append(ContentError(
                source.path, source.line_of(("translation_of",)), "translation_of",
                f"'{target}' is also translated by {claimed[target].path}",
                "one translation per English page"))
        else:
            claimed[target] = source
    elif target not in invalid:
        problems.append(ContentError(
            source.path, source.line_of(("translation_of",)), "translation_of",
            f"no English {kind} '{target}'{did_you_mean(str(target), originals.keys())}",
            f"the file name, without .md, of a file in content/{folder}/"))
    errors.extend(problems)
    if original is None or problems:
        return None
    data = {k: v for k, v in original.source.meta.items() if k in INHERITED}
    data.update(meta)
    validated, problems = validate(KIND_SCHEMAS[kind], source, data)
    errors.extend(problems)
    if validated is None:
        return None
    from apmg.model.safety import check_translation  # imports apmg.citations: not at load
    from apmg.model.site import check_body

    errors.extend(check_body(source, kind, validated))
    errors.extend(check_translation(source, original.source, kind))  # every warning sign
    body = render(source)
    errors.extend(body.errors)
    doc = KIND_CLASSES[kind](kind, original.slug, validated, source, body.html, body.toc,
                             text=body.text)
    doc.translations = {"en": original, **original.translations}
    for other in original.translations.values():
        other.translations[lang] = doc
    original.translations[lang] = doc
    return doc


def resolve(docs: dict[str, list[Document]], lang: str, procedures: dict[str, Document],
            errors: list[ContentError], invalid: set[str] = frozenset()) -> None:
    """Link a language's documents to each other, falling back to the English ones.

    References are English slugs (the same in every language), checked like the
    English file's own.
    """
    from apmg.model.site import _resolve  # the one lookup-with-hints the English side uses

    def local(slugs: list[str], source: SourceFile, field_name: str,
              own_slug: str | None = None) -> list[Document]:
        found = _resolve(source, field_name, slugs, procedures, "procedure", errors, invalid,
                         own_slug)
        return [d.translations.get(lang, d) for d in found]

    for proc in docs["procedure"]:
        reviewer = proc.translations["en"].reviewer
        proc.reviewer = reviewer and reviewer.translations.get(lang, reviewer)
        proc.related = local(proc.meta.related, proc.source, "related", proc.slug)
        proc.conditions = [c.translations[lang] for c in proc.translations["en"].conditions
                           if lang in c.translations]
        for condition in proc.conditions:
            condition.procedures.append(proc)
    for faq in docs["faq"]:
        faq.procedures = local(faq.meta.procedures, faq.source, "procedures")
        for proc in faq.procedures:
            if proc.meta.lang == lang:
                proc.faqs.append(faq)
    for location in docs["location"]:
        if location.meta.services is None:
            location.services = [d.translations.get(lang, d) for d in procedures.values()]
        else:
            location.services = local(location.meta.services, location.source, "services")
        for proc in location.services:
            if proc.meta.lang == lang:
                proc.locations.append(location)
    for proc in docs["procedure"]:
        proc.faqs.sort(key=lambda f: (f.order, f.question))
