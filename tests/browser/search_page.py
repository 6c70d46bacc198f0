"""Drive the site's search page in Chromium: shared by the English and Spanish search tests."""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def search(browser, server_url: str, query: str, kind: str = "",
           root: str = "") -> tuple[list[str], str, list]:
    """Open ROOT/search/?q=QUERY; return result paths, the status text and foreign requests.

    ``root`` is "" for English or "/es" for Spanish; the page must carry that language.
    """
    page = browser.new_page()
    foreign, errors = [], []
    origin = urlsplit(server_url).netloc
    page.on("request", lambda r: urlsplit(r.url).netloc not in (origin, "")
            and not r.url.startswith("data:") and foreign.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server_url}{root}/search/?q={quote(query)}&type={kind}")
        page.wait_for_function(
            "() => { const s = document.getElementById('search-status').textContent;"
            " return s && !s.endsWith('…'); }", timeout=15000)
        status = page.locator("#search-status").inner_text()
        hrefs = page.locator("#search-results a").evaluate_all("els => els.map(a => a.pathname)")
        assert page.locator("#search-query").input_value() == query
        assert page.locator("html").get_attribute("lang") == ("es" if root == "/es" else "en")
    finally:
        page.close()
    assert not errors, errors
    return hrefs, status, foreign
