"""Small synthetic built sites for the deploy tests: a few pages, fingerprinted assets
with real content hashes, precompressed twins and a Pagefind-like search index."""

from __future__ import annotations

import gzip
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli


def fingerprint(name: str, data: bytes) -> str:
    """``static/site.css`` -> ``static/site.<10 hex>.css``, as the build names assets."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{ext}"


def page(title: str, styles: list[str], scripts: list[str], links: list[str]) -> bytes:
    head = "".join(f'<link rel="stylesheet" href="/{s}">' for s in styles)
    head += "".join(f'<script src="/{s}" defer></script>' for s in scripts)
    nav = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'{head}</head><body><nav>{nav}</nav><main><h1>{title}</h1>'
            f'<img src="/images/logo.png" alt="logo"></main></body></html>').encode()


def site_files(*, site_style: str = "one", about_style: str = "one",
               with_faq: bool = True) -> dict[str, bytes]:
    """Every file of a built site, by key. The arguments vary one thing at a time."""
    files: dict[str, bytes] = {}

    def asset(name: str, data: bytes, twins: bool = True) -> str:
        key = fingerprint(name, data)
        files[key] = data
        if twins:
            files[key + ".gz"] = gzip.compress(data, mtime=0)
            files[key + ".br"] = brotli.compress(data)
        return key

    site_css = asset("static/site.css", f"body{{color:#222}}/*{site_style}*/".encode())
    app_js = asset("static/app.js", b"document.documentElement.classList.add('js');")
    about_css = asset("static/about.css", f".team{{margin:0}}/*{about_style}*/".encode())
    asset("static/search.wasm", b"\0asm\1\0\0\0", twins=False)
    asset("fonts/inter.woff2", b"wOF2fake", twins=False)
    files["images/logo.png"] = b"\x89PNG\r\n\x1a\nfake"
    files["favicon.ico"] = b"\0\0\1\0fake"

    links = ["/", "/about/", "/search/"] + (["/faq/"] if with_faq else [])
    pages = {
        "index.html": page("Home", [site_css], [app_js], links),
        "about/index.html": page("About", [site_css, about_css], [app_js], links),
        "search/index.html": page("Search", [site_css, "pagefind/pagefind-ui.css"],
                                  ["pagefind/pagefind-ui.js"], links),
        "es/search/index.html": page("Buscar", [site_css, "pagefind/pagefind-ui.css"],
                                     ["pagefind/pagefind-ui.js"], links),
        "404.html": page("Not found", [site_css], [], links),
        "es/404.html": page("Página no encontrada", [site_css], [], links),
    }
    if with_faq:
        faq_css = asset("static/faq.css", b".q{font-weight:bold}")
        pages["faq/index.html"] = page("FAQ", [site_css, faq_css], [app_js], links)
    for key, html in pages.items():
        files[key] = html
        files[key + ".gz"] = gzip.compress(html, mtime=0)

    files["pagefind/pagefind.js"] = b"export const pagefind = 1;"
    files["pagefind/pagefind-ui.js"] = b"import('./pagefind.js');"
    files["pagefind/pagefind-ui.css"] = b".pagefind-ui{display:block}"
    files["pagefind/pagefind-entry.json"] = b'{"version":"1.5.2"}'
    files["pagefind/wasm.en.pagefind"] = b"wasmish"
    files["pagefind/pagefind.en_8d9e858d0c.pf_meta"] = b"meta"
    files["pagefind/fragment/en_19a6b96.pf_fragment"] = b"fragment"
    files["pagefind/index/en_3194b97.pf_index"] = b"index"

    urls = "".join(f"<url><loc>https://example.org{link}</loc></url>" for link in links)
    files["sitemap.xml"] = f'<?xml version="1.0"?><urlset>{urls}</urlset>'.encode()
    files["robots.txt"] = b"User-agent: *\nAllow: /\n"
    files["_redirects"] = b"/old-faq/ /faq/ 301\n"
    files["_headers"] = b"/*\n  X-Content-Type-Options: nosniff\n"
    files["redirects.map"] = b"/old-faq/ /faq/;\n"  # server config: never uploaded
    files["nginx-site.conf"] = b"server {}\n"  # idem
    files["cloudfront-headers-policy.json"] = b"{}\n"  # idem
    files["cloudfront-viewer-response.js"] = b"function handler(e) {}\n"  # idem
    return files


UNPUBLISHED = {"redirects.map", "nginx-site.conf", "cloudfront-headers-policy.json",
               "cloudfront-viewer-response.js"}


def published(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files a deploy puts in the bucket."""
    return {k: v for k, v in files.items() if k not in UNPUBLISHED}


def write_site(root: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` into a fresh folder ``root``."""
    root.mkdir(parents=True)
    for key, data in files.items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)


def referenced_keys(page_key: str, html: bytes) -> set[str]:
    """Object keys a page needs: its same-site href/src targets (folders -> index.html)."""
    parser = _Refs()
    parser.feed(html.decode())
    base = "/" + page_key
    keys = set()
    for ref in parser.refs:
        url = urlsplit(urljoin(base, ref))
        if url.scheme or url.netloc or not url.path:
            continue
        path = url.path.lstrip("/")
        keys.add(path + "index.html" if path == "" or path.endswith("/") else path)
    return keys


HTML_KEY = re.compile(r"\.html?$")


def html_keys(keys: set[str]) -> set[str]:
    return {k for k in keys if HTML_KEY.search(k)}
