"""Allowed body HTML, and edge cases that only look hostile, run nothing in a real Chromium.

The fixture site is served by a host that sends no Content-Security-Policy header, so the
``<meta>`` policy in every page is all that protects it; a control page with an inline
script added after the build proves that policy is enforced.
"""

from __future__ import annotations

import functools
import http.server
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_js import CSP_VIOLATION_RECORDER
from helpers import build_project, make_project
from site_pages import is_redirect_stub

pytestmark = pytest.mark.browser

BODY = """
## Allowed by hand

<table>
<thead><tr><th scope="col">Dose</th><th scope="col" colspan="2">When</th></tr></thead>
<tbody><tr><th scope="row" rowspan="2">Low</th><td>10<sup>3</sup> units</td>
<td>H<sub>2</sub>O<br><small>with water</small></td></tr>
<tr><td colspan="2">Press <kbd>Ctrl</kbd> + <kbd>P</kbd> to print
<abbr title="javascript:alert('abbr')">this</abbr>.</td></tr></tbody>
</table>

A claim<sup class="cite"><a href="#ref-someone-2020">1</a></sup>, a footnote[^1] and an
<abbr title="magnetic resonance imaging">MRI</abbr>.

## Harmless edge cases

Code is text: `<script>alert('code')</script>` and `<img src=x onerror=alert('code')>`.

```html
<script>alert('fenced')</script>
<iframe src="javascript:alert('fenced')"></iframe>
```

Entities stay text: &lt;script&gt;alert('entity')&lt;/script&gt;, and onclick=alert(1) is
only words.

<!-- <script>alert('comment')</script> -->

[Call us](tel:+18185550100), [write](mailto:office@example.org), [read on](#after),
[a search](https://example.org/?q=%3Cscript%3E) and
[a tricky title](/contact/ "Say \\"hi\\" onmouseover=boom").

![A dot](/images/dot.png){: width="1" height="1" }

!!! warning "Blood thinners"
    Tell us first.

### After {#after}

[^1]: A footnote with a [link](/treatments/alpha-injection/).
"""


def png_dot() -> bytes:
    """A 1x1 PNG, so the page's one image loads from the site."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


class NoHeaderHandler(http.server.SimpleHTTPRequestHandler):
    """A host that sends no security headers at all: only the page's <meta> policy holds."""

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    content = make_project(tmp)
    beta = content / "procedures" / "beta-block.md"
    front = beta.read_text().split("---\n")[1]
    beta.write_text(f"---\n{front}---\n{BODY}")
    (content / "images").mkdir()
    (content / "images" / "dot.png").write_bytes(png_dot())
    result = build_project(tmp, content)
    assert result.returncode == 0, result.stderr
    site = tmp / "output"
    page = (site / "treatments" / "beta-block" / "index.html").read_text()
    control = site / "csp-control" / "index.html"
    control.parent.mkdir()
    control.write_text(page.replace(
        "</main>", "<script>alert('inline')</script><img src=/images/dot.png "
                   "onload=\"alert('handler')\"></main>"))
    return site


@pytest.fixture(scope="module")
def origin(hostile_site) -> Iterator[str]:
    handler = functools.partial(NoHeaderHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Watched:
    """One page load with every way a script could show itself recorded."""

    def __init__(self, browser, origin: str, path: str):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context = browser.new_context()
        self.context.add_init_script(CSP_VIOLATION_RECORDER)
        self.context.route("**/*", lambda route: self._route(route, origin))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda msg: msg.type == "error"
                     and self.errors.append(f"console: {msg.text}"))
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        response = self.page.goto(origin + path, wait_until="load")
        assert response is not None and response.ok, path
        self.violations = self.page.evaluate("window.__cspViolations")
        self.meta_csp = self.page.evaluate(
            "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')"
            "?.getAttribute('content')")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route, origin: str) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()


def site_paths(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).as_posix().removesuffix("index.html")
            for p in sorted(site.rglob("*.html"))
            if not is_redirect_stub(p) and p.parent.name != "csp-control"]


def test_every_page_runs_nothing_and_logs_no_error(browser, hostile_site, origin):
    problems = {}
    for path in site_paths(hostile_site):
        watched = Watched(browser, origin, path)
        try:
            found = watched.dialogs + watched.errors + watched.violations + watched.foreign
            if not (watched.meta_csp or "").startswith("default-src 'self'"):
                found.append(f"meta CSP: {watched.meta_csp!r}")
            if found:
                problems[path] = found
        finally:
            watched.context.close()
    assert problems == {}


def test_the_allowed_html_is_published(browser, origin):
    watched = Watched(browser, origin, "/treatments/beta-block/")
    try:
        page = watched.page
        for selector in ("main table th[scope=row][rowspan='2']", "main td[colspan='2'] kbd",
                         "main sup.cite a[href='#ref-someone-2020']", "main sub", "main small",
                         "main abbr[title='magnetic resonance imaging']",
                         "main img[src='/images/dot.png']", "main .admonition.warning",
                         "main code.language-html", "main a[href^='tel:']", "#after"):
            assert page.locator(selector).count() >= 1, selector
        assert page.evaluate("document.querySelector('main img').naturalWidth") == 1
        assert page.locator("main script, main iframe, main form, main [onmouseover]").count() == 0
    finally:
        watched.context.close()


def test_the_meta_policy_alone_blocks_an_inline_script(browser, origin):
    watched = Watched(browser, origin, "/csp-control/")
    try:
        assert watched.dialogs == []
        assert any("script-src" in v for v in watched.violations), watched.violations
    finally:
        watched.context.close()
