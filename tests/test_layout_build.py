"""What the layout work of issue #17 item 3 puts in the built pages: a procedure page's
reviewer line before its first section and only its own questions (at most eight, most
important first, then "More questions"); the home page's H1 says what the practice does;
the header's logo is decorative beside the practice name."""

from __future__ import annotations

import lxml.html
import pytest
from helpers import ROOT

from apmg.markup import Renderer
from apmg.model import load_site
from apmg.model.documents import FAQS_ON_PAGE

SITE = load_site(ROOT / "content", ROOT, Renderer(typogrify_bodies=False))
SITES = {"en": SITE, **SITE.languages}
PROCEDURES = [proc for site in SITES.values() for proc in site.procedures]


def _page(site_dir, doc):
    return lxml.html.fromstring((site_dir / doc.save_as).read_text(encoding="utf-8"))


@pytest.mark.parametrize("proc", PROCEDURES, ids=lambda p: p.url)
def test_a_procedure_page_shows_only_its_own_questions_most_important_first(site_dir, proc):
    tree = _page(site_dir, proc)
    shown = [s.text_content().strip()
             for s in tree.xpath("//main//details[contains(@class, 'faq')]/summary")]
    own = [faq.question for faq in sorted(proc.faqs, key=lambda f: (f.order, f.question))]
    assert len(shown) <= FAQS_ON_PAGE
    assert all(question in own for question in shown), (proc.url, shown, own)
    assert shown == own[:FAQS_ON_PAGE], "the most important questions (lowest order) first"
    more = [a for a in tree.xpath("//main//a[contains(@class, 'standalone-link')]")
            if a.get("href", "").endswith("/faqs/")]
    if len(own) > FAQS_ON_PAGE:
        assert more and all(a.get("href").endswith(f"{'/es' if proc.lang == 'es' else ''}/faqs/")
                            for a in more), proc.url
    else:
        assert not more, proc.url


@pytest.mark.parametrize("proc", PROCEDURES, ids=lambda p: p.url)
def test_the_reviewer_line_comes_before_the_first_section(site_dir, proc):
    if proc.reviewer is None:
        pytest.skip("no reviewer")
    html = (site_dir / proc.save_as).read_text(encoding="utf-8")
    first_section = html.index(f'id="{proc.toc[0]["id"]}"')
    assert 0 <= html.index('class="reviewer-line"') < first_section


@pytest.mark.parametrize("lang", sorted(SITES))
def test_the_home_h1_says_what_the_practice_does_and_the_name_stays(site_dir, lang):
    home = next(p for p in SITES[lang].pages if p.slug == "home")
    tree = _page(site_dir, home)
    h1 = tree.xpath("//main//h1")[0].text_content().strip()
    name = SITES[lang].practice.name
    assert h1 and h1 != name and "California" in h1, h1
    header_name = tree.xpath("//header//a[contains(@class, 'site-name')]")[0]
    assert header_name.text_content().strip() == name


def test_the_header_logo_is_decorative_beside_the_name_with_its_size(site_dir):
    for page in ("index.html", "es/index.html", "treatments/index.html"):
        tree = lxml.html.fromstring((site_dir / page).read_text(encoding="utf-8"))
        link = tree.xpath("//header//a[contains(@class, 'site-name')]")[0]
        logos = link.xpath(".//img")
        assert len(logos) == 1, page
        logo = logos[0]
        assert logo.get("alt") == "", "the name is text beside it: the logo is decorative"
        assert logo.get("width") and logo.get("height"), "explicit size: no layout shift"
        assert "logo" in logo.get("src") and logo.get("src").endswith(".svg")
        assert link.text_content().strip()
