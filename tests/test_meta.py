"""Head metadata: unique plain-text titles and descriptions, canonical and social tags."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from helpers import html_pages, is_redirect_stub

SITEURL = "https://www.advancedpainmedicalgroup.example"


def real_pages(site: Path) -> list[Path]:
    """Pages with content (no redirect stubs)."""
    return [p for p in html_pages(site) if not is_redirect_stub(p)]


def head(page: Path) -> dict:
    tree = lxml.html.fromstring(page.read_bytes())
    raw = page.read_text(encoding="utf-8")
    start, end = raw.index("<head>"), raw.index("</head>")
    meta = {m.get("property") or m.get("name"): m.get("content")
            for m in tree.xpath("//head/meta[@content]")}
    canonical = tree.xpath("//head/link[@rel='canonical']/@href")
    return {"lang": tree.get("lang"), "title": tree.findtext(".//title"), "meta": meta,
            "canonical": canonical[0] if canonical else None, "raw": raw[start:end]}


def test_titles_and_descriptions_are_unique(published_dir):
    heads = [head(p) for p in real_pages(published_dir)]
    counts = Counter((h["lang"], h["title"]) for h in heads)
    assert not [t for t, n in counts.items() if n > 1], counts.most_common(3)
    descriptions = Counter((h["lang"], h["meta"]["description"]) for h in heads)
    assert not [d for d, n in descriptions.items() if n > 1], descriptions.most_common(3)


def test_head_carries_no_typogrify_markup(published_dir):
    for page in real_pages(published_dir):
        raw = head(page)["raw"]
        before_jsonld = raw.split('<script type="application/ld+json">')[0]
        assert "&#" not in before_jsonld, page
        assert '<span class="caps">' not in raw and "class=\\u0022caps" not in raw, page
        assert "&amp;#" not in raw and "\\u0026#" not in raw, page


@pytest.mark.parametrize("name", ["og:title", "og:description", "og:url", "og:image",
                                  "og:type", "twitter:card", "twitter:image", "description"])
def test_every_page_has_social_tags(published_dir, name):
    for page in real_pages(published_dir):
        h = head(page)
        rel = page.relative_to(published_dir).as_posix()
        assert h["lang"] == ("es" if rel.startswith("es/") else "en"), page
        assert h["meta"].get(name), (page, name)


def test_canonical_is_absolute_in_publish_and_matches_the_file(published_dir):
    for page in real_pages(published_dir):
        rel = page.relative_to(published_dir).as_posix()
        h = head(page)
        if rel.endswith(("404.html", "/instructions/index.html")):  # no address of its own
            assert h["canonical"] is None and h["meta"]["robots"] == "noindex"
            continue
        assert h["canonical"] == SITEURL + "/" + rel.removesuffix("index.html"), page
        assert h["meta"]["og:url"] == h["canonical"]
        assert h["meta"]["og:image"] == SITEURL + "/static/images/share.png"


def test_share_image_is_a_1200_by_630_png(published_dir):
    data = (published_dir / "static/images/share.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)


def test_canonical_is_root_relative_in_development(site_dir):
    h = head(site_dir / "treatments" / "index.html")
    assert h["canonical"] == "/treatments/"
