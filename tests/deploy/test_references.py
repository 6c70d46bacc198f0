"""What the deploy finds each file needs: the edges of its upload order."""

from __future__ import annotations

import gzip
import json

from apmg.deploy.references import SiteFiles, reference_graph, references, site_url_of

KEYS = frozenset({
    "index.html", "about/index.html", "about/team.html", "static/site.3f9a1c2b4d.css",
    "static/site.3f9a1c2b4d.css.gz", "static/search.0123456789.js", "fonts/a.woff2",
    "images/a.png", "images/a-2x.png", "search/words.json", "search/index.html",
    "pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-entry.json",
    "pagefind/pagefind.en_8d9e858d0c.pf_meta", "pagefind/wasm.en.pagefind",
    "pagefind/index/en_3194b97.pf_index", "pagefind/filter/en_673e9dd.pf_filter",
    "pagefind/fragment/en_19a6b96.pf_fragment", "pagefind/fragment/es_19a6b96.pf_fragment",
    "sitemap.xml",
})
SITE = SiteFiles(KEYS, "https://www.example.org")
BUNDLES = ["pagefind/"]


def refs(key: str, data: bytes | str) -> set[str]:
    return references(key, data.encode() if isinstance(data, str) else data, SITE, BUNDLES)


def test_html_attributes_folders_and_the_site_address():
    html = ('<link rel="stylesheet" href="https://www.example.org/static/site.3f9a1c2b4d.css">'
            '<img src="../images/a.png" srcset="/images/a.png 1x, /images/a-2x.png 2x">'
            '<a href="/">home</a> <a href="team.html#x">team</a> <a href="#main">skip</a>'
            '<a href="https://elsewhere.example/about/">away</a> <a href="tel:+15550100">call</a>'
            '<form action="/search/?q="></form> <a href="/no-such-page/">broken</a>'
            '<meta http-equiv="refresh" content="0; url=/about">')
    assert refs("about/index.html", html) == {
        "static/site.3f9a1c2b4d.css", "images/a.png", "images/a-2x.png", "index.html",
        "about/team.html", "search/index.html"}, "itself (/about) and the rest are left out"


def test_css_urls_and_site_scripts():
    css = "@font-face{src:url('/fonts/a.woff2')} body{background:url(../images/a.png)}"
    assert refs("static/site.3f9a1c2b4d.css", css) == {"fonts/a.woff2", "images/a.png"}
    js = ('const root = new URL("../../", import.meta.url);'
          'import(new URL("pagefind/pagefind.js", root).href);'
          'fetch(new URL("search/words.json", root)); const x = `${a}.js`;')
    assert refs("static/search.0123456789.js", js) == {"pagefind/pagefind.js",
                                                       "search/words.json"}


def test_the_pagefind_chain():
    entry = json.dumps({"languages": {"en": {"hash": "en_8d9e858d0c", "wasm": "en"}}})
    assert refs("pagefind/pagefind-entry.json", entry) == {
        "pagefind/pagefind.en_8d9e858d0c.pf_meta", "pagefind/wasm.en.pagefind"}
    assert refs("pagefind/pagefind.en_8d9e858d0c.pf_meta", b"") == {
        "pagefind/index/en_3194b97.pf_index", "pagefind/filter/en_673e9dd.pf_filter",
        "pagefind/fragment/en_19a6b96.pf_fragment"}, "its language's chunks only"
    fragment = gzip.compress(b'pagefind_dcd{"url":"/about/","content":"x"}')
    assert refs("pagefind/fragment/en_19a6b96.pf_fragment", fragment) == {"about/index.html"}
    assert refs("pagefind/fragment/es_19a6b96.pf_fragment", b"not gzip") == set()
    assert refs("pagefind/pagefind.js", b"") == {"pagefind/pagefind-entry.json"}
    assert refs("pagefind/pagefind-ui.js", b"") == {"pagefind/pagefind.js"}
    assert refs("pagefind/wasm.en.pagefind", b"\0asm") == set()


def test_sitemap_and_files_without_references():
    sitemap = ("<urlset><url><loc>https://www.example.org/about/</loc></url>"
               "<url><loc>https://www.example.org/</loc></url></urlset>")
    assert refs("sitemap.xml", sitemap) == {"about/index.html", "index.html"}
    assert refs("images/a.png", b"\x89PNG url(/fonts/a.woff2)") == set()


def test_twins_share_references_and_come_along():
    files = {"index.html": b'<link rel="stylesheet" href="/a.3f9a1c2b4d.css">',
             "index.html.gz": b"\x1f\x8b...", "a.3f9a1c2b4d.css": b"body{}",
             "a.3f9a1c2b4d.css.br": b"...", "notes.gz": b"\x1f\x8b..."}
    read_count: dict[str, int] = {}

    def read(key: str) -> bytes:
        read_count[key] = read_count.get(key, 0) + 1
        return files[key]

    graph = reference_graph(files, read)
    assert graph["index.html"] == graph["index.html.gz"] == {"a.3f9a1c2b4d.css",
                                                             "a.3f9a1c2b4d.css.br"}
    assert graph["notes.gz"] == set() and graph["a.3f9a1c2b4d.css.br"] == set()
    assert read_count == {"index.html": 1, "a.3f9a1c2b4d.css": 1}, "each original read once"


def test_site_address_from_the_home_page():
    assert site_url_of(b'<link rel="canonical" href="https://www.example.org/">') \
        == "https://www.example.org"
    assert site_url_of(b"<link href='https://x.org/sub/' rel=canonical>") == "https://x.org/sub"
    assert site_url_of(b"<title>no canonical</title>") == ""
