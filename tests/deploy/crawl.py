"""A visitor's view of the bucket: crawl from the home page and list every reference
that does not exist.

Written independently of ``apmg.deploy.references``, from how a browser loads these
sites: a page's href/src/srcset/form action, a stylesheet's url(), and the search
page's script, which loads ``pagefind/pagefind.js``; that loads the entry file, which
names each language's metadata and wasm; the metadata names the index, filter and
fragment chunks; a fragment is a search result, linking to its page.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from apmg.publish.cbor import decode

PAGEFIND = "pagefind/"
MAGIC = b"pagefind_dcd"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)["']?\s*\)""")


class PageLinks(HTMLParser):
    """Every URL a page's tags load or lead to: href, src, form action, (image)srcset."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src", "action"):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


def _key(url: str, document: str) -> str | None:
    """The object a same-site URL loads (folders -> index.html); None for other sites."""
    target = urlsplit(urljoin("https://site.test/" + document, url))
    if target.scheme != "https" or target.netloc != "site.test":
        return None
    path = unquote(target.path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


class Bucket:
    """The bucket's objects, read once each."""

    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name
        self.keys: set[str] = set()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
            self.keys.update(item["Key"] for item in page.get("Contents", []))
        self._cache: dict[str, bytes] = {}

    def read(self, key: str) -> bytes:
        if key not in self._cache:
            self._cache[key] = self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        return self._cache[key]


def _pagefind_references(bucket: Bucket, key: str) -> list[str]:
    name = key.removeprefix(PAGEFIND)
    if name == "pagefind.js":
        return [PAGEFIND + "pagefind-entry.json"]
    if name == "pagefind-entry.json":
        languages = json.loads(bucket.read(key))["languages"]
        return [f"{PAGEFIND}{name}" for info in languages.values()
                for name in (f"pagefind.{info['hash']}.pf_meta", f"wasm.{info['wasm']}.pagefind")]
    if name.endswith(".pf_meta"):
        _version, pages, chunks, filters, *_ = decode(gzip.decompress(bucket.read(key))[12:])
        return ([f"{PAGEFIND}fragment/{page[0]}.pf_fragment" for page in pages]
                + [f"{PAGEFIND}index/{chunk[2]}.pf_index" for chunk in chunks]
                + [f"{PAGEFIND}filter/{f[1]}.pf_filter" for f in filters])
    if name.endswith(".pf_fragment"):
        fragment = json.loads(gzip.decompress(bucket.read(key)).removeprefix(MAGIC))
        return [k for k in [_key(fragment["url"], key)] if k]
    return []


def references(bucket: Bucket, key: str) -> list[str]:
    """What a browser loads or follows from the object ``key``."""
    if key.startswith(PAGEFIND):
        return _pagefind_references(bucket, key)
    if key.endswith(".html"):
        parser = PageLinks()
        parser.feed(bucket.read(key).decode())
        return [k for k in (_key(u, key) for u in parser.urls) if k]
    if key.endswith(".css"):
        return [k for k in (_key(u, key) for u in CSS_URL.findall(bucket.read(key).decode()))
                if k]
    if key.endswith(".js") and b"pagefind/pagefind.js" in bucket.read(key):
        return [PAGEFIND + "pagefind.js"]
    return []


def broken_references(client: Any, bucket_name: str, start: str = "index.html") -> list[str]:
    """``"page -> missing"`` for every missing object that a visitor starting at the home
    page can reach; empty when the site is whole."""
    bucket = Bucket(client, bucket_name)
    if start not in bucket.keys:
        return [f"(home) -> {start}"]
    problems: list[str] = []
    seen = {start}
    todo = deque([start])
    while todo:
        key = todo.popleft()
        for target in references(bucket, key):
            if target not in bucket.keys:
                problems.append(f"{key} -> {target}")
            elif target not in seen:
                seen.add(target)
                todo.append(target)
    return sorted(set(problems))
