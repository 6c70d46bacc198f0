"""Pelican plugin: every ``aliases`` path of a document redirects to the document.

Three forms, so any host keeps old links working: ``_redirects`` (Netlify / Cloudflare
Pages), ``redirects.map`` (lines for an nginx ``map $uri $redirect_target {}``) and an
HTML stub at the old path with a meta refresh, a canonical link and a plain link.
Aliases were checked for clashes by the content model (apmg/model/aliases.py).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pelican import signals

from apmg.model.languages import lang_root
from apmg.model.routes import output_file

_state: dict = {}

STUB = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{moved}: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{moved}: <a href="{target}">{title}</a></p>
</body>
</html>
"""
MOVED = {"en": "This page has moved", "es": "Esta página se ha movido"}


def reset(pelican) -> None:
    _state.clear()


def collect(generators) -> None:
    """Remember the validated site (from our SiteGenerator) for ``write``."""
    for generator in generators:
        if hasattr(generator, "site"):
            _state["site"] = generator.site
            _state["siteurl"] = generator.settings.get("SITEURL", "")


def redirects(site) -> list[tuple[str, str, object]]:
    """(old path, new path, document) for every alias, in a stable order."""
    pairs = [(alias, doc.url, doc) for doc in site.all_documents for alias in doc.meta.aliases]
    return sorted(pairs, key=lambda pair: pair[0])


def variants(alias: str) -> list[str]:
    """The ways a visitor may type an old path: '/old/', '/old', '/old/index.html'."""
    if alias.endswith("/"):
        return [alias, alias.rstrip("/"), alias + "index.html"] if alias != "/" else [alias]
    if alias.rsplit("/", 1)[-1].count("."):
        return [alias]
    return [alias, alias + "/", alias + "/index.html"]


def stub_file(alias: str) -> str:
    """Where the HTML stub for ``alias`` goes, relative to the output folder."""
    path = alias.lstrip("/")
    if not path or path.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path = path.rstrip("/") + "/index.html" if path else "index.html"
    return path


def write(pelican) -> None:
    site = _state.get("site")
    if site is None:
        return
    output = Path(pelican.output_path)
    siteurl = _state.get("siteurl", "")
    netlify, nginx = [], []
    for alias, url, doc in redirects(site):
        for old in variants(alias):
            netlify.append(f"{old} {url} 301")
            nginx.append(f"{old} {url};")
        lang = doc.meta.lang
        target = escape(siteurl + url)
        stub = output_file(output, stub_file(alias))
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(STUB.format(lang=lang, moved=MOVED.get(lang, MOVED["en"]),
                                    title=escape(doc.title), target=target), encoding="utf-8")
    # Netlify: a missing page under a language's folder gets that language's 404 page
    # (a 404 rule, after every redirect).
    netlify += [f"{lang_root(lang)}/* {lang_root(lang)}/404.html 404" for lang in site.languages]
    (output / "_redirects").write_text("".join(line + "\n" for line in netlify), encoding="utf-8")
    (output / "redirects.map").write_text("".join(line + "\n" for line in nginx), encoding="utf-8")


def register() -> None:
    signals.initialized.connect(reset)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
