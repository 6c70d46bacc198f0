"""Minify HTML (minify-html) and CSS (minify-html's CSS minifier, lightningcss).

JSON-LD blocks are re-serialised compactly with ``json`` so they stay valid JSON
(minify-html leaves them alone); a block that is not valid JSON fails the build.
Inline JavaScript is never rewritten: the Content-Security-Policy allows none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import minify_html

from apmg.build import BuildStepError

HTML_OPTIONS = {
    "minify_css": True,  # <style> and style="" (none expected, but cheap)
    "minify_js": False,
    "keep_closing_tags": True,  # every parser, validator and test sees the same tree
    "keep_html_and_head_opening_tags": True,
}
_JSON_LD = re.compile(
    r"(<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>)(.*?)(</script\s*>)",
    re.IGNORECASE | re.DOTALL,
)


def _compact_json(text: str, where: str) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BuildStepError(f"{where}: JSON-LD is not valid JSON: {exc}") from exc
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script" inside a string would end the element early: escape every "<".
    return compact.replace("<", "\\u003c")


def minify_html_text(html: str, where: str = "<html>") -> str:
    """Minified ``html`` with compact, still valid, JSON-LD."""
    html = _JSON_LD.sub(lambda m: m[1] + _compact_json(m[2], where) + m[3], html)
    return minify_html.minify(html, **HTML_OPTIONS)


def minify_css_text(css: str) -> str:
    """Minified stylesheet, via minify-html's CSS minifier on a wrapping <style>."""
    wrapped = minify_html.minify(f"<style>{css}</style>", minify_css=True)
    if not (wrapped.startswith("<style>") and wrapped.endswith("</style>")):
        raise BuildStepError("CSS minifier returned something other than a stylesheet")
    return wrapped[len("<style>"):-len("</style>")]


def minify_site(site: Path, static_dir: str = "static") -> None:
    """Minify every HTML page of ``site`` and every stylesheet under ``static_dir``."""
    for path in sorted(site.rglob("*.html")):
        where = str(path.relative_to(site))
        path.write_text(minify_html_text(path.read_text(encoding="utf-8"), where),
                        encoding="utf-8")
    for path in sorted((site / static_dir).rglob("*.css")):
        css = path.read_text(encoding="utf-8")
        if "</style" in css.lower():
            raise BuildStepError(f"{path.relative_to(site)}: contains '</style'")
        path.write_text(minify_css_text(css), encoding="utf-8")
