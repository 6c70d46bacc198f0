"""WCAG 2.4.11 (focus not obscured), shared by the tests at 100 % and at 200 % text."""

from __future__ import annotations

# Whether the focused element can be seen: some point of it is not painted over by
# anything else (the sticky header, above all). None once focus has left the page.
FOCUS_SEEN_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const xs = [box.left + 2, (box.left + box.right) / 2, box.right - 2];
  const ys = [box.top + 2, (box.top + box.bottom) / 2, box.bottom - 2];
  const seen = xs.some(x => ys.some(y => {
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit));
  }));
  return {seen, top: box.top, bottom: box.bottom, element: el.outerHTML.slice(0, 80)};
}"""


def assert_focus_always_seen(page, least: int = 20) -> None:
    """Tab through the whole page, forwards and then back (where the browser scrolls each
    element to the top, under the header): every focused element stays at least partly
    visible, and more than ``least`` elements are reached each way."""
    for key in ("Tab", "Shift+Tab"):
        seen = 0
        for _ in range(200):
            page.keyboard.press(key)
            state = page.evaluate(FOCUS_SEEN_JS)
            if state is None:
                break  # focus has left the page: every element was visited
            seen += 1
            assert state["seen"], (key, state)
        assert seen > least, key
