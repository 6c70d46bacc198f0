"""Pelican plugin: load the validated site and write one page per document and index.

Pelican's own article and page machinery is switched off (see pelicanconf.py); this
generator owns every content page so that validation happens before anything is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from apmg.cache import open_cache, open_page_cache
from apmg.markup import Renderer
from apmg.model import ContentErrors, load_site
from apmg.model.languages import lang_root
from apmg.model.production import production_problems
from apmg.model.routes import INDEX_PAGES, output_file
from apmg.model.site import content_files


def alternates(counterparts: dict[str, str], languages: tuple[str, ...]) -> dict[str, dict]:
    """Every language's version of a page: {lang: {"url", "exists"}}.

    A language without a counterpart points to its home page (``exists`` False), so the
    language switch never leads to a missing page; only real counterparts get hreflang.
    """
    return {lang: {"url": counterparts.get(lang, lang_root(lang) + "/"),
                   "exists": lang in counterparts}
            for lang in languages}


def template_for(doc) -> str:
    if doc.kind == "page":
        return f"{doc.meta.template}.html"
    return f"{doc.kind}.html"


class SiteGenerator(Generator):
    """Reads content/ into a ``Site`` and renders it with the theme."""

    def generate_context(self) -> None:
        content = Path(self.path)
        renderer = Renderer(self.settings.get("APMG_MARKDOWN"),
                            typogrify_bodies=self.settings.get("APMG_TYPOGRIFY", True))
        cache = open_cache(self.settings, content)
        try:
            cache.prime(content_files(content), content.parent, renderer)
            site = load_site(content, content.parent, cache.wrap(renderer),
                             read=cache.read)  # raises ContentErrors
        finally:
            cache.save()
        if self.settings.get("APMG_PUBLISH") and not self.settings.get("APMG_STAGING"):
            problems = production_problems(site, self.settings.get("SITEURL", ""))
            if problems:
                raise ContentErrors(problems)
        for warning in site.warnings:
            print(f"{warning.path}:{warning.line}: warning: {warning.field}: {warning.message}",
                  file=sys.stderr)
        self.site = site
        self.context["site"] = site
        self.context["practice"] = site.practice

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        output = Path(self.output_path)
        pages = open_page_cache(self.settings, Path(self.path), self.site, Path(self.theme))
        for doc in self.site.all_documents:
            if doc.kind == "procedure" and doc.instructions:
                self.write_instructions(writer, doc, relative)
            if doc.save_as:
                output_file(output, doc.save_as)  # refuses a path outside output/
                key = pages.key(doc)
                if pages.restore(key, doc.save_as, output):
                    continue  # nothing the page shows changed since the last build
                counterparts = {lang: d.url for lang, d in doc.translations.items()}
                writer.write_file(doc.save_as, self.get_template(template_for(doc)[:-5]),
                                  self.context, relative_urls=relative, page=doc,
                                  **self.language_context(doc.lang, doc.url, counterparts))
                pages.store(key, doc.save_as, output)
        pages.save()
        for index in INDEX_PAGES:
            langs = self.languages if index.translated else ("en",)
            counterparts = {lang: lang_root(lang) + index.path for lang in langs}
            for lang in langs:
                writer.write_file((lang_root(lang) + "/" + index.save_as).lstrip("/"),
                                  self.get_template(index.template.removesuffix(".html")),
                                  self.context,
                                  relative_urls=relative, page=None,
                                  **self.language_context(lang, counterparts[lang],
                                                          counterparts))

    def write_instructions(self, writer, doc, relative: bool) -> None:
        """The procedure's printable before-and-after sheets, at <its URL>instructions/."""
        url = doc.instructions_url
        save_as = url.lstrip("/") + "index.html"
        output_file(Path(self.output_path), save_as)
        counterparts = {lang: d.instructions_url for lang, d in doc.translations.items()}
        writer.write_file(save_as, self.get_template("instructions"), self.context,
                          relative_urls=relative, page=doc, printable=url,
                          **self.language_context(doc.lang, url, counterparts))

    def language_context(self, lang: str, url: str, counterparts: dict[str, str]) -> dict:
        """What a template needs to speak ``lang``: that language's site and the switch."""
        site = self.site.in_lang(lang)
        return {"lang": lang, "url": url, "site": site, "practice": site.practice,
                "lang_root": lang_root(lang),
                "alternates": alternates({**counterparts, lang: url}, self.languages)}

    @property
    def languages(self) -> tuple[str, ...]:
        """English, then every language the content has translations in."""
        return ("en", *self.site.languages)


def get_generators(pelican) -> type[Generator]:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
