"""Body HTML outside the allowlist: an error at the editor's line, and never published live."""

from __future__ import annotations

import re

import lxml.html
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apmg.headers import csp, meta_csp
from apmg.markup import DEFAULT_MARKDOWN, Renderer
from apmg.model.frontmatter import parse_text
from apmg.sanitize import clean

PATH = "content/procedures/x.md"
FRONT = "---\ntitle: X\n---\n"  # the body's first line is line 4
RENDER = Renderer()
ELEMENTS = ("Markdown, or one of the HTML elements editors may use: "
            "table, thead, tbody, tr, th, td, abbr, sup, sub, br, small, kbd")
LINKS = "https:, tel:, mailto: or a site path like /contact/"
IMAGES = "a site path like /images/photo.jpg, the file saved in content/images/"

LIVE_ELEMENTS = {"script", "iframe", "form", "base", "meta", "style", "object", "embed",
                 "svg", "math", "textarea", "input", "button", "link", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcset",
                  "poster", "background", "srcdoc", "content"}


def render(body: str) -> tuple[str, list[str]]:
    html, _toc, errors, _text = RENDER(parse_text(FRONT + body, PATH))
    return str(html), [str(e) for e in errors]


def browser_url(value: str) -> str:
    """A URL as a browser reads it: tabs and newlines gone, controls and spaces trimmed."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()


def live_problems(html: str) -> list[str]:
    """What in published HTML could run, post, redirect or request: should be nothing."""
    return [f"substring {s!r}" for s in ("<script", "<iframe", "<form", "<base", "<meta",
                                         "<style") if s in html.lower()] + live_markup(html)


def live_markup(html: str) -> list[str]:
    """The elements and attributes of ``live_problems``, as lxml parses the HTML."""
    problems: list[str] = []
    if not html.strip():
        return problems
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in LIVE_ELEMENTS:
            problems.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() == "style":
                problems.append(f"{name} on <{element.tag}>")
            url = browser_url(value)
            if name.lower() in URL_ATTRIBUTES and url.startswith(
                    ("javascript:", "vbscript:", "data:", "//", "/\\")):
                problems.append(f"{name}={value!r} on <{element.tag}>")
            if element.tag == "img" and name == "src" and re.match(r"[a-z][a-z0-9+.-]*:", url):
                problems.append(f"third-party image {value!r}")
    return problems


# --- what editors get told -------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("\n<script>alert(1)</script>\n",
     [f"{PATH}:5: body: <script> is not allowed (expected {ELEMENTS})"]),
    ("\nText.\n\n<meta http-equiv=refresh content='0; url=https://evil.example/'>\n",
     [f"{PATH}:7: body: <meta> is not allowed (expected {ELEMENTS})"]),
    ('\n<form action="https://evil.example/"><input name=q></form>\n',
     [f"{PATH}:5: body: <form> is not allowed (expected {ELEMENTS})",
      f"{PATH}:5: body: <input> is not allowed (expected {ELEMENTS})"]),
    ("\n<script src=/images/x.js></script>\n",
     [f"{PATH}:5: body: <script> is not allowed (expected {ELEMENTS})"]),
    ('\n<base href="https://evil.example/">\n\n<iframe src="/"></iframe>\n\n<style>p{}</style>\n',
     [f"{PATH}:5: body: <base> is not allowed (expected {ELEMENTS})",
      f"{PATH}:7: body: <iframe> is not allowed (expected {ELEMENTS})",
      f"{PATH}:9: body: <style> is not allowed (expected {ELEMENTS})"]),
    ("\nA picture <svg onload=alert(1)></svg>.\n",
     [f"{PATH}:5: body: <svg> is not allowed (expected {ELEMENTS})"]),
    ('\nSee <a href="/contact/" onclick="alert(1)">us</a>.\n',
     [f"{PATH}:5: body: the attribute onclick on <a> is not allowed (expected one of the "
      "attributes <a> may have: class, href, hreflang, title)"]),
    ("\n[Call](javascript:alert(1))\n",
     [f"{PATH}:5: body: the link 'javascript:alert(1)' is not allowed (expected {LINKS})"]),
    ('\nFirst.\n\n<a href="JaVaScRiPt:alert(1)">x</a>\n',
     [f"{PATH}:7: body: the link 'JaVaScRiPt:alert(1)' is not allowed (expected {LINKS})"]),
    ('\n<a href="&#106;avascript:alert(1)">x</a>\n',
     [f"{PATH}:5: body: the link 'javascript:alert(1)' is not allowed (expected {LINKS})"]),
    ("\n[x](//evil.example/) and [y](http://example.org/)\n",
     [f"{PATH}:5: body: the link '//evil.example/' is not allowed (expected {LINKS})",
      f"{PATH}:5: body: the link 'http://example.org/' is not allowed (expected {LINKS})"]),
    ("\n![Logo](https://tracker.example/p.gif)\n\n![Dot](data:image/png;base64,AAAA)\n",
     [f"{PATH}:5: body: the image 'https://tracker.example/p.gif' is not allowed "
      f"(expected {IMAGES})",
      f"{PATH}:7: body: the image 'data:image/png;base64,AAAA' is not allowed "
      f"(expected {IMAGES})"]),
    ("\nPara.\n{: onclick=\"alert(1)\" .big }\n",
     [f"{PATH}:6: body: the class 'big' on <p> is not allowed (expected one of the classes "
      "<p> may have: admonition-title, after-hours)",
      f"{PATH}:6: body: the attribute onclick on <p> is not allowed (expected one of the "
      "attributes <p> may have: class)"]),
    ('\n## Title {: style="color:red" }\n',
     [f"{PATH}:5: body: the attribute style on <h2> is not allowed (expected one of the "
      "attributes <h2> may have: id)"]),
    ("\nText.\n\n<textarea>\n\n## Rest of the page\n",
     [f"{PATH}:7: body: <textarea> is not allowed (expected {ELEMENTS})"]),
    ("\nText <!-- a -->.\n\n<div>\n<!-- todo: check\n\nMore text\n",
     [f"{PATH}:8: body: the comment '<!--' has no closing '-->' (expected '-->' at the end "
      "of the comment)"]),
    ("\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
     [f"{PATH}:6: body: table column alignment (':---', '---:' or ':---:') is not allowed "
      "(expected a divider line of plain '---' cells)"]),
])
def test_html_outside_the_allowlist_is_an_error_at_its_line(body, expected):
    html, errors = render(body)
    assert errors == expected
    assert live_problems(html) == []


def test_one_error_per_occurrence_each_at_its_own_line():
    body = ("\nA `<script>` in code is text.\n\n<script>a()</script>\n\nText.\n\n"
            "<script>b()</script>\n")
    _, errors = render(body)
    assert [e.split(": body")[0] for e in errors] == [f"{PATH}:7", f"{PATH}:11"]


def test_an_unknown_callout_type_is_reported_once_at_its_line():
    body = ('\n!!! danger "T"\n    x\n\n!!! note blink "T"\n    y\n\n'
            "- item\n\n    !!! nope\n        z\n")
    _, errors = render(body)
    expected = "(expected one of: note, tip, warning, call-clinic, call-911)"
    assert errors == [f"{PATH}:5: body: unknown callout type 'danger' {expected}",
                      f"{PATH}:8: body: unknown callout type 'blink' {expected}",
                      f"{PATH}:13: body: unknown callout type 'nope' {expected}"]


def test_html_comments_are_dropped_silently():
    html, errors = render("\nBefore <!-- <script>alert(1)</script> --> after.\n")
    assert errors == []
    assert "<!--" not in html and "alert" not in html


def test_allowed_markdown_and_hand_written_html_pass_unchanged():
    body = """
