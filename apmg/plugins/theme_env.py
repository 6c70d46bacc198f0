"""Pelican plugin: give every template gettext (per page language), our filters and globals."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from pelican import signals

from apmg import headers, search, structured_data, template_filters
from apmg.model.languages import lang_root

_catalogs: dict[str, NullTranslations] = {}


def catalog(lang: str, directory: Path) -> NullTranslations:
    """The template catalog for ``lang`` (English is the source language)."""
    if lang not in _catalogs:
        _catalogs[lang] = (NullTranslations() if lang == "en"
                           else Translations.load(str(directory), [lang], domain="messages"))
    return _catalogs[lang]


def install(generator) -> None:
    env = generator.env
    directory = Path(generator.theme) / "translations"

    @pass_context
    def gettext(ctx, message: str) -> str:
        return catalog(ctx.get("lang") or "en", directory).gettext(message)

    @pass_context
    def ngettext(ctx, singular: str, plural: str, n: int) -> str:
        return catalog(ctx.get("lang") or "en", directory).ngettext(singular, plural, n)

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(template_filters.FILTERS)

    @pass_context
    def structured_data_for(ctx, page, path: str, site, siteurl: str) -> list[dict]:
        return structured_data.for_page(page, path, site, siteurl,
                                        catalog(ctx.get("lang") or "en", directory).gettext)

    @pass_context
    def breadcrumb_trail(ctx, page, path: str) -> list[tuple[str, str]]:
        """The same trail the BreadcrumbList is made of, for the visible breadcrumbs."""
        lang = ctx.get("lang") or "en"
        return structured_data.trail(page, path, lang_root(lang),
                                     catalog(lang, directory).gettext)

    env.globals["structured_data"] = structured_data_for
    env.globals["breadcrumb_trail"] = breadcrumb_trail
    env.globals["page_path"] = structured_data.page_path
    env.globals["search_type"] = search.search_type
    env.globals["meta_csp"] = headers.meta_csp


def reset(pelican) -> None:
    """Forget loaded catalogs so a rebuild in the same process sees edited translations."""
    _catalogs.clear()


def register() -> None:
    signals.initialized.connect(reset)
    signals.generator_init.connect(install)
