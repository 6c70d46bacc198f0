"""Spanish translations: loading, linking, publishing at /es/, and their content errors.

Broken cases live under tests/fixtures/broken-es/<case>/; test_broken_content.py builds
each of them.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import lxml.html
import pytest
from helpers import ROOT, build_project, html_pages, is_redirect_stub, make_project

from apmg.markup import Renderer
from apmg.model import load_site

SPANISH = {
    "es/procedures/alpha-injection.md": """\
        ---
        title: Inyección alfa
        summary: Una inyección de prueba para la mitad de la espalda.
        lang: es
        translation_of: alpha-injection
        ---
        Texto con un [enlace](/es/).
        """,
    "es/faqs/does-it-hurt.md": """\
        ---
        question: ¿Duele?
        topic: Sobre los procedimientos
        lang: es
        translation_of: does-it-hurt
        ---
        Algunas personas sienten presión.
        """,
    "es/locations/west-hills.md": """\
        ---
        title: West Hills
        lang: es
        translation_of: west-hills
        ---
        Bienvenido.
        """,
    "es/pages/home.md": """\
        ---
        title: Inicio
        lang: es
        translation_of: home
        ---
        Hola.
        """,
}


def with_spanish(content: Path) -> Path:
    """Add the SPANISH translations above to a fixture content folder."""
    for name, text in SPANISH.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return content


@pytest.fixture
def site(tmp_path):
    return load_site(with_spanish(make_project(tmp_path)), tmp_path, Renderer())


def test_translations_link_both_ways_and_live_under_es(site):
    es = site.in_lang("es")
    alpha_es = es.procedures[0]
    alpha_en = next(p for p in site.procedures if p.slug == "alpha-injection")
    assert alpha_es.translations == {"en": alpha_en}
    assert alpha_en.translations == {"es": alpha_es}
    assert alpha_es.url == "/es/treatments/alpha-injection/"
    assert alpha_es.save_as == "es/treatments/alpha-injection/index.html"
    assert es.page("home").url == "/es/"
    assert site.in_lang("en") is site
    assert set(site.all_documents) >= set(site.documents) | set(es.documents)


def test_translation_takes_facts_from_its_original(site):
    es = site.in_lang("es")
    clinic_es, clinic_en = es.locations[0], site.locations[0]
    assert clinic_es.phone == clinic_en.phone and clinic_es.hours == clinic_en.hours
    assert clinic_es.directions is None  # reader-facing text is never inherited in English
    alpha_es = es.procedures[0]
    assert alpha_es.references == alpha_es.translations["en"].references
    assert alpha_es.conditions == []  # no Spanish condition pages yet: no English links


def test_references_prefer_the_same_language(site):
    es = site.in_lang("es")
    alpha_es, faq_es = es.procedures[0], es.faqs[0]
    # beta-block has no Spanish version: the Spanish page falls back to the English one.
    assert [p.url for p in alpha_es.related] == ["/treatments/beta-block/"]
    assert [p.url for p in faq_es.procedures] == ["/es/treatments/alpha-injection/",
                                                  "/treatments/beta-block/"]
    assert alpha_es.faqs == [faq_es]
    english_faqs = next(p for p in site.procedures if p.slug == "beta-block").faqs
    assert faq_es not in english_faqs
    assert alpha_es.locations == es.locations


def test_spanish_pages_are_built_in_spanish(tmp_path):
    result = build_project(tmp_path, with_spanish(make_project(tmp_path)))
    out = tmp_path / "output"
    assert result.returncode == 0, result.stderr
    for path in ["es/index.html", "es/treatments/alpha-injection/index.html",
                 "es/treatments/index.html", "es/faqs/index.html", "es/locations/index.html",
                 "es/locations/west-hills/index.html"]:
        html = (out / path).read_text()
        assert '<html lang="es">' in html, path
    page = (out / "es/treatments/alpha-injection/index.html").read_text()
    assert "Inyección alfa" in page
    assert not (out / "es/treatments/beta-block").exists()
    # beta-block has no Spanish version: every link to it, or to any English page, says so.
    for spanish in (out / "es").rglob("*.html"):
        if not is_redirect_stub(spanish):
            assert links_leaving(spanish) == [], spanish.relative_to(out)
    # Fewer questions in Spanish than in English: the Spanish page points to the rest.
    faqs = (out / "es/faqs/index.html").read_text()
    assert 'href="/faqs/" hreflang="en">Más preguntas' in faqs
    assert "Más preguntas" not in (out / "faqs/index.html").read_text()


def language_links(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', html))


def test_every_page_links_to_its_other_language(site_dir):
    """Both ways: a page with a counterpart names it in hreflang; every page has the switch."""
    pages = [p for p in html_pages(site_dir) if not is_redirect_stub(p)
             and p.name != "404.html"]
    assert any("/es/" in str(p) for p in pages)
    for path in pages:
        html = path.read_text()
        assert 'class="language-switch"' in html, path
        alternates = language_links(html)
        if alternates:
            assert set(alternates) == {"en", "es", "x-default"}, path
            assert alternates["x-default"] == alternates["en"]


def test_spanish_pages_show_spanish_days_and_dates(site_dir):
    clinic = (site_dir / "es/locations/west-hills/index.html").read_text()
    assert ">lunes</th>" in clinic and ">Monday</th>" not in clinic
    # Clock times as US Spanish readers write them; English pages say "8:00 AM".
    assert '<time datetime="08:00">8:00\u202fa.m.</time>' in clinic
    english = (site_dir / "locations/west-hills/index.html").read_text()
    assert '<time datetime="17:00">5:00\u202fPM</time>' in english
    assert "(818) 555-0110" in clinic  # US phone format, as US Spanish readers write it
    procedure = (site_dir / "es/treatments/lumbar-facet-joint-injections/index.html").read_text()
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">\d+ de [a-z]+ de \d{4}</time>",
                     procedure)


def test_the_spanish_site_is_complete(site_dir):
    """Every page the issue lists exists in Spanish and links only to /es/ or real pages."""
    for path in ["es/index.html", "es/treatments/index.html", "es/faqs/index.html",
                 "es/locations/index.html", "es/appointments/index.html",
                 "es/contact/index.html", "es/nondiscrimination/index.html",
                 *(f"es/treatments/{slug}/index.html" for slug in SPANISH_PROCEDURES),
                 *(f"es/locations/{slug}/index.html" for slug in (
                     "west-hills", "los-angeles", "bakersfield", "ventura-county"))]:
        html = (site_dir / path).read_text()
        assert '<html lang="es">' in html, path
        assert 'hreflang="en"' in html, path
    faqs = (site_dir / "es/faqs/index.html").read_text()
    assert faqs.count("<details") >= 8


SPANISH_PROCEDURES = {"lumbar-facet-joint-injections", "cervical-facet-joint-injections",
                      "thoracic-facet-joint-injections", "medial-branch-nerve-blocks"}


def test_every_question_on_the_spanish_procedures_is_in_spanish():
    """The issue asks for the FAQs on the facet and nerve-block procedures, and every
    location: an English one added later without its Spanish version fails here."""
    site = load_site(ROOT / "content", ROOT, Renderer())
    missing = [f.slug for f in site.faqs if "es" not in f.translations
               and SPANISH_PROCEDURES & {p.slug for p in f.procedures}]
    missing += [d.slug for d in site.locations if "es" not in d.translations]
    missing += [s for s in SPANISH_PROCEDURES
                if "es" not in next(p for p in site.procedures if p.slug == s).translations]
    assert missing == []


def test_spanish_pages_carry_the_practice_words_in_spanish(site_dir):
    home = (site_dir / "es/index.html").read_text()
    assert "Si tiene una emergencia médica, llame al 911" in home
    assert "If you have a medical emergency" not in home
    assert "(818) 555-0100" in home  # the phone number comes from the one practice.yml


def test_a_page_without_translation_switches_to_the_spanish_home(tmp_path, site_dir):
    result = build_project(tmp_path, with_spanish(make_project(tmp_path)))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "output/treatments/beta-block/index.html").read_text()  # not translated
    assert 'href="/es/" hreflang="es" lang="es">Español</a>' in html
    assert 'rel="alternate" hreflang' not in html
    english = (site_dir / "treatments/lumbar-facet-joint-injections/index.html").read_text()
    assert language_links(english) == {
        "en": "/treatments/lumbar-facet-joint-injections/",
        "es": "/es/treatments/lumbar-facet-joint-injections/",
        "x-default": "/treatments/lumbar-facet-joint-injections/"}


def links_leaving(page: Path) -> list[str]:
    """Site links on a Spanish page that lead out of /es/ without saying so (hreflang)."""
    found = []
    for element in lxml.html.parse(str(page)).iter("a", "form"):
        href = element.get("href") or element.get("action") or ""
        if href.startswith("/") and not href.startswith(("/es/", "/static/")) \
                and element.get("hreflang") != "en":
            found.append(href)
    return found


# What a Spanish page may link to besides Spanish pages: files, not pages in English.
NOT_PAGES = ("/static/", "/pagefind/", "/images/")


def links_to_english(page: Path) -> list[str]:
    """Every site link on a Spanish page (``<a>``, ``<form>``, ``<link>``) that leads to an
    English page, marked or not. Only the language switch's link to this same page in
    English, and the ``hreflang`` alternates in ``<head>`` that name it, are meant to."""
    tree = lxml.html.parse(str(page))
    in_english = {e.get("href") for e in tree.iter("link")
                  if e.get("rel") == "alternate" and e.get("hreflang") == "en"}
    found = []
    for element in tree.iter("a", "form", "link"):
        href = element.get("href") or element.get("action") or ""
        if not href.startswith("/") or href.startswith("//"):
            continue  # another site, tel:, mailto:, #section
        if href.startswith(("/es/", *NOT_PAGES)):
            continue
        if element.tag == "link" and element.get("rel") == "alternate":
            continue  # hreflang alternates name this page's other versions by design
        if href in in_english and element.xpath('ancestor::nav[@class="language-switch"]'):
            continue
        found.append(f"<{element.tag}> {href}")
    return found


def test_no_spanish_page_links_to_english(site_dir):
    """Every page is translated (the 404 is the one English-only page), so header, search,
    breadcrumbs, calls to action, lists, footers and bodies of every page under /es/ link
    only to /es/ (and to files): no English page, even one marked "(en inglés)". The
    fixture tests check how a link to a page not yet translated is marked."""
    pages = [p for p in (site_dir / "es").rglob("*.html") if not is_redirect_stub(p)]
    assert len(pages) > 15
    leaving = {str(p.relative_to(site_dir)): links_to_english(p) for p in pages}
    assert {page: links for page, links in leaving.items() if links} == {}
    treatments = (site_dir / "es/treatments/index.html").read_text()
    assert "Más tratamientos, en inglés" not in treatments


def test_the_spanish_404_page_is_spanish(site_dir):
    html = (site_dir / "es/404.html").read_text()
    assert '<html lang="es">' in html and "Página no encontrada" in html
    assert 'href="/es/treatments/"' in html


def test_every_notice_is_in_every_spanish_footer(site_dir):
    """Legal notices must be one click away in both languages (all are translated now)."""
    english = (site_dir / "index.html").read_text()
    notices = re.findall(r'<li><a href="(/[a-z-]+/)">[^<]+</a></li>',
                         english[english.index('<nav aria-label="Notices">'):])
    assert "/privacy/" in notices and "/nondiscrimination/" in notices
    spanish = (site_dir / "es/contact/index.html").read_text()
    footer = spanish[spanish.index('<nav aria-label="Avisos">'):]
    for path in notices:
        assert f'<a href="/es{path}">' in footer, path
    assert "(en inglés)" not in footer


def test_spanish_json_ld_breadcrumbs_are_spanish(site_dir):
    html = (site_dir / "es/treatments/lumbar-facet-joint-injections/index.html").read_text()
    blocks = [json.loads(b) for b in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    trail = next(b for b in blocks if b["@type"] == "BreadcrumbList")["itemListElement"]
    assert [(i["name"], i["item"]) for i in trail[:2]] == [("Inicio", "/es/"),
                                                         ("Tratamientos", "/es/treatments/")]
    faq = next(b for b in blocks if b["@type"] == "FAQPage")
    assert faq["name"].endswith(": Preguntas frecuentes")


def test_a_site_without_translations_has_no_spanish_pages(tmp_path):
    result = build_project(tmp_path, make_project(tmp_path))
    out = tmp_path / "output"
    assert result.returncode == 0, result.stderr
    assert not (out / "es").exists()
    assert 'class="language-switch"' not in (out / "index.html").read_text()


def test_body_links_to_the_other_language_get_hreflang(tmp_path):
    content = with_spanish(make_project(tmp_path))
    page = content / "es/procedures/alpha-injection.md"
    page.write_text(page.read_text() + "\nVea [beta](/treatments/beta-block/) (en inglés).\n")
    site = load_site(content, tmp_path, Renderer())
    html = str(site.in_lang("es").procedures[0].html)
    assert '<a href="/treatments/beta-block/" hreflang="en">beta</a>' in html
    assert '<a href="/es/">enlace</a>' in html  # same language: left alone
