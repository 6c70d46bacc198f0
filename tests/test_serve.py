"""``make serve`` without a browser: production's headers, the build limits, Ctrl-C, a
busy port, and what is watched. Each server runs on a temporary copy of a project."""

from __future__ import annotations

import errno
import gzip
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from helpers import FIXTURES, ROOT, copy_of_the_project
from serving import ServeProcess, session_processes, wait_until

from apmg.headers import SECURITY_HEADERS, csp
from apmg.serve import (
    AFTER_RELOAD_NICENESS,
    BuildLimits,
    Outcome,
    cannot_listen,
    is_source,
    outcome_message,
)

# what to write into a content file to make a build run away (see the plugin)
RUNAWAY = runpy.run_path(str(FIXTURES / "runaway_plugin.py"))
SLOW_MARKER, MEMORY_MARKER = RUNAWAY["SLOW_MARKER"], RUNAWAY["MEMORY_MARKER"]
PAGE = "/treatments/alpha-injection/"
PROCEDURE = Path("content/procedures/alpha-injection.md")


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """The fixture site as content/, and settings that add the runaway plugin."""
    shutil.copytree(FIXTURES / "site", tmp_path / "content")
    (tmp_path / "runawayconf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(ROOT)!r}, {str(FIXTURES)!r}]\n"
        "from pelicanconf import *\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        "PLUGINS = [*PLUGINS, 'runaway_plugin']\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    """A copy of the project's own content, theme and settings."""
    return copy_of_the_project(tmp_path)


def serve(project: Path, **env: str) -> ServeProcess:
    server = ServeProcess(project, "--settings", "runawayconf.py", env=env)
    server.wait_until_up()
    return server


def append(project: Path, text: str) -> None:
    path = project / PROCEDURE
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def only_server_and_workers(server: ServeProcess) -> bool:
    """Whether every process left in the server's session is the server or one it started
    itself (a worker): no build, nor anything a build or a lint started."""
    def parent(pid: int) -> int | None:
        try:
            return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):  # ended while we looked
            return None
    return all(pid == server.proc.pid or parent(pid) in (server.proc.pid, None)
               for pid in session_processes(server.proc.pid))


def page_text(server: ServeProcess, path: str = PAGE) -> str:
    response = requests.get(server.url + path, timeout=30)
    assert response.status_code == 200, response.status_code
    return response.text


# --- production's headers ----------------------------------------------------------------


def test_every_response_carries_productions_security_headers(fixture_project):
    assert csp("/search/") != csp("/"), "the search pages must get their own policy"
    server = serve(fixture_project)
    try:
        for path, status in [("/", 200), (PAGE, 200), ("/search/", 200),
                             ("/static/css/site.css", 200), ("/__reload.js", 200),
                             ("/no-such-page/", 404)]:
            response = requests.get(server.url + path, timeout=30)
            assert response.status_code == status, path
            headers = response.headers
            assert headers["Content-Security-Policy"] == csp(path), path
            for name, value in SECURITY_HEADERS.items():
                if name == "Strict-Transport-Security":  # HTTPS only: not on localhost
                    assert name not in headers, path
                else:
                    assert headers[name] == value, (path, name)
        html = page_text(server)
        # the reload script is a same-origin file, so the policy lets it run
        assert re.search(r'<script src="/__reload\.js\?since=\d+" defer></script>', html)
    finally:
        server.stop()


# --- the build limits --------------------------------------------------------------------


def test_limits_default_and_come_from_the_environment():
    assert BuildLimits.from_environment({}) == BuildLimits(120.0, 4 * 2**30)
    limits = BuildLimits.from_environment({"APMG_BUILD_TIMEOUT": "1.5",
                                           "APMG_BUILD_MEMORY": "512M"})
    assert limits == BuildLimits(1.5, 512 * 2**20)
    assert BuildLimits.from_environment({"APMG_BUILD_MEMORY": "1073741824"}).memory == "1 GiB"
    for name, value in [("APMG_BUILD_TIMEOUT", "soon"), ("APMG_BUILD_TIMEOUT", "0"),
                        ("APMG_BUILD_MEMORY", "lots"), ("APMG_BUILD_MEMORY", "0")]:
        with pytest.raises(ValueError, match=name):
            BuildLimits.from_environment({name: value})


