"""What a deploy must do, worked out before anything changes: pure functions.

The order is the safety property. A visitor may load a page at any moment of a
deploy, and a deploy may die at any moment, so:

1. new and changed fingerprinted assets go up first (new names: nothing points at
   them yet, so uploading them cannot break anything);
2. then the other non-HTML files (images, search entry files, ...);
3. then HTML and the other revalidated documents, which now find their assets;
4. stale objects are deleted last, pages before the assets they used.

An interrupted deploy therefore leaves old pages with their old assets, or new pages
with their new assets, never a page whose assets are missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from apmg.deploy.mediatypes import describe
from apmg.headers import IMMUTABLE, SERVER_FILES, cache_control, strip_compression

# Phases in upload order; deletes run in the reverse order, after all uploads.
IMMUTABLE_ASSETS, ASSETS, DOCUMENTS = "immutable assets", "assets", "documents"
PHASES = (IMMUTABLE_ASSETS, ASSETS, DOCUMENTS)

DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".txt"})
DOCUMENT_NAMES = frozenset({"_headers", "_redirects"})
EXCLUDED_NAMES = frozenset({*SERVER_FILES, ".DS_Store", "Thumbs.db"})
EXCLUDED_DIRS = frozenset({".git", ".webassets-cache"})


@dataclass(frozen=True)
class Headers:
    """The object headers a deploy sets and later compares."""

    content_type: str
    cache_control: str
    content_encoding: str | None = None


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    size: int
    sha256: str
    headers: Headers

    @property
    def phase(self) -> str:
        return phase_of(self.key, self.headers)


@dataclass(frozen=True)
class RemoteObject:
    """An object in the bucket; ``sha256`` and ``headers`` are known only after a HEAD."""

    key: str
    size: int
    sha256: str | None = None
    headers: Headers | None = None


@dataclass
class Plan:
    uploads: list[LocalFile] = field(default_factory=list)
    keeps: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)

    def upload_phases(self) -> list[tuple[str, list[LocalFile]]]:
        """Uploads grouped by phase, in the order they must run."""
        return [(p, [f for f in self.uploads if f.phase == p]) for p in PHASES]

    def delete_phases(self) -> list[tuple[str, list[str]]]:
        """Stale keys grouped in deletion order: pages first, fingerprinted assets last."""
        return [(p, [k for k in self.deletes if phase_of(k, None) == p])
                for p in reversed(PHASES)]

    @property
    def changed(self) -> bool:
        return bool(self.uploads or self.deletes)


def phase_of(key: str, headers: Headers | None) -> str:
    """Which phase a key belongs to (a compressed twin goes with its original)."""
    original = strip_compression(key)
    path = PurePosixPath(original)
    if path.suffix.lower() in DOCUMENT_SUFFIXES or path.name in DOCUMENT_NAMES:
        return DOCUMENTS
    cache = headers.cache_control if headers else cache_control("/" + original)
    return IMMUTABLE_ASSETS if cache == IMMUTABLE else ASSETS


def is_html(key: str) -> bool:
    return PurePosixPath(key).suffix.lower() in (".html", ".htm")


def site_keys(output_dir: Path) -> list[str]:
    """Object keys (POSIX paths relative to the folder) of every file to publish."""
    keys = []
    for path in output_dir.rglob("*"):
        rel = path.relative_to(output_dir)
        if (path.is_file() and rel.name not in EXCLUDED_NAMES
                and not EXCLUDED_DIRS.intersection(rel.parts[:-1])):
            keys.append(rel.as_posix())
    return sorted(keys)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan(output_dir: Path) -> list[LocalFile]:
    """Every publishable file of a built site, hashed and with the headers it needs."""
    keys = site_keys(output_dir)
    key_set = set(keys)
    files = []
    for key in keys:
        path = output_dir / key
        ctype, encoding = describe(key, key_set)
        headers = Headers(ctype, cache_control("/" + key), encoding)
        files.append(LocalFile(key, path, path.stat().st_size, sha256_of(path), headers))
    return files


def keys_to_inspect(local: Sequence[LocalFile], remote: Mapping[str, RemoteObject]) -> list[str]:
    """Keys whose remote hash and headers must be read (HEAD) before deciding.

    A different size already proves a change, so only same-size objects are asked.
    """
    return [f.key for f in local if f.key in remote and remote[f.key].size == f.size]


def make_plan(local: Iterable[LocalFile], remote: Mapping[str, RemoteObject]) -> Plan:
    """Upload what is new or differs (bytes or headers), keep the rest, delete the stale.

    Headers count: a change of policy must reach objects whose bytes did not change.
    """
    plan = Plan()
    seen = set()
    for f in local:
        seen.add(f.key)
        obj = remote.get(f.key)
        if obj and obj.sha256 == f.sha256 and obj.headers == f.headers:
            plan.keeps.append(f.key)
        else:
            plan.uploads.append(f)
    plan.deletes = sorted(k for k in remote if k not in seen)
    return plan
