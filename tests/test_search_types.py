"""Search types (issue #17 item 3): every page is filed under the right type, and the
search page labels each type, from one declaration, in both languages."""

from __future__ import annotations

import lxml.html
import pytest
from helpers import ROOT

from apmg.markup import Renderer
from apmg.model import load_site
from apmg.model.routes import COLLECTIONS, INDEX_PAGES, SEARCH_TYPES, Collection, IndexPage
from apmg.search import search_type

# What a patient reads next to each result (the Spanish from theme/translations).
LABELS = {
    "en": {"Treatment": "Treatment", "Condition": "Condition", "FAQ": "Common questions",
           "Location": "Location", "Page": "Page"},
    "es": {"Treatment": "Tratamiento", "Condition": "Problema de salud",
           "FAQ": "Preguntas frecuentes", "Location": "Clínica", "Page": "Página"},
}


def search_page(site_dir, lang: str):
    return lxml.html.fromstring(
        (site_dir / ("es/" if lang == "es" else "") / "search/index.html").read_bytes())


def test_every_route_files_its_pages_under_a_declared_type():
    used = {c.search_type for c in COLLECTIONS.values()} | {
        p.search_type for p in INDEX_PAGES if p.search_type}
    assert used == set(SEARCH_TYPES)
    assert COLLECTIONS["condition"].search_type == "Condition"
    assert COLLECTIONS["procedure"].search_type == "Treatment"
    assert search_type(None, "/es/conditions/") == "Condition"


def test_a_search_type_the_table_does_not_declare_is_refused():
    with pytest.raises(ValueError, match="'Conditon' is not one of"):
        Collection("x", "/x/{slug}/", "Conditon")
    with pytest.raises(ValueError, match="'Tretment' is not one of"):
        IndexPage("x.html", "/x/", "X", search_type="Tretment")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_search_page_labels_every_type(site_dir, lang):
    """One label per declared type on the results list, one filter choice per type but
    "Page" (plus "Everything"), in the page's language."""
    page = search_page(site_dir, lang)
    results = page.get_element_by_id("search-results")
    labels = {t: results.get(f"data-type-{t.lower()}") for t in SEARCH_TYPES}
    assert labels == LABELS[lang]
    choices = [r.get("value") for r in page.xpath("//form[@id='search-form']//input[@name='type']")]
    assert choices == ["", *(t for t in SEARCH_TYPES if t != "Page")]
    conditions = page.xpath("//input[@name='type'][@value='Condition']/parent::label")[0]
    assert conditions.text_content().strip() == {"en": "Conditions",
                                                  "es": "Problemas de salud"}[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_condition_pages_are_filed_as_conditions(site_dir, lang):
    site = load_site(ROOT / "content", ROOT, Renderer()).in_lang(lang)
    assert site.conditions
    for kind, docs in (("Condition", site.conditions), ("Treatment", site.procedures)):
        for doc in docs:
            html = (site_dir / doc.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
            assert f'data-pagefind-filter="type:{kind}"' in html, doc.url
