"""Every built page in a real Chromium, served with the site's CSP, at phone and desktop width.

One page load per (page, width) runs every check and reports all problems together:
axe-core (WCAG 2.0/2.1/2.2 A and AA), privacy (no request to another origin), no console
error or CSP violation, keyboard use, target size (WCAG 2.5.8) and reflow.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_js import (
    CSP_VIOLATION_RECORDER,
    INTERACTIVE_JS,
    SMALL_TARGETS_JS,
    WIDE_ELEMENTS_JS,
)
from site_pages import collected_pages, is_redirect_stub

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(
    encoding="utf-8")


def url_of(server_url: str, page_path: str) -> str:
    if page_path == "index.html":
        return server_url + "/"
    if page_path.endswith("/index.html"):
        return f"{server_url}/{page_path[:-len('index.html')]}"
    return f"{server_url}/{page_path}"


class Tab:
    """One browser page per width, reused across tests; records what each load asked for."""

    def __init__(self, browser, origin: str, width: int):
        self.origin, self.width = origin, width
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.context.add_init_script(CSP_VIOLATION_RECORDER)  # via CDP: not subject to CSP
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def open(self, page_path: str) -> None:
        self.foreign, self.errors = [], []
        self.page.set_viewport_size({"width": self.width, "height": 800})
        response = self.page.goto(url_of(self.origin, page_path), wait_until="load")
        status = response.status if response else None
        assert response is not None and response.ok, f"{page_path}: HTTP {status}"

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def _console(self, msg) -> None:
        if msg.type == "error" or "Content Security Policy" in msg.text:
            self.errors.append(f"console {msg.type}: {msg.text}")


@pytest.fixture(scope="session")
def tabs(browser, server_url) -> Iterator[dict[int, Tab]]:
    opened = {width: Tab(browser, server_url, width) for width in WIDTHS}
    yield opened
    for tab in opened.values():
        tab.context.close()


def check_privacy_and_console(tab: Tab) -> list[str]:
    tab.page.wait_for_timeout(30)  # let deferred scripts run and report
    problems = [f"request to another origin: {url}" for url in tab.foreign]
    problems += tab.errors
    problems += [f"CSP violation: {v}" for v in tab.page.evaluate("() => window.__cspViolations")]
    return problems


def check_axe(tab: Tab) -> list[str]:
    tab.page.evaluate(AXE_SOURCE)  # evaluate() is not subject to the page's CSP
    result = tab.page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(
            f"{n['target']}: {n['failureSummary'].splitlines()[-1].strip()}"
            for n in v["nodes"][:5])
        for v in result["violations"]]


def check_target_size(tab: Tab) -> list[str]:
    return [f"target under 24x24 CSS px: {t}" for t in tab.page.evaluate(SMALL_TARGETS_JS)]


def check_keyboard(tab: Tab) -> list[str]:
    """The first Tab reaches the skip link; Tab visits every interactive element in DOM
    order; each shows a focus indicator (a different look with outline, shadow or
    background). Focus changes are logged in the page, read once at the end."""
    page = tab.page
    expected = page.evaluate(INTERACTIVE_JS)  # tags elements with data-kbd, in DOM order
    for _ in range(expected["count"] + 1):
        page.keyboard.press("Tab")
    reached: list[int] = []
    problems: list[str] = []
    for step in page.evaluate("() => window.__focusLog"):
        if step["index"] is None or (reached and step["index"] <= reached[-1]):
            break
        reached.append(step["index"])
        if not step["indicator"]:
            problems.append(f"no visible focus indicator on {step['label']}")
    if not reached or reached[0] != 0 or not expected["labels"][0].startswith("skip-link"):
        problems.append(f"the first Tab does not reach the skip link (reached {reached[:1]})")
    if reached != list(range(expected["count"])):
        missed = [expected["labels"][i] for i in range(expected["count"]) if i not in reached]
        problems.append(f"Tab skips or reorders elements; not reached in order: {missed[:10]}")
    return problems


def check_reflow(tab: Tab) -> list[str]:
    """No sideways scrolling at this width; at phone width also at 320 px with 200 % text.

    Text zoom is emulated by setting the root font size from script after load (a test-only
    change: CSP does not restrict CSSOM). It is harder than page zoom: media queries stay on
    the phone layout while every rem doubles.
    """
    measure = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    scroll, client = tab.page.evaluate(measure)
    problems = []
    if scroll > client:
        problems.append(f"scrolls sideways at {tab.width}px ({scroll} > {client}): "
                        f"{tab.page.evaluate(WIDE_ELEMENTS_JS)}")
    if tab.width < 400:
        tab.page.set_viewport_size({"width": 320, "height": 640})
        tab.page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        scroll, client = tab.page.evaluate(measure)
        if scroll > client:
            problems.append(f"scrolls sideways at 320px with 200% text ({scroll} > {client}): "
                            f"{tab.page.evaluate(WIDE_ELEMENTS_JS)}")
    return problems


# Order matters: each check may leave focus or sizes changed for the ones after it.
CHECKS: list[Callable[[Tab], list[str]]] = [
    check_privacy_and_console, check_target_size, check_axe, check_keyboard, check_reflow]


def test_collected_pages_match(site_dir: Path) -> None:
    """The pages parametrized at collection are exactly the pages of ``site_dir``."""
    built = tuple(p.relative_to(site_dir).as_posix() for p in sorted(site_dir.rglob("*.html"))
                  if not is_redirect_stub(p))
    assert built == collected_pages()
    assert len(built) >= 10


@pytest.mark.parametrize("width", WIDTHS)
def test_page(tabs: dict[int, Tab], page_path: str, width: int) -> None:
    tab = tabs[width]
    tab.open(page_path)
    problems = [f"[{check.__name__}] {p}" for check in CHECKS for p in check(tab)]
    assert not problems, f"/{page_path} at {width}px:\n  " + "\n  ".join(problems)
