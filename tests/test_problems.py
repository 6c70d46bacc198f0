"""The preview's problem list (apmg/problems.py) and how the preview serves it: the build's
record of its content errors, the lint's findings, the files the panel reads, the
tags added to served pages only, and the server-sent event that tells the panel."""

from __future__ import annotations

import functools
import http.client
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from helpers import FIXTURES, build_in_process, make_project

from apmg import panel
from apmg.headers import csp
from apmg.lint.finding import Finding
from apmg.lint.rules.model import to_finding
from apmg.model.errors import ContentError
from apmg.problems import (
    PROBLEMS_VARIABLE,
    Problem,
    current,
    from_output,
    read,
    record_content_errors,
    write,
)
from apmg.serve import (
    INTERNAL_ERROR,
    BuildLimits,
    Outcome,
    ProblemFiles,
    Reloader,
    _http_server,
    _inject,
    _settle_build_problems,
    outcome_message,
)

PHONE_ERROR = ContentError("content/locations/a.md", 5, "phone", "'call us' is not a phone "
                           "number", "a US phone number, like (818) 555-0100")


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


# --- the record ------------------------------------------------------------------------------


def test_a_content_error_becomes_a_problem_with_its_fix():
    problem = Problem.from_content_error(PHONE_ERROR)
    assert problem == Problem("content/locations/a.md", 5, "phone",
                              "'call us' is not a phone number",
                              "expected a US phone number, like (818) 555-0100", "error")
    assert f"{problem.file}:{problem.line}: {problem.text}" == str(PHONE_ERROR)
    warning = ContentError("content/a.md", 1, "placeholders", "not yet real", level="warning")
    assert Problem.from_content_error(warning).severity == "warning"


def test_a_lint_finding_reads_as_the_same_content_error():
    # the lint shows the build's errors in the build's words: one text, so one line
    assert Problem.from_finding(to_finding(PHONE_ERROR)).text == (
        Problem.from_content_error(PHONE_ERROR).text)
    finding = Finding("content/procedures/b.md", 9, "warning", "last_reviewed is old")
    assert Problem.from_finding(finding) == Problem("content/procedures/b.md", 9, "",
                                                    "last_reviewed is old", "", "warning")


def test_severity_is_error_or_warning():
    with pytest.raises(ValueError, match="severity"):
        Problem("a.md", 1, "", "x", severity="fatal")


def test_write_then_read_round_trips_errors_first(tmp_path: Path):
    path = tmp_path / "problems.json"
    warning = Problem("content/a.md", 2, "", "a review is due", severity="warning")
    error = Problem.from_content_error(PHONE_ERROR)
    write(path, [warning, error])
    assert read(path) == [error, warning]
    assert [p.name for p in tmp_path.iterdir()] == ["problems.json"]  # no temporary left
    write(path, [])
    assert read(path) == []


def test_a_missing_file_is_no_problems_and_a_broken_one_names_itself(tmp_path: Path):
    assert read(tmp_path / "none.json") == []
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json: not a list of problems"):
        read(broken)


def test_the_build_records_every_content_error_when_asked(tmp_path: Path, monkeypatch):
    """The real build, on the fixture site with two broken files."""
    content = make_project(tmp_path)
    location = content / "locations" / "west-hills.md"
    location.write_text(location.read_text().replace('phone: "(818) 555-0110"',
                                                     'phone: "call us"'))
    procedure = content / "procedures" / "alpha-injection.md"
    procedure.write_text(procedure.read_text().replace("related: [beta-block]",
                                                       "related: [no-such-procedure]"))
    target = tmp_path / "problems.json"
    monkeypatch.setenv(PROBLEMS_VARIABLE, str(target))
    result = build_in_process(tmp_path, content)
    assert result.returncode == 1
    recorded = read(target)
    assert {(p.file, p.line, p.field) for p in recorded} == {
        ("content/locations/west-hills.md", line_of(location, "phone:"), "phone"),
        ("content/procedures/alpha-injection.md", line_of(procedure, "related:"), "related[0]"),
    }
    for problem in recorded:  # the same lines the terminal shows
        assert f"{problem.file}:{problem.line}: {problem.text}" in result.stderr


def test_without_the_variable_nothing_is_written(tmp_path: Path):
    record_content_errors([PHONE_ERROR], environ={})
    record_content_errors([PHONE_ERROR], environ={PROBLEMS_VARIABLE: ""})
    assert list(tmp_path.iterdir()) == []


def test_what_a_failed_build_printed_becomes_problems():
    printed = ("content/faqs/a.md:3: warning: placeholder text: '[Placeholder: x]' is still "
               "to be written\n"
               "theme/templates/faq.html:12: template error: unexpected '}'\n"
               "Nothing was written to output/.\n")
    assert from_output(printed) == [
        Problem("theme/templates/faq.html", 12, "", "template error: unexpected '}'")]
    pelican = ("WARNING: pelican.generators: Unable to find 'x.css', skipping url replacement.\n"
               "1 warning(s) or error(s) from Pelican (above): nothing was written to output/.\n")
    assert from_output(pelican) == [Problem("", 0, "", "WARNING: pelican.generators: Unable "
                                            "to find 'x.css', skipping url replacement.")]
    assert from_output("search index: pagefind failed\n") == [
        Problem("", 0, "", "search index: pagefind failed")]
    assert from_output("") == [Problem("", 0, "", "The build failed (see the terminal).")]


