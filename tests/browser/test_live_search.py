"""Search as you type (issue #17 item 4), in a real Chromium under the search page's CSP:
results after a short pause without Enter, announced in the status region, the URL kept
in step, and a type filter (an accessible radio group) that keeps only that type."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Counts what the status region says, from before the first keystroke.
WATCH_STATUS_JS = """() => {
  window.__said = [];
  const status = document.getElementById('search-status');
  new MutationObserver(() => window.__said.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
  window.__samePage = true;  // gone if the page reloads
}"""

# Types WORD into the box one letter every 40 ms, as a person would, firing input events.
TYPE_QUICKLY_JS = """word => new Promise(done => {
  const box = document.getElementById('search-query');
  box.focus();
  let i = 0;
  const next = () => {
    box.value = word.slice(0, ++i);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    if (i < word.length) setTimeout(next, 40); else done();
  };
  next();
})"""

RESULTS_SHOWN_JS = """() => { const s = document.getElementById('search-status').textContent;
  return document.querySelectorAll('#search-results li').length > 0 && s && !s.endsWith('…'); }"""


@pytest.fixture
def search_page(browser, server_url):
    pages = []

    def open_(root: str = ""):
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server_url}{root}/search/")
        page.errors = errors
        pages.append(page)
        return page

    yield open_
    for page in pages:
        assert not page.errors, page.errors
        page.close()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def results(page) -> list[tuple[str, str]]:
    return page.locator("#search-results li").evaluate_all(
        "els => els.map(li => [li.querySelector('a').pathname,"
        " li.querySelector('.search-result__type').textContent])")


def test_typing_shows_results_without_enter(search_page):
    page = search_page()
    page.evaluate(WATCH_STATUS_JS)
    page.locator("#search-query").press_sequentially("facet", delay=40)
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    assert page.evaluate("window.__samePage") is True  # no form submission, no reload
    status = page.get_by_role("status")
    assert status.get_attribute("id") == "search-status"
    assert status.inner_text().endswith("pages found."), status.inner_text()
    assert "/treatments/lumbar-facet-joint-injections/" in [href for href, _ in results(page)]
    assert query_of(page) == {"q": ["facet"]}


def test_searching_waits_for_a_pause_in_typing(search_page):
    """Letters 40 ms apart are one search, started about 250 ms after the last one."""
    page = search_page()
    page.evaluate(WATCH_STATUS_JS)
    page.evaluate(TYPE_QUICKLY_JS, "radiofrequency")
    assert page.evaluate("window.__said") == []  # the last letter was just typed: waiting
    assert page.locator("#search-results li").count() == 0
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    said = page.evaluate("window.__said")
    assert said.count("Searching…") == 1, said
    assert query_of(page) == {"q": ["radiofrequency"]}


def test_the_conditions_filter_keeps_only_conditions(search_page):
    page = search_page()
    page.locator("#search-query").press_sequentially("spondylosis", delay=40)
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    everything = results(page)
    assert any(not href.startswith("/conditions/") for href, _ in everything), everything
    page.evaluate(WATCH_STATUS_JS)
    page.get_by_role("group", name="Show").get_by_role("radio", name="Conditions").check()
    page.wait_for_function("() => window.__said.length > 1 && !window.__said.at(-1).endsWith('…')",
                           timeout=15000)
    conditions = results(page)
    assert conditions and len(conditions) < len(everything)
    assert all(href.startswith("/conditions/") and kind == "Condition"
               for href, kind in conditions), conditions
    assert page.get_by_role("status").inner_text() == f"{len(conditions)} pages found."
    assert query_of(page) == {"q": ["spondylosis"], "type": ["Condition"]}
    # Back to everything: the same search, every type again.
    page.get_by_role("radio", name="Everything").check()
    page.wait_for_function(f"() => document.querySelectorAll('#search-results li').length"
                           f" === {len(everything)}", timeout=15000)
    assert query_of(page) == {"q": ["spondylosis"]}


def test_condition_results_are_labelled_conditions(search_page):
    page = search_page()
    page.locator("#search-query").press_sequentially("arthritis", delay=40)
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    found = results(page)
    assert any(href.startswith("/conditions/") for href, _ in found), found
    for href, kind in found:
        assert kind == ("Condition" if href.startswith("/conditions/") else "Treatment"
                        if href.startswith("/treatments/") else kind), (href, kind)


def test_spanish_search_as_you_type_with_the_conditions_filter(search_page):
    page = search_page("/es")
    box = page.get_by_role("searchbox", name="¿Qué está buscando?")
    assert box.evaluate("b => document.getElementById(b.getAttribute('aria-describedby'))"
                        ".textContent") == "Los resultados aparecen mientras escribe."
    page.get_by_role("group", name="Mostrar").get_by_role(
        "radio", name="Problemas de salud").check()
    box.press_sequentially("artritis", delay=40)
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    found = results(page)
    assert found and all(href.startswith("/es/conditions/") and kind == "Problema de salud"
                         for href, kind in found), found
    assert "página" in page.get_by_role("status").inner_text()
    assert query_of(page) == {"q": ["artritis"], "type": ["Condition"]}


def test_clearing_the_box_clears_the_results_and_the_url(search_page):
    page = search_page()
    page.locator("#search-query").press_sequentially("facet", delay=40)
    page.wait_for_function(RESULTS_SHOWN_JS, timeout=15000)
    page.locator("#search-query").fill("")
    page.wait_for_function("() => !document.querySelector('#search-results li')", timeout=5000)
    assert page.get_by_role("status").inner_text() == ""
    assert query_of(page) == {}
