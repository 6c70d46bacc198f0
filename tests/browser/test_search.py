"""Search in a real Chromium, under the search page's CSP: Pagefind, typo fallback, privacy."""

from __future__ import annotations

import pytest
from search_page import search


@pytest.mark.parametrize("query, expected", [
    ("facet", "/treatments/lumbar-facet-joint-injections/"),
    ("nerve block", "/treatments/medial-branch-nerve-blocks/"),
])
def test_search_finds_the_right_pages(browser, server_url, query, expected):
    hrefs, status, foreign = search(browser, server_url, query)
    assert expected in hrefs[:5], (hrefs, status)
    assert not foreign


def test_misspelling_finds_the_right_pages(browser, server_url):
    """Pagefind 1.5 tolerates this typo itself: the injection pages come first."""
    hrefs, status, foreign = search(browser, server_url, "injecton")
    assert hrefs[:3] and all("injection" in h for h in hrefs[:3]), (hrefs, status)
    assert not foreign


def test_misspelling_pagefind_misses_is_corrected(browser, server_url):
    """Swapped letters: search.js searches for the site word one edit away (words.json)
    rather than what Pagefind's fuzzy match makes of the typo."""
    hrefs, status, foreign = search(browser, server_url, "fcaet")
    assert "facet" in status and "fcaet" in status, status
    assert "/treatments/lumbar-facet-joint-injections/" in hrefs, hrefs
    assert not foreign


def test_type_filter_keeps_only_that_type(browser, server_url):
    everything, _, _ = search(browser, server_url, "facet")
    faqs, status, _ = search(browser, server_url, "facet", "FAQ")
    assert faqs == ["/faqs/"], (faqs, status)
    assert len(everything) > len(faqs)


def test_results_show_title_summary_and_section(browser, server_url):
    page = browser.new_page()
    try:
        page.goto(f"{server_url}/search/?q=radiofrequency")
        first = page.locator("#search-results li").first
        first.wait_for(timeout=15000)
        assert first.locator("h2 a").inner_text().strip()
        texts = first.locator("p").all_inner_texts()
        assert "Treatment" in texts[0]
        assert len(texts) == 2 and len(texts[1]) > 20, texts
    finally:
        page.close()


def test_header_box_submits_to_search(browser, server_url):
    page = browser.new_page()
    try:
        page.goto(f"{server_url}/treatments/")
        page.locator("header input[name=q]").fill("facet")
        page.locator("header input[name=q]").press("Enter")
        page.wait_for_url("**/search/?q=facet*")
        page.locator("#search-results li").first.wait_for(timeout=15000)
    finally:
        page.close()


def test_search_page_says_when_javascript_is_off(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server_url}/search/?q=facet")
        assert "needs JavaScript" in page.locator("main").inner_text()
    finally:
        context.close()
