"""The few behaviours the design promises beyond static markup, in a real Chromium."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from focus import assert_focus_always_seen

pytestmark = pytest.mark.browser

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def test_todays_hours_are_marked_in_clinic_time(new_page, server_url):
    page = new_page()
    page.goto(f"{server_url}/locations/west-hills/")
    today = DAY_CODES[dt.datetime.now(ZoneInfo("America/Los_Angeles")).weekday()]
    current = page.locator('table.hours tr[aria-current="date"]')
    assert current.count() == 1
    assert current.get_attribute("data-day") == today
    assert "is-today" in current.get_attribute("class")


def test_locations_index_marks_today_for_every_clinic(new_page, server_url):
    page = new_page()
    page.goto(f"{server_url}/locations/")
    tables = page.locator("table.hours").count()
    assert tables >= 1
    assert page.locator('table.hours tr[aria-current="date"]').count() == tables


def test_without_javascript_the_whole_week_shows(new_page, server_url):
    page = new_page(javascript=False)
    page.goto(f"{server_url}/locations/west-hills/")
    rows = page.locator("table.hours tbody tr")
    assert rows.count() == 7
    assert all(rows.nth(i).is_visible() for i in range(7))
    assert page.locator('tr[aria-current]').count() == 0


def test_a_link_to_a_question_opens_it(new_page, server_url):
    page = new_page()
    page.goto(f"{server_url}/faqs/")
    first = page.locator("details.faq").first
    slug = first.get_attribute("id")
    assert slug and first.get_attribute("open") is None
    page.goto(f"{server_url}/faqs/#{slug}")
    assert page.locator(f"details#{slug}").get_attribute("open") is not None


@pytest.mark.parametrize("path", ["/", "/treatments/lumbar-facet-joint-injections/", "/faqs/"])
def test_call_button_stays_on_screen_at_phone_width(new_page, server_url, path):
    page = new_page(width=375)
    page.goto(server_url + path)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    call = page.locator(".site-header a.call-link")
    box = call.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert box["height"] >= 44, box
    assert call.get_attribute("href").startswith("tel:+1")


def test_directions_are_a_link_never_an_embed(new_page, server_url):
    page = new_page()
    page.goto(f"{server_url}/locations/west-hills/")
    assert page.locator("iframe, embed, object").count() == 0
    href = page.locator("a.directions-link").get_attribute("href")
    assert href.startswith("https://www.google.com/maps/dir/?api=1&destination=")
    assert page.locator('a[href^="tel:"]').count() >= 2


def test_print_hides_chrome_and_shows_link_targets(new_page, server_url):
    page = new_page(width=800)
    page.goto(f"{server_url}/treatments/lumbar-facet-joint-injections/")
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-nav", ".skip-link", ".breadcrumbs"):
        assert not page.locator(selector).first.is_visible(), selector
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.body a[href^="/"]'), '::after').content""")
    assert "/" in after, after
    card = page.locator(".admonition.call-911").first
    assert card.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"


def test_missing_page_gets_the_404_page(new_page, server_url):
    page = new_page()
    response = page.goto(f"{server_url}/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator('main a[href="/treatments/"]').count() == 1


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/treatments/lumbar-facet-joint-injections/",
                                  "/es/locations/west-hills/"])
def test_the_sticky_header_never_hides_the_focused_element(new_page, server_url, width, path):
    """WCAG 2.4.11: tabbing through the whole page, forwards and then back (where the
    browser scrolls each element to the top, under the header), every focused element
    stays at least partly visible."""
    page = new_page(width=width)
    page.goto(server_url + path)
    assert_focus_always_seen(page)


def test_each_instructions_sheet_prints_on_one_page(new_page, server_url, site_dir):
    """Before on one printed page, after on the next: a patient keeps both."""
    sheets = sorted(p.parent.relative_to(site_dir).as_posix()
                    for p in site_dir.glob("**/treatments/*/instructions/index.html"))
    assert len(sheets) >= 28
    page = new_page(width=800)
    for path in sheets:
        page.goto(f"{server_url}/{path}/")
        pdf = page.pdf(format="Letter")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 2, (path, pages)
        page.emulate_media(media="print")
        assert not page.locator(".site-header").first.is_visible()
        page.emulate_media(media="null")  # back to no emulation: pdf() prints as print
