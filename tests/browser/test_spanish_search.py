"""The Spanish search page searches the Spanish index: a Spanish query finds Spanish pages."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


def spanish_search(browser, server_url: str, query: str) -> tuple[list[str], str]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server_url}/es/search/?q={quote(query)}")
        page.wait_for_function(
            "() => { const s = document.getElementById('search-status').textContent;"
            " return s && !s.endsWith('…'); }", timeout=15000)
        status = page.locator("#search-status").inner_text()
        hrefs = page.locator("#search-results a").evaluate_all("els => els.map(a => a.pathname)")
        assert page.locator("html").get_attribute("lang") == "es"
    finally:
        page.close()
    assert not errors, errors
    return hrefs, status


def test_a_spanish_query_finds_spanish_pages(browser, server_url):
    hrefs, status = spanish_search(browser, server_url, "articulaciones facetarias")
    assert hrefs and all(h.startswith("/es/") for h in hrefs), (hrefs, status)
    assert "/es/treatments/lumbar-facet-joint-injections/" in hrefs[:5], hrefs


def test_spanish_status_text_is_spanish(browser, server_url):
    _, status = spanish_search(browser, server_url, "anticoagulante")
    assert "página" in status, status
