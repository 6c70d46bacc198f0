# ruff: noqa: E501  (the JavaScript run in the page is kept one statement a line)
"""The reader's own settings in a real Chromium with emulated media (issue #17 item 5):
Windows high contrast (forced-colors), 200 % text, reduced motion, and print.

Large text is emulated the way tests/browser/test_pages.py does it: the root font size
set to 200 % from script after load. ``page.add_style_tag`` cannot be used, since the
site's CSP (no 'unsafe-inline') blocks the style element it inserts; a CSSOM change is
not restricted. This is harder than page zoom: media queries stay on the phone layout
(375 px) while every rem doubles, so it is the phone at 200 % text, not a 187 px viewport.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from focus import assert_focus_always_seen
from helpers import is_redirect_stub

pytestmark = pytest.mark.browser

PROCEDURE = "/treatments/lumbar-facet-joint-injections/"


def site_paths(site_dir: Path) -> list[str]:
    """Every built page's URL path but the redirect stubs (every page type, both languages)."""
    paths = []
    for page in sorted(site_dir.rglob("*.html")):
        if is_redirect_stub(page):
            continue
        rel = page.relative_to(site_dir).as_posix()
        paths.append("/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF Chromium wrote ("/Type /Page", not "/Type /Pages")."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# ---------------------------------------------------------------- 200 % text

LARGE_TEXT = "() => { document.documentElement.style.fontSize = '200%'; }"

# Every link, button and field of the header and the main navigation: inside the viewport,
# its content inside its own box, clear of the others, and no word broken to fit (the
# item is at least as wide as its longest word, measured on a hidden copy that may only
# wrap between words).
HEADER_PROBLEMS_JS = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  const name = e => `${e.className || e.tagName.toLowerCase()} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
  const items = [...document.querySelectorAll(
      '.site-header a, .site-header button, .site-header input, .site-nav a')]
    .filter(e => e.checkVisibility() && e.getClientRects().length);
  for (const e of items) {
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1) out.push(`${name(e)} outside the viewport (${Math.round(r.left)}..${Math.round(r.right)})`);
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      out.push(`${name(e)} clipped: content ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
    if (e.tagName !== 'INPUT') {
      const copy = e.cloneNode(true);
      Object.assign(copy.style, {position: 'absolute', visibility: 'hidden', width: 'min-content',
                                 overflowWrap: 'normal', wordBreak: 'normal', hyphens: 'manual'});
      e.parentElement.append(copy);
      const word = copy.getBoundingClientRect().width;
      copy.remove();
      if (word > r.width + 1) out.push(`${name(e)} breaks a word: ${Math.round(r.width)}px wide, its longest word needs ${Math.round(word)}px`);
    }
  }
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i].getBoundingClientRect(), b = items[j].getBoundingClientRect();
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      out.push(`${name(items[i])} overlaps ${name(items[j])}`);
  }
  return out;
}"""

SCROLL_WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def large_text_problems(page, url: str) -> list[str]:
    page.goto(url)
    page.evaluate(LARGE_TEXT)
    scroll, client = page.evaluate(SCROLL_WIDTH)
    problems = [f"scrolls sideways ({scroll} > {client})"] if scroll > client else []
    return problems + page.evaluate(HEADER_PROBLEMS_JS)


def test_200_percent_text_at_phone_width_every_page(new_page, server_url, site_dir):
    """375 px with 200 % text: no sideways scrolling on any page (every page type, both
    languages), and nothing in the header or the navigation clipped, overlapped or broken
    mid-word."""
    page = new_page(width=375, height=667)
    problems = []
    paths = site_paths(site_dir)
    assert len(paths) >= 100
    for path in paths:
        problems += [f"{path}: {p}" for p in large_text_problems(page, server_url + path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [320, 640, 800, 1280])
@pytest.mark.parametrize("path", ["/", PROCEDURE, "/es" + PROCEDURE, "/es/locations/"])
def test_200_percent_text_at_other_widths(new_page, server_url, width, path):
    """The header also holds at the smallest phone, the 640 px tablet and the desktop
    grid (which takes the phone's two rows when the text is large)."""
    page = new_page(width=width, height=667)
    problems = large_text_problems(page, server_url + path)
    assert not problems, f"{path} at {width}px:\n" + "\n".join(problems)


def test_200_percent_text_keeps_the_call_button_on_screen(new_page, server_url):
    """The stacked header still sticks with the call button, and what sticks is at most
    the name and the call button (the search and language rows scroll away)."""
    page = new_page(width=375, height=667)
    page.goto(server_url + PROCEDURE)
    page.evaluate(LARGE_TEXT)
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(50)
    boxes = page.evaluate("""() => Object.fromEntries(
        ['.site-header', '.site-name', '.site-header a.call-link', '.search-box',
         '.language-switch'].map(s => [s, document.querySelector(s).getBoundingClientRect().toJSON()]))""")
    call, name = boxes[".site-header a.call-link"], boxes[".site-name"]
    assert call["top"] >= 0 and call["bottom"] <= 667, boxes
    assert name["top"] >= 0, boxes  # the name is not cut by the top of the screen
    assert boxes[".search-box"]["bottom"] <= 0 and boxes[".language-switch"]["bottom"] <= 0, boxes
    assert boxes[".site-header"]["bottom"] <= 667 * 0.4, boxes  # the sticky part



@pytest.mark.parametrize("path", [PROCEDURE, "/es/locations/west-hills/"])
def test_200_percent_text_the_sticky_header_never_hides_focus(new_page, server_url, path):
    """WCAG 2.4.11 at 200 % text: the taller sticky header still leaves every focused
    element at least partly visible, tabbing forwards and back."""
    page = new_page(width=375, height=667)
    page.goto(server_url + path)
    page.evaluate(LARGE_TEXT)
    assert_focus_always_seen(page)


# ---------------------------------------------------------------- forced colors

SYSTEM_COLOURS_JS = """() => {
  const probe = document.createElement('span');
  probe.style.forcedColorAdjust = 'none';  // else its colour is forced too
  document.body.append(probe);
  const out = {};
  for (const c of ['Canvas', 'CanvasText', 'LinkText', 'ButtonText', 'ButtonFace', 'Highlight']) {
    probe.style.color = c; out[c] = getComputedStyle(probe).color;
  }
  probe.remove();
  return out;
}"""

BORDERS_JS = """sel => [...document.querySelectorAll(sel)].map(e => {
  const s = getComputedStyle(e);
  return ['Top', 'Right', 'Bottom', 'Left'].map(side => ({
    width: parseFloat(s[`border${side}Width`]), style: s[`border${side}Style`],
    color: s[`border${side}Color`]}));
})"""


def assert_boxed(page, selector: str, colours: set[str], minimum: float = 1) -> None:
    """Every element of ``selector`` (one at least) has a solid border all round in one of
    ``colours``, so it keeps its edge when forced colours drop its background."""
    found = page.evaluate(BORDERS_JS, selector)
    assert found, f"no {selector} on {page.url}"
    for sides in found:
        for side in sides:
            assert side["style"] == "solid" and side["width"] >= minimum, (selector, sides)
            assert side["color"] in colours, (selector, side, colours)


def test_forced_colors_keep_boxes_buttons_and_callouts(new_page, server_url):
    page = new_page(width=375)
    page.emulate_media(forced_colors="active")
    page.goto(server_url + PROCEDURE)
    system = page.evaluate(SYSTEM_COLOURS_JS)
    ink, button = {system["CanvasText"]}, {system["ButtonText"]}
    assert_boxed(page, ".admonition.call-911", ink, minimum=3)
    assert_boxed(page, ".admonition.call-clinic", ink, minimum=2)
    assert_boxed(page, ".admonition.warning", ink, minimum=2)
    assert_boxed(page, ".site-header a.call-link", button, minimum=2)
    assert_boxed(page, ".search-box button", button, minimum=2)
    assert_boxed(page, ".button", button, minimum=2)
    assert_boxed(page, ".card", ink)
    assert_boxed(page, ".illustration", ink)
    # a care card's title is its own band: a rule under it, not only a lost background
    title = page.evaluate("""() => getComputedStyle(
        document.querySelector('.admonition.call-911 .admonition-title')).borderBottomWidth""")
    assert float(title.removesuffix("px")) >= 2, title
    # the header ends with a line where its blue background ended
    for selector in (".site-header", ".site-nav"):
        width = page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}'))"
                              ".borderBottomWidth")
        assert float(width.removesuffix("px")) >= 2, (selector, width)


