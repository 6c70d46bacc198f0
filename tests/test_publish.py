"""``make publish``: the production build is minified, fingerprinted, precompressed,
absolute, reproducible to the byte, and writes nothing when anything is wrong."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import brotli
import pytest
from helpers import ROOT, build_into, html_pages, is_redirect_stub, run_apmg

from apmg.assets import FINGERPRINTED, AssetError, build_manifest
from apmg.markup import Renderer
from apmg.model.frontmatter import parse_text
from apmg.publish import cbor
from apmg.publish.compress import MIN_SIZE, TEXT_SUFFIXES
from apmg.publish.refs import rewrite_css, rewrite_html

SITEURL = "https://www.advancedpainmedicalgroup.example"
CHROMIUM = "/usr/bin/chromium"
VNU_JAR = ROOT / ".build/node/node_modules/vnu-jar/build/dist/vnu.jar"
# Links that are not URLs of a site: fragments, phone, mail.
NON_URL = ("#", "tel:", "fax:", "mailto:")


class _Refs(HTMLParser):
    """href/src of every start tag, with the tag and its rel."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.refs.append((tag, attrs.get("rel") or "", attrs[name]))

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_json_ld = False


def refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


# --- reproducibility --------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two publish builds of one snapshot of content/ and theme/ (people may be saving
    right now): the second from a copy at another path, with fresh mtimes."""
    work = tmp_path_factory.mktemp("reproducible")
    first, second = work / "a", work / "b"
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, first / name)
        shutil.copytree(first / name, second / name, copy_function=shutil.copy)  # new mtimes
    return tuple(build_into(tree / "site", "--settings", snapshot_settings(tree))
                 for tree in (first, second))


def test_two_builds_are_byte_identical(two_builds):
    first, second = (files(site) for site in two_builds)
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files whose bytes differ between two builds: {differ}"


def test_no_build_date_in_output(published_dir):
    """Today's date may appear only where an editor wrote it (review dates)."""
    today = dt.date.today()
    sources = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in sorted((ROOT / "content").rglob("*")) if p.is_file())
    for stamp in (today.isoformat(), today.strftime("%B %-d, %Y"), today.strftime("%d %B %Y")):
        if stamp in sources:
            continue
        leaking = [n for n, b in files(published_dir).items() if stamp.encode() in b]
        assert not leaking, f"build date {stamp!r} in {leaking}"


# --- fingerprinted assets ---------------------------------------------------------------

def test_theme_assets_are_fingerprinted(published_dir):
    assets = [p for p in (published_dir / "static").rglob("*") if p.suffix in (".css", ".js")]
    assert any(p.suffix == ".css" for p in assets)
    for asset in assets:
        assert FINGERPRINTED.search(asset.name), f"{asset} has no content hash"
    assert not (published_dir / "static/css/site.css").exists()


def test_pages_reference_only_fingerprinted_assets_that_exist(published_dir):
    for page in html_pages(published_dir):
        stylesheets = []
        for tag, rel, url in refs(page).refs:
            path = urlsplit(url).path
            if not path.endswith((".css", ".js")) or "/pagefind/" in path:
                continue
            assert url.startswith(SITEURL + "/static/"), f"{page}: {url}"
            assert FINGERPRINTED.search(path), f"{page}: un-fingerprinted {url}"
            assert (published_dir / path.removeprefix("/")).is_file(), f"{page}: missing {url}"
            if tag == "link" and rel == "stylesheet":
                stylesheets.append(url)
        assert "site.css" not in page.read_text(encoding="utf-8")
        if not is_redirect_stub(page):
            assert stylesheets, f"{page} loads no stylesheet"


# --- minified ---------------------------------------------------------------------------

def test_html_is_minified(published_dir):
    pages = [p for p in html_pages(published_dir) if not is_redirect_stub(p)]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        without_pre = re.sub(r"<pre\b.*?</pre>|<textarea\b.*?</textarea>", "", text, flags=re.S)
        assert not re.search(r"\n[ \t]+", without_pre), f"{page} keeps its indentation"
        assert ">\n<" not in without_pre, f"{page} keeps newlines between tags"


def test_minified_pages_are_valid_html(published_dir):
    """Minification keeps every page valid for the Nu HTML Checker (vnu)."""
    java = shutil.which("java")
    assert java, "java is missing: run `make system-deps` (.ci/system-deps)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make test` (it installs vnu-jar)"
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
                             *map(str, html_pages(published_dir))],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url')}: {m['message']}" for m in messages
              if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)


def test_json_ld_stays_valid_json(published_dir):
    blocks = [(page, block) for page in html_pages(published_dir)
              for block in refs(page).json_ld]
    assert blocks, "no JSON-LD found in the published site"
    for page, block in blocks:
        data = json.loads(block)
        assert "@context" in data or "@graph" in data, page
        assert "\n" not in block, f"{page}: JSON-LD not compacted"


