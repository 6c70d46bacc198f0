"""Make Pagefind's output reproducible: sort its filter indexes and rename what names them.

Pagefind 1.5 writes the values of each filter (``type: Page, FAQ, ...``) in hash-map
order, which changes from run to run (Pagefind issue #638 says so for filter and
metadata indexes). That order carries no meaning, so we sort it, then rename the
filter file by a hash of its new bytes and update the two files that name it: the
language's ``pagefind.<lang>_<hash>.pf_meta`` (renamed in turn) and
``pagefind-entry.json``. If Pagefind's format ever changes, a round-trip check fails
the build instead of writing an index the browser cannot read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from apmg.build import BuildStepError
from apmg.publish.cbor import Map, decode, encode

MAGIC = b"pagefind_dcd"


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise BuildStepError(f"{path}: not a Pagefind index file (format changed?)")
    return data[len(MAGIC):]


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(MAGIC + payload, compresslevel=9, mtime=0))


def _sorted_pairs(value):
    """Arrays of [name, ...] pairs sorted by name, recursively; everything else as is."""
    if isinstance(value, Map):
        return Map((key, _sorted_pairs(item)) for key, item in value)
    if not isinstance(value, list):
        return value
    items = [_sorted_pairs(item) for item in value]
    if items and all(isinstance(i, list) and len(i) == 2 and isinstance(i[0], str)
                     for i in items):
        items.sort(key=lambda pair: pair[0])
    return items


def _digest(payload: bytes, length: int) -> str:
    return hashlib.sha256(payload).hexdigest()[:length]


def _stable_filters(bundle: Path) -> dict[str, str]:
    """Sort every filter file; return {old hash: new hash} (``en_87fdf53`` style)."""
    renames = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        payload = _read(path)
        tree = decode(payload)
        if encode(tree) != payload:
            raise BuildStepError(f"{path}: unexpected Pagefind filter encoding")
        sorted_payload = encode(_sorted_pairs(tree))
        old = path.stem
        lang = old.rpartition("_")[0]
        new = f"{lang}_{_digest(sorted_payload, len(old) - len(lang) - 1)}"
        path.unlink()
        _write(path.with_name(f"{new}.pf_filter"), sorted_payload)
        renames[old] = new
    return renames


def _stable_meta(bundle: Path, filter_renames: dict[str, str]) -> dict[str, str]:
    """Point every language's metadata at the new filter names; rename it by its hash."""
    renames = {}
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        payload = _read(path)
        for old, new in filter_renames.items():
            payload = payload.replace(encode(old), encode(new))  # same length: one CBOR text
        old = path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        lang = old.rpartition("_")[0]
        new = f"{lang}_{_digest(payload, len(old) - len(lang) - 1)}"
        path.unlink()
        _write(bundle / f"pagefind.{new}.pf_meta", payload)
        renames[old] = new
    return renames


def stabilise(site: Path) -> None:
    """Rewrite ``site/pagefind`` so equal input gives equal bytes (no-op without it)."""
    bundle = site / "pagefind"
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        return
    try:
        meta_renames = _stable_meta(bundle, _stable_filters(bundle))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BuildStepError(f"{bundle}: unexpected Pagefind index format: {exc}") from exc
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    languages = entry.get("languages", {})
    for lang in sorted(languages):
        old = languages[lang].get("hash")
        if old not in meta_renames:
            raise BuildStepError(f"{entry_file}: language {lang} names a missing {old}")
        languages[lang]["hash"] = meta_renames[old]
    entry["languages"] = {lang: languages[lang] for lang in sorted(languages)}
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
