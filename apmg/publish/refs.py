"""Find and rewrite asset references exactly: HTML href/src attributes and CSS url().

Only attribute values of real start tags are touched (found with the standard HTML
parser, so text, comments and script bodies are never rewritten), and only when the
URL resolves to a file of the site that the caller wants renamed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

URL_ATTRIBUTES = {"href", "src"}
_PLACEHOLDER_ROOT = "https://site.invalid"
_ATTRIBUTE = re.compile(
    r"""\s*([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?|\s*/""")
_NEEDS_QUOTES = re.compile(r"""[\s"'=<>`]""")
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s*(?:"([^"]*)"|'([^']*)')""")

# Maps a site path ("static/css/site.css") to its new name ("site.1a2b3c4d5e.css"),
# or None to leave the reference alone.
Renamer = Callable[[str], "str | None"]


def site_path(value: str, document: str, siteurl: str) -> str | None:
    """The site-relative path ``value`` points to from ``document``, or None if external."""
    root = (siteurl or _PLACEHOLDER_ROOT).rstrip("/")
    target = urlsplit(urljoin(f"{root}/{document}", value.strip()))
    base = urlsplit(root + "/")
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    if not target.path.startswith(base.path):
        return None
    return unquote(target.path[len(base.path):])


def renamed_url(value: str, new_name: str) -> str | None:
    """``value`` with the last path segment replaced by ``new_name``, query/fragment kept."""
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    head = value[:cut]
    slash = head.rfind("/")
    return head[:slash + 1] + new_name + value[cut:]


def rewrite_url(value: str, document: str, siteurl: str, rename: Renamer) -> str:
    """``value`` pointing at the renamed file, or unchanged."""
    path = site_path(value, document, siteurl)
    new_name = rename(path) if path is not None else None
    return value if new_name is None else renamed_url(value, new_name)


class _StartTags(HTMLParser):
    """Collects (offset, raw text) of every start tag."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line, column = self.getpos()
        raw = self.get_starttag_text() or ""
        self.tags.append((self._line_starts[line - 1] + column, raw))

    handle_startendtag = handle_starttag


def _rewrite_tag(raw: str, rewrite: Callable[[str], str]) -> str:
    name_end = re.match(r"<[^\s/>]+", raw).end()
    out, pos = [raw[:name_end]], name_end
    for match in _ATTRIBUTE.finditer(raw, name_end, len(raw) - 1):
        if match.start() != pos:
            break  # something the tokenizer does not understand: leave the rest as is
        pos = match.end()
        name, raw_value = match.group(1), match.group(2)
        if not name or raw_value is None or name.lower() not in URL_ATTRIBUTES:
            out.append(match.group(0))
            continue
        quote = raw_value[0] if raw_value[0] in "\"'" else ""
        value = html.unescape(raw_value[1:-1] if quote else raw_value)
        new = rewrite(value)
        if new == value:
            out.append(match.group(0))
            continue
        if not quote and _NEEDS_QUOTES.search(new):
            quote = '"'
        escaped = new.replace("&", "&amp;").replace(quote, html.escape(quote)) if quote else new
        value_start = match.start(2) - match.start(0)
        out.append(match.group(0)[:value_start] + quote + escaped + quote)
    out.append(raw[pos:])
    return "".join(out)


def html_urls(text: str) -> list[str]:
    """Every href/src value of every start tag (for checks and tests)."""
    found: list[str] = []

    def collect(value: str) -> str:
        found.append(value)
        return value

    for _, raw in _parse(text):
        _rewrite_tag(raw, collect)
    return found


def _parse(text: str) -> list[tuple[int, str]]:
    parser = _StartTags(text)
    parser.feed(text)
    parser.close()
    return parser.tags


def rewrite_html(text: str, document: str, siteurl: str, rename: Renamer) -> str:
    """``text`` with every href/src that points at a renamed file rewritten."""
    return rewrite_html_values(text, lambda value: rewrite_url(value, document, siteurl, rename))


def rewrite_html_values(text: str, rewrite: Callable[[str], str]) -> str:
    """``text`` with every href/src value replaced by ``rewrite(value)``, nothing else."""
    pieces, last = [], 0
    for offset, raw in _parse(text):
        new = _rewrite_tag(raw, rewrite)
        if new != raw:
            pieces += [text[last:offset], new]
            last = offset + len(raw)
    pieces.append(text[last:])
    return "".join(pieces)


def css_urls(css: str) -> list[str]:
    """Every url() and @import target of a stylesheet."""
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(css)]


def rewrite_css(css: str, document: str, siteurl: str, rename: Renamer) -> str:
    """``css`` with url() and @import targets that point at renamed files rewritten."""

    def replace(match: re.Match) -> str:
        index = next(i for i, g in enumerate(match.groups()) if g is not None)
        value = match.group(index + 1)
        new = rewrite_url(value, document, siteurl, rename)
        start, end = match.start(index + 1) - match.start(0), match.end(index + 1) - match.start(0)
        return match.group(0)[:start] + new + match.group(0)[end:]

    return _CSS_URL.sub(replace, css)