def test_css_is_minified(published_dir):
    for css in (published_dir / "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "\n" not in text.strip() and "/*" not in text, css


# --- absolute URLs ----------------------------------------------------------------------

def test_links_are_absolute(published_dir):
    for page in html_pages(published_dir):
        for _tag, _rel, url in refs(page).refs:
            if url.startswith(NON_URL):
                continue
            assert urlsplit(url).scheme == "https", f"{page}: relative or http URL {url!r}"


def test_sitemap_uses_absolute_urls(published_dir):
    sitemap = published_dir / "sitemap.xml"
    if not sitemap.exists():
        pytest.fail("publish build wrote no sitemap.xml")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(SITEURL + "/") for loc in locs)


@pytest.fixture(scope="module")
def served_publish(tmp_path_factory) -> Iterator[str]:
    """A publish build with APMG_SITEURL set to a loopback server that serves it."""
    site = tmp_path_factory.mktemp("served") / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    result = subprocess.run(
        [sys.executable, "-m", "apmg", "build", "--settings", "publishconf.py",
         "--output", str(site), "--staging", str(site) + "-staging"],
        cwd=ROOT, env={**os.environ, "APMG_SITEURL": url}, text=True, capture_output=True,
        timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield url
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_siteurl_can_be_overridden(served_publish):
    home = urlopen(served_publish + "/").read().decode("utf-8")
    assert f"{served_publish}/static/css/site." in home
    assert SITEURL not in home


_CHROMIUM_CHECK = r'''
import json, sys
from playwright.sync_api import sync_playwright
url, chromium = sys.argv[1], sys.argv[2]
SEARCH = """async () => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const filters = await pf.filters();
  const all = await pf.search('injection');
  const treatments = await pf.search('injection', {filters: {type: 'Treatment'}});
  return {filters, all: all.results.length, treatments: treatments.results.length};
}"""
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "/search/")
    rules = page.evaluate("() => [...document.styleSheets].map(s => s.cssRules.length)")
    found = page.evaluate(SEARCH)
    browser.close()
print(json.dumps({"rules": rules, "found": found, "errors": errors}))
'''


def test_published_site_and_search_work_in_chromium(served_publish):
    """Fingerprinted CSS loads, and the re-sorted Pagefind index answers filtered queries.

    Runs in its own process: the browser tests hold a session-wide Playwright."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run .ci/system-deps"
    result = subprocess.run([sys.executable, "-c", _CHROMIUM_CHECK, served_publish, CHROMIUM],
                            text=True, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rules"] and all(report["rules"]), "a stylesheet did not load"
    found = report["found"]
    assert found["filters"]["type"].get("Treatment"), found
    assert 0 < found["treatments"] <= found["all"], found
    assert not report["errors"], report["errors"]


def test_search_index_is_sorted_and_consistent(published_dir):
    bundle = published_dir / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    filters = {p.stem: p for p in (bundle / "filter").glob("*.pf_filter")}
    assert filters
    for lang in entry["languages"].values():
        meta = gzip.decompress((bundle / f"pagefind.{lang['hash']}.pf_meta").read_bytes())
        named = [h for h in filters if cbor.encode(h) in meta]
        assert len(named) <= 1 and (named or not any(h.startswith(lang["wasm"]) for h in filters))
    for path in filters.values():
        tree = cbor.decode(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        values = [pair[0] for pair in tree[1]]
        assert values == sorted(values), path


# --- precompressed ----------------------------------------------------------------------

def test_precompressed_copies_match(published_dir):
    text_files = [p for p in published_dir.rglob("*")
                  if p.suffix in TEXT_SUFFIXES and p.is_file()]
    big = [p for p in text_files if p.stat().st_size >= MIN_SIZE]
    assert big
    for path in big:
        data = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert brotli.decompress(br.read_bytes()) == data, br
        assert gz.read_bytes()[4:8] == b"\0\0\0\0", f"{gz}: gzip header carries a time"
    for path in text_files:
        if path.stat().st_size < MIN_SIZE:
            assert not path.with_name(path.name + ".gz").exists(), path


# --- nothing written on errors ----------------------------------------------------------

def publish_fails(tmp_path: Path, *extra: str) -> str:
    """Publish into an existing output folder; assert exit 1 and the folder is untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.html").write_text("last good site")
    fresh = tmp_path / "fresh"
    result = run_apmg("build", "--settings", extra[0] if extra else "publishconf.py",
                      "--output", str(out), "--staging", str(tmp_path / "staging"), *extra[1:])
    assert result.returncode == 1, result.stdout + result.stderr
    assert files(out) == {"keep.html": b"last good site"}
    result = run_apmg("build", "--settings", extra[0] if extra else "publishconf.py",
                      "--output", str(fresh), "--staging", str(tmp_path / "staging2"), *extra[1:])
    assert result.returncode == 1
    assert not fresh.exists()
    return result.stderr


def snapshot_settings(tree: Path) -> str:
    """A settings file = publishconf.py reading ``tree/content`` and ``tree/theme``."""
    settings = tree / "snapshotconf.py"
    settings.write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from publishconf import *  # noqa
        PATH = {str(tree / "content")!r}
        THEME = {str(tree / "theme")!r}
        """), encoding="utf-8")
    return str(settings)


def broken_theme_settings(tmp_path: Path, edit) -> str:
    """A settings file = publishconf.py with a copy of the theme changed by ``edit``."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    base = tmp_path / "theme" / "templates" / "base.html"
    base.write_text(edit(base.read_text(encoding="utf-8")), encoding="utf-8")
    return snapshot_settings(tmp_path)


def test_content_error_writes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    victim = sorted((content / "procedures").glob("*.md"))[0]
    victim.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    stderr = publish_fails(tmp_path, "publishconf.py", "--content", str(content))
    assert victim.name in stderr


def test_template_error_writes_nothing(tmp_path):
    settings = broken_theme_settings(tmp_path, lambda t: t.replace("</main>", "{% if %}</main>"))
    assert "template" in publish_fails(tmp_path, settings)


# --- the rewriting itself -------------------------------------------------------------

FRONT = "---\ntitle: T\nsummary: S.\n---\n"


def test_body_links_are_absolute_when_rendered():
    """Production bodies get absolute links from the Markdown tree itself."""
    body = Renderer(siteurl="https://x.example")(parse_text(
        FRONT + "[a](/treatments/) [b](../faqs/#q1) [c](#main) [d](tel:+18005550100)\n",
        "content/pages/about.md")).html
    assert 'href="https://x.example/treatments/"' in body
    assert 'href="https://x.example/faqs/#q1"' in body
    assert 'href="#main"' in body and 'href="tel:+18005550100"' in body
    dev = Renderer()(parse_text(FRONT + "[a](/treatments/)\n", "content/pages/about.md")).html
    assert 'href="/treatments/"' in dev


def _rename(path: str) -> str | None:
    return {"static/css/site.css": "site.0123456789.css",
            "static/img/a.svg": "a.abcdefabcd.svg"}.get(path)


def test_rewrite_html_touches_only_matching_attributes():
    page = ('<link rel=stylesheet href=https://x.example/static/css/site.css>'
            '<a title="static/css/site.css" href="/static/css/site.css?v=1#t">'
            'https://x.example/static/css/site.css</a>'
            "<script>var u='/static/css/site.css'</script>"
            '<link href="https://other.example/static/css/site.css">')
    out = rewrite_html(page, "treatments/index.html", "https://x.example", _rename)
    assert out == ('<link rel=stylesheet href=https://x.example/static/css/site.0123456789.css>'
                   '<a title="static/css/site.css" href="/static/css/site.0123456789.css?v=1#t">'
                   'https://x.example/static/css/site.css</a>'
                   "<script>var u='/static/css/site.css'</script>"
                   '<link href="https://other.example/static/css/site.css">')


def test_rewrite_html_resolves_relative_urls():
    out = rewrite_html('<link href="../static/css/site.css">', "treatments/index.html",
                       "https://x.example", _rename)
    assert out == '<link href="../static/css/site.0123456789.css">'


def test_rewrite_css_urls():
    css = 'a{background:url(../img/a.svg)}b{background:url("/static/img/a.svg")}c{x:url(b.png)}'
    out = rewrite_css(css, "static/css/site.css", "https://x.example", _rename)
    assert out == ('a{background:url(../img/a.abcdefabcd.svg)}'
                   'b{background:url("/static/img/a.abcdefabcd.svg")}c{x:url(b.png)}')


def test_manifest_hashes_and_chains_css_imports(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "js").mkdir()
    (tmp_path / "css/base.css").write_text("a{color:red}")
    (tmp_path / "css/site.css").write_text('@import "base.css";b{c:url(/static/x.png)}')
    (tmp_path / "js/a.js").write_text("1")
    manifest = build_manifest(tmp_path, "static", "https://x.example", production=True)
    base = manifest.url("css/base.css")
    assert FINGERPRINTED.search(base) and base.startswith("https://x.example/static/css/")
    written, data = manifest.files["css/site.css"]
    assert data.decode().startswith(f'@import "{base.rsplit("/", 1)[1]}"')
    assert FINGERPRINTED.search(written) and FINGERPRINTED.search(manifest.url("js/a.js"))
    dev = build_manifest(tmp_path, "static")
    assert dev.url("css/site.css") == "/static/css/site.css"


def test_a_template_naming_a_missing_asset_fails_the_build(tmp_path):
    with pytest.raises(AssetError, match="no theme file static/js/gone.js"):
        build_manifest(tmp_path).url("js/gone.js")
