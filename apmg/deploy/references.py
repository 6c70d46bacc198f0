"""Which files of the site each published file needs: the edges of the upload order.

The deploy reads every file once while planning and keeps only references that resolve
to a file of this site (anything else is the build's link checker's business):

- HTML: ``href``, ``src``, ``srcset``, ``imagesrcset``, ``poster``, ``action``,
  ``formaction``, ``data`` and a ``<meta http-equiv="refresh">`` target;
- CSS: ``url()`` and ``@import``;
- a site script (outside Pagefind's bundle): a quoted path of a site file, which is how
  ``search.js`` names ``pagefind/pagefind.js`` and ``search/words.json``;
- ``sitemap.xml``: its ``<loc>`` pages;
- Pagefind's bundle, whose files name each other by rule rather than by attribute: its
  scripts load ``pagefind.js``, which loads ``pagefind-entry.json``, which names each
  language's metadata and wasm; the metadata needs the language's index, filter and
  fragment chunks (all of them: the bundle holds exactly the current index); a
  fragment points at the page it indexes (a search result links to it).

A precompressed twin (``a.css.gz``) needs what its original needs, and a reference to
a file is a reference to its twins too (nginx may answer with either).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath

from apmg.headers import strip_compression
from apmg.publish.refs import css_urls, site_path

URL_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction", "data"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
PAGEFIND_ENTRY = "pagefind-entry.json"
PAGEFIND_SCRIPT = "pagefind.js"
PAGEFIND_MAGIC = b"pagefind_dcd"  # what Pagefind's decompressed chunks start with
PAGEFIND_CHUNK = re.compile(r"^(?:index|filter|fragment)/(?P<lang>.+)_[0-9a-f]+\.pf_\w+$")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s]+)", re.IGNORECASE)
_QUOTED_PATH = re.compile(r"""["'`]([^"'`\s<>{}$\\]+\.[A-Za-z0-9]+)["'`]""")
_SITEMAP_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>")
_CANONICAL = re.compile(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=["']?([^"'\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class SiteFiles:
    """The keys of a built site, and the address its pages use for absolute links."""

    keys: frozenset[str]
    siteurl: str = ""

    def key_of(self, url: str, document: str) -> str | None:
        """The key ``url`` (as written in ``document``) loads, or None if it is no file
        of the site. Folders mean their ``index.html``, as the CDN serves them."""
        path = site_path(url, document, self.siteurl)
        if path is None:
            return None
        path = path.lstrip("/")
        if path in self.keys and not path.endswith("/"):
            return path
        index = path + "index.html" if path == "" or path.endswith("/") else path + "/index.html"
        return index if index in self.keys else None


def site_url_of(home_page: bytes) -> str:
    """The site address a built home page was written for (its canonical link, less the
    final slash), or "" when it has none: pages then count only relative links."""
    text = home_page.decode("utf-8", errors="replace")
    for tag in _CANONICAL.findall(text):
        href = _HREF.search(tag)
        if href and href.group(1).startswith(("http://", "https://")):
            return href.group(1).rstrip("/")
    return ""


class _HtmlUrls(HTMLParser):
    """Every URL value of the attributes that make a browser load or follow something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value for name, value in attrs if value}
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name in SRCSET_ATTRIBUTES:
                self.urls += [c.split()[0] for c in value.split(",") if c.strip()]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            found = _REFRESH_URL.search(values.get("content", ""))
            if found:
                self.urls.append(found.group(1))

    handle_startendtag = handle_starttag


def html_urls(text: str) -> list[str]:
    parser = _HtmlUrls()
    parser.feed(text)
    parser.close()
    return parser.urls


def script_urls(text: str) -> list[str]:
    """Quoted strings that look like file paths (``"pagefind/pagefind.js"``)."""
    return _QUOTED_PATH.findall(text)


def _pagefind_bundle(key: str, bundles: Iterable[str]) -> str | None:
    """The bundle folder (``pagefind/``) that ``key`` belongs to, if any."""
    return next((b for b in bundles if key.startswith(b)), None)


def _pagefind_references(key: str, data: bytes, bundle: str, site: SiteFiles) -> set[str]:
    name = key[len(bundle):]
    if name == PAGEFIND_ENTRY:
        try:
            languages = json.loads(data).get("languages", {})
        except (ValueError, AttributeError):
            return {k for k in site.keys if k.startswith(bundle) and k != key}
        wanted = set()
        for info in languages.values():
            wanted.add(f"{bundle}pagefind.{info.get('hash')}.pf_meta")
            wanted.add(f"{bundle}wasm.{info.get('wasm')}.pagefind")
        return wanted & site.keys
    if name.startswith("pagefind.") and name.endswith(".pf_meta"):
        lang = name.removeprefix("pagefind.").removesuffix(".pf_meta").rpartition("_")[0]
        return {k for k in site.keys if k.startswith(bundle)
                and (m := PAGEFIND_CHUNK.match(k[len(bundle):])) and m["lang"] == lang}
    if name.endswith(".pf_fragment"):
        try:
            raw = gzip.decompress(data)
            url = json.loads(raw.removeprefix(PAGEFIND_MAGIC)).get("url", "")
        except (OSError, EOFError, zlib.error, ValueError, AttributeError):
            return set()
        page = site.key_of(str(url), key)
        return {page} if page else set()
    if name == PAGEFIND_SCRIPT:
        return {bundle + PAGEFIND_ENTRY} & site.keys
    if name.endswith((".js", ".mjs")):
        return {bundle + PAGEFIND_SCRIPT} & site.keys
    return set()


def is_read(key: str, bundles: Iterable[str] = ()) -> bool:
    """Whether :func:`references` looks inside ``key`` at all (images and fonts: no)."""
    if _pagefind_bundle(key, bundles) is not None:
        return True
    path = PurePosixPath(key)
    return path.suffix.lower() in (".html", ".htm", ".css", ".js", ".mjs") \
        or path.name == "sitemap.xml"


def references(key: str, data: bytes, site: SiteFiles, bundles: Iterable[str] = ()) -> set[str]:
    """Keys of the site files that ``key`` (whose bytes are ``data``) needs, itself excluded.

    ``bundles`` are the folders of Pagefind bundles (see :func:`pagefind_bundles`).
    """
    bundle = _pagefind_bundle(key, bundles)
    if bundle is not None:
        return _pagefind_references(key, data, bundle, site) - {key}
    suffix = PurePosixPath(key).suffix.lower()
    if suffix in (".html", ".htm"):
        urls = html_urls(data.decode("utf-8", errors="replace"))
    elif suffix == ".css":
        urls = css_urls(data.decode("utf-8", errors="replace"))
    elif suffix in (".js", ".mjs"):
        # a path is written from the site root (search.js builds URLs on it) or from
        # the script's own folder
        urls = []
        for path in script_urls(data.decode("utf-8", errors="replace")):
            urls += ["/" + path.removeprefix("./").lstrip("/"), path]
    elif PurePosixPath(key).name == "sitemap.xml":
        urls = [m.decode("utf-8", errors="replace") for m in _SITEMAP_LOC.findall(data)]
    else:
        return set()
    found = {site.key_of(url, key) for url in urls}
    return {k for k in found if k is not None and k != key}


def pagefind_bundles(keys: Iterable[str]) -> list[str]:
    """Folders (``"pagefind/"``) holding a Pagefind entry file."""
    return sorted(k[: -len(PAGEFIND_ENTRY)] for k in keys
                  if k == PAGEFIND_ENTRY or k.endswith("/" + PAGEFIND_ENTRY))


def twins_of(keys: Iterable[str]) -> dict[str, list[str]]:
    """Original key -> its precompressed twins that the site has (``a.css`` -> ``a.css.gz``)."""
    keys = set(keys)
    twins: dict[str, list[str]] = {}
    for key in sorted(keys):
        original = strip_compression(key)
        if original != key and original in keys:
            twins.setdefault(original, []).append(key)
    return twins


def reference_graph(keys: Iterable[str], read: Callable[[str], bytes],
                    siteurl: str = "") -> dict[str, set[str]]:
    """Key -> keys it needs, for every file of a site; ``read(key)`` gives a file's bytes.

    Each original that can reference anything is read and parsed once; its twins share
    its references, and every reference to a file brings that file's twins along.
    """
    site = SiteFiles(frozenset(keys), siteurl)
    bundles = pagefind_bundles(site.keys)
    twins = twins_of(site.keys)
    graph: dict[str, set[str]] = {}
    for key in sorted(site.keys):
        original = strip_compression(key)
        if original != key and original in site.keys:
            continue  # a twin: filled in from its original below
        needed = references(key, read(key), site, bundles) if is_read(key, bundles) else set()
        graph[key] = needed | {t for k in needed for t in twins.get(k, ())}
    for original, copies in twins.items():
        for copy in copies:
            graph[copy] = graph[original] - {copy}
    return graph

