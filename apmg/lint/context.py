"""What every rule sees: the parsed files, the validated site (if it loads) and the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from apmg.lint.config import LintConfig
from apmg.markup import Renderer
from apmg.model import ContentError, ContentErrors, Site, load_site
from apmg.model.files import FOLDERS, collection_files
from apmg.model.frontmatter import SourceFile, read_source
from apmg.model.languages import LANGUAGES, lang_root


@dataclass
class Document:
    """One content file as the lint sees it: its kind, slug and parsed source."""

    kind: str
    slug: str
    source: SourceFile
    file: Path  # absolute, for reading the raw text and resolving relative links
    folder_lang: str = "en"  # "es" for content/es/<folder>/

    @property
    def lang(self) -> str:
        lang = self.source.meta.get("lang", self.folder_lang)
        return lang if isinstance(lang, str) else self.folder_lang

    @property
    def url_prefix(self) -> str:
        return lang_root(self.folder_lang)


@dataclass
class LintContext:
    content: Path
    root: Path
    config: LintConfig
    today: dt.date
    documents: list[Document] = field(default_factory=list)
    site: Site | None = None
    model_errors: list[ContentError] = field(default_factory=list)
    model_warnings: list[ContentError] = field(default_factory=list)


def load_context(content: Path, root: Path, config: LintConfig,
                 today: dt.date | None = None) -> LintContext:
    """Parse every content file and run the build's own validation on the whole site."""
    ctx = LintContext(content, root, config, today or dt.date.today())
    for lang in ("en", *LANGUAGES):
        for folder, kind in FOLDERS.items():
            base = content / folder if lang == "en" else content / lang / folder
            for path in collection_files(base, root)[0]:
                ctx.documents.append(Document(kind, path.stem, read_source(path, root),
                                              path.resolve(), lang))
    try:
        ctx.site = load_site(content, root, Renderer())
        ctx.model_warnings = list(ctx.site.warnings)
    except ContentErrors as exc:
        ctx.model_errors = list(exc.errors)
    return ctx
