"""Minify HTML (minify-html) and CSS (minify-html's CSS minifier, lightningcss).

Pages are minified as strings, right after they render and before they are written
(apmg/plugins/content_model.py); JSON-LD is already compact (Jinja's ``tojson``), and
minify-html leaves it alone. Inline JavaScript is never rewritten: the
Content-Security-Policy allows none.
"""

from __future__ import annotations

import minify_html

from apmg.build import BuildStepError

HTML_OPTIONS = {
    "minify_css": True,  # <style> and style="" (none expected, but cheap)
    "minify_js": False,
    "keep_closing_tags": True,  # every parser, validator and test sees the same tree
    "keep_html_and_head_opening_tags": True,
}


def minify_html_text(html: str, where: str = "<html>") -> str:
    """Minified ``html`` (``where`` names the page in an error)."""
    return minify_html.minify(html, **HTML_OPTIONS)


def minify_css_text(css: str) -> str:
    """Minified stylesheet, via minify-html's CSS minifier on a wrapping <style>."""
    wrapped = minify_html.minify(f"<style>{css}</style>", minify_css=True)
    if not (wrapped.startswith("<style>") and wrapped.endswith("</style>")):
        raise BuildStepError("CSS minifier returned something other than a stylesheet")
    return wrapped[len("<style>"):-len("</style>")]
