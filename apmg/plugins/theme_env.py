"""Pelican plugin: give every template gettext (per page language) and our filters.

Everything else a template needs about its page comes in its ``view`` (apmg/views.py);
the asset URLs come from the generator's manifest (``asset_url``).
"""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations
from jinja2 import FileSystemBytecodeCache, pass_context
from pelican import signals

from apmg import template_filters

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

    # Compiled templates kept between builds (keyed by each template's source), so a
    # rebuild in the preview does not compile the theme again.
    folder = generator.settings.get("APMG_CACHE_DIR", ".build/cache")
    if folder:
        (Path(folder) / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(Path(folder) / "jinja"))
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(template_filters.FILTERS)

    # JSON-LD (components/jsonld.html) is written compact, keys sorted, "<" escaped
    # (Jinja's tojson), so no later step rewrites it.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False,
                                         "separators": (",", ":")}


def reset(pelican) -> None:
    """Forget loaded catalogs so a rebuild in the same process sees edited translations."""
    _catalogs.clear()


def register() -> None:
    signals.initialized.connect(reset)
    signals.generator_init.connect(install)
