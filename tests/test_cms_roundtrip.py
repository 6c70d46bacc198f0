"""What the web editor writes, we read: entries serialised the way Decap CMS saves them
(its preSave step in our apmg-cms.js, then the npm ``yaml`` 1.10.2 and gray-matter 4.0.3
it uses, run in Node: tests/cms/decap_write.js) read back through our parser and schemas
as the editor meant them; and the callout boxes write the ``!!!`` syntax our Markdown
renders, reading every callout of the real content back unchanged."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
from helpers import ROOT

from apmg.cms import callouts
from apmg.cms.config import config
from apmg.markup import DEFAULT_MARKDOWN
from apmg.model.frontmatter import parse_bytes
from apmg.model.schemas import ClinicianMeta, FaqMeta, LocationMeta, PageMeta, ProcedureMeta
from apmg.model.validate import validate
from apmg.sanitize import CALLOUT_TYPES

NODE_MODULES = ROOT / ".build" / "node" / "node_modules"
SCRIPTS = Path(__file__).parent / "cms"


@pytest.fixture(scope="module")
def editor_script(tmp_path_factory) -> Path:
    """apmg-cms.js as the build serves it (the generated APMG_CALLOUTS line first)."""
    for package in ("yaml", "gray-matter"):
        assert (NODE_MODULES / package).is_dir(), \
            f"{NODE_MODULES / package} is missing: run `make cms` (the Makefile installs it)"
    script = tmp_path_factory.mktemp("cms") / "apmg-cms.js"
    script.write_text(callouts.script_data()
                      + (ROOT / "apmg/cms/admin/apmg-cms.js").read_text(encoding="utf-8"))
    return script


def node(script: str, argument: Path, payload: object) -> object:
    binary = shutil.which("node") or pytest.fail("node not found: install nodejs")
    result = subprocess.run([binary, str(SCRIPTS / script), str(argument)],
                            input=json.dumps(payload), capture_output=True, text=True,
                            timeout=60, env={"NODE_PATH": str(NODE_MODULES), "PATH": ""})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def field_order(collection: str) -> list[str]:
    """The form's field order, which Decap sorts the saved keys by (sortedKeys)."""
    found = next(c for c in config()["collections"] if c["name"] == collection)
    return [f["name"] for f in found["fields"]]


def saved(editor_script: Path, collection: str, data: dict) -> str:
    return node("decap_write.js", editor_script,
                [{"data": data, "sortedKeys": field_order(collection)}])[0]


def read_back(text: str, schema):
    source = parse_bytes(text.encode("utf-8"), "content/x.md")
    assert not source.errors, (text, source.errors)
    model, problems = validate(schema, source)
    assert not problems, (text, [str(p) for p in problems])
    return model, source


def test_a_location_reads_back_as_entered(editor_script):
    """Times such as 17:30, words such as No, an empty optional field, a cleared list,
    numbers, booleans, nested objects and lists of objects, multi-line text."""
    text = saved(editor_script, "locations", {
        "title": "West Hills", "main": True, "phone": "(818) 555-0100", "fax": "",
        "address": {"street": "7230 Medical Center Dr", "city": "West Hills",
                    "region": "CA", "postal_code": "91307"},
        "hours": [{"days": ["Mo", "Tu", "We"], "opens": "08:00", "closes": "17:30"},
                  {"days": ["Fr"], "opens": "09:05", "closes": "12:00"}],
        "geo": {"lat": 34.2, "lng": -118.6},
        "services": [], "serves": ["No", "Yes", "null", "On"],
        "directions": "Turn left at the light.\nThe clinic is on the second floor.\n",
        "parking": "No", "accessibility": "   ", "summary": "",
        "placeholders": ["phone"], "body": ""})
    assert "opens: 08:00" in text and "closes: 17:30" in text, text
    location, _ = read_back(text, LocationMeta)
    assert location.hours[0].opens == "08:00" and location.hours[0].closes == "17:30"
    assert location.hours[0].days == ["Mo", "Tu", "We"] and location.hours[1].opens == "09:05"
    assert location.parking == "No" and location.serves == ["No", "Yes", "null", "On"]
    assert location.fax is None and location.summary is None
    assert location.accessibility is None and location.services is None
    assert location.main is True and location.geo.lat == 34.2 and location.geo.lng == -118.6
    assert location.address.postal_code == "91307"
    assert location.directions == ("Turn left at the light.\n"
                                   "The clinic is on the second floor.")


