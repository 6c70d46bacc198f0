"""JSON-LD on every page, parsed with extruct: types, required properties, URLs resolve."""

from __future__ import annotations

import shutil
from pathlib import Path

import extruct
import pytest
from helpers import FIXTURES, ROOT, html_pages, is_redirect_stub, run_apmg

SITEURL = "https://www.advancedpainmedicalgroup.example"
REQUIRED = {
    "MedicalOrganization": {"name", "telephone", "logo", "url"},
    "MedicalClinic": {"address", "telephone", "openingHoursSpecification", "url",
                      "parentOrganization", "faxNumber"},
    "MedicalWebPage": {"lastReviewed", "about", "url"},
    "FAQPage": {"mainEntity"},
    "BreadcrumbList": {"itemListElement"},
}




@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture content (it has every kind: home, a clinic with geo-less hours, FAQs)."""
    tmp = tmp_path_factory.mktemp("sd")
    shutil.copytree(FIXTURES / "site", tmp / "content")
    result = run_apmg("build", "--settings", str(ROOT / "publishconf.py"), "--content",
                      str(tmp / "content"), "--output", str(tmp / "out"), "--staging",
                      str(tmp / "st"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def blocks(page: Path) -> list[dict]:
    data = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"],
                           uniform=False)["json-ld"]
    return data


def urls(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("url", "item", "logo") and isinstance(value, str):
                found.append(value)
            else:
                found += urls(value)
    elif isinstance(node, list):
        for item in node:
            found += urls(item)
    return found


def check_site(site: Path) -> dict[str, list[dict]]:
    """Check every page; return the blocks by @type across the site."""
    by_type: dict[str, list[dict]] = {}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if is_redirect_stub(page):
            continue
        found = blocks(page)
        types = [b["@type"] for b in found]
        for block in found:
            assert block["@context"] == "https://schema.org"
            missing = REQUIRED.get(block["@type"], set()) - block.keys()
            if block["@type"] == "MedicalClinic":
                missing -= {"faxNumber"}  # optional in the contract
            assert not missing, (rel, block["@type"], missing)
            by_type.setdefault(block["@type"], []).append(block)
            for url in urls(block):
                assert url.startswith(SITEURL + "/"), (rel, url)
                path = url[len(SITEURL) + 1:].split("#")[0]
                target = site / path
                assert (target / "index.html" if not path or path.endswith("/")
                        else target).is_file(), (rel, url)
        if rel.endswith("/instructions/index.html"):  # printable sheets carry no JSON-LD
            assert not found, rel
            continue
        if rel not in ("index.html", "es/index.html", "404.html", "es/404.html"):
            assert "BreadcrumbList" in types, rel
        if rel.startswith("treatments/") and rel != "treatments/index.html":
            assert "MedicalWebPage" in types, rel
        if rel.startswith("locations/") and rel != "locations/index.html":
            assert "MedicalClinic" in types, rel
        if rel in ("index.html", "faqs/index.html"):
            assert {"index.html": "MedicalOrganization", "faqs/index.html": "FAQPage"}[rel] \
                in types, rel
    return by_type


def test_fixture_site_json_ld(fixture_site):
    by_type = check_site(fixture_site)
    org = by_type["MedicalOrganization"][0]
    assert org["department"]
    assert org["department"][0]["@type"] == "MedicalClinic"
    clinic = by_type["MedicalClinic"][0]
    assert clinic["address"]["@type"] == "PostalAddress"
    assert clinic["address"]["postalCode"] == "91307"
    assert clinic["openingHoursSpecification"][0]["dayOfWeek"][0] == "Monday"
    page = next(p for p in by_type["MedicalWebPage"] if p["name"] == "Alpha Injection")
    assert page["lastReviewed"] == "2026-11-01"
    assert page["reviewedBy"]["name"] == "Dr. Test"
    assert page["reviewedBy"]["honorificSuffix"] == "MD"
    assert page["reviewedBy"]["url"].endswith("/clinicians/#dr-test")
    assert page["about"]["@type"] == "MedicalProcedure"
    assert page["about"]["bodyLocation"]
    assert page["citation"][0]["sameAs"] == "https://doi.org/10.1000/test"
    faq = by_type["FAQPage"][0]["mainEntity"][0]
    assert faq["acceptedAnswer"]["text"] and "<" not in faq["acceptedAnswer"]["text"]


def test_real_site_json_ld(published_dir):
    by_type = check_site(published_dir)
    for page in by_type["MedicalWebPage"]:
        about = page["about"]
        assert page["citation"], page["name"]
        assert {"procedureType", "bodyLocation", "howPerformed", "preparation",
                "followup"} <= about.keys(), page["name"]
        for text in (about["howPerformed"], about["preparation"], about["followup"]):
            assert "&#" not in text and "<" not in text
    if (published_dir / "locations").is_dir():
        for clinic in by_type.get("MedicalClinic", []):
            assert clinic["address"]["streetAddress"]
