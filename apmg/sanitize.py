"""Body HTML: only what our Markdown and a short list of hand-written tags produce.

Python-Markdown publishes raw HTML as written and ``attr_list`` sets any attribute, so a
body could carry a script, a form that posts elsewhere or a redirect. :func:`check` turns
everything outside the allowlist below into a content error at the line the editor
wrote it (editors must know, not find it silently dropped); :func:`clean` then runs
nh3 (Ammonia) with the same allowlist, so a gap in the check still cannot publish a
live script.
"""

from __future__ import annotations

import functools
import html.entities
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from apmg.model.errors import ContentError
from apmg.model.frontmatter import SourceFile

# --- the allowlist ---------------------------------------------------------------------

# The callout types (``!!! note``): admonition writes each as a class of its <div>.
CALLOUT_TYPES = ("note", "tip", "warning", "call-clinic", "call-911")

# Elements and attributes our Markdown extensions write (markup.DEFAULT_MARKDOWN).
# ``class`` is allowed where CLASSES lists the element.
MARKDOWN_ELEMENTS: dict[str, tuple[str, ...]] = {
    "p": (), "em": (), "strong": (), "blockquote": (), "hr": (), "br": (), "pre": (),
    "code": (), "ul": (), "ol": ("start",), "li": ("id",),  # sane_lists; footnotes' ids
    **{f"h{level}": ("id",) for level in range(1, 7)},  # toc gives every heading an id
    "a": ("href", "title", "hreflang"),  # hreflang: markup.LinkLanguage
    "img": ("src", "alt", "title", "width", "height"),
    "abbr": ("title",), "dl": (), "dt": (), "dd": (),  # abbr, def_list
    "table": (), "thead": (), "tbody": (), "tr": (), "th": (), "td": (),  # tables
    "div": (), "sup": ("id",),  # admonition, footnotes, toc's [TOC]; citations
}
# What editors may write by hand besides Markdown (listed in docs/content-model.md).
HAND_WRITTEN: dict[str, tuple[str, ...]] = {
    "table": (), "thead": (), "tbody": (), "tr": (),
    "th": ("scope", "colspan", "rowspan"), "td": ("colspan", "rowspan"),
    "abbr": ("title",), "sup": (), "sub": (), "br": (), "small": (), "kbd": (),
}
# Class names our extensions write; "language-*" is fenced_code's ```python.
CLASSES: dict[str, tuple[str, ...]] = {
    "div": ("admonition", *CALLOUT_TYPES, "footnote", "toc"),
    "p": ("admonition-title", "after-hours"),
    "a": ("footnote-ref", "footnote-backref"),
    "sup": ("cite",),  # the citation extension: <sup class="cite"><a href="#ref-...">
    "code": ("language-*",),
}
LINK_SCHEMES = ("https", "tel", "mailto")

ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset((*MARKDOWN_ELEMENTS.get(tag, ()), *HAND_WRITTEN.get(tag, ()),
                    *(("class",) if tag in CLASSES else ())))
    for tag in {**MARKDOWN_ELEMENTS, **HAND_WRITTEN}
}
# Elements whose content is text to a browser, or foreign markup: removed with it.
CLEAN_CONTENT = {"script", "style", "textarea", "title", "xmp", "noembed", "noframes",
                 "noscript", "iframe", "template", "plaintext", "svg", "math", "object"}


@dataclass(frozen=True)
class UrlRule:
    """Which URLs an attribute may hold: these schemes, or a path on this site."""

    noun: str  # how the message names the value: "link", "image"
    schemes: tuple[str, ...]
    example: str  # a site path, for the message

    @property
    def expected(self) -> str:
        schemes = ", ".join(f"{scheme}:" for scheme in self.schemes)
        return f"{schemes + ' or ' if schemes else ''}a site path like {self.example}"

    def allows(self, url: str, site: str = "") -> bool:
        """``site`` (production's SITEURL) also allows this site's own absolute URLs: the
        renderer writes every body link that way (apmg/markup.py)."""
        if site and url.startswith(site.rstrip("/") + "/"):
            return True
        # As a browser reads it: tabs and newlines dropped, controls and spaces trimmed.
        url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
        if scheme:
            return scheme.group(1).lower() in self.schemes
        # "//host" and "/\host" leave the site; a browser reads "\" as "/".
        return not url.startswith("//") and "\\" not in url


# No third-party requests on this site, so images come from it alone.
URL_RULES: dict[tuple[str, str], UrlRule] = {
    ("a", "href"): UrlRule("link", LINK_SCHEMES, "/contact/"),
    ("img", "src"): UrlRule("image", (), "/images/photo.jpg, the file saved in content/images/"),
}


def class_allowed(tag: str, name: str) -> bool:
    for allowed in CLASSES.get(tag, ()):
        if allowed.endswith("*"):
            if re.fullmatch(re.escape(allowed[:-1]) + r"[\w+#.-]+", name):
                return True
        elif name == allowed:
            return True
    return False