def test_the_panel_gets_the_lint_findings_the_build_does_not_already_list(tmp_path: Path):
    build, lint = tmp_path / "build.json", tmp_path / "lint.json"
    error = Problem.from_content_error(PHONE_ERROR)
    review = Problem("content/locations/a.md", 9, "", "a review is due", severity="warning")
    write(build, [error])
    write(lint, [Problem.from_finding(to_finding(PHONE_ERROR)), review])
    shown = current(build, lint)
    assert [Problem.from_mapping(p) for p in shown["build"]] == [error]
    assert [Problem.from_mapping(p) for p in shown["lint"]] == [review]


# --- the worker's record of how a build ended ------------------------------------------------


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_build_outcome_leaves_a_list(tmp_path: Path, outcome: Outcome):
    files, limits = ProblemFiles(tmp_path), BuildLimits()
    write(files.build, [Problem("old.md", 1, "", "from the build before")])
    _settle_build_problems(files, outcome, limits)
    expected = {
        Outcome.OK: [],
        Outcome.FAILED: [Problem("", 0, "", "The build failed: see the terminal.")],
        Outcome.TIMED_OUT: [Problem("", 0, "", outcome_message(outcome, limits, 0))],
        Outcome.OUT_OF_MEMORY: [Problem("", 0, "", outcome_message(outcome, limits, 0))],
    }[outcome]
    assert read(files.build) == expected


def test_a_failed_build_s_own_list_becomes_the_current_one(tmp_path: Path):
    files = ProblemFiles(tmp_path)
    write(files.pending, [Problem.from_content_error(PHONE_ERROR)])
    _settle_build_problems(files, Outcome.FAILED, BuildLimits())
    assert read(files.build) == [Problem.from_content_error(PHONE_ERROR)]
    assert not files.pending.exists()
    write(files.pending, [Problem("", 0, "", INTERNAL_ERROR)])
    _settle_build_problems(files, Outcome.OK, BuildLimits())
    assert read(files.build) == [] and not files.pending.exists()


# --- served pages only -------------------------------------------------------------------------


def test_the_panel_is_added_before_the_head_ends_after_the_reload_script():
    html = b"<html><head><title>x</title></head><body><main>Page</main></body></html>"
    injected = _inject(html, 7)
    assert injected == html.replace(
        b"</head>", b'<script src="/__reload.js?since=7" defer></script>'
        b'<link rel="stylesheet" href="/__panel.css"><script src="/__panel.js" defer></script>'
        b"</head>")
    assert _inject(b"<p>no head</p></body>", 1).endswith(b'defer></script></body>')


def test_the_panel_script_writes_text_never_html():
    script = panel.SCRIPT.decode()
    assert "textContent" in script
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                   ".style", "setAttribute(\"style"):
        assert unsafe not in script, unsafe


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Reloader, ProblemFiles, Path]]:
    """The preview's HTTP server, without a build, on a folder holding one page."""
    output = tmp_path / "output"
    (output / "treatments" / "a").mkdir(parents=True)
    (output / "treatments" / "a" / "index.html").write_bytes(
        b"<html><head><title>A</title></head><body><main>A page</main></body></html>")
    (tmp_path / "problems").mkdir()
    reloader, files = Reloader(), ProblemFiles(tmp_path / "problems")
    server = _http_server("127.0.0.1", 0, str(output), reloader, files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", reloader, files, output
    server.shutdown()
    server.server_close()


def test_the_panel_files_and_the_list_are_served_under_productions_policy(preview):
    url, _, files, output = preview
    write(files.build, [Problem.from_content_error(PHONE_ERROR)])
    for path, kind in [("/__panel.js", "text/javascript"), ("/__panel.css", "text/css"),
                       ("/__problems.json", "application/json"),
                       ("/treatments/a/", "text/html; charset=utf-8")]:
        response = requests.get(url + path, timeout=30)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == kind, path
        assert response.headers["Content-Security-Policy"] == csp(path), path
    assert requests.get(url + "/__problems.json", timeout=30).json() == {
        **current(files.build, files.lint), "search_catching_up": False}
    page = requests.get(url + "/treatments/a/", timeout=30).text
    assert panel.TAGS.decode() in page
    # the built file itself is untouched
    assert b"__panel" not in (output / "treatments" / "a" / "index.html").read_bytes()


def test_a_changed_list_is_an_event_and_a_good_build_a_reload(preview):
    url, reloader, _, _ = preview
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", f"/__events?since={reloader.version}")
    stream = connection.getresponse()
    assert stream.headers["Content-Type"] == "text/event-stream"
    read_event = functools.partial(_next_event, stream)
    reloader.bump_problems()
    assert read_event() == "problems"
    reloader.bump()
    assert read_event() == "reload"
    connection.close()


def _next_event(stream: http.client.HTTPResponse) -> str:
    """The name of the next server-sent event (keep-alive comments skipped); the bound
    only ends a failure."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = stream.readline().decode().strip()
        if line.startswith("event: "):
            return line.removeprefix("event: ")
    raise AssertionError("no event in 60 s")


def test_the_fixture_site_is_where_the_browser_test_breaks_files():
    # tests/browser/test_preview_panel.py edits these lines; fail here, plainly, if they move
    assert 'phone: "(818) 555-0110"' in (FIXTURES / "site/locations/west-hills.md").read_text()
    assert "related: [beta-block]" in (FIXTURES / "site/procedures/alpha-injection.md").read_text()
