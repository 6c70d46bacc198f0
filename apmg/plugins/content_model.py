"""Pelican plugin: load the validated site and write one page per document and index.

Pelican's own article and page machinery is switched off (see pelicanconf.py); this
generator owns every content page so that validation happens before anything is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from apmg.markup import Renderer
from apmg.model import load_site

# Pages made from a collection rather than from one file: (template, output file).
INDEX_PAGES = [
    ("treatments.html", "treatments/index.html"),
    ("faqs.html", "faqs/index.html"),
    ("locations.html", "locations/index.html"),
    ("404.html", "404.html"),
    ("search.html", "search/index.html"),
]


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
        site = load_site(content, content.parent, renderer)  # raises ContentErrors
        for warning in site.warnings:
            print(f"{warning.path}:{warning.line}: warning: {warning.field}: {warning.message}",
                  file=sys.stderr)
        self.site = site
        self.context["site"] = site
        self.context["practice"] = site.practice

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for doc in self.site.documents:
            if doc.save_as:
                writer.write_file(doc.save_as, self.get_template(template_for(doc)[:-5]),
                                  self.context, relative_urls=relative, page=doc,
                                  lang=doc.meta.lang, url=doc.url)
        for template, save_as in INDEX_PAGES:
            writer.write_file(save_as, self.get_template(template[:-5]), self.context,
                              relative_urls=relative, page=None, lang="en",
                              url="/" + save_as.removesuffix("index.html"))


def get_generators(pelican) -> type[Generator]:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
