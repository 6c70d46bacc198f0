# ruff: noqa: E501  (JavaScript source kept readable, one statement a line)
"""JavaScript run in the page by the browser tests (kept apart so the tests read as Python)."""

# Installed before any page script (via CDP, so the page's CSP does not apply to it).
CSP_VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""

# Tags every visible, focusable element with data-kbd="<DOM index>", remembers its
# unfocused look, and logs every focus change (focusin) with whether the focused element
# then looks different with an indicator that can be seen: an outline, a shadow or a new
# background. Content of closed <details> is invisible, so it is not expected; a visible
# link or control taken out of the Tab order (tabindex=-1) is, and is reported as missed.
INTERACTIVE_JS = """() => {
  const sel = 'a[href], button:not([disabled]), summary, input:not([type=hidden]):not([disabled]),'
            + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  // Tab reaches one radio button per group: the checked one, else the first.
  const radioStop = el => el.type !== 'radio' || !el.name || el === (
    el.form?.querySelector(`input[type=radio][name="${el.name}"]:checked`)
    || el.form?.querySelector(`input[type=radio][name="${el.name}"]`) || el);
  const els = [...document.querySelectorAll(sel)].filter(el =>
    radioStop(el) && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getClientRects().length > 0
    && (el.tagName !== 'SUMMARY' || el.parentElement.tagName === 'DETAILS'));
  const look = el => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, s.borderColor];
  };
  const label = el => `${el.className || el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 40)}`;
  const unfocused = els.map(look);
  els.forEach((el, i) => { el.dataset.kbd = i; });
  window.__focusLog = [];
  document.addEventListener('focusin', e => {
    const el = e.target;
    if (el.dataset.kbd === undefined) { window.__focusLog.push({index: null, label: label(el)}); return; }
    const i = Number(el.dataset.kbd);
    const now = look(el), before = unfocused[i];
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                    && s.outlineColor !== 'transparent' && !s.outlineColor.endsWith(', 0)');
    const shadow = s.boxShadow !== 'none';
    const background = now[4] !== before[4];
    window.__focusLog.push({index: i, label: label(el),
      indicator: now.join('|') !== before.join('|') && (outline || shadow || background)});
  });
  return {count: els.length, labels: els.map(label)};
}"""

# Visible interactive elements smaller than 24x24 CSS px, except links in running text
# (an inline link whose block also holds other text), which WCAG 2.5.8 exempts.
SMALL_TARGETS_JS = """() => {
  const inText = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block.textContent.replace(el.textContent, '').trim().length > 0;
  };
  return [...document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea')]
    .filter(el => el.checkVisibility() && el.getClientRects().length && !el.classList.contains('skip-link'))
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => (r.width < 24 || r.height < 24) && !inText(el))
    .map(([el, r]) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
}"""

# The first few elements that stick out past the right edge of the viewport.
WIDE_ELEMENTS_JS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)"""
