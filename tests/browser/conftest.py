"""Browser fixtures: the built site served with a strict CSP, and one system Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_pages import collected_pages

from apmg.headers import csp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The policy the site ships (the search pages' variant allows 'wasm-unsafe-eval'), never a
# copy: a test that passed under a looser copy would prove nothing.
csp_for = csp


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", collected_pages())


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the site's CSP; /dir/ -> /dir/index.html; 404.html for misses."""

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp_for(self.path.split("?")[0]))
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def server_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def new_page(browser):
    """``new_page(width, height, javascript)``: a page in a fresh browser context of that
    viewport; every context is closed after the test."""
    contexts = []

    def _new(width: int = 375, height: int = 800, javascript: bool = True):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def browser():
    """One system Chromium for the whole session; a missing browser is a failure."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run .ci/system-deps"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
