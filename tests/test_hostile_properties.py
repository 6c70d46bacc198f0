"""Property tests (Hypothesis): whatever an editor or an attacker writes, the loader answers
with content errors only, the build writes nowhere but its output folder, and no
published body carries a live script, frame, form, base, meta, event handler or
``javascript:`` URL.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import lxml.html
import pytest
from helpers import FIXTURES, ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from apmg.inputs import state_file
from apmg.model.errors import ContentErrors
from apmg.model.frontmatter import parse_bytes
from apmg.release import releases_folder

# Pieces an attacker or a careless editor would try, mixed with ordinary text.
HOSTILE = [
    "<script>alert(1)</script>", "<script src=/images/x.js></script>", "<iframe src=//x>",
    "<form action=https://evil.example><input name=q>", "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">', "<textarea>",
    "<svg onload=alert(1)>", '<a href="javascript:alert(1)">x</a>', "<img src=x onerror=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" JaVaScRiPt:alert(1)">x</a>',
    "<style>body{display:none}</style>", "<object data=x>", "<!-- c -->", "<abbr title=t>x</abbr>",
    "[x](javascript:alert(1))", "[x](data:text/html,<script>alert(1)</script>)",
    "![x](https://tracker.example/p.gif)", "<details open ontoggle=alert(1)>",
    "!!! call-911 \"Call\"\n    <script>alert(1)</script>",
    "<div markdown=1><script>1</script></div>",
]
ORDINARY = ["Plain text.", "## A section", "- a list item", "**bold**", "[a link](/contact/)",
            "| a | b |\n|---|---|\n| 1 | 2 |", "x<sup>2</sup>", "\n", "&amp;", "`code`"]
PATH_PIECES = ["..", ".", "", "old", "static", "pagefind", "images", "treatments", "es",
               "index.html", "_redirects", "sitemap.xml", "%2e%2e", "a b", "?q=1", "#x", "~", "-"]
YAML_VALUES = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.none(),
    st.sampled_from(["&a [x]", "*a", "!!python/object:os.system", "[[[[[[[[x]]]]]]]]",
                     "{a: {b: {c: {d: {e: {f: {g: 1}}}}}}}", "17:30", "No", "0777", "'",
                     "\"unclosed", "- a\n- b", ": x", "@x", "`x`", "\t", "2999-01-01"]))
FIELDS = ["title", "summary", "region", "kind", "conditions", "related", "at_a_glance",
          "last_reviewed", "reviewed_by", "references", "aliases", "lang", "translation_of",
          "hours", "phone", "x"]


@st.composite
def hostile_files(draw) -> bytes:
    """A content file: a fence or not, front-matter lines, then a body of pieces."""
    lines = "".join(f"{draw(st.sampled_from(FIELDS))}: {draw(YAML_VALUES)}\n"
                    for _ in range(draw(st.integers(0, 6))))
    body = "\n\n".join(draw(st.lists(st.sampled_from(HOSTILE + ORDINARY), max_size=8)))
    text = draw(st.sampled_from(["---\n{fm}---\n{body}", "{fm}{body}", "---\n{fm}{body}",
                                 "\ufeff---\r\n{fm}---\r\n{body}"])).format(fm=lines, body=body)
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=8))
    return data


@settings(max_examples=300, deadline=None)
@given(hostile_files())
def test_the_parser_never_raises(data):
    source = parse_bytes(data, "content/procedures/x.md")
    assert isinstance(source.meta, dict)
    assert all(e.path == "content/procedures/x.md" and e.line >= 1 for e in source.errors)


def alias_paths() -> st.SearchStrategy[str]:
    return st.builds(lambda parts, end: "/" + "/".join(parts) + end,
                     st.lists(st.sampled_from(PATH_PIECES), min_size=1, max_size=4),
                     st.sampled_from(["", "/"]))


SAFE_PROCEDURE = (FIXTURES / "site" / "procedures" / "beta-block.md").read_text()


@st.composite
def hostile_procedures(draw) -> str:
    """beta-block.md with aliases and a body drawn from hostile and ordinary pieces; half
    the files are only ordinary, so both refusals and published pages are exercised."""
    hostile = draw(st.booleans())
    pieces = HOSTILE + ORDINARY if hostile else ORDINARY
    paths = alias_paths() if hostile else st.sampled_from(["/old/", "/old-page", "/a/b.html"])
    aliases = draw(st.lists(paths, max_size=3, unique=True))
    body = draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=6))
    head = SAFE_PROCEDURE.split("---\n")[1]
    alias_lines = "".join(f"  - '{a}'\n" for a in aliases)
    front = head + (f"aliases:\n{alias_lines}" if aliases else "")
    return f"---\n{front}---\n## What it is\n\n" + "\n\n".join(body) + "\n"


def files_outside(base: Path, inside: Path) -> dict[str, bytes]:
    """Every file under ``base`` but the output folder, its releases and the build's own
    scratch (its staging, releases and the record of what it read)."""
    own = {".build", "staging", releases_folder(inside).name, state_file(inside).name}
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*")
            if p.is_file() and not p.is_relative_to(inside)
            and not own & set(p.relative_to(base).parts)}


LIVE = " | ".join(f".//{tag}" for tag in ("script", "iframe", "form", "base", "meta", "object",
                                          "embed", "style", "textarea"))


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile_procedures())
def test_the_build_contains_and_defuses_hostile_content(tmp_path_factory, text):
    from apmg.build import build

    work = tmp_path_factory.mktemp("site")
    content = work / "content"
    shutil.copytree(FIXTURES / "site", content)
    (content / "procedures" / "beta-block.md").write_text(text)
    out = work / "a" / "b" / "output"
    before = files_outside(work, out)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = build(settings_file=str(ROOT / "pelicanconf.py"), output=str(out),
                         staging=str(work / "staging"), content=str(content))
        except ContentErrors:  # pragma: no cover - build() reports these itself
            code = 1
    assert "Traceback" not in err.getvalue()
    assert code in (0, 1), err.getvalue()
    assert files_outside(work, out) == before
    event(f"build exit {code}")
    if code == 1:
        assert not out.exists()
        return
    page = out / "treatments" / "beta-block" / "index.html"
    body = lxml.html.fromstring(page.read_bytes()).xpath("//div[@class='body']")[0]
    assert not body.xpath(LIVE), text
    for element in body.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, text)
            assert "javascript:" not in value.lower().replace(" ", ""), (value, text)
