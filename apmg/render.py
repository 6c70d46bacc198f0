"""Render the site's pages: only those whose inputs changed, on every core when many.

Each page's *key* is a digest of everything it is made of:

- what every page shares (``shared``): the template catalogs, our code, the settings,
  the asset manifest;
- its template and every template that one extends, imports or includes
  (``TemplateDigests``), so editing procedure.html re-renders procedure pages only;
- what every page of its language shows: that language's practice data and footer
  notices (``Dependencies.chrome``);
- its own view (``apmg.views.PageView``: URL, trail, JSON-LD, search type, alternates);
- the documents it shows (``shown``): a document page shows itself, its body, and the
  front matter of the documents it links to (a procedure's FAQs with their answers); an
  index page or a free page (home, contact ...) shows whole collections, so it depends
  on every document's front matter (and, for the FAQ hub and free pages, every answer).

A page whose key and file are those of the last build is hard-linked from the last
build's release instead of rendered (same bytes, no write), so an edit re-renders the
pages that show what changed and nothing else. Whether "the file is the one the key
was recorded for" is checked by inode, size and mtime, which a release's rename and
hard links keep, so a build into another output folder never reuses a foreign page.
The incremental-equals-full property test (tests/test_incremental.py) holds this to
the byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateError

from apmg.model.routes import output_file

if TYPE_CHECKING:
    from apmg.views import PageView

FORMAT = 1  # bump when keys change meaning
PARALLEL_FROM = 48  # below this many pages to render, one process is faster
# Document attributes that link to other documents a page shows (title, summary, URL).
LINKS = ("faqs", "related", "conditions", "locations", "reviewer", "procedures", "services")

RenderPage = Callable[["PageView"], str]


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """Digest of the files under ``folder`` matching ``pattern``: names and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(folder.rglob(pattern)):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


# {% extends/include/import/from "name" %}: a template that uses another by a literal
# name; the same tag with anything else (a name made at run time) could use any template.
_USES = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(?:(["'])([^"']+)\1)?""")


class TemplateDigests:
    """Digest of a template and of every template it uses (by the tags in its source:
    reading them costs microseconds where Jinja's parser costs milliseconds); a name
    built at run time counts as all of them."""

    def __init__(self, env, folder: Path) -> None:
        self.env, self.folder = env, folder
        self._own: dict[str, tuple[str, set[str] | None]] = {}
        self._closure: dict[str, str] = {}
        self._all: str | None = None

    def __call__(self, name: str) -> str:
        if name not in self._closure:
            seen, todo, dynamic = set(), [name], False
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                _, used = self._read(current)
                if used is None:
                    dynamic = True
                else:
                    todo.extend(used)
            parts = [self._read(n)[0] for n in sorted(seen)]
            self._closure[name] = _digest(parts, self.everything() if dynamic else "")
        return self._closure[name]

    def _read(self, name: str) -> tuple[str, set[str] | None]:
        if name not in self._own:
            source, _, _ = self.env.loader.get_source(self.env, name)
            used = {match[2] for match in _USES.finditer(source)}
            self._own[name] = (_digest(name, source), None if None in used else used)
        return self._own[name]

    def everything(self) -> str:
        if self._all is None:
            self._all = tree_digest(self.folder)
        return self._all


class Dependencies:
    """Digests of what each page shows, each document's computed once per build."""

    def __init__(self, site) -> None:
        self.site = site
        self._front: dict[int, str] = {}
        every = [*site.all_documents, *site.conditions,
                 *(c for s in site.languages.values() for c in s.conditions)]
        self.skeleton = _digest(sorted(self.front(d) for d in every))
        self.answers = _digest([str(f.html) for s in (site, *site.languages.values())
                                for f in s.faqs])
        self.chrome = {s.lang: _digest(repr(s.practice), [self.front(d) for d in s.footer_pages])
                       for s in (site, *site.languages.values())}

    def front(self, doc) -> str:
        """A document as a link or card shows it: kind, slug, language, URL, front matter
        and, for a photo, the digest its files are named by (apmg/images.py)."""
        key = id(doc)
        if key not in self._front:
            photo = getattr(doc, "photo", None)  # a clinician's checked photo: its files
            self._front[key] = _digest(doc.kind, doc.slug, doc.lang, doc.url, repr(doc.meta),
                                       photo.digest if photo is not None else None)
        return self._front[key]

    def shown(self, view: PageView) -> str:
        page = view.page
        if page is None or page.kind == "page":
            bodies = self.answers if (page is not None or view.index.kind == "faq") else ""
            return _digest(self.chrome[view.lang], self.skeleton, bodies,
                           page and self.own(page))
        linked = []
        for name in LINKS:
            value = getattr(page, name, None) if name in type(page).__dataclass_fields__ \
                else None
            for doc in value if isinstance(value, list) else [value] if value else []:
                linked.append((name, self.front(doc), str(doc.html) if name == "faqs" else ""))
        return _digest(self.chrome[view.lang], self.own(page), linked)

    def own(self, doc) -> str:
        return _digest(self.front(doc), str(doc.html))


def view_digest(view: PageView) -> str:
    """The view's own fields (the documents it shows are counted in ``Dependencies``)."""
    return _digest(view.path, view.save_as, view.template, view.lang, view.printable,
                   view.csp, view.og_type, view.noindex, view.canonical, view.trail,
                   json.dumps(view.jsonld, sort_keys=True, default=str), view.search_type,
                   view.alternates)


@dataclass
class RenderReport:
    """What one build did with its pages."""

    rendered: list[str]
    reused: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.rendered)


class PageState:
    """The key each page of the last build had, and the file it was written as."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.entries: dict[str, list] = {}  # save_as -> [key, inode, size, mtime_ns]
        if file and file.is_file():
            try:
                stored = json.loads(file.read_text(encoding="utf-8"))
                if stored.get("format") == FORMAT:
                    self.entries = stored["pages"]
            except (ValueError, KeyError, OSError):
                self.entries = {}

    def reusable(self, save_as: str, key: str, previous: Path | None) -> Path | None:
        """The last build's file for this page if its key is ``key`` and it is untouched."""
        entry = self.entries.get(save_as)
        if previous is None or entry is None or entry[0] != key:
            return None
        path = previous / save_as
        try:
            stat = path.stat()
        except OSError:
            return None
        return path if [stat.st_ino, stat.st_size, stat.st_mtime_ns] == entry[1:] else None

    def save(self, keys: dict[str, str], output: Path) -> None:
        if not self.file:
            return
        pages = {}
        for save_as, key in keys.items():
            stat = (output / save_as).stat()
            pages[save_as] = [key, stat.st_ino, stat.st_size, stat.st_mtime_ns]
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "pages": pages}), encoding="utf-8")
        os.replace(tmp, self.file)


