# ruff: noqa: E501  (the JavaScript run in the page is kept one statement a line)
"""A design that stays put (issue #17 item 6): every page type, at phone and desktop width,
compared with the committed PNGs in tests/browser/screenshots/.

Each capture is the first screen (375x667 and 1280x800); the procedure page is captured
whole on a phone as well, and a printable instructions page whole with print media at US
Letter width. Whole pages are few because their PNGs are large (the baselines are
committed and must stay under 4 MB together). A capture passes while at most 0.1 % of its
pixels differ by more than 16 (of 255) in a channel (tests/browser/visual.py). A failure writes the capture and a diff image (the baseline
faded, changed pixels red) to .build/screenshots/ and names them. A missing baseline is a
failure, never created by a test run: `make screenshots` (APMG_UPDATE_SCREENSHOTS=1)
rewrites every baseline on purpose. See docs/testing.md.

Nothing on the page is stubbed: the browser is set up so two runs see the same thing, with
fonts pinned (visual.py), device scale factor 1, reduced motion, light colour scheme, the
clinic's locale and time zone and a fixed clock (today.js marks today's row in every
opening-hours table), animations finished and the caret hidden for the capture, after the
fonts and every image have loaded.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from visual import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FONT_FAMILY,
    compare,
    load_png,
    save_png,
    write_fontconfig,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BASELINES = Path(__file__).resolve().parent / "screenshots"
FAILURES = ROOT / ".build" / "screenshots"
UPDATE = os.environ.get("APMG_UPDATE_SCREENSHOTS") == "1"
MAX_BASELINE_BYTES = 4_000_000

# Every page type, once: a name for its baselines and the path of one built page.
PAGES = {
    "home": "/",
    "treatments": "/treatments/",
    "procedure": "/treatments/lumbar-facet-joint-injections/",
    "conditions": "/conditions/",
    "condition": "/conditions/sciatica-and-radiculopathy/",
    "faqs": "/faqs/",
    "locations": "/locations/",
    "location": "/locations/west-hills/",
    "clinicians": "/clinicians/",
    "page": "/about/",
    "search": "/search/",
    "not-found": "/404.html",
    "instructions": "/treatments/lumbar-facet-joint-injections/instructions/",
    "procedure-es": "/es/treatments/lumbar-facet-joint-injections/",
}
VIEWPORTS = {375: 667, 1280: 800}  # width: first-screen height
PRINT_WIDTH = 816  # US Letter at 96 px an inch, the paper the clinic's patients print on
# A Wednesday (the longest day name) at 10:00 in the clinic's time zone.
CLOCK = dt.datetime(2026, 1, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))


@dataclass(frozen=True)
class Shot:
    page: str  # a key of PAGES
    width: int
    full_page: bool = False
    media: str = "screen"

    @property
    def name(self) -> str:
        extra = ("-full" if self.full_page else "") + ("-print" if self.media == "print" else "")
        return f"{self.page}-{self.width}{extra}"


SHOTS = ([Shot(page, width) for page in PAGES for width in VIEWPORTS]
         + [Shot("procedure", 375, full_page=True)]
         + [Shot("instructions", PRINT_WIDTH, full_page=True, media="print")])

# Resolves once the page's fonts and every image have loaded (or failed) and decoded, and
# two frames have been drawn since.
SETTLED_JS = """async () => {
  await document.fonts.ready;
  await Promise.all([...document.images].map(img => img.complete
    ? img.decode().catch(() => {})
    : new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""

# Scrolls through the page a screen at a time, as a reader would, so whatever loads on
# scrolling (lazy images) has loaded before a full-page capture; then back to the top.
SCROLL_THROUGH_JS = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  scrollTo(0, 0);
}"""

@pytest.fixture(scope="module")
def visual_browser(browser, tmp_path_factory) -> Iterator:
    """A Chromium of its own (same Playwright as `browser`) whose fonts are pinned."""
    fonts_conf = write_fontconfig(tmp_path_factory.mktemp("fontconfig"))
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    pinned = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
    yield pinned
    pinned.close()


def open_page(visual_browser, server_url: str, path: str, width: int, height: int,
              media: str = "screen"):
    context = visual_browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1,
        reduced_motion="reduce", color_scheme="light", forced_colors="none",
        locale="en-US", timezone_id="America/Los_Angeles")
    context.clock.set_fixed_time(CLOCK)
    page = context.new_page()
    page.emulate_media(media=media)
    response = page.goto(server_url + path, wait_until="networkidle")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    page.evaluate(SETTLED_JS)
    return context, page


def capture(page, full_page: bool) -> bytes:
    if full_page:
        page.evaluate(SCROLL_THROUGH_JS)
        page.evaluate(SETTLED_JS)
    return page.screenshot(full_page=full_page, animations="disabled", caret="hide",
                           scale="css", type="png")


def check_against_baseline(name: str, png: bytes) -> None:
    baseline_file = BASELINES / f"{name}.png"
    actual = load_png(png)
    if UPDATE:
        save_png(actual, baseline_file)
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    actual_file, diff_file = FAILURES / f"{name}.actual.png", FAILURES / f"{name}.diff.png"
    for stale in (actual_file, diff_file):
        stale.unlink(missing_ok=True)
    if not baseline_file.is_file():
        save_png(actual, actual_file)
        pytest.fail(f"no baseline {baseline_file.relative_to(ROOT)}: run `make screenshots` "
                    f"to make it on purpose (this run's capture: {actual_file})")
    result = compare(actual, load_png(baseline_file))
    if not result.ok:
        save_png(actual, actual_file)
        written = [str(actual_file)]
        if result.diff is not None:
            save_png(result.diff, diff_file)
            written.append(str(diff_file))
        pytest.fail(f"{name} looks different from {baseline_file.relative_to(ROOT)}: "
                    f"{result.describe()}; see {' and '.join(written)}. If the change is "
                    f"meant, run `make screenshots` and commit the new baselines.")


@pytest.mark.parametrize("shot", SHOTS, ids=lambda shot: shot.name)
def test_page_looks_as_committed(visual_browser, server_url, shot: Shot):
    height = VIEWPORTS.get(shot.width, 800)
    context, page = open_page(visual_browser, server_url, PAGES[shot.page], shot.width, height,
                              shot.media)
    try:
        png = capture(page, shot.full_page)
    finally:
        context.close()
    check_against_baseline(shot.name, png)


def test_fonts_are_pinned(visual_browser, server_url):
    """The site's font stack resolves to the pinned font, and nothing else is drawn."""
    context, page = open_page(visual_browser, server_url, PAGES["procedure"], 1280, 800)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        used = set()
        for selector in ("h1", "p", "nav a", "button", "footer"):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            assert node, f"no {selector} on {PAGES['procedure']}"
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            used |= {font["familyName"] for font in fonts}
    finally:
        context.close()
    assert used == {FONT_FAMILY}, used


def test_a_style_change_is_caught(visual_browser, server_url):
    """The threshold is not so loose that a small style change passes: the heading 4 px lower."""
    context, page = open_page(visual_browser, server_url, PAGES["procedure"], 1280, 800)
    try:
        before, again = load_png(capture(page, False)), load_png(capture(page, False))
        page.evaluate("() => { const h1 = document.querySelector('h1'); h1.style.marginTop = "
                      "`calc(${getComputedStyle(h1).marginTop} + 4px)`; }")
        after = load_png(capture(page, False))
    finally:
        context.close()
    assert compare(again, before).different == 0
    result = compare(after, before)
    assert not result.ok, result.describe()


def test_every_baseline_belongs_to_a_shot():
    """No baseline is left behind by a page type that is gone (make screenshots removes them)."""
    names = {f"{shot.name}.png" for shot in SHOTS}
    stale = sorted(p.name for p in BASELINES.glob("*.png") if p.name not in names)
    if UPDATE:
        for name in stale:
            (BASELINES / name).unlink()
        return
    assert stale == [], f"baselines no shot uses (run `make screenshots`): {stale}"


def test_baselines_stay_small():
    """The committed baselines stay under MAX_BASELINE_BYTES together."""
    total = sum(p.stat().st_size for p in BASELINES.glob("*.png"))
    assert total <= MAX_BASELINE_BYTES, (
        f"the baselines in {BASELINES.relative_to(ROOT)} take {total / 1e6:.2f} MB, more than "
        f"{MAX_BASELINE_BYTES / 1e6:.0f} MB: capture fewer whole pages")