def test_forced_colors_focus_ring_is_visible(new_page, server_url):
    """The yellow focus background and its shadow are dropped in forced colours: every
    element Tab reaches shows a Highlight outline instead."""
    page = new_page(width=375)
    page.emulate_media(forced_colors="active")
    page.goto(server_url + PROCEDURE)
    highlight = page.evaluate(SYSTEM_COLOURS_JS)["Highlight"]
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => { const e = document.activeElement;
          if (!e || e === document.body) return null;
          const s = getComputedStyle(e);
          return {el: e.outerHTML.slice(0, 60), style: s.outlineStyle,
                  width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }""")
        if ring is None:
            break
        seen += 1
        assert ring["style"] == "solid" and ring["width"] >= 3, ring
        assert ring["colour"] == highlight, ring
    assert seen >= 20


def test_forced_colors_faq_marker_stays_a_triangle(new_page, server_url):
    """The marker is one coloured border of an empty box; forced colours would paint the
    transparent ones too and make it a square."""
    page = new_page(width=375)
    page.emulate_media(forced_colors="active")
    page.goto(server_url + "/faqs/")
    system = page.evaluate(SYSTEM_COLOURS_JS)
    marker = page.evaluate("""() => { const s = getComputedStyle(
        document.querySelector('.faq summary'), '::before');
        return [s.borderTopColor, s.borderRightColor, s.borderBottomColor, s.borderLeftColor]; }""")
    assert marker[:3] == ["rgba(0, 0, 0, 0)"] * 3, marker
    assert marker[3] == system["CanvasText"], marker


# ---------------------------------------------------------------- reduced motion

MOTION_JS = """() => {
  // a probe with motion of its own, from an inline style (not !important): the reader's
  // setting must win over anything an element asks for
  const probe = document.createElement('p');
  probe.textContent = 'probe';
  probe.style.transition = 'color 1s ease';
  probe.style.animation = 'spin 2s infinite';
  document.querySelector('main').append(probe);
  document.documentElement.style.scrollBehavior = 'smooth';
  const moving = [...document.querySelectorAll('*')].filter(e => {
    const s = getComputedStyle(e);
    return s.transitionDuration.split(',').some(d => parseFloat(d) > 0)
        || s.animationName !== 'none';
  }).map(e => e.tagName.toLowerCase() + '.' + e.className);
  return {scroll: getComputedStyle(document.documentElement).scrollBehavior,
          probe: getComputedStyle(probe).transitionDuration,
          probeAnimation: getComputedStyle(probe).animationName, moving};
}"""


@pytest.mark.parametrize("path", ["/", PROCEDURE, "/faqs/"])
def test_reduced_motion_turns_off_smooth_scrolling_and_transitions(new_page, server_url, path):
    page = new_page(width=375)
    page.emulate_media(reduced_motion="no-preference")
    page.goto(server_url + path)
    free = page.evaluate(MOTION_JS)
    assert free["scroll"] == "smooth" and free["probe"] == "1s", free  # the probe works
    page.emulate_media(reduced_motion="reduce")
    page.goto(server_url + path)
    reduced = page.evaluate(MOTION_JS)
    assert reduced["scroll"] == "auto", reduced
    assert reduced["probe"] == "0s" and reduced["probeAnimation"] == "none", reduced
    assert reduced["moving"] == [], reduced


# ---------------------------------------------------------------- print

HIDDEN_IN_PRINT = [".site-header", ".site-nav", ".skip-link", ".site-footer", ".site-footer nav",
                   ".breadcrumbs", ".language-switch", ".search-box", ".contents-list",
                   ".staging-banner", "form", "button"]

PRINT_LOOK_JS = """hidden => {
  const shown = hidden.flatMap(sel => [...document.querySelectorAll(sel)]
      .filter(e => getComputedStyle(e).display !== 'none').map(() => sel));
  const visible = e => e.checkVisibility() && e.getClientRects().length;
  const text = [...document.querySelectorAll('main *')].filter(e => visible(e) &&
      [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  const notInk = text.filter(e => getComputedStyle(e).color !== 'rgb(0, 0, 0)')
      .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${getComputedStyle(e).color}`);
  const paper = [document.body, ...document.querySelectorAll('main, main *')].filter(e => {
      const bg = getComputedStyle(e).backgroundColor;
      return bg !== 'rgb(255, 255, 255)' && bg !== 'rgba(0, 0, 0, 0)'; })
      .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${getComputedStyle(e).backgroundColor}`);
  const target = e => getComputedStyle(e, '::after').content;
  const navTargets = [...document.querySelectorAll(
      'main .link-list a, main .region-nav a, main .standalone-link, main .card__title a, main .directions-link')]
      .filter(e => target(e) !== 'none').map(e => e.textContent.trim().slice(0, 30));
  const bodyTargets = [...document.querySelectorAll('main .body a[href^="/"], main .body a[href^="http"]')]
      .filter(e => !e.closest('.sheet')).map(target);
  const breaks = sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).breakInside);
  return {shown, notInk: notInk.slice(0, 5), paper: paper.slice(0, 5), navTargets,
          bodyTargets, headings: [...document.querySelectorAll('main h2, main h3')]
            .map(e => getComputedStyle(e).breakAfter),
          unbroken: [...breaks('main li'), ...breaks('main .admonition'), ...breaks('main h2')]};
}"""


@pytest.mark.parametrize("path", ["/", PROCEDURE, "/es" + PROCEDURE, "/faqs/", "/locations/",
                                  "/treatments/", "/contact/",
                                  PROCEDURE + "instructions/"])
def test_print_is_ink_on_paper_without_navigation(new_page, server_url, path):
    page = new_page(width=800)
    page.goto(server_url + path)
    page.emulate_media(media="print")
    look = page.evaluate(PRINT_LOOK_JS, HIDDEN_IN_PRINT)
    assert look["shown"] == [], look["shown"]
    assert look["notInk"] == [], look["notInk"]
    assert look["paper"] == [], look["paper"]
    assert look["navTargets"] == [], look["navTargets"]  # no URL after navigation links
    assert all(t.startswith('" (') for t in look["bodyTargets"]), look["bodyTargets"]
    assert set(look["headings"]) <= {"avoid"}, look["headings"]
    assert set(look["unbroken"]) <= {"avoid"}, look["unbroken"]


def test_procedure_page_prints_link_targets_of_body_links(new_page, server_url):
    page = new_page(width=800)
    page.goto(server_url + PROCEDURE)
    page.emulate_media(media="print")
    targets = page.evaluate(PRINT_LOOK_JS, HIDDEN_IN_PRINT)["bodyTargets"]
    assert targets and all(re.match(r'^" \((/|https?://)', t) for t in targets), targets


def test_every_instructions_sheet_fits_one_printed_page(new_page, server_url, site_dir):
    """Each procedure's instructions page holds two sheets, "before" and "after"
    (theme/templates/instructions.html): each prints on one Letter page of its own, so the
    page is exactly as many sheets as it has, and a sheet printed alone is one page."""
    paths = sorted("/" + p.parent.relative_to(site_dir).as_posix() + "/"
                   for p in site_dir.glob("**/treatments/*/instructions/index.html"))
    assert len(paths) >= 28
    page = new_page(width=800)
    counts = {}
    for path in paths:
        page.goto(server_url + path)
        sheets = page.locator(".sheet").count()
        assert sheets == 2, path
        whole = pdf_pages(page.pdf(format="Letter"))
        alone = []
        for i in range(sheets):
            page.evaluate("""i => document.querySelectorAll('.sheet').forEach((s, j) => {
                s.style.display = i === j ? '' : 'none'; })""", i)
            alone.append(pdf_pages(page.pdf(format="Letter")))
        counts[path] = (whole, alone)
        page.emulate_media(media="print")
        hidden = page.evaluate("""sels => sels.filter(s => [...document.querySelectorAll(s)]
            .every(e => getComputedStyle(e).display === 'none'))""", HIDDEN_IN_PRINT)
        assert hidden == HIDDEN_IN_PRINT, (path, set(HIDDEN_IN_PRINT) - set(hidden))
        page.emulate_media(media="null")
    wrong = {p: c for p, c in counts.items() if c != (2, [1, 1])}
    assert not wrong, wrong
