"""Redirects from every ``aliases`` path, and alias clashes as content errors."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from helpers import FIXTURES, ROOT, build_project, make_project

from apmg.plugins.redirects import stub_file, variants

CASES = sorted(p.name for p in (FIXTURES / "broken-aliases").iterdir() if p.is_dir())



def build(tmp_path: Path, content: Path, settings: str = "pelicanconf.py"):
    """publishconf.py imports pelicanconf from the working folder, so it builds from ROOT."""
    return build_project(tmp_path, content, ROOT / settings,
                         cwd=ROOT if settings == "publishconf.py" else tmp_path)


@pytest.mark.parametrize("case", CASES)
def test_alias_clash_is_a_content_error(tmp_path, case):
    result = build(tmp_path, make_project(tmp_path, FIXTURES / "broken-aliases" / case))
    assert result.returncode == 1
    assert result.stderr == (FIXTURES / "broken-aliases" / case / "expected.txt").read_text()
    assert not (tmp_path / "output").exists()


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
    nginx = (published_dir / "redirects.map").read_text().splitlines()
    assert lines and len(lines) == len(nginx)
    for line, map_line in zip(lines, nginx, strict=True):
        old, new, code = line.split()
        assert code == "301" and map_line == f"{old} {new};"
        assert (published_dir / new.lstrip("/") / "index.html").is_file(), line
        assert (published_dir / stub_file(old)).is_file() or old.endswith(("index.html", "/")) \
            or (published_dir / stub_file(old + "/")).is_file(), line
