"""Absolute URLs in every href/src of a production page (``/treatments/`` ->
``https://www.example/treatments/``), so pages work when copied, cached or shared.

Templates already write ``{{ SITEURL }}/...``; this catches links editors wrote in
Markdown bodies as ``/path/`` or ``../path/``. Fragments, ``tel:``, ``mailto:`` and
URLs with a scheme are left alone.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from apmg.build import BuildStepError
from apmg.publish.refs import rewrite_html_values


def absolute_url(value: str, document_url: str) -> str:
    """``value`` resolved against ``document_url`` unless it is a fragment or has a scheme."""
    stripped = value.strip()
    if not stripped or stripped.startswith("#") or urlsplit(stripped).scheme:
        return value
    return urljoin(document_url, stripped)


def absolutise_site(site: Path, siteurl: str) -> None:
    """Rewrite relative href/src values of every HTML page of ``site``."""
    if urlsplit(siteurl).scheme not in ("http", "https"):
        raise BuildStepError(f"SITEURL must be an absolute URL for a production build, "
                             f"not {siteurl!r}")
    root = siteurl.rstrip("/") + "/"
    for page in sorted(site.rglob("*.html")):
        document_url = root + page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        new = rewrite_html_values(text, lambda value, url=document_url: absolute_url(value, url))
        if new != text:
            page.write_text(new, encoding="utf-8")