def test_limit_messages_say_what_happened_and_what_is_served():
    limits = BuildLimits()
    assert outcome_message(Outcome.TIMED_OUT, limits, 0) == (
        "Build stopped: it ran longer than 120 s (a content file may be too large or "
        "malformed). Still serving the last good site.")
    assert outcome_message(Outcome.OUT_OF_MEMORY, limits, 0) == (
        "Build stopped: it used more than 4 GiB of memory (a content file may be too large "
        "or malformed). Still serving the last good site.")


def test_the_guide_shows_the_messages_the_preview_prints():
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert outcome_message(Outcome.TIMED_OUT, BuildLimits(), 0) in guide
    assert outcome_message(Outcome.FAILED, BuildLimits(), 0) in guide
    assert cannot_listen(OSError(errno.EADDRINUSE, "in use"), "127.0.0.1", 8000) in guide


def test_a_build_past_the_time_limit_is_stopped_and_the_last_good_site_stays(
        fixture_project):
    # The fixture site builds in a small fraction of this, even on a loaded machine.
    server = serve(fixture_project, APMG_BUILD_TIMEOUT="20")
    try:
        good = page_text(server)
        append(fixture_project, SLOW_MARKER)
        server.wait_for("Build stopped: it ran longer than 20 s (a content file may be too "
                        "large or malformed). Still serving the last good site.")
        assert page_text(server) == good
        # the sleeping build and the process it started end: the server and its workers
        # (the build's, and the lint's of the saved file) remain
        wait_until(lambda: only_server_and_workers(server), server.output)

        procedure = fixture_project / PROCEDURE
        procedure.write_text(procedure.read_text().replace(SLOW_MARKER, "Recovered build, so."))
        server.wait_for("Rebuilt in", count=2)
        assert "Recovered build" in page_text(server)
    finally:
        server.stop()


def test_a_build_past_the_memory_limit_is_stopped_without_a_traceback(fixture_project):
    server = serve(fixture_project, APMG_BUILD_MEMORY=str(2**30))  # the plugin wants as much
    try:
        good = page_text(server)
        append(fixture_project, MEMORY_MARKER)
        server.wait_for("Build stopped: it used more than 1 GiB of memory (a content file "
                        "may be too large or malformed). Still serving the last good site.")
        assert "Traceback" not in server.output
        assert page_text(server) == good
    finally:
        server.stop()


# --- stopping ------------------------------------------------------------------------------


def _build_is_running(server: ServeProcess) -> bool:
    """Whether the slow build's own child (``sleep``) is up: a build is mid-way."""
    for pid in session_processes(server.proc.pid):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "sleep":
                return True
        except OSError:
            pass
    return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_signal_ends_every_process_with_one_line(fixture_project, signum):
    server = serve(fixture_project)
    try:
        append(fixture_project, SLOW_MARKER)
        wait_until(lambda: _build_is_running(server), server.output)
        os.killpg(server.proc.pid, signum)  # as a terminal's Ctrl-C does
        assert server.wait() == 0, server.output
        assert server.output.splitlines()[-1] == "Stopped.", server.output
        assert "Traceback" not in server.output
        # (the output ended, so nothing holds the terminal any more)
        wait_until(lambda: not session_processes(server.proc.pid),
                   lambda: f"left running: {session_processes(server.proc.pid)}")
    finally:
        server.stop()


# --- the port ------------------------------------------------------------------------------


def test_a_busy_port_is_reported_at_once_without_a_traceback(fixture_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "apmg", "serve", "--port", str(port),
                                 "--settings", "runawayconf.py"],
                                cwd=fixture_project, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert result.returncode == 1
    assert result.stdout + result.stderr == (
        f"Port {port} is already in use (is another 'make serve' running?). "
        f"Try: make serve PORT={port + 1}\n")
    assert not (fixture_project / "output").exists()  # said before building anything


