"""Build the real content with the real Pelican and check the pages and their links."""

from __future__ import annotations

import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from helpers import FIXTURES, ROOT, html_pages, run_apmg

from apmg.markup import Renderer
from apmg.model import load_site

SITE = load_site(ROOT / "content", ROOT, Renderer(typogrify_bodies=False))

# DESIGN §4: every page type, with the file it must produce.
FIXED_PAGES = ["index.html", "treatments/index.html", "faqs/index.html",
               "locations/index.html", "404.html", "appointments/index.html",
               "contact/index.html"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.links.append(attrs[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file a same-site link points to, or None for another origin / tel: / mailto:."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    return target / "index.html" if path.endswith("/") else target


@pytest.mark.parametrize("name", FIXED_PAGES)
def test_fixed_pages_exist(site_dir, name):
    assert (site_dir / name).is_file()


@pytest.mark.parametrize("doc", [d for d in SITE.documents if d.save_as], ids=lambda d: d.url)
def test_every_document_has_its_page(site_dir, doc):
    html = (site_dir / doc.save_as).read_text()
    assert f"<h1>{doc.title}" in html.replace("&#39;", "'").replace("&amp;", "&") or \
        doc.slug == "home"


def test_every_procedure_page_shows_its_parts(site_dir):
    for proc in SITE.procedures:
        html = (site_dir / proc.save_as).read_text()
        for faq in proc.faqs:
            shown = f"<summary>{escape(faq.question, quote=False)}</summary>" in html
            assert shown == (faq in proc.featured_faqs), (proc.slug, faq.slug)
        if len(proc.faqs) > len(proc.featured_faqs):
            assert ">More questions and answers</a>" in html
        for related in proc.related:
            assert f'href="{related.url}"' in html
        for condition in proc.conditions:
            assert f'href="{condition.url}"' in html
        assert "Page last reviewed:" in html


def test_every_internal_link_resolves(site_dir):
    broken = []
    for page in html_pages(site_dir):
        parsed = parse(page)
        for link in parsed.links:
            target = resolve(site_dir, page, link)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(site_dir)}: {link}")
            fragment = urlsplit(link).fragment
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(site_dir)}: {link} (no id '{fragment}')")
    assert broken == []


def test_no_typogrify_markup_in_titles_or_meta(site_dir):
    for page in html_pages(site_dir):
        head = page.read_text().split("</head>")[0]
        assert 'class="caps"' not in head and "&#8217;" not in head, page


def test_templates_autoescape_front_matter(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    faq = content / "faqs" / "cost.md"
    faq.write_text(faq.read_text().replace("What does it cost?", "<script>alert(1)</script>?"))
    result = run_apmg("build", "--settings", str(ROOT / "pelicanconf.py"), "--content",
                      str(content), "--output", str(tmp_path / "out"),
                      "--staging", str(tmp_path / "st"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "faqs" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_procedure_names_its_reviewer_near_the_top(site_dir):
    for proc in SITE.procedures:
        html = (site_dir / proc.save_as).read_text()
        line = html.index('<p class="reviewer-line">')
        assert line < html.index("<h2"), proc.slug
        assert f'href="/clinicians/#{proc.reviewer.slug}">{escape(proc.reviewer.signature)}' \
            in html[line:], proc.slug


def test_clinicians_and_conditions_have_index_pages(site_dir):
    clinicians = (site_dir / "clinicians" / "index.html").read_text()
    about = (site_dir / "about" / "index.html").read_text()
    for clinician in SITE.clinicians:
        assert f'id="{clinician.slug}"' in clinicians
        assert escape(clinician.signature) in about
    conditions = (site_dir / "conditions" / "index.html").read_text()
    for condition in SITE.conditions:
        assert f'href="{condition.url}"' in conditions
    assert len(SITE.conditions) >= 14 and len(SITE.procedures) >= 14


def test_every_call_the_clinic_card_says_what_to_do_when_closed(site_dir):
    """The clinics keep office hours: each card ends with the after-hours route."""
    pages = [p for p in html_pages(site_dir) if "admonition call-clinic" in p.read_text()]
    assert len(pages) >= 28
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        for card in tree.xpath("//div[contains(@class, 'call-clinic')]"):
            last = card.xpath("./p[last()]")[0]
            assert last.get("class") == "after-hours", page
            href = last.xpath("./a/@href")[0]
            assert href.endswith("/contact/#after-hours"), page
    contact = (site_dir / "contact" / "index.html").read_text()
    assert 'id="after-hours"' in contact and "555-0109" in contact


def test_every_procedure_has_printable_instructions_in_both_languages(site_dir):
    for proc in [*SITE.procedures, *SITE.languages["es"].procedures]:
        assert proc.instructions, proc.slug
        path = site_dir / proc.instructions_url.lstrip("/") / "index.html"
        tree = lxml.html.fromstring(path.read_bytes())
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"], path
        assert not tree.xpath("//main[@data-pagefind-body]"), path  # not in search
        assert len(tree.xpath("//section[@class='sheet']")) == 2, path
        assert tree.xpath("//div[contains(@class, 'call-911')]"), path
        link = proc.instructions_url
        assert f'href="{link}"' in (site_dir / proc.save_as).read_text(), proc.slug
