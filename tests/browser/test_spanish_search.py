"""The Spanish search page searches the Spanish index: a Spanish query finds Spanish pages."""

from __future__ import annotations

import pytest
from search_page import search

pytestmark = pytest.mark.browser


def test_a_spanish_query_finds_spanish_pages(browser, server_url):
    hrefs, status, foreign = search(browser, server_url, "articulaciones facetarias", root="/es")
    assert not foreign, foreign
    assert hrefs and all(h.startswith("/es/") for h in hrefs), (hrefs, status)
    assert "/es/treatments/lumbar-facet-joint-injections/" in hrefs[:5], hrefs


def test_spanish_status_text_is_spanish(browser, server_url):
    _, status, _ = search(browser, server_url, "anticoagulante", root="/es")
    assert "página" in status, status
