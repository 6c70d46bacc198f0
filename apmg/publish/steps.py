"""The post-processing steps of a production build, each ``f(site_dir, settings)``.

Order matters (publishconf.py): search index (base list) -> stable_search_index ->
headers -> compress. Compress last so the ``.gz``/``.br`` copies match the final files.
Pages come out of the generator minified, with absolute URLs and fingerprinted assets,
so no step here reads a page.
"""

from __future__ import annotations

from pathlib import Path

from apmg.publish.compress import compress_site
from apmg.publish.stable_search import stabilise


def stable_search_index(site: Path, settings: dict) -> None:
    """Sort Pagefind's filter indexes so two builds give the same bytes (a reused index
    was sorted by the build that made it)."""
    if not settings.get("APMG_SEARCH_REUSED"):
        stabilise(site)


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
