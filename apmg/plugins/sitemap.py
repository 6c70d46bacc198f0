"""Pelican plugin: ``sitemap.xml`` and ``robots.txt``, in the production build only.

Modelled on pelican-plugins/sitemap, but fed from our validated site rather than from
Pelican's articles. ``lastmod`` is a page's ``last_reviewed`` date or its file's last
git commit date, never the build time, so two builds of one commit are identical.
Every language's pages are listed; a page that exists in several languages carries
``xhtml:link`` alternates to all of them (itself included, as Google asks).
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pelican import signals

from apmg.model.languages import lang_root
from apmg.model.routes import INDEX_PAGES

_state: dict = {}

HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n'
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
          ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
# Index pages in the sitemap: path -> the kind whose newest date they take.
INDEXES = {p.path: p.kind for p in INDEX_PAGES if p.sitemap}


def reset(pelican) -> None:
    _state.clear()
    git_date.cache_clear()


def collect(generators) -> None:
    for generator in generators:
        if hasattr(generator, "site"):
            _state["site"] = generator.site
            _state["settings"] = generator.settings


@cache
def git_date(path: str, root: str) -> str | None:
    """The date (YYYY-MM-DD) of the last commit touching ``path``, or None."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path], cwd=root,
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def lastmod(doc, root: Path) -> str | None:
    reviewed = getattr(doc.meta, "last_reviewed", None)
    if reviewed:
        return reviewed.isoformat()
    if doc.source is None:
        return None
    return git_date(doc.source.path, str(root))


def entries(site, root: Path) -> list[dict]:
    """One entry per public page in every language: loc path, lastmod, and the
    {lang: path} alternates of a page that exists in more than one language."""
    found = []
    for doc in site.all_documents:
        if not doc.save_as:
            continue
        versions = {lang: d.url for lang, d in doc.translations.items() if d.save_as}
        versions[doc.lang] = doc.url
        found.append({"path": doc.url, "lastmod": lastmod(doc, root),
                      "alternates": versions if len(versions) > 1 else {}})
    sites = {"en": site, **site.languages}
    for path, kind in INDEXES.items():
        versions = {lang: lang_root(lang) + path for lang in sites}
        for lang, lang_site in sites.items():
            dates = [d for d in (lastmod(doc, root) for doc in lang_site.documents
                                 if kind and doc.kind == kind) if d]
            found.append({"path": versions[lang], "lastmod": max(dates) if dates else None,
                          "alternates": versions if len(versions) > 1 else {}})
    return sorted(found, key=lambda entry: entry["path"])


def render(items: list[dict], siteurl: str) -> str:
    lines = [HEADER]
    for item in items:
        lines.append(f"<url>\n<loc>{escape(siteurl + item['path'])}</loc>\n")
        if item["lastmod"]:
            lines.append(f"<lastmod>{item['lastmod']}</lastmod>\n")
        alternates = item["alternates"]
        if "en" in alternates:  # English is the default, as in each page's <head>
            alternates = {**alternates, "x-default": alternates["en"]}
        for lang, path in sorted(alternates.items()):
            lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)}'
                         f" href={quoteattr(siteurl + path)}/>\n")
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def write(pelican) -> None:
    site, settings = _state.get("site"), _state.get("settings")
    if site is None or not settings.get("APMG_PUBLISH"):
        return
    output = Path(pelican.output_path)
    siteurl = settings.get("SITEURL", "").rstrip("/")
    root = Path(settings["PATH"]).resolve().parent
    (output / "sitemap.xml").write_text(render(entries(site, root), siteurl), encoding="utf-8")
    robots = ("User-agent: *\nDisallow: /\n" if settings.get("APMG_STAGING") else
              f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n")
    (output / "robots.txt").write_text(robots, encoding="utf-8")


def register() -> None:
    signals.initialized.connect(reset)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
