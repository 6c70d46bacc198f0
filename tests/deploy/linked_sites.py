"""Two versions of a small built site whose pages link to each other, with a real
Pagefind index (the ``pagefind`` binary of the virtualenv), for the kill-the-deploy test.

Site B, compared with A: adds two pages that existing pages link to (and that link to
each other, like a page and its translation), removes the FAQ, changes the stylesheet
(a new fingerprinted name, and the font it loads) and so the search index.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

from .sites import fingerprint

# What the search page needs of Pagefind's bundle; the UI variants are left out to keep
# the deploy small (no page of these sites loads them).
PAGEFIND_KEEP = ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind")

SEARCH_JS = b"""// as theme/static/js/search.js: Pagefind is loaded from the site root
const root = new URL("../../", import.meta.url);
const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
await pagefind.options({ baseUrl: root.pathname, noWorker: true });
"""


def _page(title: str, links: list[str], css: str, *, body: str = "", script: str = "",
          indexed: bool = True) -> bytes:
    nav = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    main = ' data-pagefind-body data-pagefind-filter="type:Page"' if indexed else ""
    tail = f'<script type="module" src="/{script}"></script>' if script else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="/{css}"><link rel="icon" href="/favicon.ico"></head>'
            f'<body><form action="/search/" role="search"><input name="q"></form>'
            f'<nav><ul>{nav}</ul></nav><main{main}><h1>{title}</h1>'
            f'<img src="/images/logo.png" srcset="/images/logo.png 1x, /images/logo-2x.png 2x"'
            f' alt=""><p>{body or title} knee back pain treatment</p></main>{tail}'
            f'</body></html>').encode()


def linked_site_files(version: str) -> dict[str, bytes]:
    """Every file of site ``"A"`` or ``"B"`` except the search index (see :func:`build`)."""
    files: dict[str, bytes] = {}

    def asset(name: str, data: bytes, twin: bool = False) -> str:
        key = fingerprint(name, data)
        files[key] = data
        if twin:
            files[key + ".gz"] = gzip.compress(data, mtime=0)
        return key

    font = asset("fonts/body.woff2", f"wOF2 {version}".encode())
    css = asset("static/css/site.css",
                f"@font-face{{src:url(/{font})}}body{{background:url(/images/bg.png)}}"
                f"/* {version} */".encode(), twin=True)
    search_js = asset("static/js/search.js", SEARCH_JS)
    files["images/logo.png"] = b"\x89PNG logo"
    files["images/logo-2x.png"] = b"\x89PNG logo 2x"
    files["images/bg.png"] = b"\x89PNG bg"
    files["favicon.ico"] = b"\0\0\1\0icon"

    if version == "A":
        pages = {
            "index.html": _page("Home", ["/about/", "/faq/", "/contact/"], css),
            "about/index.html": _page("About", ["/", "/faq/"], css),
            "faq/index.html": _page("FAQ", ["/", "/about/"], css, body="Questions"),
        }
    else:
        new = ["/treatments/knee/", "/treatments/back/"]
        pages = {
            "index.html": _page("Home", ["/about/", "/contact/", *new], css),
            "about/index.html": _page("About", ["/", new[0]], css),
            "treatments/knee/index.html": _page("Knee", ["/", "/about/", new[1]], css),
            "treatments/back/index.html": _page("Back", ["/", new[0]], css),
        }
    pages["contact/index.html"] = _page("Contact", ["/"], css)
    pages["search/index.html"] = _page("Search", ["/"], css, script=search_js, indexed=False)
    for key, html in pages.items():
        files[key] = html
        files[key + ".gz"] = gzip.compress(html, mtime=0)
    return files


def build(root: Path, version: str) -> Path:
    """Write site ``version`` into ``root`` and index it with Pagefind, as the build does."""
    root.mkdir(parents=True)
    for key, data in linked_site_files(version).items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root),
                             "--output-subdir", "pagefind"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    bundle = root / "pagefind"
    for path in bundle.iterdir():
        if path.is_file() and path.name not in PAGEFIND_KEEP and path.suffix != ".pf_meta":
            path.unlink()
    assert (bundle / "fragment").is_dir() and (bundle / "index").is_dir()
    return root


def published_keys(root: Path) -> dict[str, bytes]:
    """Key -> bytes of every file of a built site (these sites have no server files)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def copy_site(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