def test_make_serve_passes_port():
    # without what a calling make (make test ARGS=...) or a host would pass down
    env = {name: value for name, value in os.environ.items()
           if name not in {"PORT", "ARGS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}

    def command(*args: str) -> list[str]:
        result = subprocess.run(["make", "--dry-run", "serve", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1].split()[-4:]

    assert command() == ["apmg", "serve", "--port", "8000"]
    assert command("PORT=8001") == ["apmg", "serve", "--port", "8001"]


# --- what is watched -----------------------------------------------------------------------


def test_only_sources_are_watched():
    dirs, files = ["/p/content", "/p/theme", "/p/apmg"], ["/p/pelicanconf.py"]
    for path in ["/p/content/procedures/a.md", "/p/theme/static/css/site.css",
                 "/p/apmg/serve.py", "/p/./pelicanconf.py", "/p/content/procedures"]:
        assert is_source(path, dirs, files), path
    for path in ["/p/content/procedures/.a.md.swp", "/p/content/.#a.md", "/p/content/a.md~",
                 "/p/apmg/__pycache__/serve.cpython-311.pyc", "/p/theme/.cache/x",
                 "/p/output/index.html", "/p/publishconf.py", "/p/contents/a.md"]:
        assert not is_source(path, dirs, files), path


def test_templates_stylesheet_and_settings_are_rebuilt(real_project):
    """Checked over HTTP: the settings file is replaced the way vim and JetBrains save
    (a new file renamed over it), twice, since that loses a watch on the file itself."""
    server = ServeProcess(real_project)

    def wait_for(path: str, text: str) -> None:
        deadline = time.monotonic() + 120
        while text not in requests.get(server.url + path, timeout=30).text:
            assert time.monotonic() < deadline, server.output
            time.sleep(0.1)

    try:
        server.wait_until_up()
        base = real_project / "theme" / "templates" / "base.html"
        base.write_text(base.read_text().replace("</body>", "<p hidden>template edit</p></body>"))
        wait_for("/", "template edit")
        css = real_project / "theme" / "static" / "css" / "site.css"
        css.write_text(css.read_text() + "\n.stylesheet-edit { color: red; }\n")
        wait_for("/static/css/site.css", "stylesheet-edit")
        settings = real_project / "pelicanconf.py"
        for edit in range(2):
            builds = server.output.count("Rebuilt in")
            replacement = real_project / f".pelicanconf.py.{edit}.tmp"
            replacement.write_text(settings.read_text() + f"\n# edit {edit}\n")
            os.replace(replacement, settings)
            server.wait_for("Rebuilt in", count=builds + 1)
    finally:
        server.stop()


def _indexed(site: Path, word: bytes) -> bool:
    """Whether Pagefind's index of ``site`` holds ``word`` (its fragments are gzip'd JSON)."""
    return any(word in gzip.decompress(path.read_bytes())
               for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_search_catches_up_after_the_reload_and_says_so_meanwhile(fixture_project):
    """The reload does not wait for Pagefind: the build keeps the last index, the server
    says search is catching up, the worker indexes the live site, and the note goes."""
    server = serve(fixture_project)
    site = fixture_project / "output"
    seen: list[bool] = []

    def catching_up() -> bool:
        seen.append(requests.get(server.url + "/__problems.json",
                                 timeout=30).json()["search_catching_up"])
        return seen[-1]

    try:
        assert not catching_up() and not _indexed(site, b"zebrafinch")
        append(fixture_project, "A zebrafinch sentence.")
        wait_until(catching_up, lambda: f"never catching up: {seen[-5:]}\n{server.output}",
                   timeout=120)
        wait_until(lambda: not catching_up(), lambda: server.output, timeout=120)
        assert "zebrafinch" in page_text(server)
        assert _indexed(site, b"zebrafinch"), "the index was not brought up to date"
    finally:
        server.stop()


def test_the_lint_and_search_worker_yields_to_the_builds(fixture_project):
    """After a reload the lint and the search index run in a worker of their own at a
    lower priority, so the next save's build gets the processor first."""
    server = serve(fixture_project)

    def workers() -> dict[int, int]:
        """Each worker's niceness, by whether it is the after-reload one."""
        found = {}
        for pid in session_processes(server.proc.pid):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"apmg.serve" in argv:
                found[int(argv[-2] or argv[-1])] = os.getpriority(os.PRIO_PROCESS, pid)
        return found

    try:
        append(fixture_project, "A sentence to lint.")
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        expected = {0: ours, AFTER_RELOAD_NICENESS: ours + AFTER_RELOAD_NICENESS}
        wait_until(lambda: workers() == expected, lambda: f"{workers()}\n{server.output}",
                   timeout=120)
    finally:
        server.stop()
