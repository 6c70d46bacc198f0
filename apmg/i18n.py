"""The template message catalog: extract ``_("...")`` strings, update each language's
.po file, compile the .mo files the theme loads.

English is the source language, so only the other languages have catalogs. The .mo is
committed next to its .po so a build needs no compile step; ``check`` (and a test)
fails when the .po or .mo has fallen behind the templates.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from apmg.model import illustrations
from apmg.model.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "theme" / "templates"
TRANSLATIONS = ROOT / "theme" / "translations"
# Illustrations are Jinja templates too (theme/templates/illustrations/*.svg).
METHOD_MAP = [("**.html", "jinja2.ext:babel_extract"), ("**.svg", "jinja2.ext:babel_extract")]
OPTIONS = {pattern: {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
           for pattern, _ in METHOD_MAP}
# A fixed date keeps re-running `make translations` from changing files needlessly.
STABLE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HEADER = {"project": "Advanced Pain Medical Group website", "version": "1",
          "copyright_holder": "Advanced Pain Medical Group", "fuzzy": False,
          "creation_date": STABLE_DATE, "revision_date": STABLE_DATE,
          "last_translator": "Advanced Pain Medical Group",
          "language_team": "Spanish <es@apmg.example>"}


def extract(templates: Path = TEMPLATES) -> Catalog:
    """Every ``_()`` string in the templates, with where it is used."""
    catalog = Catalog(**HEADER)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(templates), METHOD_MAP, OPTIONS, keywords={"_": None, "gettext": None,
                                                           "ngettext": (1, 2)}):
        catalog.add(message, None, [(f"templates/{filename}", lineno)],
                    auto_comments=comments, context=context)
    # The illustrations' titles and text alternatives are msgids in the registry.
    for message, name in illustrations.messages():
        catalog.add(message, None, [("apmg/model/illustrations.py", 0)],
                    auto_comments=[f"illustration {name}"])
    return catalog


def po_path(lang: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / lang / "LC_MESSAGES" / "messages.po"


def read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=lang)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, omit_header=False)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update(directory: Path = TRANSLATIONS) -> list[str]:
    """Write messages.pot, update or create each .po, compile each .mo; what it did."""
    template = extract()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "messages.pot").write_bytes(_po_bytes(template))
    done = [f"{len(template)} messages in {directory / 'messages.pot'}"]
    for lang in LANGUAGES:
        po = po_path(lang, directory)
        po.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(po, lang) if po.exists() else Catalog(locale=lang, **HEADER)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        po.write_bytes(_po_bytes(catalog))
        po.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
        done.append(f"{po}: {len(missing(catalog))} still to translate")
    return done


def missing(catalog: Catalog) -> list[str]:
    """Messages with no translation, or a fuzzy (unchecked) one."""
    return [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy
                                                      or (isinstance(m.string, tuple)
                                                          and not all(m.string)))]


@dataclass
class Problem:
    lang: str
    message: str

    def __str__(self) -> str:
        return f"{self.lang}: {self.message}"


def check(directory: Path = TRANSLATIONS, templates: Path = TEMPLATES) -> list[Problem]:
    """Every template string translated, and the committed .mo compiled from the .po."""
    template = extract(templates)
    problems: list[Problem] = []
    for lang in LANGUAGES:
        po = po_path(lang, directory)
        if not po.exists():
            problems.append(Problem(lang, f"no catalog at {po}; run `make translations`"))
            continue
        catalog = read(po, lang)
        for message in template:
            if message.id and message.id not in catalog:
                problems.append(Problem(lang, f"not in {po.name}: {message.id!r}"))
        problems += [Problem(lang, f"not translated: {m!r}") for m in missing(catalog)]
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            problems.append(Problem(lang, f"{mo} is not compiled from {po.name}; "
                                          "run `make translations`"))
    return problems
