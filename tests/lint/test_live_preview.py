"""make serve: a real server on a copy of the project, a real Chromium, a real edit.

No step is timed: how fast the loop is belongs to ``make bench``. Waits only bound a
failure, generously, so that a loaded machine cannot fail a correct change. What needs
no browser is in tests/test_serve.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
from helpers import copy_of_the_project
from playwright.sync_api import sync_playwright
from serving import ServeProcess

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WAIT_SECONDS = 120


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_of_the_project(tmp_path)


def main_text(page) -> str:
    """The page's main text, or '' while it is mid-reload."""
    try:
        # typogrify joins the last two words with a no-break space
        return page.inner_text("main").replace("\xa0", " ")
    except Exception:  # the page is mid-reload
        return ""


def text_appears(page, text: str, timeout: float = WAIT_SECONDS) -> bool:
    """Whether ``text`` comes onto the page without our reloading it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in main_text(page):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.browser
def test_edit_reloads_the_open_tab_and_a_broken_edit_keeps_the_last_good_site(project):
    procedure = sorted((project / "content" / "procedures").glob("*.md"))[0]
    url_path = f"/treatments/{procedure.stem}/"
    server = ServeProcess(project)
    try:
        server.wait_until_up()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            # the server sends production's policy: the reload script must run under it
            refused = []
            page.on("console", lambda message: refused.append(message.text)
                    if "Content Security Policy" in message.text else None)
            page.goto(server.url + url_path)
            original = procedure.read_text(encoding="utf-8")

            marker = "Live preview marker one"
            procedure.write_text(original + f"\n{marker}.\n", encoding="utf-8")
            assert text_appears(page, marker), "the page never showed the edit:\n" + server.output

            broken = original.replace("region:", "region: nowhere\nold_region:", 1)
            procedure.write_text(broken, encoding="utf-8")
            server.wait_for("still serving the last good site", timeout=WAIT_SECONDS)
            output = server.output
            assert f"content/procedures/{procedure.name}:" in output
            assert "region" in output
            response = requests.get(server.url + url_path, timeout=30)
            assert response.status_code == 200 and marker.split()[0] in response.text
            assert marker in main_text(page)
            assert refused == []
            browser.close()
    finally:
        server.stop()
