"""The post-processing steps of a production build, each ``f(site_dir, settings)``.

Order matters (publishconf.py): search index (base list) -> stable_search_index ->
absolute_urls -> minify -> fingerprint -> headers -> compress.
Minify first so the fingerprint hashes the bytes we ship; compress last so the
``.gz``/``.br`` copies match the final files.
"""

from __future__ import annotations

from pathlib import Path

from apmg.publish.absolute import absolutise_site
from apmg.publish.compress import compress_site
from apmg.publish.fingerprint import fingerprint_site
from apmg.publish.minify import minify_site
from apmg.publish.stable_search import stabilise


def stable_search_index(site: Path, settings: dict) -> None:
    """Sort Pagefind's filter indexes so two builds give the same bytes."""
    stabilise(site)


def absolute_urls(site: Path, settings: dict) -> None:
    """Make every relative href/src (e.g. Markdown links) absolute on SITEURL."""
    absolutise_site(site, settings.get("SITEURL", ""))


def minify(site: Path, settings: dict) -> None:
    """Minify every HTML page and our theme's CSS."""
    minify_site(site, settings.get("THEME_STATIC_DIR", "static"))


def fingerprint(site: Path, settings: dict) -> None:
    """Rename theme CSS/JS to content-hashed names and rewrite every reference."""
    fingerprint_site(site, settings.get("SITEURL", ""), settings.get("THEME_STATIC_DIR", "static"))


def headers(site: Path, settings: dict) -> None:
    """Write ``_headers``, ``nginx-site.conf`` and the CloudFront policy and function
    when apmg.headers provides them.

    The nginx root is a fixed setting, never the staging path, so the bytes do not
    depend on where the build ran.
    """
    try:
        from apmg.headers import write_header_files
    except ModuleNotFoundError as exc:
        if exc.name != "apmg.headers":
            raise
        return
    write_header_files(site, settings.get("APMG_NGINX_ROOT", "/srv/www/apmg"))


def compress(site: Path, settings: dict) -> None:
    """Write reproducible ``.gz`` and ``.br`` copies of text files above ~1 KB."""
    compress_site(site)
