"""In-text citations: numbered by first citation, linked to the reference, checked."""

from __future__ import annotations

import lxml.html
from helpers import build_project, make_project

from apmg.citations import check, cited_ids, ordered
from apmg.markup import Renderer
from apmg.model.frontmatter import parse_text
from apmg.model.schemas import Reference

REFS = [Reference(id=i, authors="A", title="T", year=2020, url="https://doi.org/10.1/x")
        for i in ("cohen-2020", "won-2020", "never-2001")]


def source(body: str, path: str = "content/procedures/x.md"):
    return parse_text(f"---\ntitle: X\n---\n{body}", path)


def test_numbered_in_order_of_first_citation():
    body = Renderer()(source("B [@won-2020]. A [@cohen-2020]. B again [@won-2020].\n"))
    html, errors = body.html, body.errors
    assert errors == []
    links = lxml.html.fromstring(str(html)).xpath("//sup[@class='cite']/a")
    assert [(a.get("href"), a.text) for a in links] == [
        ("#ref-won-2020", "[1]"), ("#ref-cohen-2020", "[2]"), ("#ref-won-2020", "[1]")]


def test_reference_list_follows_the_citations():
    body = "B [@won-2020]. A [@cohen-2020].\n"
    assert [r.id for r in ordered(REFS, body)] == ["won-2020", "cohen-2020", "never-2001"]


def test_a_faq_numbers_its_own_anchors():
    html, _, _, _ = Renderer()(source("A [@cohen-2020].\n", "content/faqs/cost.md"))
    assert 'href="#cost-ref-cohen-2020"' in html


def test_code_spans_do_not_cite():
    assert cited_ids("Write `[@cohen-2020]` after the sentence. Real [@won-2020].") == ["won-2020"]


def test_a_citation_of_a_missing_reference_is_an_error():
    found = [str(e) for e in check(source("Line one.\n\nA claim [@smith-2019].\n"), REFS)]
    assert found == ["content/procedures/x.md:6: body: [@smith-2019] cites no reference of "
                     "this page (expected the id of one of its references (cohen-2020, "
                     "never-2001, won-2020))"]


def test_the_build_links_each_citation_to_its_reference(tmp_path):
    result = build_project(tmp_path, make_project(tmp_path))
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring(
        (tmp_path / "output" / "treatments" / "alpha-injection" / "index.html").read_bytes())
    href = page.xpath("//sup[@class='cite']/a/@href")
    assert href == ["#ref-someone-2020"]
    assert page.xpath("//li[@id='ref-someone-2020']/cite/text()") == ["A paper"]


def test_the_build_refuses_a_citation_of_a_missing_reference(tmp_path):
    content = make_project(tmp_path)
    alpha = content / "procedures" / "alpha-injection.md"
    alpha.write_text(alpha.read_text().replace("[@someone-2020]", "[@someone-2021]"))
    result = build_project(tmp_path, content)
    assert result.returncode == 1
    assert "content/procedures/alpha-injection.md:23: body: [@someone-2021] cites no " \
        "reference of this page (expected the id of one of its references (someone-2020))" \
        in result.stderr
