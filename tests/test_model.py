"""Unit tests of every schema rule and of reference resolution."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES

from apmg.markup import Renderer
from apmg.model import ContentErrors, load_site
from apmg.model.frontmatter import parse_text
from apmg.model.schemas import FaqMeta, LocationMeta, PageMeta, PracticeMeta, ProcedureMeta
from apmg.model.slugs import slugify
from apmg.model.validate import validate

PROCEDURE = """---
title: Alpha
summary: Short.
region: neck
kind: injection
last_reviewed: 2026-01-02
{extra}reviewed_by: dr-x
---
Body
"""


def messages(model, text: str, path: str = "content/x.md") -> list[str]:
    instance, errors = validate(model, parse_text(text, path))
    return [str(e) for e in errors]


def procedure(extra: str = "") -> str:
    return PROCEDURE.format(extra=extra)


def test_valid_procedure_has_typed_fields():
    meta, errors = validate(ProcedureMeta, parse_text(procedure(
        "conditions: [Facet arthritis]\nreferences:\n  - authors: A\n    title: T\n"
        "    year: 2020\n    url: https://doi.org/10.1/x\n"), "content/x.md"))
    assert errors == []
    assert meta.last_reviewed == dt.date(2026, 1, 2)
    assert meta.conditions == ["Facet arthritis"]
    assert meta.references[0].year == 2020


@pytest.mark.parametrize("text, expected", [
    (PROCEDURE.replace("title: Alpha\n", "").format(extra=""),
     "content/x.md:1: title: missing required field (expected text)"),
    (procedure("related: beta\n"),
     "content/x.md:7: related: wrong type: found 'beta' (expected a list of a slug: lowercase "
     "letters, digits and hyphens, like 'lumbar-facet-joint-injections')"),
    (PROCEDURE.replace("region: neck", "region: back").format(extra=""),
     "content/x.md:4: region: 'back' is not one of the choices; did you mean 'lower-back'? "
     "(expected one of: neck, mid-back,"
     " lower-back, other)"),
    (procedure("sumary: x\n"),
     "content/x.md:7: sumary: unknown field; did you mean 'summary'? (expected one of the "
     "fields: aliases, lang, translation_of, last_reviewed, title, summary, region, kind, "
     "conditions, related, at_a_glance, reviewed_by, references, illustrations)"),
    (PROCEDURE.replace("2026-01-02", "2026-02-30").format(extra=""),
     "content/x.md:6: last_reviewed: '2026-02-30' is not a date (expected a real date written "
     "year-month-day, like 2026-01-31)"),
    (PROCEDURE.replace("Short.", "x" * 161).format(extra=""),
     "content/x.md:3: summary: is 161 characters long (expected at most 160 characters)"),
    (procedure("related: [Not A Slug]\n"),
     "content/x.md:7: related[0]: 'Not A Slug' is not a slug (expected a slug: lowercase "
     "letters, digits and hyphens, like 'lumbar-facet-joint-injections')"),
    (procedure("aliases: [old-page]\n"),
     "content/x.md:7: aliases[0]: 'old-page' does not start with '/' (expected a site path "
     "starting with '/', like '/old-page/')"),
    (procedure("at_a_glance:\n  duraton: 1 hour\n"),
     "content/x.md:8: at_a_glance.duraton: unknown field; did you mean 'duration'? (expected one"
     " of the fields: duration, anesthesia, imaging, recovery, go_home)"),
    (procedure("references:\n  - authors: A\n    title: T\n    year: 2020\n    url: nope\n"),
     "content/x.md:11: references[0].url: wrong type: found 'nope' (expected a web address "
     "starting with https://)"),
    (procedure("title: Again\n"),
     "content/x.md:7: title: appears twice (expected each field once)"),
])
def test_procedure_rules(text, expected):
    source = parse_text(text, "content/x.md")
    found = [str(e) for e in source.errors] + messages(ProcedureMeta, text)
    assert expected in found, found


def test_faq_rules():
    ok = "---\nquestion: Q?\ntopic: T\nprocedures: [a-b]\norder: 2\n---\nA.\n"
    assert messages(FaqMeta, ok) == []
    assert messages(FaqMeta, ok.replace("order: 2", "order: two")) == [
        "content/x.md:5: order: wrong type: found 'two' (expected a whole number)"]


LOCATION = """---
title: W
address: {street: 1 A St, city: B, region: CA, postal_code: "91307"}
phone: "(818) 555-0110"
fax: "+1 818 555 0111"
hours:
  - days: [Mo, Fr]
    opens: "08:00"
    closes: "17:00"
