"""docs/editing.md cannot drift: every example file in it is linted against the real
content, and the lint messages it shows are the ones the lint really prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lintkit import ROOT

from apmg.lint import LintConfig, lint
from apmg.lint.report import summary

GUIDE = ROOT / "docs" / "editing.md"
BLOCK = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.M | re.S)
PATH = re.compile(r"`(content/[\w/.-]+\.md)`")


def blocks() -> list[tuple[str, str, str, int]]:
    """(info string, text, file path named just before it, line) of every fenced block."""
    text = GUIDE.read_text(encoding="utf-8")
    out = []
    for match in BLOCK.finditer(text):
        before = text[: match.start()].rstrip().splitlines()
        named = PATH.findall(before[-1]) if before else []
        out.append((match.group(1).strip(), match.group(2), named[-1] if named else "",
                    text.count("\n", 0, match.start()) + 1))
    return out


EXAMPLES = [b for b in blocks() if b[0].startswith("markdown") and b[1].startswith("---")]
GOOD = [b for b in EXAMPLES if "broken" not in b[0]]
BROKEN = [b for b in EXAMPLES if "broken" in b[0]]


def test_the_guide_has_an_example_of_every_kind():
    folders = {path.split("/")[1] for _, _, path, _ in GOOD}
    assert folders >= {"procedures", "faqs", "locations", "conditions", "pages"}
    assert BROKEN


@pytest.mark.parametrize("info, text, path, line", EXAMPLES)
def test_every_example_names_its_file(info, text, path, line):
    assert path, f"docs/editing.md:{line}: say which file the example is, like `content/...md`"


@pytest.fixture(scope="module")
def real_content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("guide")
    shutil.copytree(ROOT / "content", root / "content")
    return root


def test_the_good_examples_lint_without_errors(real_content):
    files = []
    for _, text, path, _ in GOOD:
        target = real_content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
        files.append(target)
    found = lint(real_content / "content", real_content, LintConfig(), files)
    unexpected = [str(f) for f in found if "placeholder contact details" not in f.message]
    assert unexpected == [], "\n".join(unexpected)


@pytest.mark.parametrize("info, text, path, line", BROKEN)
def test_the_broken_example_prints_exactly_the_messages_shown(info, text, path, line,
                                                               tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    target = tmp_path / path
    target.write_text(text + "\n", encoding="utf-8")
    found = lint(tmp_path / "content", tmp_path, LintConfig(), [target])
    printed = [str(f) for f in found] + [summary(found)]
    following = [b for b in blocks() if b[3] > line][0]
    assert following[0] == "text"
    assert following[1].rstrip("\n").splitlines() == printed
