"""Internal links in bodies must lead somewhere: site paths, FAQ anchors, {filename} links.

Fragments are checked for FAQ anchors only (``/faqs/#slug``); a heading anchor on
another page is not (the built-site link test covers it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding
from apmg.lint.text import LINK_RE, body_lines
from apmg.model.errors import closest
from apmg.model.routes import INDEX_PAGES, document_url
from apmg.model.slugs import slugify

# Pages made from collections rather than files, and the home page.
INDEX_PATHS = {"/", *(p.path for p in INDEX_PAGES if p.path.endswith("/"))}
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+(\S+)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def site_paths(ctx: LintContext) -> set[str]:
    """Every path the built site will have, from the files alone (works on a broken site)."""
    paths = set(INDEX_PATHS)
    for doc in ctx.documents:
        prefix = doc.url_prefix
        if prefix:
            paths.update(prefix + p for p in INDEX_PATHS)
        slug = doc.source.meta.get("translation_of") if prefix else doc.slug
        slug = slug if isinstance(slug, str) else doc.slug
        paths.add(document_url(doc.kind, slug, doc.folder_lang))
        aliases = doc.source.meta.get("aliases")
        if isinstance(aliases, list):
            paths.update(a for a in aliases if isinstance(a, str))
        conditions = doc.source.meta.get("conditions") if doc.kind == "procedure" else None
        if isinstance(conditions, list):
            paths.update(f"{prefix}/conditions/{slugify(c)}/" for c in conditions
                         if isinstance(c, str))
    return paths


def links(ctx: LintContext, doc) -> Iterator[tuple[int, str]]:
    """(line, target) of every link (not image) in a body, inline or reference-style."""
    for line, text in body_lines(doc.source):
        for match in LINK_RE.finditer(text):
            if not match.group(1):
                yield line, match.group(3)
        ref = _REF_DEF.match(text)
        if ref:
            yield line, ref.group(1)


def problem(ctx: LintContext, doc, target: str, paths: set[str]) -> str | None:
    if target.startswith("{filename}"):
        return _filename_problem(ctx, doc, target.removeprefix("{filename}"))
    if not target or _EXTERNAL.match(target):
        return None
    if not target.startswith("/"):
        return (f"link '{target}' is relative; write the site path starting with '/', "
                "like /treatments/lumbar-facet-joint-injections/")
    path, _, fragment = target.partition("#")
    path = path.split("?")[0]
    if path.startswith(("/images/", "/static/")):
        return None if (ctx.content / path.lstrip("/")).is_file() else \
            f"link '{target}' points to a file that does not exist"
    if path == "/faqs/" and fragment:
        if f"/faqs/#{fragment}" in paths:
            return None
        guess = closest(f"/faqs/#{fragment}", {p for p in paths if p.startswith("/faqs/#")})
        return _missing(target, guess)
    if path in paths:
        return None
    if not path.endswith("/") and path + "/" in paths:
        return f"link '{target}' needs a '/' at the end: {path}/"
    return _missing(target, closest(path, {p for p in paths if "#" not in p}))


def _missing(target: str, guess: str | None) -> str:
    hint = f"; did you mean {guess}?" if guess else ""
    return f"link '{target}' points to no page{hint}"


def _filename_problem(ctx: LintContext, doc, rel: str) -> str:
    """Pelican's ``{filename}`` links are not rewritten by our Markdown renderer (the
    model, not Pelican, renders bodies), so each one would publish a broken link: name
    the site path to write instead, or the closest file when it points nowhere."""
    base = ctx.content if rel.startswith("/") else doc.file.parent
    target = (base / rel.lstrip("/")).resolve()
    by_file = {d.file: d for d in ctx.documents}
    if target in by_file:
        other = by_file[target]
        url = document_url(other.kind, other.slug, other.folder_lang)
        return f"write the page's address {url} instead of '{{filename}}{rel}'"
    files = {p.relative_to(ctx.content).as_posix() for p in ctx.content.rglob("*.md")}
    guess = closest(rel.lstrip("/"), files)
    hint = f"; did you mean {{filename}}/{guess}?" if guess else ""
    return f"link '{{filename}}{rel}' points to no file{hint}"


def check(ctx: LintContext) -> Iterator[Finding]:
    paths = site_paths(ctx)
    for doc in ctx.documents:
        for line, target in links(ctx, doc):
            message = problem(ctx, doc, target, paths)
            if message:
                yield Finding(doc.source.path, line, "error", message)

