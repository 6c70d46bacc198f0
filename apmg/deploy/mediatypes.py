"""Content-Type and Content-Encoding of each published file.

A fixed table rather than :mod:`mimetypes`, whose answers depend on the machine's
``/etc/mime.types``: the same commit must publish the same headers everywhere.
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import PurePosixPath

from apmg.headers import COMPRESSED_SUFFIXES, strip_compression

BINARY = "application/octet-stream"
TEXT = "text/plain; charset=utf-8"

BY_SUFFIX: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": TEXT,
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    # Pagefind's index chunks and its compressed wasm are opaque bytes to the browser.
    ".pf_meta": BINARY,
    ".pf_fragment": BINARY,
    ".pf_index": BINARY,
    ".pf_filter": BINARY,
    ".pagefind": BINARY,
    ".gz": "application/gzip",
    ".br": BINARY,
}

BY_NAME: dict[str, str] = {"_headers": TEXT, "_redirects": TEXT}


def content_type(key: str) -> str:
    """The media type a browser needs for the file ``key`` (not a compressed twin)."""
    path = PurePosixPath(key)
    return BY_NAME.get(path.name) or BY_SUFFIX.get(path.suffix.lower(), BINARY)


def content_encoding(key: str, all_keys: Container[str]) -> str | None:
    """``gzip``/``br`` when ``key`` is a precompressed twin of another published file.

    A lone ``report.gz`` with no ``report`` beside it is a download, not a twin, and
    keeps its own type and no encoding.
    """
    original = strip_compression(key)
    if original != key and original in all_keys:
        return COMPRESSED_SUFFIXES[key[len(original):]]
    return None


def describe(key: str, all_keys: Container[str]) -> tuple[str, str | None]:
    """(Content-Type, Content-Encoding) for ``key``: a twin gets its original's type."""
    encoding = content_encoding(key, all_keys)
    return content_type(strip_compression(key) if encoding else key), encoding
