"""The preview's problem panel in a real Chromium: ``make serve`` on a copy of the fixture
site, real edits, production's CSP.

Two files broken at once show both errors, with file and line, over the last good page;
fixing them clears the panel; an edit the build accepts but the lint warns about is
listed as a warning. Built files never carry the panel. It runs in the main test run:
the server is a subprocess, the browser the session's (tests/browser/conftest.py).
No step is timed; waits only bound a failure, generously.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT
from serving import ServeProcess
from test_pages import AXE_SOURCE, AXE_TAGS

from apmg.lint import lint, load_config

pytestmark = pytest.mark.browser

WAIT_SECONDS = 120
PAGE = "/treatments/alpha-injection/"
LOCATION = Path("content/locations/west-hills.md")
PROCEDURE = Path("content/procedures/alpha-injection.md")
PANEL = "aside.apmg-problems"
PANEL_MARKERS = ("__panel", "__reload", "apmg-problems", "__problems")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site with real-looking contact details and a fresh review, so that the
    lint has nothing to say about the two files the test edits until it edits them."""
    shutil.copytree(FIXTURES / "site", tmp_path / "content")
    location = tmp_path / LOCATION
    location.write_text("".join(
        line.replace("555-01", "346-01") for line in location.read_text().splitlines(True)
        if not line.startswith("placeholders:")))
    set_line(tmp_path / PROCEDURE, "last_reviewed:", f"last_reviewed: {dt.date.today()}")
    (tmp_path / "previewconf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(ROOT)!r}]\nfrom pelicanconf import *\n"
        f"THEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    edited = [tmp_path / LOCATION, tmp_path / PROCEDURE]
    assert lint(tmp_path / "content", tmp_path, load_config(tmp_path), edited) == []
    return tmp_path


@pytest.fixture
def server(project: Path) -> Iterator[ServeProcess]:
    serving = ServeProcess(project, "--settings", "previewconf.py")
    try:
        serving.wait_until_up()
        yield serving
    finally:
        serving.stop()


def set_line(path: Path, start: str, new: str) -> int:
    """Replace the first line starting with ``start``; its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(True)
    number = next(n for n, line in enumerate(lines) if line.startswith(start))
    lines[number] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


def eventually(condition: Callable[[], bool], why: Callable[[], str]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, why()
        time.sleep(0.1)


def panel_text(page) -> str:
    """The panel's text while it is shown, else '' (also while the page reloads)."""
    try:
        panel = page.locator(PANEL)
        return panel.inner_text(timeout=1000) if panel.is_visible() else ""
    except Exception:  # the page is mid-reload
        return ""


def test_the_panel_lists_every_error_over_the_last_good_page_then_clears(
        browser, server: ServeProcess, project: Path):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: refused.append(str(exc)))
    try:
        page.goto(server.url + PAGE)
        heading = page.locator("main h1").inner_text()
        page.wait_for_function("() => document.querySelector('aside.apmg-problems') !== null")
        assert not page.locator(PANEL).is_visible(), "a panel with nothing to say"

        # --- two errors in two files, one round --------------------------------------------
        phone = set_line(project / LOCATION, "phone:", 'phone: "call us"')
        related = set_line(project / PROCEDURE, "related:", "related: [no-such-procedure]")
        where = [f"{LOCATION}:{phone}", f"{PROCEDURE}:{related}"]
        eventually(lambda: all(w in panel_text(page) for w in where),
                   lambda: f"panel: {panel_text(page)!r}\n{server.output}")
        text = panel_text(page)
        assert text.startswith("Build problems (2)"), text
        assert f"{LOCATION}:{phone} \u2014 phone: 'call us' is not a phone number" in text
        assert "(expected a US phone number" in text
        assert f"{PROCEDURE}:{related} \u2014 related[0]: no procedure 'no-such-procedure'" in text
        # the last good page stays visible above the panel
        title = page.locator("main h1")
        assert title.inner_text() == heading and title.is_visible()
        assert title.bounding_box()["y"] + title.bounding_box()["height"] <= (
            page.locator(PANEL).bounding_box()["y"])
        check_panel_is_accessible(page)

        # --- fixed: the page reloads and the panel goes ------------------------------------
        set_line(project / LOCATION, "phone:", 'phone: "(818) 346-0110"')
        set_line(project / PROCEDURE, "related:", "related: [beta-block]")
        server.wait_for("Rebuilt in", count=2)
        eventually(lambda: panel_text(page) == "" and page.locator(PANEL).count() == 1,
                   lambda: f"panel: {panel_text(page)!r}\n{server.output}")

        # --- a warning the build accepts ----------------------------------------------------
        old = dt.date.today() - dt.timedelta(days=540)  # 12 to 24 months ago
        reviewed = set_line(project / PROCEDURE, "last_reviewed:", f"last_reviewed: {old}")
        eventually(lambda: f"{PROCEDURE}:{reviewed}" in panel_text(page),
                   lambda: f"panel: {panel_text(page)!r}\n{server.output}")
        text = panel_text(page)
        assert text.startswith("Warnings (1)"), text
        assert f"last_reviewed {old} is more than 12 months ago; a review is due" in text
        assert "Build problems" not in text
        assert refused == []
    finally:
        context.close()

    # built files carry no panel: only served pages get it
    built = [p for p in (project / "output").resolve().rglob("*") if p.is_file()]
    assert built
    for path in built:
        data = path.read_bytes()
        assert not any(marker.encode() in data for marker in PANEL_MARKERS), path


def check_panel_is_accessible(page) -> None:
    """axe on the panel, no sideways scrolling at 375 px, and the minimise button
    reached and worked with the keyboard alone."""
    page.evaluate(AXE_SOURCE)  # evaluate() is not subject to the page's CSP
    result = page.evaluate(
        "opts => axe.run({include: [['aside.apmg-problems']]}, opts)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert result["violations"] == [], [v["id"] for v in result["violations"]]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    aside = page.locator(PANEL)
    assert aside.get_attribute("aria-live") == "polite"

    toggle = page.locator(".apmg-problems__toggle")
    focusable = page.evaluate("() => document.querySelectorAll('a[href], button, input, "
                              "select, textarea, [tabindex]').length")
    for _ in range(focusable + 1):
        page.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reaches the panel's button")
    assert toggle.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    body = page.locator(".apmg-problems__body")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false" and not body.is_visible()
    assert toggle.inner_text() == "Show" and aside.is_visible()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and body.is_visible()
