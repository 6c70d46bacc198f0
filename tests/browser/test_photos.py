"""A clinician photo in a real Chromium (apmg/images.py, components/picture.html): the
browser picks AVIF or WebP at the width the screen needs, and the card keeps its size
from the first paint to the decoded image (no layout shift)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from helpers import build_in_process, make_project
from PIL import Image, ImageDraw

from apmg.headers import csp

pytestmark = pytest.mark.browser

PHOTO = "photo:\n  src: /images/dr-test.jpg\n  alt: Dr. Test in a white coat\n"
# Every layout shift of the page, from the first paint (buffered), summed.
SHIFTS_JS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""
IMG = "#dr-test img"
BOX_JS = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return [r.width, r.height]; }"""
LOADED_JS = """sel => { const img = document.querySelector(sel);
  return img.complete && img.naturalWidth > 0; }"""


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built files with the site's CSP (img-src 'self'), as tests/browser/conftest.py."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp(self.path.split("?")[0]))
        super().end_headers()


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("photo")
    content = make_project(tmp)
    card = content / "clinicians/dr-test.md"
    card.write_text(card.read_text().replace("languages: [English]\n",
                                             f"languages: [English]\n{PHOTO}"))
    about = content / "pages/about.md"
    about.write_text(about.read_text().replace("template: page", "template: about"))
    picture = Image.new("RGB", (960, 1200), (70, 110, 160))
    ImageDraw.Draw(picture).ellipse([280, 220, 680, 700], fill=(225, 185, 150))
    (content / "images").mkdir()
    picture.save(content / "images/dr-test.jpg", quality=90)
    out = tmp / "output"
    result = build_in_process(tmp, content, out)
    assert result.returncode == 0, result.stdout + result.stderr
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _tab(browser, width: int, scale: float = 1):
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  device_scale_factor=scale)
    return context, context.new_page()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_photo_keeps_its_box_from_first_paint_to_decoded_image(browser, photo_site,
                                                                    width):
    context, page = _tab(browser, width)
    try:
        # Before the file arrives (here: never), the box is the attributes' and the CSS's.
        page.route("**/images/**", lambda route: route.abort())
        page.goto(photo_site + "/clinicians/", wait_until="load")
        waiting = page.evaluate(BOX_JS, IMG)
        attributes = page.eval_on_selector(IMG, "img => [img.getAttribute('width'), "
                                                "img.getAttribute('height')]")
        assert attributes == ["160", "200"]
        page.unroute("**/images/**")
        page.goto(photo_site + "/clinicians/", wait_until="load")
        page.wait_for_function(LOADED_JS, arg=IMG)
        assert page.evaluate(BOX_JS, IMG) == waiting == [160, 200]
        assert page.evaluate(SHIFTS_JS) == 0
    finally:
        context.close()


@pytest.mark.parametrize(("scale", "width"), [(1, 160), (2, 320), (3, 480)])
def test_chromium_takes_avif_or_webp_at_the_width_the_screen_needs(browser, photo_site,
                                                                    scale, width):
    context, page = _tab(browser, 1280, scale)
    try:
        page.goto(photo_site + "/clinicians/", wait_until="load")
        page.wait_for_function(LOADED_JS, arg=IMG)
        chosen = page.eval_on_selector(IMG, "img => img.currentSrc")
        assert chosen.endswith((".avif", ".webp")), chosen
        assert f"/images/dr-test-{width}." in chosen, chosen
        assert page.eval_on_selector(IMG, "img => img.alt") == "Dr. Test in a white coat"
    finally:
        context.close()


def test_a_photo_lower_down_waits_until_it_is_scrolled_near(browser, photo_site):
    """On the about page the card comes after the page's text: loading="lazy"."""
    context, page = _tab(browser, 375)
    try:
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url) if "/images/" in r.url else None)
        page.goto(photo_site + "/about/", wait_until="load")
        assert page.eval_on_selector(IMG, "img => img.loading") == "lazy"
        page.locator(IMG).scroll_into_view_if_needed()
        page.wait_for_function(LOADED_JS, arg=IMG)
        assert any("/images/dr-test-" in url for url in requested)
    finally:
        context.close()


def test_the_outline_without_a_photo_is_hidden_from_screen_readers(browser, server_url):
    """The real site has no photos yet: every card shows the decorative outline."""
    context, page = _tab(browser, 375)
    try:
        page.goto(server_url + "/clinicians/", wait_until="load")
        outlines = page.eval_on_selector_all(
            ".clinician", "cards => cards.map(c => { const s = c.querySelector("
            "'svg.clinician__photo--none'); return s && [s.getAttribute('aria-hidden'), "
            "s.getBoundingClientRect().width]; })")
        assert outlines and all(o == ["true", 160] for o in outlines), outlines
    finally:
        context.close()


