# ruff: noqa: E501  (the JavaScript run in the page is kept one statement a line)
"""The page layout of issue #17 item 3 in a real Chromium: the procedure page's sticky
rail at 1024 px and wider (one column below), no lone card in a half-empty row on any
page with cards, one text measure for every paragraph, the home page's call button on
the first phone screen, and the height of a procedure page on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import is_redirect_stub

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}

RAIL_JS = """() => {
  const box = sel => { const r = document.querySelector(sel).getBoundingClientRect();
                       return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {rail: box('.procedure__rail'), text: box('.procedure__main .body'),
          viewport: window.innerHeight,
          call: !!document.querySelector('.procedure__rail .button')?.checkVisibility(),
          contents: !!document.querySelector('.procedure__rail .contents-list')?.checkVisibility(),
          glance: !!document.querySelector('.procedure__rail .summary-list')?.checkVisibility()};
}"""

# Each grid of cards, as rows (cards sharing a top), each row the width its cards cover
# (first left to last right) and the grid's own width.
CARD_ROWS_JS = """() => [...document.querySelectorAll('main ul.cards')].filter(g => g.checkVisibility()).map(grid => {
  const rows = new Map();
  for (const card of grid.children) {
    const r = card.getBoundingClientRect();
    const top = Math.round(r.top);
    const row = rows.get(top) || {count: 0, left: Infinity, right: -Infinity};
    row.count += 1; row.left = Math.min(row.left, r.left); row.right = Math.max(row.right, r.right);
    rows.set(top, row);
  }
  return {width: grid.clientWidth, rows: [...rows.values()].map(r => ({count: r.count, width: r.right - r.left}))};
})"""

# Each visible paragraph of main: its width in ch of its own font (a "0" in a probe).
MEASURE_JS = """() => [...document.querySelectorAll('main p')].filter(p => p.checkVisibility() && p.textContent.trim()).map(p => {
  const probe = document.createElement('span');
  probe.textContent = '0'.repeat(10);
  probe.style.whiteSpace = 'nowrap';
  p.append(probe);
  const ch = probe.getBoundingClientRect().width / 10;
  probe.remove();
  return {text: p.textContent.trim().slice(0, 40), ch: p.getBoundingClientRect().width / ch};
})"""


def paths(site_dir: Path, keep=lambda html: True) -> list[str]:
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        if is_redirect_stub(page) or not keep(page.read_text(encoding="utf-8")):
            continue
        rel = page.relative_to(site_dir).as_posix()
        found.append("/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel))
    return found


def procedure_paths(site_dir: Path) -> list[str]:
    return paths(site_dir, lambda html: '<article class="procedure">' in html)


def test_the_procedure_rail_is_beside_the_text_and_sticky_from_1024px(new_page, server_url, site_dir):
    procedures = procedure_paths(site_dir)
    assert len(procedures) >= 20, procedures
    for width in (1024, 1280):
        page = new_page(width)
        for path in procedures:
            page.goto(server_url + path)
            at_top = page.evaluate(RAIL_JS)
            assert at_top["rail"]["left"] >= at_top["text"]["right"], (width, path, at_top)
            assert at_top["call"] and at_top["contents"] and at_top["glance"], (path, at_top)
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight / 2)")
            scrolled = page.evaluate(RAIL_JS)
            assert scrolled["text"]["top"] < 0, "the page should have scrolled"
            assert 0 <= scrolled["rail"]["top"] < scrolled["viewport"] / 2, (width, path, scrolled)
            assert scrolled["rail"]["left"] >= scrolled["text"]["right"], (path, scrolled)


@pytest.mark.parametrize("width", [375, 768, 1023])
def test_below_1024px_a_procedure_page_is_one_column(new_page, server_url, width):
    page = new_page(width)
    for path in ("/treatments/lumbar-facet-joint-injections/",
                 "/es/treatments/spinal-cord-stimulation/"):
        page.goto(server_url + path)
        boxes = page.evaluate(RAIL_JS)
        assert boxes["rail"]["bottom"] <= boxes["text"]["top"], (width, path, boxes)
        assert abs(boxes["rail"]["left"] - boxes["text"]["left"]) <= 1, (width, path, boxes)
        assert not boxes["call"], "on a phone the header's call button is on screen"


@pytest.mark.parametrize("width", [768, 1280])
def test_no_lone_card_in_a_half_empty_row(new_page, server_url, site_dir, width):
    """A row with fewer cards than the others covers the grid's width (the odd last card
    spans), on every page with a grid of cards: the indexes, home, conditions, related
    treatments."""
    with_cards = paths(site_dir, lambda html: 'class="cards' in html)
    assert {"/treatments/", "/conditions/", "/locations/", "/clinicians/", "/",
            "/es/treatments/"} <= set(with_cards), with_cards
    page = new_page(width)
    problems = []
    for path in with_cards:
        page.goto(server_url + path)
        for grid in page.evaluate(CARD_ROWS_JS):
            most = max(row["count"] for row in grid["rows"])
            problems += [f"{path}: a row of {row['count']} card(s) {row['width']:.0f}px wide "
                         f"in a {grid['width']}px grid with rows of {most}"
                         for row in grid["rows"]
                         if row["count"] < most and row["width"] < grid["width"] - 2]
    assert not problems, "\n".join(problems)


def test_every_paragraph_keeps_the_text_measure_at_1280px(new_page, server_url, site_dir):
    page = new_page(1280)
    problems = []
    for path in paths(site_dir):
        page.goto(server_url + path)
        problems += [f"{path}: {p['ch']:.0f}ch: {p['text']}" for p in page.evaluate(MEASURE_JS)
                     if p["ch"] > 80]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("path", ["/", "/es/"])
def test_call_to_book_is_on_the_first_phone_screen(browser, server_url, path):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server_url + path)
        button = page.locator(".hero a.button[href^='tel:']")
        assert button.count() == 1
        box = button.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
        name = page.locator("header .site-name").bounding_box()
        assert name["y"] + name["height"] <= PHONE["height"], "the practice name is seen too"
    finally:
        context.close()


# A procedure page should stay under ten phone screens (issue #17 item 3). It does not
# yet: at 375 px the pages are 18-32 screens, and the body text alone (the seven sections,
# with the warnings, risks and call-911 card that must stay open) is 11-20 screens, so no
# layout compaction reaches it; it needs an editorial decision (shorter bodies, or which
# non-safety sections may fold). strict: once it passes, the mark must go.
@pytest.mark.xfail(strict=True, reason="procedure bodies alone are over 10 phone screens")
def test_a_procedure_page_is_under_ten_phone_screens(browser, server_url, site_dir):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        heights = {}
        for path in procedure_paths(site_dir):
            page.goto(server_url + path)
            heights[path] = page.evaluate("() => document.documentElement.scrollHeight")
        assert len(heights) >= 20
        over = {path: h for path, h in heights.items() if h > 10 * PHONE["height"]}
        assert not over, over
    finally:
        context.close()