[TOC]

## Before the injection

Call [the clinic](/contact/), [911](tel:911), [email](mailto:x@example.org),
[a study](https://example.org/a?b=1#c) or read [below](#after)[^1].

*[MRI]: magnetic resonance imaging

An MRI scan. ![Spine](/images/spine.jpg){: width="200" height="100" }

<table>
<thead><tr><th scope="col" colspan="2">Dose</th></tr></thead>
<tbody><tr><td rowspan="1">10<sup>3</sup> H<sub>2</sub>O<br><small>fine</small>
<kbd>Ctrl</kbd> <abbr title="javascript:alert(1)">JS</abbr></td></tr></tbody>
</table>

!!! call-911 "Call 911 if"
    - you cannot breathe

```python
print("<script>")
```

### After {#after}

[^1]: A footnote.
"""
    html, errors = render(body)
    assert errors == []
    assert live_problems(html) == []
    for kept in ('<div class="toc">', '<h2 id="before-the-injection">', 'href="tel:911"',
                 'href="mailto:x@example.org"', 'href="#after"', '<th scope="col" colspan="2">',
                 '<td rowspan="1">', "<sup>3</sup>", "<sub>2</sub>", "<small>", "<kbd>",
                 '<abbr title="magnetic resonance imaging">',
                 '<img alt="Spine" height="100" src="/images/spine.jpg" width="200">',
                 '<div class="admonition call-911">', '<p class="admonition-title">',
                 '<code class="language-python">', '<sup id="fnref:1">',
                 '<a class="footnote-ref" href="#fn:1">', '<li id="fn:1">',
                 '<a class="footnote-backref"'):
        assert kept in html, kept


def test_the_cleaner_alone_removes_what_the_check_would_report():
    """Defence in depth: even if the check missed something, nothing live is published."""
    hostile = ('<p onclick=x>a<script>b</script><a href="java\tscript:x">c</a>'
               '<a href=" //evil/">d</a><img src="https://t/p.gif"><img src=x onerror=y>'
               '<div class="admonition skip-link">e</div><form action=/x><textarea>f'
               '<meta http-equiv=refresh content=0><base href=/>')
    html = clean(hostile)
    assert live_problems(html) == []
    assert 'class="admonition"' in html and "skip-link" not in html


# --- nothing hostile survives, whatever the body ----------------------------------------

TAGS = ["script", "SCRIPT", "iframe", "form", "base", "meta", "style", "svg", "math", "img",
        "a", "textarea", "object", "embed", "template", "noscript", "title", "xmp", "p",
        "div", "table", "td", "abbr", "sup", "input", "button", "link", "details", "select",
        "plaintext", "frameset", "video", "source"]
ATTRIBUTES = ["onclick", "onload", "OnError", "onmouseover", "style", "href", "src",
              "action", "formaction", "srcdoc", "xlink:href", "http-equiv", "content",
              "class", "id", "title", "data", "srcset", "background", "poster", "target"]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
        "java\tscript:alert(1)", "java\nscript:alert(1)", "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)", "&#0000106avascript:alert(1)", "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AA==",
        "vbscript:msgbox(1)", "//evil.example/", "/\\evil.example", "\\\\evil.example",
        "https://evil.example/x.gif", "/contact/", "#top", "tel:911", "mailto:a@b.org",
        "0;url=https://evil.example/", "refresh", "alert(1)", "skip-link admonition note"]


@st.composite
def start_tags(draw) -> str:
    tag = draw(st.sampled_from(TAGS))
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        quote = draw(st.sampled_from(['"', "'", ""]))
        value = draw(st.sampled_from(URLS))
        parts.append(f"{draw(st.sampled_from(ATTRIBUTES))}={quote}{value}{quote}")
    separator = draw(st.sampled_from([" ", "/", "\n", "\t"]))
    close = draw(st.sampled_from([">", "/>", " >", ""]))
    return f"<{tag}{separator if parts else ''}{separator.join(parts)}{close}"


FRAGMENTS = st.one_of(
    start_tags(),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(URLS).map(lambda u: f"[link]({u})"),
    st.sampled_from(URLS).map(lambda u: f"![img]({u})"),
    st.sampled_from(URLS).map(lambda u: f"<{u}>"),
    st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(URLS)).map(
        lambda p: f'\n{{: {p[0]}="{p[1]}" }}\n'),
    st.sampled_from(["\n", "\n\n", "    ", "`", "```\n", "<!--", "-->", "<!", "&lt;", "&",
                     "\"", "'", "=", ">", "<", "text ", "## Heading\n", "!!! note \"T\"\n    ",
                     "| a | b |\n|---|---|\n", "[^1]\n\n[^1]: ", "*", "<![CDATA[", "]]>",
                     "\x00", "\u00a0", "&#60;script&#62;"]),
)
BODIES = st.recursive(
    st.lists(FRAGMENTS, max_size=12).map("".join),
    lambda inner: st.tuples(start_tags(), inner, st.sampled_from(TAGS)).map(
        lambda t: f"{t[0]}{t[1]}</{t[2]}>"),
    max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_no_body_publishes_anything_live(body):
    html, toc, errors, _text = RENDER(parse_text(FRONT + body, PATH))
    assert live_problems(str(html)) == []
    # ... and whatever the cleaner had to disarm, the editor was told about.
    if live_markup(markdown.markdown(body, **DEFAULT_MARKDOWN)):
        assert errors
    assert all(e.path == PATH and e.line >= 3 and e.field == "body" for e in errors
               if "callout" not in e.message)


# --- the policy in every page -----------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/treatments/x/", "/search/", "/es/search/", "/404.html"])
def test_meta_csp_is_the_header_policy_without_what_meta_ignores(path):
    header = [d.strip() for d in csp(path).split(";")]
    meta = meta_csp(path).split("; ")
    assert meta == [d for d in header if not d.startswith(("frame-ancestors", "report-uri",
                                                           "sandbox"))]
    assert ("'wasm-unsafe-eval'" in meta_csp(path)) == path.endswith("search/")