# --- clean -----------------------------------------------------------------------------


def _attribute_filter(site: str):
    def keep(tag: str, name: str, value: str) -> str | None:
        """nh3's attribute filter: the URL rules and class names Ammonia cannot express."""
        rule = URL_RULES.get((tag, name))
        if rule:
            return value if rule.allows(value, site) else None
        if name == "class":
            return " ".join(c for c in value.split() if class_allowed(tag, c)) or None
        return value
    return keep


@functools.cache
def _cleaner(site: str) -> nh3.Cleaner:
    schemes = {*LINK_SCHEMES, *([urlsplit(site).scheme] if site else [])}
    return nh3.Cleaner(
        tags=set(ALLOWED), attributes={tag: set(names) for tag, names in ALLOWED.items()},
        clean_content_tags=CLEAN_CONTENT, url_schemes=schemes, link_rel=None,
        strip_comments=True, attribute_filter=_attribute_filter(site))


def clean(body_html: str, site: str = "") -> str:
    """The HTML with everything outside the allowlist removed (comments too)."""
    return _cleaner(site).clean(body_html)


# --- check -----------------------------------------------------------------------------

ELEMENT_EXPECTED = ("Markdown, or one of the HTML elements editors may use: "
                    + ", ".join(HAND_WRITTEN))


@dataclass(frozen=True)
class Finding:
    """One thing in the HTML that is not allowed, and how to find it in the body."""

    message: str
    expected: str
    needle: str  # a regular expression matching where the editor wrote it


# The tables extension writes ':---' column alignment as inline styles, which the CSP
# would block anyway: reported once per table, at its divider line.
_ALIGNED = re.compile(r"text-align:\s*(left|right|center);?")
ALIGNMENT = Finding("table column alignment (':---', '---:' or ':---:') is not allowed",
                    "a divider line of plain '---' cells", r"(?m)^[ \t|:-]*(?::-|-:)[ \t|:-]*$")


def _shown(value: str, limit: int = 80) -> str:
    value = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _attribute_needle(name: str, value: str) -> str:
    """``name=`` in a tag or ``{: name=...}``; ``{#id}`` and ``{.class}`` for attr_list."""
    needle = rf"(?<![\w-]){re.escape(name)}(?=\s*=|\s*/?>|\s*\}}|\s+[\w-]+\s*=)"
    if name == "id" and value:
        needle += rf"|#{re.escape(value)}(?![\w:-])"
    if name == "class" and value.split():
        needle += rf"|\.{re.escape(value.split()[0])}(?![\w-])"
    return needle


@functools.cache
def _entity_names() -> dict[str, list[str]]:
    """Character -> every named entity that writes it (``:`` -> ``&colon;``)."""
    names: dict[str, list[str]] = {}
    for name, char in html.entities.html5.items():
        names.setdefault(char, []).append(re.escape("&" + name))
    return names


def _entity_tolerant(text: str) -> str:
    """A regular expression for ``text`` with any of its characters written as an entity
    (``&#106;avascript:``); the first 200 characters are enough to find it."""
    return "".join(
        "(?:" + "|".join([re.escape(char), f"&#0*{ord(char)};?", f"&#x0*{ord(char):x};?",
                          *_entity_names().get(char, [])]) + ")"
        for char in text[:200])


def unknown_callout(name: str) -> tuple[str, str]:
    """Message and expectation for ``!!! name`` when there is no such callout type."""
    return f"unknown callout type '{name}'", "one of: " + ", ".join(CALLOUT_TYPES)


