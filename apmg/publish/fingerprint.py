"""Content-hashed names for the theme's CSS and JS (``site.css`` -> ``site.3f9a1c2b4d.css``).

A changed file gets a new name, so the CDN can cache every asset for a year and an
old page keeps loading the assets it was built with. Only files under the theme's
static folder are renamed (Pagefind names its own files); every HTML href/src and
CSS url()/@import that points at one is rewritten, and a page that points at a
theme CSS/JS file that does not exist fails the build.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from apmg.build import BuildStepError
from apmg.publish.refs import css_urls, html_urls, rewrite_css, rewrite_html, site_path

ASSET_SUFFIXES = (".css", ".js")
HASH_LENGTH = 10
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.(?:css|js)$")


def fingerprinted_name(name: str, data: bytes) -> str:
    """``site.css`` + bytes -> ``site.<first 10 hex of sha256>.css``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{dot}{suffix}"


class _Fingerprinter:
    def __init__(self, site: Path, siteurl: str, static_dir: str) -> None:
        self.site, self.siteurl = site, siteurl
        self.static_prefix = static_dir.strip("/") + "/"
        assets = sorted((site / static_dir).rglob("*"))
        self.assets = {p.relative_to(site).as_posix() for p in assets
                       if p.is_file() and p.suffix in ASSET_SUFFIXES}
        self.renames: dict[str, str] = {}  # "static/css/site.css" -> "site.<hash>.css"
        self._visiting: list[str] = []

    def rename(self, path: str) -> str | None:
        if path not in self.assets:
            return None
        if path not in self.renames:
            self._fingerprint(path)
        return self.renames[path]

    def _fingerprint(self, rel: str) -> None:
        if rel in self._visiting:
            raise BuildStepError(f"{rel}: stylesheets import each other in a cycle: "
                                 + " -> ".join([*self._visiting, rel]))
        self._visiting.append(rel)
        path = self.site / rel
        data = path.read_bytes()
        if path.suffix == ".css":  # its url()s first: its hash covers their new names
            css = data.decode("utf-8")
            data = rewrite_css(css, rel, self.siteurl, self.rename).encode("utf-8")
        self._visiting.pop()
        new_name = fingerprinted_name(path.name, data)
        path.with_name(new_name).write_bytes(data)
        path.unlink()
        self.renames[rel] = new_name

    def rewrite_page(self, page: Path) -> None:
        document = page.relative_to(self.site).as_posix()
        text = page.read_text(encoding="utf-8")
        new = rewrite_html(text, document, self.siteurl, self.rename)
        if new != text:
            page.write_text(new, encoding="utf-8")
        self.check(document, html_urls(new))

    def check(self, document: str, urls: list[str]) -> None:
        """Every theme CSS/JS that ``document`` points at exists (so it is fingerprinted)."""
        for value in urls:
            target = site_path(value, document, self.siteurl)
            if (target and target.startswith(self.static_prefix)
                    and target.endswith(ASSET_SUFFIXES) and not (self.site / target).is_file()):
                raise BuildStepError(f"{document}: refers to {value}, which does not exist")


def fingerprint_site(site: Path, siteurl: str, static_dir: str = "static") -> dict[str, str]:
    """Rename every CSS/JS file under ``static_dir`` and rewrite references to it.

    Returns {old site path: new site path}.
    """
    work = _Fingerprinter(site, siteurl, static_dir)
    for rel in sorted(work.assets):
        work.rename(rel)
    for page in sorted(site.rglob("*.html")):
        work.rewrite_page(page)
    for rel, name in sorted(work.renames.items()):
        if name.endswith(".css"):
            new_rel = str(Path(rel).with_name(name))
            work.check(new_rel, css_urls((site / new_rel).read_text(encoding="utf-8")))
    return {rel: str(Path(rel).with_name(new)) for rel, new in work.renames.items()}
