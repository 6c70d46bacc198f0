"""Each broken fixture stops the build with its exact editor-facing message, writes nothing.

A case is a folder under tests/fixtures/broken*/ (broken/: one file's errors; broken-es/:
translations; broken-aliases/: redirect clashes): its files are laid over a copy of the
valid fixture site, and ``expected.txt`` holds the exact stderr an editor sees.
"""

from __future__ import annotations

import shutil

import pytest
from helpers import FIXTURES, ROOT, build_in_process, build_project, make_project

CASES = sorted(f"{group.name}/{case.name}" for group in FIXTURES.glob("broken*")
               for case in group.iterdir() if case.is_dir())


def test_valid_fixture_builds(tmp_path):
    result = build_project(tmp_path, make_project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "treatments" / "alpha-injection" / "index.html").is_file()


@pytest.mark.parametrize("case", CASES)
def test_broken_case_gives_its_message_and_writes_nothing(tmp_path, case):
    result = build_in_process(tmp_path, make_project(tmp_path, FIXTURES / case))
    expected = (FIXTURES / case / "expected.txt").read_text()
    assert result.returncode == 1
    assert result.stderr == expected
    assert not (tmp_path / "output").exists()


def test_broken_build_keeps_the_last_good_site(tmp_path):
    content = make_project(tmp_path)
    assert build_project(tmp_path, content).returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    shutil.copyfile(FIXTURES / "broken" / "bad-choice" / "procedures" / "beta-block.md",
                    content / "procedures" / "beta-block.md")
    assert build_project(tmp_path, content).returncode == 1
    after = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert after == before


def test_pelican_warning_fails_the_build(tmp_path):
    settings = tmp_path / "warnconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        f"sys.path.insert(0, {str(FIXTURES)!r})\n"
        "from pelicanconf import *\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        "PLUGINS = [*PLUGINS, 'warning_plugin']\n")
    result = build_project(tmp_path, make_project(tmp_path), settings)
    assert result.returncode == 1
    assert "a warning from a plugin" in result.stderr
    assert "1 warning(s) or error(s) from Pelican" in result.stderr
    assert not (tmp_path / "output").exists()


def test_template_error_names_the_template(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    page = theme / "templates" / "page.html"
    page.write_text(page.read_text().replace("{{ page.title }}</h1>",
                                             "{{ page.no_such_field.deeper }}</h1>"))
    settings = tmp_path / "conf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        f"from pelicanconf import *\nTHEME = {str(theme)!r}\n")
    result = build_project(tmp_path, make_project(tmp_path), settings)
    assert result.returncode == 1
    assert "theme/templates/page.html:" in result.stderr
    assert "template error" in result.stderr
    assert not (tmp_path / "output").exists()
