"""Content cache: parsed front matter and rendered bodies, keyed by each file's bytes.

Markdown + typogrify and the YAML parse are most of a build's work and depend only on a
file's bytes (plus the Markdown settings), so a warm build re-does them only for files
that changed. Files that miss the cache are parsed and rendered on every core at once.
The cache is one pickle under .build/cache/; a corrupt or foreign one is simply ignored.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from apmg.markup import body_siteurl
from apmg.model.frontmatter import SourceFile, display_path, parse_bytes
from apmg.render import PageState

FORMAT = 2  # bump when SourceFile or the rendered tuple changes shape
# Below this many misses, starting worker processes costs more than it saves.
PARALLEL_FROM = 24

Rendered = tuple  # apmg.markup.Body


def _digest(data: bytes, salt: str) -> str:
    return hashlib.blake2b(data + salt.encode(), digest_size=16).hexdigest()


_RENDER: Callable | None = None  # the renderer, inherited by forked workers


def _work(job: tuple[bytes, str]) -> tuple[SourceFile, Rendered | None]:
    """Parse (and render, if the file parses) one file: runs in a worker process."""
    data, path = job
    source = parse_bytes(data, path)
    return source, (_RENDER(source) if _RENDER and not source.errors else None)


class ContentCache:
    """Per-file memo of ``parse_text`` and of the body renderer, persisted between builds."""

    def __init__(self, file: Path | None, salt: str = "") -> None:
        self.file = file
        self.salt = f"{FORMAT}:{salt}"
        self.entries: dict[str, tuple[str, SourceFile, Rendered | None]] = {}
        self.hits = self.misses = 0
        self._dirty = False  # anything to write back
        self._digests: dict[str, str] = {}  # display path -> digest of this build's bytes
        self._seen: dict[Path, tuple[str, str, bytes]] = {}
        if file and file.is_file():
            try:
                with file.open("rb") as handle:
                    stored = pickle.load(handle)
                if stored.get("salt") == self.salt:
                    self.entries = stored["entries"]
            except Exception:  # noqa: BLE001 - a broken cache is only a slower build
                self.entries = {}

    def _lookup(self, path: Path, root: Path) -> tuple[str, str, bytes]:
        """(display path, digest, bytes) of a file, read once per build."""
        seen = self._seen.get(path)
        if seen is None:
            shown = display_path(path, root)
            data = path.read_bytes()
            seen = self._seen[path] = (shown, _digest(data + shown.encode(), self.salt), data)
            self._digests[shown] = seen[1]
        return seen

    def prime(self, paths: list[Path], root: Path, render: Callable) -> None:
        """Parse and render every file that misses the cache, on all cores when many."""
        jobs, keys = [], []
        for path in paths:
            shown, digest, data = self._lookup(path, root)
            entry = self.entries.get(shown)
            if entry is None or entry[0] != digest:
                jobs.append((data, shown))
                keys.append((shown, digest))
        if not jobs:
            return
        global _RENDER
        _RENDER = render
        workers = min(len(os.sched_getaffinity(0)), 8)
        try:
            if len(jobs) >= PARALLEL_FROM and workers > 1:
                with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                    results = list(pool.map(_work, jobs,
                                            chunksize=max(1, len(jobs) // (workers * 4))))
            else:
                results = [_work(job) for job in jobs]
        finally:
            _RENDER = None
        for (shown, digest), (source, rendered) in zip(keys, results, strict=True):
            self.entries[shown] = (digest, source, rendered)
        self._dirty = True

    def read(self, path: Path, root: Path) -> SourceFile:
        """``read_source`` from the cache when the file's bytes are unchanged."""
        shown, digest, data = self._lookup(path, root)
        entry = self.entries.get(shown)
        if entry is not None and entry[0] == digest:
            self.hits += 1
            return entry[1]
        self.misses += 1
        self._dirty = True
        source = parse_bytes(data, shown)
        self.entries[shown] = (digest, source, None)
        return source

    def wrap(self, render: Callable) -> Callable:
        """The renderer, answering from the cache for a file read through this cache."""

        def cached(source: SourceFile) -> Rendered:
            digest = self._digests.get(source.path)
            entry = self.entries.get(source.path)
            if digest and entry and entry[0] == digest and entry[1] is source:
                if entry[2] is not None:
                    return entry[2]
                rendered = render(source)
                self.entries[source.path] = (digest, source, rendered)
                self._dirty = True
                return rendered
            return render(source)

        return cached

    def save(self) -> None:
        """Keep this build's entries (only files that still exist) for the next build."""
        if not self.file:
            return
        live = {k: v for k, v in self.entries.items() if self._digests.get(k) == v[0]}
        if not self._dirty and len(live) == len(self.entries):
            return  # the stored cache is this build's already
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump({"salt": self.salt, "entries": live}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.file)


def open_cache(settings: dict, content: Path) -> ContentCache:
    """The cache of one content folder; its salt changes with the Markdown settings and code.

    ``APMG_CACHE_DIR`` (default ``.build/cache``; empty or None: no cache) says where.
    """
    folder = settings.get("APMG_CACHE_DIR", ".build/cache")
    if not folder:
        return ContentCache(None)
    code = b"".join((Path(__file__).parent / name).read_bytes()
                    for name in ("markup.py", "sanitize.py", "citations.py", "after_hours.py",
                                 "model/frontmatter.py",
                                 "cache.py"))
    salt = repr((settings.get("APMG_MARKDOWN"), settings.get("APMG_TYPOGRIFY", True),
                 body_siteurl(settings),
                 _digest(code, ""), importlib.metadata.version("markdown"),
                 importlib.metadata.version("typogrify"), importlib.metadata.version("nh3")))
    name = _digest(str(content.resolve()).encode(), "")[:12]
    return ContentCache(Path(folder) / f"content-{name}.pickle", salt)


# Settings that name where this build writes, or what it did, not what a page shows.
PLACE_KEYS = {"OUTPUT_PATH", "PATH", "CACHE_PATH", "APMG_CACHE_DIR", "APMG_PREVIOUS_OUTPUT",
              "APMG_RENDER_REPORT", "APMG_SEARCH_REUSED", "APMG_INPUTS"}


def settings_digest(settings: dict) -> str:
    """Every setting a template could read; values that print an address are skipped."""
    shown = [(key, repr(value)) for key, value in sorted(settings.items())
             if key not in PLACE_KEYS]
    return _digest(repr([item for item in shown if " at 0x" not in item[1]]).encode(), "")


def open_page_state(settings: dict, content: Path) -> PageState:
    """The keys of the pages the last build of this content folder and settings wrote."""
    folder = settings.get("APMG_CACHE_DIR", ".build/cache")
    if not folder:
        return PageState(None)
    name = _digest(repr((str(content.resolve()), settings.get("SITEURL"),
                         settings.get("APMG_PUBLISH"))).encode(), "")[:12]
    return PageState(Path(folder) / f"pages-{name}.json")