_JOB: tuple[RenderPage, list[PageView], Path] | None = None  # inherited by forked workers


class PageRenderError(Exception):
    """A template failed on a page; the message names the template and its line."""


def template_location(exc: BaseException) -> str:
    """theme/templates/x.html:12 for the innermost template frame of the error."""
    where = "theme"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".svg")):
            where = f"{os.path.relpath(frame.filename)}:{frame.lineno}"
    return where


def _render_one(view: PageView, render: RenderPage, output: Path) -> None:
    """Render and write one page; a template error becomes a message that survives the
    trip back from a worker process (a traceback does not)."""
    try:
        html = render(view)
    except TemplateError as exc:
        raise PageRenderError(f"{template_location(exc)}: template error: {exc}") from None
    _write(view, html, output)


def _write(view: PageView, html: str, output: Path) -> None:
    path = output_file(output, view.save_as)  # refuses a path outside output/
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def _render_chunk(indexes: list[int]) -> None:
    render, views, output = _JOB
    for i in indexes:
        _render_one(views[i], render, output)


def render_all(views: list[PageView], render: RenderPage, output: Path, shared: str,
               templates: TemplateDigests, deps: Dependencies, state: PageState,
               previous: Path | None) -> RenderReport:
    """Write every view's page into ``output``: linked from ``previous`` when its key is
    unchanged, rendered otherwise (in worker processes when there are many)."""
    keys, todo, reused = {}, [], []
    for view in views:
        output_file(output, view.save_as)  # refuses a path outside output/, before any write
        key = keys[view.save_as] = _digest(shared, templates(view.template), view_digest(view),
                                           deps.shown(view))
        kept = state.reusable(view.save_as, key, previous)
        if kept is not None:
            target = output / view.save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(kept, target)
                reused.append(view.save_as)
                continue
            except OSError:
                pass
        todo.append(view)
    _render(todo, render, output)
    state.save(keys, output)
    return RenderReport([v.save_as for v in todo], reused)


def _render(views: list[PageView], render: RenderPage, output: Path) -> None:
    workers = min(len(os.sched_getaffinity(0)), 8)
    if len(views) < PARALLEL_FROM or workers < 2:
        for view in views:
            _render_one(view, render, output)
        return
    global _JOB
    _JOB = (render, views, output)
    try:
        chunks = [list(range(i, len(views), workers * 4)) for i in range(workers * 4)]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            list(pool.map(_render_chunk, chunks))
    finally:
        _JOB = None


def link_or_none(paths: Iterable[Path], previous: Path | None, output: Path) -> bool:
    """Hard-link each of ``paths`` (site-relative) from ``previous``; False if any is missing."""
    if previous is None:
        return False
    for rel in paths:
        source, target = previous / rel, output / rel
        if not source.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    return True
