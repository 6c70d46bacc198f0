"""Production refuses fake data; a staging build says it is one (issue 15, item 1)."""

from __future__ import annotations

import lxml.html
from helpers import FIXTURES, ROOT, make_project, run_apmg


def ready(text: str, placeholders: str) -> str:
    """A fixture file as it will be once the real details are in: numbers that are not
    555-01xx (test values, never published) and no placeholders line."""
    return text.replace("555-01", "340-22").replace(placeholders, "")


READY_PRACTICE = ready((FIXTURES / "site" / "practice.yml").read_text(),
                       "placeholders: [phone, fax]\n")
READY_CLINIC = ready((FIXTURES / "site" / "locations" / "west-hills.md").read_text(),
                     "placeholders: [address, phone, fax]\n")
REAL_URL = "https://www.test-clinic.org"


def publish(tmp_path, content, **env):
    return run_apmg("build", "--settings", str(ROOT / "publishconf.py"), "--content",
                    str(content), "--output", str(tmp_path / "out"), "--staging",
                    str(tmp_path / "staging"), cwd=ROOT,
                    env={"ALLOW_PLACEHOLDERS": None, "APMG_SITEURL": None, **env})


def test_production_lists_every_placeholder_and_the_placeholder_address(tmp_path):
    result = publish(tmp_path, make_project(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "APMG_SITEURL:1: site address: 'https://www.advancedpainmedicalgroup.example' is not "
        "the site's real address (expected APMG_SITEURL set to the address patients use, like "
        "https://www.example.org (in CI: the repository variable APMG_SITEURL; see "
        "docs/deploying.md))\n"
        "content/locations/west-hills.md:12: placeholders: not yet the clinic's real details: "
        "address, phone, fax (expected the practice's real details, or ALLOW_PLACEHOLDERS=1 for "
        "a staging site (make publish ALLOW_PLACEHOLDERS=1))\n"
        "content/practice.yml:7: placeholders: not yet the practice's real details: phone, fax "
        "(expected the practice's real details, or ALLOW_PLACEHOLDERS=1 for a staging site "
        "(make publish ALLOW_PLACEHOLDERS=1))\n"
        "3 content errors: nothing was written to output/.\n")
    assert not (tmp_path / "out").exists()


def test_an_unmarked_fictional_number_is_refused_too(tmp_path):
    content = make_project(tmp_path)
    (content / "practice.yml").write_text(READY_PRACTICE.replace("340-2201", "555-0101"))
    (content / "locations" / "west-hills.md").write_text(READY_CLINIC)
    result = publish(tmp_path, content, APMG_SITEURL=REAL_URL)
    assert result.returncode == 1
    assert "content/practice.yml:1: fax: '(818) 555-0101' is a fictional 555-01xx number" \
        in result.stderr


def test_real_details_and_address_publish_for_search_engines(tmp_path):
    content = make_project(tmp_path)
    (content / "practice.yml").write_text(READY_PRACTICE)
    (content / "locations" / "west-hills.md").write_text(READY_CLINIC)
    result = publish(tmp_path, content, APMG_SITEURL=REAL_URL)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\n\nSitemap: {REAL_URL}/sitemap.xml\n")
    page = lxml.html.fromstring((out / "treatments" / "alpha-injection" / "index.html")
                                .read_bytes())
    assert page.xpath("//link[@rel='canonical']/@href") == [
        f"{REAL_URL}/treatments/alpha-injection/"]
    assert not page.xpath("//meta[@name='robots']")
    assert not page.xpath("//*[contains(@class, 'staging-banner')]")


def test_a_staging_build_says_so_on_every_page_and_keeps_robots_out(tmp_path):
    result = publish(tmp_path, make_project(tmp_path), ALLOW_PLACEHOLDERS="1")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    pages = [(path, lxml.html.fromstring(path.read_bytes())) for path in out.rglob("*.html")]
    pages = [(path, page) for path, page in pages  # redirect stubs show no content
             if not page.xpath("//meta[@http-equiv='refresh']")]
    assert len(pages) > 10
    for path, page in pages:
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"], path
        banner = page.xpath("//*[contains(@class, 'staging-banner')]//text()")
        assert "not the practice's real details" in "".join(banner), path
