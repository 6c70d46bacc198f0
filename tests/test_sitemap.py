"""sitemap.xml and robots.txt: production only, every public page, honest lastmod."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from helpers import ROOT, is_redirect_stub

from apmg.model.frontmatter import parse_text

SITEURL = "https://www.advancedpainmedicalgroup.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_development_build_has_neither(site_dir):
    assert not (site_dir / "sitemap.xml").exists()
    assert not (site_dir / "robots.txt").exists()


def test_a_staging_build_keeps_every_robot_out(published_dir):
    """Production's robots.txt, pointing at the sitemap: tests/test_production.py."""
    assert (published_dir / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_sitemap_lists_every_public_page(published_dir):
    tree = ET.parse(published_dir / "sitemap.xml")
    locs = [u.findtext("s:loc", namespaces=NS) for u in tree.findall("s:url", NS)]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(SITEURL + "/")
        assert (published_dir / loc[len(SITEURL) + 1:] / "index.html").is_file(), loc
    for page in published_dir.rglob("index.html"):
        rel = page.relative_to(published_dir).parent.as_posix()
        if is_redirect_stub(page) or rel.endswith("/instructions"):
            continue  # printable instructions are noindex: not in the sitemap
        url = SITEURL + "/" + ("" if rel == "." else rel + "/")
        assert url in locs, url


def test_lastmod_is_a_review_or_commit_date(published_dir):
    tree = ET.parse(published_dir / "sitemap.xml")
    dates = [u.findtext("s:lastmod", namespaces=NS) for u in tree.findall("s:url", NS)]
    assert all(d is None or len(d) == 10 for d in dates)
    lumbar = next(u for u in tree.findall("s:url", NS)
                  if u.findtext("s:loc", namespaces=NS).endswith("/lumbar-facet-joint-injections/"))
    reviewed = parse_text((ROOT / "content/procedures/lumbar-facet-joint-injections.md")
                          .read_text(), "x").meta["last_reviewed"]
    assert lumbar.findtext("s:lastmod", namespaces=NS) == reviewed


def test_every_language_is_listed_with_its_alternates(published_dir):
    tree = ET.parse(published_dir / "sitemap.xml")
    by_loc = {u.findtext("s:loc", namespaces=NS): u for u in tree.findall("s:url", NS)}
    for path in ("/treatments/lumbar-facet-joint-injections/", "/faqs/", "/"):
        english, spanish = by_loc[SITEURL + path], by_loc[SITEURL + "/es" + path]
        for entry in (english, spanish):
            links = {link.get("hreflang"): link.get("href")
                     for link in entry.findall("{http://www.w3.org/1999/xhtml}link")}
            assert links == {"en": SITEURL + path, "es": SITEURL + "/es" + path,
                             "x-default": SITEURL + path}, path