def test_a_procedure_reads_back_as_entered(editor_script):
    """Dates, selects, relations, a list of objects with numbers and https links, a
    partly filled object, and the body as written."""
    body = ("## What it is\n\nA shot of numbing medicine [@cohen-2020].\n\n"
            "!!! call-911 \"Call 911 right away if\"\n    - You have trouble breathing.\n")
    text = saved(editor_script, "procedures", {
        "title": "Lumbar facet joint injections", "summary": "A shot: it may ease pain.",
        "region": "lower-back", "kind": "injection", "last_reviewed": "2024-05-01",
        "reviewed_by": "medical-director", "conditions": ["Facet joint syndrome"],
        "related": ["radiofrequency-ablation"],
        "at_a_glance": {"duration": "15 to 30 minutes", "anesthesia": "", "imaging": None},
        "references": [{"id": "cohen-2020", "authors": "Cohen SP, Bhaskar A",
                        "title": "Consensus practice guidelines: lumbar facet joint pain",
                        "year": 2020, "url": "https://doi.org/10.1136/rapm-2019-101243"}],
        "aliases": ["/old-facet-page/"], "body": body})
    procedure, source = read_back(text, ProcedureMeta)
    assert procedure.last_reviewed == dt.date(2024, 5, 1)
    assert procedure.summary == "A shot: it may ease pain."
    assert procedure.at_a_glance.duration == "15 to 30 minutes"
    assert procedure.at_a_glance.anesthesia is None and procedure.at_a_glance.imaging is None
    assert procedure.references[0].year == 2020 and procedure.references[0].id == "cohen-2020"
    assert str(procedure.references[0].url) == "https://doi.org/10.1136/rapm-2019-101243"
    assert procedure.aliases == ["/old-facet-page/"]
    assert source.body.strip() == body.strip()
    assert list(source.meta)[:3] == ["last_reviewed", "title", "summary"]  # the form's order


@pytest.mark.parametrize("words", ["Yes", "No", "off", "~", "null", "true", "0777", "1e3",
                                   "2024-05-01", "- a dash", "# a hash", "a: colon",
                                   "'quoted'", '"double"', "¿Puedo comer antes?", "@home",
                                   "!important", "%percent", "`tick`", "* star", "[brackets]"])
def test_text_that_yaml_could_misread_stays_text(editor_script, words):
    text = saved(editor_script, "faqs", {"question": words, "topic": words, "order": 7,
                                         "body": "The answer."})
    faq, _ = read_back(text, FaqMeta)
    assert faq.question == words and faq.topic == words and faq.order == 7


def test_a_translation_and_a_page_read_back(editor_script):
    text = saved(editor_script, "faqs_es", {"lang": "es", "translation_of": "eating-before",
                                            "question": "¿Puedo comer antes?",
                                            "topic": "Antes", "body": "Sí."})
    faq_es = parse_bytes(text.encode(), "content/es/faqs/eating-before.md")
    assert faq_es.meta == {"lang": "es", "translation_of": "eating-before",
                           "question": "¿Puedo comer antes?", "topic": "Antes"}
    page, _ = read_back(saved(editor_script, "pages", {
        "title": "Privacy", "template": "page", "footer": False, "summary": "",
        "body": "Text.\n"}), PageMeta)
    assert page.footer is False and page.template == "page" and page.summary is None
    clinician, _ = read_back(saved(editor_script, "clinicians", {
        "name": "Ana Ruiz", "credentials": "MD, MPH", "role": "Pain physician",
        "languages": ["English", "Spanish", ""], "board_certifications": [],
        "order": 1, "photo": {"src": "/images/ana.jpg", "alt": "Dr. Ana Ruiz, smiling"},
        "body": "Bio."}), ClinicianMeta)
    assert clinician.languages == ["English", "Spanish"] and clinician.order == 1
    assert clinician.photo.src == "/images/ana.jpg"


def real_callouts() -> list[str]:
    """Every callout of the content as written: its line, then its indented body."""
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        found += [m.group(0) for m in re.finditer(
            r"(?m)^!!! [\w-]+.*\n(?:(?: {4}.*|[ \t]*)(?:\n|$))*", path.read_text())]
    return [block.rstrip() for block in found]


def test_callout_boxes_read_and_write_every_callout_unchanged(editor_script):
    blocks = real_callouts()
    assert len(blocks) > 100
    result = node("callouts.js", editor_script, blocks)
    for block, read in zip(blocks, result["read"], strict=True):
        assert read is not None, block
        assert read["matched"].rstrip() == block, block
        assert read["block"] == block, (block, read["block"])
    assert {r["id"] for r in result["read"]} <= set(callouts.component_ids())


def test_a_new_callout_box_renders_as_that_callout(editor_script):
    result = node("callouts.js", editor_script, [])
    assert [f["id"] for f in result["fresh"]] == callouts.component_ids()
    labels = {f["id"]: f["label"] for f in result["fresh"]}
    assert labels[callouts.component_id("call-911")] == "Call 911 box"
    for kind, fresh in zip(CALLOUT_TYPES, result["fresh"], strict=True):
        html = markdown.markdown("Before.\n\n" + fresh["block"] + "\n\nAfter.\n",
                                 **DEFAULT_MARKDOWN)
        assert f'<div class="admonition {kind}">' in html, (fresh["block"], html)
        assert "<li>You have a fever.</li>" in html and "!!!" not in html
