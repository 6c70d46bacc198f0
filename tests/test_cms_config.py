"""The web editor's configuration is the schemas: the committed file is what they generate,
and every collection, language and field of the content model has its form."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from helpers import ROOT

from apmg.cms import config as cms
from apmg.cms.callouts import component_ids
from apmg.model.files import FOLDERS, PRACTICE_FILE
from apmg.model.languages import LANGUAGES
from apmg.model.schemas import KIND_SCHEMAS, SLUG_RE, TIME_RE, Address, PracticeMeta, Schema
from apmg.model.site import REFERENCE_FIELDS
from apmg.model.translations import INHERITED


def test_the_committed_configuration_is_what_the_schemas_generate():
    assert cms.check() is None, cms.check()
    result = subprocess.run([sys.executable, "-m", "apmg.cms.config"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_stale_configuration_fails_and_says_how_to_fix_it(tmp_path, monkeypatch):
    stale = tmp_path / "config.yml"
    stale.write_text(cms.render().replace("label: Treatments\n", "label: Old\n"))
    monkeypatch.setattr(cms, "CONFIG_FILE", stale)
    assert cms.check() == (f"{stale} differs from what apmg/model/schemas.py generates: "
                           "run `make cms-config` and commit the file")
    stale.unlink()
    assert cms.check() == f"{stale} is missing: run `make cms-config`"


@pytest.fixture(scope="module")
def collections() -> dict[str, dict]:
    data = yaml.safe_load(cms.CONFIG_FILE.read_text())
    return {c["name"]: c for c in data["collections"]}


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def test_every_collection_in_every_language(collections):
    for folder, kind in FOLDERS.items():
        assert collections[folder]["folder"] == f"content/{folder}"
        for lang in LANGUAGES:
            spanish = collections[f"{folder}_{lang}"]
            assert spanish["folder"] == f"content/{lang}/{folder}"
            fields = by_name(spanish["fields"])
            assert fields["lang"] == {"name": "lang", "label": "Language", "widget": "hidden",
                                      "default": lang}
            assert fields["translation_of"]["widget"] == "relation"
            assert fields["translation_of"]["collection"] == folder
            assert fields["translation_of"]["required"] is True
            assert not set(fields) & INHERITED, "a translation's facts come from English"
        english = by_name(collections[folder]["fields"])
        assert "lang" not in english and "translation_of" not in english
        assert set(english) == set(KIND_SCHEMAS[kind].model_fields) - {
            "lang", "translation_of"} | {"body"}
    practice = {f["file"]: f for f in collections["practice"]["files"]}
    assert set(by_name(practice[f"content/{PRACTICE_FILE}"]["fields"])) == set(
        PracticeMeta.model_fields)


def walk(fields: list[dict]):
    for f in fields:
        yield f
        yield from walk(f.get("fields", []))
        if "field" in f:
            yield from walk([f["field"]])


def test_every_schema_field_has_a_label_and_a_hint(collections):
    for model in (*KIND_SCHEMAS.values(), PracticeMeta, Address):
        for cls in model.__mro__:
            if isinstance(cls, type) and issubclass(cls, Schema):
                for name, info in cls.model_fields.items():
                    assert info.description, f"{cls.__name__}.{name} has no description"
    for collection in collections.values():
        for f in walk(collection.get("fields", [])):
            assert f["label"], f
            if f["name"] not in ("body", "lang", "item"):
                assert f.get("hint"), (collection["name"], f["name"])


def test_required_choices_and_defaults_follow_the_schema(collections):
    procedure = by_name(collections["procedures"]["fields"])
    assert procedure["title"]["required"] and procedure["reviewed_by"]["required"]
    assert not procedure["related"]["required"]
    assert procedure["region"]["options"] == ["neck", "mid-back", "lower-back", "other"]
    assert procedure["last_reviewed"]["widget"] == "datetime"
    assert procedure["last_reviewed"]["format"] == "YYYY-MM-DD"
    assert procedure["last_reviewed"]["time_format"] is False
    assert procedure["summary"]["pattern"] == ["^[\\s\\S]{0,160}$", "at most 160 characters"]
    references = by_name(procedure["references"]["fields"])
    assert procedure["references"]["widget"] == "list"
    assert references["year"] == {**references["year"], "widget": "number",
                                  "value_type": "int", "min": 1900, "max": 2100}
    assert references["url"]["pattern"][0] == "^https://"
    assert procedure["at_a_glance"]["widget"] == "object"
    assert procedure["body"]["widget"] == "markdown"
    assert procedure["body"]["editor_components"] == [*component_ids(), "image"]
    faq = by_name(collections["faqs"]["fields"])
    assert faq["order"]["default"] == 100 and faq["order"]["value_type"] == "int"
    page = by_name(collections["pages"]["fields"])
    assert page["template"]["default"] == "page" and page["footer"]["widget"] == "boolean"


def test_slug_references_are_relations(collections):
    for kind, references in REFERENCE_FIELDS.items():
        folder = next(f for f, k in FOLDERS.items() if k == kind)
        fields = by_name(collections[folder]["fields"])
        for name, target in references.items():
            target_folder = next(f for f, k in FOLDERS.items() if k == target)
            assert fields[name]["widget"] == "relation", name
            assert fields[name]["collection"] == target_folder
            assert fields[name]["value_field"] == "{{slug}}"
    conditions = by_name(collections["procedures"]["fields"])["conditions"]
    assert (conditions["collection"], conditions["value_field"]) == ("conditions", "title")


def test_patterns_come_from_the_schemas(collections):
    location = by_name(collections["locations"]["fields"])
    hours = by_name(location["hours"]["fields"])
    assert hours["opens"]["pattern"][0] == TIME_RE.pattern
    assert location["hours"]["min"] == 1
    assert hours["days"]["widget"] == "select" and hours["days"]["multiple"] is True
    assert hours["days"]["options"][0] == {"label": "Monday", "value": "Mo"}
    zip_pattern = by_name(location["address"]["fields"])["postal_code"]["pattern"][0]
    assert zip_pattern == Address.model_fields["postal_code"].metadata[0].pattern
    phone = re.compile(location["phone"]["pattern"][0])
    for good in ("(818) 555-0100", "818-555-0100", "+1 818 555 0100", "8185550100"):
        assert phone.match(good), good
    for bad in ("555-0100", "(818) 555-0100 x12", "call us", "(018) 555-0100"):
        assert not phone.match(bad), bad
    faq_id = by_name(by_name(collections["faqs"]["fields"])["references"]["fields"])["id"]
    assert faq_id["pattern"][0] == SLUG_RE.pattern
