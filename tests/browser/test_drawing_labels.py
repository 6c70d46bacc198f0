"""The drawings in a real Chromium: every label fits inside its drawing and clears the
others in both languages (a longer translation must not spill or collide), and in
Windows high contrast (forced-colors) the drawing takes the system colours.

The text-level checks (accessible names, ids, size) are in tests/test_illustrations.py.
"""

from __future__ import annotations

import pytest
from helpers import ROOT

from apmg.markup import Renderer
from apmg.model import load_site
from apmg.model.illustrations import NAMES

pytestmark = pytest.mark.browser

SITE = load_site(ROOT / "content", ROOT, Renderer(typogrify_bodies=False))

# Each label's box against the viewBox and against the labels drawn before it.
LABEL_PROBLEMS_JS = """() => { const out = [];
  for (const svg of document.querySelectorAll('figure.illustration svg')) {
    const name = svg.getAttribute('aria-labelledby').replace(/-title$/, '');
    const vb = svg.viewBox.baseVal, seen = [];
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width
          || b.y + b.height > vb.y + vb.height) out.push(`${name}: '${t.textContent}' spills`);
      for (const [other, o] of seen)
        if (b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height
            && o.y < b.y + b.height) out.push(`${name}: '${t.textContent}' hits '${other}'`);
      seen.push([t.textContent, b]);
    }
  }
  return out; }"""


def pages_showing_every_drawing(lang: str) -> list[str]:
    """A few pages that, together, show every drawing once or more."""
    site = SITE if lang == "en" else SITE.languages[lang]
    chosen, shown = [], set()
    for doc in [*site.procedures, *site.conditions]:
        if set(doc.meta.illustrations) - shown:
            chosen.append(doc.url)
            shown |= set(doc.meta.illustrations)
    assert shown == set(NAMES), f"{lang}: no page shows {set(NAMES) - shown}"
    return chosen


@pytest.mark.parametrize("lang", ["en", "es"])
def test_labels_fit_and_do_not_collide(browser, server_url, lang):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    problems = []
    try:
        for url in pages_showing_every_drawing(lang):
            page.goto(server_url + url)
            problems += [f"{url}: {p}" for p in page.evaluate(LABEL_PROBLEMS_JS)]
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def test_forced_colors_use_the_system_colours(browser, server_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.emulate_media(forced_colors="active")
        page.goto(server_url + SITE.procedures[0].url)
        colours = page.evaluate("""() => {
          const svg = document.querySelector('figure.illustration svg');
          const probe = document.createElement('span');
          probe.style.forcedColorAdjust = 'none';  // else 'color' is forced too
          document.body.append(probe);
          const system = c => { probe.style.color = c; return getComputedStyle(probe).color; };
          return {bone: getComputedStyle(svg.querySelector('.i-bone')).fill,
                  text: getComputedStyle(svg.querySelector('text')).fill,
                  canvas: system('Canvas'), canvasText: system('CanvasText')}; }""")
    finally:
        page.close()
    assert colours["bone"] == colours["canvas"], colours
    assert colours["text"] == colours["canvasText"], colours