def _class_finding(tag: str, name: str, callout: bool) -> Finding:
    """A class not allowed: as ``{.name}``, ``class="name"`` or, on a callout's <div>,
    as a word of its ``!!!`` line."""
    needle = (rf"\.{re.escape(name)}(?![\w-])|class\s*=\s*[\"']?[^\"'>]*?"
              rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    if callout:
        return Finding(*unknown_callout(name),
                       rf"(?m)^[ \t]*!!![ \t]*(?:[\w-]+[ \t]+)*?{re.escape(name)}(?![\w-])|"
                       + needle)
    return Finding(f"the class '{_shown(name)}' on <{tag}> is not allowed",
                   f"one of the classes <{tag}> may have: {', '.join(CLASSES[tag])}", needle)


def _attribute_findings(tag: str, name: str, value: str, site: str = "") -> list[Finding]:
    if name not in ALLOWED[tag]:
        if name == "style" and tag in ("th", "td") and _ALIGNED.fullmatch(value.strip()):
            return [ALIGNMENT]
        allowed = sorted(ALLOWED[tag])
        expected = (f"one of the attributes <{tag}> may have: {', '.join(allowed)}"
                    if allowed else f"<{tag}> without attributes")
        return [Finding(f"the attribute {_shown(name)} on <{tag}> is not allowed", expected,
                        _attribute_needle(name, value))]
    if name == "class":
        return [_class_finding(tag, c, callout="admonition" in value.split())
                for c in value.split() if not class_allowed(tag, c)]
    rule = URL_RULES.get((tag, name))
    if rule and not rule.allows(value, site):
        return [Finding(f"the {rule.noun} '{_shown(value)}' is not allowed", rule.expected,
                        _entity_tolerant(value))]
    return []


class _Scanner(HTMLParser):
    """Every start tag of the HTML, as a browser's tokenizer reads it, checked in order."""

    def __init__(self, site: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.site = site
        self.findings: list[Finding] = []
        self._alignment_reported = False  # one alignment error per table

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.findings.append(Finding(f"<{_shown(tag)}> is not allowed", ELEMENT_EXPECTED,
                                         rf"<{re.escape(tag)}(?=[\s/>]|$)"))
            return
        if tag == "table":
            self._alignment_reported = False
        for name, value in attrs:
            for finding in _attribute_findings(tag, name, value or "", self.site):
                if finding == ALIGNMENT:
                    if self._alignment_reported:
                        continue
                    self._alignment_reported = True
                self.findings.append(finding)

    def parse_html_declaration(self, i: int) -> int:
        # A browser reads "<![...>" in HTML as a comment up to the first ">"; the stdlib
        # would raise on any "<![" other than CDATA.
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def unfinished(self) -> list[Finding]:
        """What the input leaves open at its end: on the page, the template's markup after
        the body would become part of it (a tag's attributes, a comment's text)."""
        rest = self.rawdata
        if self.cdata_elem or not rest.startswith("<"):  # an open <script>: reported
            return []
        if rest.startswith("<!--"):
            return [Finding("the comment '<!--' has no closing '-->'",
                            "'-->' at the end of the comment", r"(?s)<!--(?!.*-->)")]
        tag = re.match(r"</?([a-zA-Z][^\t\n\r\f />\x00]*)", rest)
        if tag and not rest.startswith("</") and tag.group(1).lower() not in ALLOWED:
            return [Finding(f"<{_shown(tag.group(1).lower())}> is not allowed",
                            ELEMENT_EXPECTED, rf"<{re.escape(tag.group(1))}")]
        return [Finding(f"'{_shown(rest.split()[0], 20)}' has no closing '>'",
                        "a complete tag, or &lt; for a '<' in text",
                        re.escape(rest.split()[0]) + r"(?![^<>]*>)")]


def findings(body_html: str, site: str = "") -> list[Finding]:
    """What the HTML holds that the allowlist does not, in document order."""
    scanner = _Scanner(site)
    scanner.feed(body_html)
    found = scanner.findings + scanner.unfinished()
    scanner.close()
    return found


# Fenced code (its lines, not the fence with its {.class} attributes) and code spans.
_CODE = re.compile(r"(?ms)^[ \t]*(`{3,}|~{3,})[^\n]*\n(?P<fenced>.*?)^[ \t]*\1[ \t]*$"
                   r"|(?P<span>(`+)(?!`).+?(?<!`)\4(?!`))")


def _blank_code(text: str) -> str:
    """``text`` with code replaced by spaces (line breaks kept, so offsets stay true)."""
    def blank(match: re.Match) -> str:
        group = "fenced" if match.group("fenced") is not None else "span"
        start, end = match.span(group)
        inner = re.sub(r"[^\n]", " ", match.group(group))
        whole = match.group()
        return whole[: start - match.start()] + inner + whole[end - match.start():]
    return _CODE.sub(blank, text)


class _Locator:
    """Where in the raw body each finding was written: the next unclaimed match after the
    previous one (code is blanked first: a ``<script>`` there is only text)."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = _blank_code(source.body)
        self.pos = 0
        self.claimed: set[tuple[str, int]] = set()

    def line(self, needle: str) -> int:
        pattern = re.compile(needle, re.IGNORECASE)
        for start in (self.pos, 0):
            for match in pattern.finditer(self.text, start):
                if (needle, match.start()) not in self.claimed:
                    self.claimed.add((needle, match.start()))
                    self.pos = match.start()
                    return self._line_at(match.start())
        return self._line_at(self.pos)

    def _line_at(self, offset: int) -> int:
        return self.source.line_at(offset)


def check(body_html: str, source: SourceFile, site: str = "") -> list[ContentError]:
    """One content error for each thing in the body's HTML outside the allowlist."""
    found = findings(body_html, site)
    if not found:
        return []
    locator = _Locator(source)
    return [ContentError(source.path, locator.line(f.needle), "body", f.message, f.expected)
            for f in found]


def sanitize_body(body_html: str, source: SourceFile,
                  site: str = "") -> tuple[str, list[ContentError]]:
    """The body's HTML, cleaned, and an error for everything that had to be removed.

    ``site``: the SITEURL the renderer made body links absolute on (production)."""
    return clean(body_html, site), check(body_html, source, site)
