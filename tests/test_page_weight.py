"""Page weight: each page's HTML plus the CSS and JS it loads stays under 30 KB gzipped;
images are sized, described, and lazy below the fold."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from helpers import html_pages

BUDGET = 30 * 1024


class _Assets(HTMLParser):
    """Collects stylesheets, scripts and images (with whether each sits inside <main>)."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.images: list[tuple[dict, bool]] = []
        self._in_main = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main += 1
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "img":
            self.images.append((a, self._in_main > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main -= 1


def parse(page: Path) -> _Assets:
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def local_file(site: Path, page: Path, url: str) -> Path:
    parts = urlsplit(url)
    assert not parts.netloc, f"{page}: loads {url} from another origin"
    path = parts.path
    return site / path.lstrip("/") if path.startswith("/") else page.parent / path


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_every_page_within_budget(site_dir: Path) -> None:
    over, sizes = [], {}
    for page in html_pages(site_dir):
        total = gz(page.read_bytes())
        for url in parse(page).assets:
            asset = local_file(site_dir, page, url)
            assert asset.is_file(), f"{page.relative_to(site_dir)}: {url} does not exist"
            total += gz(asset.read_bytes())
        sizes[page.relative_to(site_dir).as_posix()] = total
        if total > BUDGET:
            over.append(f"{page.relative_to(site_dir)}: {total / 1024:.1f} KB")
    assert sizes
    assert not over, "over the 30 KB gzip budget:\n" + "\n".join(over)


def test_images_sized_described_and_lazy(site_dir: Path) -> None:
    """Every <img> has width, height and alt; in <main> every image but the first is lazy,
    and outside <main> (header logo) images are small and eager by design."""
    problems = []
    for page in html_pages(site_dir):
        name = page.relative_to(site_dir).as_posix()
        in_main = 0
        for attrs, inside_main in parse(page).images:
            for needed in ("width", "height", "alt"):
                if needed not in attrs:
                    problems.append(f"{name}: <img src={attrs.get('src')}> has no {needed}")
            if inside_main:
                in_main += 1
                if in_main > 1 and attrs.get("loading") != "lazy":
                    problems.append(f"{name}: <img src={attrs.get('src')}> is below the fold "
                                    "but not loading=lazy")
    assert not problems, "\n".join(problems)
