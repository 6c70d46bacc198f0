"""``apmg new`` files build and lint clean once their hints are filled; ``apmg lint``'s
command line: output formats, colour, exit codes, chosen files, the Markdown summary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lintkit import ROOT, TODAY

from apmg.lint import Finding, LintConfig, lint
from apmg.lint.report import github, markdown, text
from apmg.scaffold import TEMPLATES, render

FILLED = {  # what an editor writes in place of each kind of hint
    "summary": "A short, plain summary of this page.",
    "reviewed_by": "Jane Doe, MD",
    "topic": "Preparing",
    "street": "12 Main Street",
    "city": "West Hills",
}


def fill(text: str) -> str:
    """Replace every hint as an editor would: values, choices, then body lines."""
    text = re.sub(r"  # TODO:.*", "", text)  # choices and numbers: keep the value, drop hint
    text = text.replace('"(818) 555-0100"', '"(818) 340-2200"').replace('"00000"', '"91307"')

    def value(match: re.Match) -> str:
        return f'{match.group(1)}: "{FILLED.get(match.group(1), "Plain words.")}"'

    text = re.sub(r'(\w+): "TODO:[^"]*"', value, text)
    text = re.sub(r"- TODO:.*", "- You have a fever.", text)
    return re.sub(r"^TODO:.*$", "This is a short line. It says what to do.", text, flags=re.M)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apmg", *args], cwd=cwd, text=True,
                          capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_a_new_file_builds_lints_its_hints_and_lints_clean_once_filled(scratch, kind):
    if kind == "condition":  # a condition page is for a condition some procedure names
        alpha = scratch.content / "procedures/alpha-injection.md"
        alpha.write_text(alpha.read_text().replace("Back strain", "Sacroiliac joint injection"))
    result = run("new", "--kind", kind, "--title", "Sacroiliac Joint Injection?",
                 "--content", "content", cwd=scratch.root)
    assert result.returncode == 0, result.stderr
    folder = TEMPLATES[kind][0]
    path = scratch.content / folder / "sacroiliac-joint-injection.md"
    assert f"content/{folder}/sacroiliac-joint-injection.md" in result.stdout
    new = path.read_text()
    assert f"{dict(faq='question').get(kind, 'title')}: \"Sacroiliac Joint Injection?\"" in new

    found = lint(scratch.content, scratch.root, LintConfig(), [path])
    hints = [f for f in found if "replace the hint" in f.message]
    assert hints and all(f.level == "error" for f in hints)
    # the new file is valid as it is; a location's phone is a marked fictional number
    assert not [f for f in found if f not in hints and "555-0100" not in f.message], found

    path.write_text(fill(new))
    assert lint(scratch.content, scratch.root, LintConfig(), [path]) == []
    build = run("build", "--content", "content", "--output", "out", "--staging", "stage",
                "--settings", str(ROOT / "pelicanconf.py"), cwd=scratch.root)
    assert build.returncode == 0, build.stderr


def test_a_new_procedure_has_todays_date_and_the_seven_sections():
    text = render("procedure", "X", TODAY)
    assert "last_reviewed: 2026-11-20" in text
    sections = re.findall(r"^## (.*)$", text, flags=re.M)
    assert sections == ["What it is and what it treats", "Who may benefit", "How to prepare",
                        "What happens during the procedure",
                        "After the procedure and how long relief lasts",
                        "Risks and side effects", "When to call"]
    assert '!!! call-clinic "Call the clinic if"' in text
    assert '!!! call-911 "Call 911 right away if"' in text


def test_new_refuses_to_overwrite(scratch):
    result = run("new", "--kind", "procedure", "--title", "Alpha injection", "--content",
                 "content", cwd=scratch.root)
    assert result.returncode == 1
    assert "content/procedures/alpha-injection.md already exists" in result.stderr
    assert "Alpha Injection" in (scratch.content / "procedures/alpha-injection.md").read_text()


def test_lint_command_prints_findings_and_exits_1_on_errors(scratch):
    scratch.write("procedures/beta-block.md",
                  (scratch.content / "procedures/beta-block.md").read_text() + "\nA cure.\n")
    result = run("lint", "--content", "content", cwd=scratch.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(re.match(r"content/procedures/beta-block\.md:\d+: error: 'cure' is a forbidden", x)
               for x in lines), lines
    assert lines[-1] == "1 error, 2 warnings"
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_lint_command_exits_0_on_warnings_and_reports_only_chosen_files(scratch):
    result = run("lint", "--content", "content", "content/locations/west-hills.md",
                 cwd=scratch.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "0 errors, 1 warning"
    assert result.stdout.startswith("content/locations/west-hills.md:12: warning: ")


def test_lint_command_grade_options_and_github_format(scratch):
    result = run("lint", "--content", "content", "--format", "github", "--grade-warn", "0",
                 "--grade-error", "1", "content/procedures/alpha-injection.md", cwd=scratch.root)
    assert result.returncode == 0  # alpha's body is too short to measure
    assert result.stdout.strip() == "0 errors, 0 warnings"


def test_github_annotations_escape_and_colour_only_when_asked(capsys):
    findings = [Finding("content/a, b.md", 3, "error", "bad: 100%\nnext"),
                Finding("content/c.md", 1, "warning", "old")]
    github(findings, sys.stdout)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "::error file=content/a%2C b.md,line=3,title=content lint::bad: 100%25%0Anext"
    assert out[1] == "::warning file=content/c.md,line=1,title=content lint::old"
    assert out[2] == "1 error, 1 warning"
    text(findings, sys.stdout, colour=True)
    coloured = capsys.readouterr().out
    assert "\033[1;31merror\033[0m" in coloured and "\033[1;33mwarning\033[0m" in coloured


def test_markdown_report_is_a_table_of_plain_text_errors_first(capsys):
    findings = [Finding("content/b.md", 9, "warning", "old | stale"),
                Finding("content/a_x.md", 3, "error", "<script> *is* [x](y)\nnext")]
    markdown(findings, sys.stdout)
    assert capsys.readouterr().out.splitlines() == [
        "### Content lint: 1 error, 1 warning", "",
        "| file | line | level | message |", "|---|---:|---|---|",
        r"| content/a\_x.md | 3 | error | &lt;script&gt; \*is\* \[x\](y)<br>next |",
        r"| content/b.md | 9 | warning | old \| stale |"]
    markdown([], sys.stdout)
    assert capsys.readouterr().out == ("### Content lint: 0 errors, 0 warnings\n\n"
                                       "Every content file passed.\n")


def test_lint_summary_appends_the_table_beside_the_chosen_format(scratch):
    scratch.write("procedures/beta-block.md",
                  (scratch.content / "procedures/beta-block.md").read_text() + "\nA cure.\n")
    summary = scratch.root / "step-summary.md"
    summary.write_text("earlier step\n")
    result = run("lint", "--content", "content", "--format", "github", "--summary",
                 str(summary), cwd=scratch.root)
    assert result.returncode == 1
    assert result.stdout.startswith("::")
    lines = summary.read_text().splitlines()
    assert lines[:2] == ["earlier step", "### Content lint: 1 error, 2 warnings"]
    rows = [x for x in lines if x.startswith("| content/")]
    assert len(rows) == 3 and rows[0].startswith("| content/procedures/beta-block.md | ")
    assert "| error | 'cure' is a forbidden" in rows[0]
