"""Pages a patient reaches (issue #17 item 3): the conditions index in both languages
(the route table's paths, not a 404), the Spanish 404 in Spanish, and Spanish "related
treatment" cards in Spanish wherever the treatment is translated."""

from __future__ import annotations

import lxml.html
import pytest
from helpers import ROOT

from apmg.markup import Renderer
from apmg.model import load_site
from apmg.model.languages import LANGUAGES, lang_root
from apmg.model.routes import INDEX_PAGES


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT / "content", ROOT, Renderer())


def page(site_dir, url: str):
    path = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return lxml.html.fromstring((site_dir / path).read_bytes())


def cards(tree, heading_id: str) -> list[tuple[str, str, str]]:
    """(href, title, summary) of each card in the section headed ``heading_id``."""
    found = []
    for card in tree.xpath(f"//section[@aria-labelledby='{heading_id}']//li[@class='card']"):
        link = card.xpath(".//a")[0]
        found.append((link.get("href"), link.text_content().strip(),
                      card.xpath("./p")[0].text_content().strip()))
    return found


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_the_conditions_index_is_a_real_page_in_every_language(site_dir, site, lang):
    """The route table's /conditions/ (and its /es/ twin): a page in that language that
    lists every condition of that language, not the 404 page."""
    index = next(p for p in INDEX_PAGES if p.kind == "condition")
    assert index.translated
    url = lang_root(lang) + index.path
    tree = page(site_dir, url)
    assert tree.get("lang") == lang
    assert tree.xpath("//h1")[0].text_content().strip() == {
        "en": "Conditions we treat", "es": "Problemas de salud que tratamos"}[lang]
    assert tree.xpath("//link[@rel='canonical']")[0].get("href").endswith(url)
    listed = [a.get("href") for a in tree.xpath("//main//li[@class='card']//h2/a")]
    expected = [c.url for c in site.in_lang(lang).conditions]
    assert len(expected) >= 14 and listed == expected


def test_the_spanish_404_page_speaks_spanish_throughout(site_dir):
    tree = page(site_dir, "/es/404.html")
    assert tree.get("lang") == "es"
    main = tree.xpath("//main")[0].text_content()
    assert "Página no encontrada" in main and "Page not found" not in main
    header_search = tree.xpath("//header//form[@role='search']")[0]
    assert header_search.get("action") == "/es/search/"
    assert header_search.xpath(".//button")[0].text_content().strip() == "Buscar"
    english = {a.get("href") for a in tree.xpath("//main//a")
               if not a.get("href", "").startswith(("/es/", "tel:", "#"))}
    assert english == set()


def test_spanish_related_treatments_show_spanish_titles_and_summaries(site_dir, site):
    """On every Spanish procedure page (related treatments) and condition page (its
    treatments), a card for a treatment that has a Spanish version shows that version's
    title, summary and link, taken from the English page's list."""
    checked = 0
    pages = [(p, p.related, "related-heading") for p in site.procedures] + [
        (c, c.procedures, "treatments-heading") for c in site.conditions]
    for original, linked, heading in pages:
        spanish = original.translations.get("es")
        if spanish is None or not linked:
            continue
        shown = cards(page(site_dir, spanish.url), heading)
        expected = [(p.translations["es"].url, p.translations["es"].title,
                     p.translations["es"].summary) for p in linked if "es" in p.translations]
        assert [c for c in shown if c[0].startswith("/es/")] == expected, spanish.url
        checked += len(expected)
    assert checked > 20