geo: {lat: 34.2, lng: -118.6}
placeholders: [phone]
---
"""


@pytest.mark.parametrize("change, expected", [
    (None, None),
    (("(818) 555-0110", "12345"),
     "content/x.md:4: phone: '12345' is not a valid phone number (expected a US phone number, "
     "like (818) 555-0100)"),
    (('"91307"', '"9130"'),
     "content/x.md:3: address.postal_code: string should match pattern '^\\d{5}(-\\d{4})?$' "
     "(expected text)"),
    (("[Mo, Fr]", "[Mo, Fri]"),
     "content/x.md:7: hours[0].days[1]: 'Fri' is not one of the choices; did you mean 'Fr'? "
     "(expected one of: Mo, Tu, We, Th, Fr, Sa, Su)"),
    (('opens: "08:00"', 'opens: "8"'),
     "content/x.md:8: hours[0].opens: '8' is not a time (expected a 24-hour time in quotes, "
     "like \"08:00\")"),
    (("lat: 34.2", "lat: 134.2"),
     "content/x.md:10: geo.lat: input should be less than or equal to 90 (expected a number)"),
    (("placeholders: [phone]", "placeholders: [email]"),
     "content/x.md:11: placeholders[0]: 'email' is not one of the choices (expected one of: "
     "address, phone, fax, geo)"),
])
def test_location_rules(change, expected):
    text = LOCATION if change is None else LOCATION.replace(*change)
    found = messages(LocationMeta, text)
    assert found == ([] if expected is None else [expected])


def test_real_phone_numbers_validate_and_fiction_is_recognised():
    for number in ["(818) 555-0100", "818-555-0199", "+1 213 555 0142", "(805) 962-1234"]:
        assert messages(PracticeMeta, f"---\nname: N\ndescription: D\nphone: '{number}'\n"
                        "emergency_notice: E\n---\n") == [], number
    assert messages(PracticeMeta, "---\nname: N\ndescription: D\nphone: '(818) 123-4567'\n"
                    "emergency_notice: E\n---\n")


def test_page_template_choices():
    assert messages(PageMeta, "---\ntitle: T\ntemplate: fancy\n---\n") == [
        "content/x.md:3: template: 'fancy' is not one of the choices (expected one of: page, "
        "home, appointments, contact, about)"]


def test_malformed_yaml_points_at_the_line():
    source = parse_text("---\ntitle: A\nsummary: [unclosed\nregion: neck\n---\n", "content/x.md")
    assert [e.line for e in source.errors] == [4]
    assert "malformed YAML" in str(source.errors[0])


def test_missing_front_matter_and_missing_closing_fence():
    assert "does not start with a '---' line" in str(parse_text("Hello", "c/x.md").errors[0])
    assert "no closing '---'" in str(parse_text("---\ntitle: x\n", "c/x.md").errors[0])


def test_slugify():
    assert slugify("Whiplash-related neck pain") == "whiplash-related-neck-pain"
    assert slugify("  Facet joint (arthritis)  ") == "facet-joint-arthritis"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    return load_site(content, tmp_path, Renderer())


def test_references_are_resolved_both_ways(site):
    procs = {p.slug: p for p in site.procedures}
    alpha, beta = procs["alpha-injection"], procs["beta-block"]
    assert alpha.related == [beta]
    assert alpha.meta.related == ["beta-block"]
    assert [f.slug for f in alpha.faqs] == ["does-it-hurt"]
    assert [c.slug for c in alpha.conditions] == ["facet-joint-syndrome", "back-strain"]
    conditions = {c.slug: c for c in site.conditions}
    assert conditions["facet-joint-syndrome"].procedures == [alpha]
    assert conditions["facet-joint-syndrome"].meta.summary  # from its file
    assert conditions["back-strain"].title == "Back strain"  # named only, no file
    west_hills = site.locations[0]
    assert west_hills.services == [alpha]
    assert alpha.locations == [west_hills] and beta.locations == []
    assert site.faqs[0].procedures == [alpha, beta]


def test_documents_have_urls_slugs_and_rendered_bodies(site):
    alpha = next(p for p in site.procedures if p.slug == "alpha-injection")
    assert alpha.url == "/treatments/alpha-injection/"
    assert alpha.save_as == "treatments/alpha-injection/index.html"
    assert site.page("home").url == "/"
    assert [{k: t[k] for k in ("id", "name")} for t in alpha.toc] == [
        {"id": "what-it-is", "name": "What it is"}]
    assert alpha.toc[0]["html"].startswith('<h2 id="what-it-is">')
    assert 'class="admonition call-911"' in alpha.html
    assert [p.slug for p in site.footer_pages] == ["privacy"]
    assert [t for t, _ in site.faqs_by_topic] == ["About the procedures", "Costs"]


def test_placeholder_data_is_reported_as_warnings(site):
    assert [w.path.split("/")[-1] for w in site.warnings] == ["practice.yml", "west-hills.md"]
    assert all(w.level == "warning" for w in site.warnings)


def test_all_errors_of_all_files_in_one_exception(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "faqs" / "cost.md").write_text("---\nquestion: Q\n---\n")
    (content / "procedures" / "beta-block.md").write_text(
        procedure("related: [alpha-injecton]\n"))
    with pytest.raises(ContentErrors) as info:
        load_site(content, tmp_path, Renderer())
    found = [str(e) for e in info.value.errors]
    assert "content/faqs/cost.md:1: topic: missing required field (expected text)" in found
    assert ("content/procedures/beta-block.md:7: related[0]: no procedure 'alpha-injecton'; did "
            "you mean 'alpha-injection'? (expected the file name, without .md, of a file in "
            "content/procedures/)") in found


def test_unnamed_condition_file_is_a_warning(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "conditions" / "lonely.md").write_text("---\ntitle: Lonely\nsummary: S.\n---\n")
    site = load_site(content, tmp_path, Renderer())
    assert any("no procedure names the condition 'lonely'" in w.message for w in site.warnings)


def test_reserved_page_slug_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "pages" / "treatments.md").write_text("---\ntitle: T\n---\n")
    with pytest.raises(ContentErrors, match="'treatments' is reserved"):
        load_site(content, tmp_path, Renderer())


def test_path_in_messages_is_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "faqs" / "cost.md").write_text("---\nquestion: Q\n---\n")
    with pytest.raises(ContentErrors) as info:
        load_site(Path("content"), tmp_path, Renderer())
    assert info.value.errors[0].path == "content/faqs/cost.md"
