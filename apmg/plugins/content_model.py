"""Pelican plugin: load the validated site and write one page per document and index.

Pelican's own article and page machinery is switched off (see pelicanconf.py); this
generator owns every content page so that validation happens before anything is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from apmg import images
from apmg.assets import build_manifest
from apmg.cache import open_cache, open_page_state, settings_digest
from apmg.markup import Renderer, body_siteurl
from apmg.model import ContentErrors, load_site
from apmg.model.production import production_problems
from apmg.model.site import content_files
from apmg.plugins.theme_env import catalog
from apmg.publish.minify import minify_html_text
from apmg.render import Dependencies, TemplateDigests, render_all, tree_digest
from apmg.search import write_words
from apmg.views import views_for


class SiteGenerator(Generator):
    """Reads content/ into a ``Site`` and renders it with the theme."""

    def generate_context(self) -> None:
        content = Path(self.path)
        renderer = Renderer(self.settings.get("APMG_MARKDOWN"),
                            typogrify_bodies=self.settings.get("APMG_TYPOGRIFY", True),
                            siteurl=body_siteurl(self.settings))
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
        """Prepare the theme's assets and the photos, compute every page's view, then
        render the pages whose inputs changed (apmg/render.py) and write the search word
        list."""
        output = Path(self.output_path)
        settings = self.settings
        production = bool(settings.get("APMG_PUBLISH"))
        siteurl = settings.get("SITEURL", "")
        manifest = build_manifest(Path(self.theme) / "static", settings["THEME_STATIC_DIR"],
                                  siteurl, production)
        self.env.globals["asset_url"] = manifest.url
        manifest.write(output)
        views = views_for(self.site, self.languages, siteurl, self.gettext_for,
                          staging=bool(settings.get("APMG_STAGING")))
        previous = settings.get("APMG_PREVIOUS_OUTPUT")
        previous = Path(previous).resolve() if previous and Path(previous).is_dir() else None
        # The photos' files, named by their digests: linked from the last release when it
        # has them, encoded otherwise (apmg/images.py).
        images.write([c.photo for s in (self.site, *self.site.languages.values())
                      for c in s.clinicians if c.photo is not None], output, previous)
        report = render_all(views, self.renderer(production), output,
                            self.shared_digest(manifest.digest),
                            TemplateDigests(self.env, Path(self.theme) / "templates"),
                            Dependencies(self.site),
                            open_page_state(settings, Path(self.path)), previous)
        settings["APMG_RENDER_REPORT"] = report
        write_words(output, self.site)

    def renderer(self, production: bool):
        """view -> the page's HTML (minified in production: a step on the string, before
        it is written, never a second parse of a written page)."""
        context = self.context

        def render(view) -> str:
            html = self.env.get_template(view.template).render(
                {**context, **view.context(self.site)})
            return minify_html_text(html, view.save_as) if production else html

        return render

    def gettext_for(self, lang: str):
        return catalog(lang, Path(self.theme) / "translations").gettext

    def shared_digest(self, assets: str) -> str:
        """What every page is made by: catalogs, our code, settings, assets (each page's
        templates are counted by ``TemplateDigests``)."""
        theme = Path(self.theme)
        return repr((tree_digest(theme / "translations"),
                     tree_digest(Path(__file__).parents[1], "*.py"),
                     settings_digest(self.settings), assets, self.languages))

    @property
    def languages(self) -> tuple[str, ...]:
        """English, then every language the content has translations in."""
        return ("en", *self.site.languages)


def get_generators(pelican) -> type[Generator]:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
