"""Redirects from every ``aliases`` path.

Alias clashes are broken cases in tests/fixtures/broken-aliases/, built by
test_broken_content.py.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from helpers import ROOT, build_project, make_project

from apmg.plugins.redirects import stub_file, variants


def build(tmp_path: Path, content: Path, settings: str = "pelicanconf.py"):
    """publishconf.py imports pelicanconf from the working folder, so it builds from ROOT."""
    return build_project(tmp_path, content, ROOT / settings,
                         cwd=ROOT if settings == "publishconf.py" else tmp_path)


def test_variants_and_stub_paths():
    assert variants("/old/") == ["/old/", "/old", "/old/index.html"]
    assert variants("/old") == ["/old", "/old/", "/old/index.html"]
    assert variants("/old.html") == ["/old.html"]
    assert stub_file("/old/") == "old/index.html"
    assert stub_file("/a/old") == "a/old/index.html"
    assert stub_file("/old.html") == "old.html"


def test_fixture_redirect_files(tmp_path):
    assert build(tmp_path, make_project(tmp_path), "publishconf.py").returncode == 0
    out = tmp_path / "output"
    assert (out / "_redirects").read_text().splitlines() == [
        "/alpha-old/ /treatments/alpha-injection/ 301",
        "/alpha-old /treatments/alpha-injection/ 301",
        "/alpha-old/index.html /treatments/alpha-injection/ 301",
    ]
    assert (out / "redirects.map").read_text().splitlines()[0] == (
        "/alpha-old/ /treatments/alpha-injection/;")
    tree = lxml.html.fromstring((out / "alpha-old" / "index.html").read_bytes())
    target = "https://www.advancedpainmedicalgroup.example/treatments/alpha-injection/"
    assert tree.xpath("//link[@rel='canonical']/@href") == [target]
    assert tree.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url={target}"]
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert tree.xpath("//a/@href") == [target]


def test_real_site_every_alias_redirects_to_a_built_page(published_dir):
    lines = (published_dir / "_redirects").read_text().splitlines()
    assert lines[-1] == "/es/* /es/404.html 404"  # a language's missing pages: its 404
    lines = lines[:-1]
    nginx = (published_dir / "redirects.map").read_text().splitlines()
    assert lines and len(lines) == len(nginx)
    for line, map_line in zip(lines, nginx, strict=True):
        old, new, code = line.split()
        assert code == "301" and map_line == f"{old} {new};"
        assert (published_dir / new.lstrip("/") / "index.html").is_file(), line
        assert (published_dir / stub_file(old)).is_file() or old.endswith(("index.html", "/")) \
            or (published_dir / stub_file(old + "/")).is_file(), line


def test_a_spanish_alias_redirects_to_the_spanish_page(tmp_path):
    """Spanish aliases go through the same model and plugin as English ones."""
    from test_spanish import with_spanish

    content = with_spanish(make_project(tmp_path))
    page = content / "es/procedures/alpha-injection.md"
    page.write_text(page.read_text().replace("lang: es\n", "lang: es\naliases: [/es/alfa/]\n"))
    result = build(tmp_path, content)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "output"
    assert "/es/alfa/ /es/treatments/alpha-injection/ 301" in (out / "_redirects").read_text()
    tree = lxml.html.fromstring((out / "es/alfa/index.html").read_bytes())
    assert tree.xpath("//a/@href") == ["/es/treatments/alpha-injection/"]
    assert tree.xpath("/html/@lang") == ["es"]
