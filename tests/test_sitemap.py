"""sitemap.xml and robots.txt: production only, every public page, honest lastmod."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from apmg.plugins import sitemap

SITEURL = "https://www.advancedpainmedicalgroup.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_development_build_has_neither(site_dir):
    assert not (site_dir / "sitemap.xml").exists()
    assert not (site_dir / "robots.txt").exists()


def test_robots_points_to_the_sitemap(published_dir):
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (published_dir / "robots.txt").read_text()


def test_sitemap_lists_every_public_page(published_dir):
    tree = ET.parse(published_dir / "sitemap.xml")
    locs = [u.findtext("s:loc", namespaces=NS) for u in tree.findall("s:url", NS)]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(SITEURL + "/")
        assert (published_dir / loc[len(SITEURL) + 1:] / "index.html").is_file(), loc
    for page in published_dir.rglob("index.html"):
        rel = page.relative_to(published_dir).parent.as_posix()
        if "http-equiv" in page.read_text() or rel.startswith("es"):
            continue
        url = SITEURL + "/" + ("" if rel == "." else rel + "/")
        assert url in locs, url


def test_lastmod_is_a_review_or_commit_date(published_dir):
    tree = ET.parse(published_dir / "sitemap.xml")
    dates = [u.findtext("s:lastmod", namespaces=NS) for u in tree.findall("s:url", NS)]
    assert all(d is None or len(d) == 10 for d in dates)
    lumbar = next(u for u in tree.findall("s:url", NS)
                  if u.findtext("s:loc", namespaces=NS).endswith("/lumbar-facet-joint-injections/"))
    assert lumbar.findtext("s:lastmod", namespaces=NS) == "2026-11-20"


class _Meta:
    def __init__(self, lang, translation_of=None):
        self.lang, self.translation_of, self.last_reviewed = lang, translation_of, None


class _Doc:
    def __init__(self, slug, lang, translation_of=None):
        self.kind, self.slug, self.source = "page", slug, None
        self.meta = _Meta(lang, translation_of)
        prefix = "/es" if lang == "es" else ""
        self.url, self.save_as = f"{prefix}/{slug}/", "x"


class _Site:
    def __init__(self, docs):
        self.documents = docs


def test_translations_become_alternates(tmp_path):
    site = _Site([_Doc("privacy", "en"), _Doc("privacidad", "es", "privacy")])
    text = sitemap.render(sitemap.entries(site, tmp_path), SITEURL)
    assert f'hreflang="es" href="{SITEURL}/es/privacidad/"' in text
    assert f'hreflang="en" href="{SITEURL}/privacy/"' in text
    ET.fromstring(text)
