"""Precompressed copies (``x.html.gz``, ``x.html.br``) for the CDN and nginx.

Bytes must be reproducible: gzip with mtime 0 and no file name, fixed levels.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".txt", ".json", ".svg"}
MIN_SIZE = 1024  # below this, a compressed response saves less than its overhead
GZIP_LEVEL = 9
BROTLI_QUALITY = 11


def compressed_variants(data: bytes) -> dict[str, bytes]:
    """The ``.gz`` and ``.br`` bytes of ``data``, keeping only those that are smaller."""
    variants = {
        ".gz": gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0),
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY),
    }
    return {suffix: body for suffix, body in variants.items() if len(body) < len(data)}


def compress_site(site: Path) -> int:
    """Write the variants next to every text file above MIN_SIZE; return how many."""
    written = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for suffix, body in compressed_variants(data).items():
            path.with_name(path.name + suffix).write_bytes(body)
            written += 1
    return written
