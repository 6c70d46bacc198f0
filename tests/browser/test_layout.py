"""Layout defects a patient sees on a phone (issue #17 item 3): words broken mid-word,
a search box out of line with its button, a breadcrumb line that starts with "›"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The lines (distinct tops) each day name's own text takes, by the day's text node: the
# "(Today)" label today.js appends is a block of its own and is not counted.
DAY_NAME_LINES_JS = """() => [...document.querySelectorAll('table.hours tbody th')].map(th => {
  const range = document.createRange();
  range.selectNodeContents(th.firstChild);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [th.firstChild.textContent.trim(), tops.size];
})"""

BOXES_JS = """selector => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  return {text: el.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left,
          right: r.right};
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path, long_day", [("/locations/", "Wednesday"),
                                            ("/locations/west-hills/", "Wednesday"),
                                            ("/es/locations/", "miércoles"),
                                            ("/es/locations/west-hills/", "miércoles")])
def test_day_names_never_break_inside_a_word(phone, server_url, path, long_day):
    phone.goto(server_url + path)
    days = phone.evaluate(DAY_NAME_LINES_JS)
    assert long_day in {name for name, _ in days}, days
    assert [(name, lines) for name, lines in days if lines != 1] == []


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/treatments/", "/es/locations/"])
def test_header_search_input_lines_up_with_its_button(browser, server_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(server_url + path)
        box = page.locator("header form[role=search] input[name=q]").bounding_box()
        button = page.locator("header form[role=search] button").bounding_box()
        assert abs(box["y"] - button["y"]) <= 1, (box, button)
        assert abs((box["y"] + box["height"]) - (button["y"] + button["height"])) <= 1, (
            box, button)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/es/treatments/genicular-radiofrequency-ablation/instructions/",
                                  "/treatments/cervical-epidural-steroid-injections/instructions/"])
def test_a_breadcrumb_separator_stays_with_the_item_before_it(phone, server_url, path):
    """A deep page with a long title wraps its trail at 375 px: every "›" sits on the
    line of the item it follows, to its right, so no line starts with a separator."""
    phone.goto(server_url + path)
    items = phone.evaluate(BOXES_JS, ".breadcrumbs li > :first-child")
    separators = phone.evaluate(BOXES_JS, ".breadcrumbs li > :first-child + *")
    assert len(items) >= 3 and len(separators) == len(items) - 1, (items, separators)
    assert len({round(i["top"]) for i in items}) > 1, "the trail should wrap at 375 px"
    assert {s["text"] for s in separators} == {"›"}
    for item, separator in zip(items, separators, strict=False):
        assert item["top"] - 1 <= separator["top"] and separator["bottom"] <= item["bottom"] + 1, (
            item, separator)
        assert separator["left"] >= item["right"] - 1, (item, separator)
    # The separators are decoration: a screen reader hears the list, not "›".
    hidden = phone.locator(".breadcrumbs li > :first-child + *").evaluate_all(
        "els => els.every(e => e.getAttribute('aria-hidden') === 'true')")
    assert hidden
