"""The theme's static files, prepared once before any page renders: the asset manifest.

Templates ask ``asset_url("css/site.css")`` and get the URL the build really writes:
in production the minified stylesheet under a content-hashed name
(``/static/css/site.3f9a1c2b4d.css``, cached for a year by the CDN), in development the
plain name. So no step has to find and rewrite asset references in written pages, and a
template that names an asset the theme does not have fails the build at its line.

Only CSS and JS get hashed names (``FINGERPRINTED``); images keep theirs. A stylesheet's
own ``url()`` and ``@import`` references are rewritten first, so its hash covers the new
names of what it loads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jinja2 import TemplateError

from apmg.model.routes import output_file
from apmg.publish.refs import rewrite_css

ASSET_SUFFIXES = (".css", ".js")
HASH_LENGTH = 10
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.(?:css|js)$")


class AssetError(TemplateError):
    """A template or stylesheet names an asset the theme does not have (reported like
    any template error: at the template's line)."""


def fingerprinted_name(name: str, data: bytes) -> str:
    """``site.css`` + bytes -> ``site.<first 10 hex of sha256>.css``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{dot}{suffix}"


@dataclass
class AssetManifest:
    """Every file of the theme's static folder: its source name -> the bytes and the
    name the build writes."""

    static_dir: str = "static"  # where the files go in the site (THEME_STATIC_DIR)
    siteurl: str = ""
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # "css/site.css" ->

    def url(self, name: str) -> str:
        """The URL a page uses for the theme file ``name`` ("css/site.css")."""
        try:
            written = self.files[name][0]
        except KeyError:
            raise AssetError(f"no theme file static/{name} (theme/static/ has: "
                             + ", ".join(sorted(self.files)) + ")") from None
        return f"{self.siteurl}/{self.static_dir}/{written}"

    def write(self, output: Path) -> list[str]:
        """Write every file into ``output``; return the site paths written."""
        written = []
        for name, data in self.files.values():
            path = output_file(output, f"{self.static_dir}/{name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(f"{self.static_dir}/{name}")
        return written

    @property
    def digest(self) -> str:
        """Changes whenever any asset's name or bytes change (pages depend on it)."""
        hasher = hashlib.blake2b(digest_size=16)
        for name, (written, data) in sorted(self.files.items()):
            hasher.update(f"{name}\0{written}\0".encode() + hashlib.sha256(data).digest())
        return hasher.hexdigest()


def build_manifest(source: Path, static_dir: str = "static", siteurl: str = "",
                   production: bool = False) -> AssetManifest:
    """Read ``source`` (theme/static/); in production minify the CSS and hash the names."""
    manifest = AssetManifest(static_dir.strip("/"), siteurl.rstrip("/"))
    names = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    visiting: list[str] = []

    def prepare(name: str) -> str | None:
        """The written name of ``name`` (a path under static/), preparing it first."""
        if name not in names:
            return None
        if name not in manifest.files:
            if name in visiting:
                raise AssetError(f"static/{name}: stylesheets import each other in a cycle: "
                                 + " -> ".join([*visiting, name]))
            visiting.append(name)
            data = (source / name).read_bytes()
            if name.endswith(".css"):
                data = _stylesheet(data, name, manifest, production, rename)
            visiting.pop()
            written = name
            if production and name.endswith(ASSET_SUFFIXES):
                written = str(PurePosixPath(name).with_name(
                    fingerprinted_name(PurePosixPath(name).name, data)))
            manifest.files[name] = (written, data)
        return manifest.files[name][0]

    def rename(site_path: str) -> str | None:
        """For rewrite_css: a site path ("static/x.css") -> the file's new name."""
        prefix = manifest.static_dir + "/"
        if not site_path.startswith(prefix):
            return None
        written = prepare(site_path[len(prefix):])
        return PurePosixPath(written).name if written else None

    for name in names:
        prepare(name)
    return manifest


def _stylesheet(data: bytes, name: str, manifest: AssetManifest, production: bool,
                rename) -> bytes:
    css = data.decode("utf-8")
    if not production:
        return data
    from apmg.publish.minify import minify_css_text

    if "</style" in css.lower():
        raise AssetError(f"static/{name}: contains '</style'")
    css = rewrite_css(css, f"{manifest.static_dir}/{name}", manifest.siteurl, rename)
    return minify_css_text(css).encode("utf-8")
