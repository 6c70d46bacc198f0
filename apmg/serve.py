"""``make serve``: build, serve output/ on localhost, rebuild and reload the browser on change.

``watchfiles`` reports each save under content/, theme/ and apmg/ and to the settings
file; the build then runs in a process forked from a warm worker (see ``Builder``) and,
when it succeeds, every open tab reloads through a server-sent event. A failed build
prints its errors here and leaves the last good site in output/, so the tab keeps
showing it. A build that runs longer than ``BUILD_TIMEOUT_SECONDS`` or needs more than
``BUILD_MEMORY_BYTES`` is stopped with one line saying which (``APMG_BUILD_TIMEOUT`` and
``APMG_BUILD_MEMORY`` change the limits), and the last good site stays.

Every response carries production's Content-Security-Policy for its path and the other
headers of ``apmg.headers.SECURITY_HEADERS`` except HSTS (meaningless on
http://localhost), so a page that breaks under the policy breaks here first. The reload
script is therefore a same-origin file (``/__reload.js``), never inline. It exists only
in this development server.

Each served page also gets the problem panel (apmg/panel.py): the failed build's errors
over the last good page, and the lint's findings for the content files just saved (the
lint runs in the worker too, after the build and its reload). Both lists are files in a
temporary folder (``ProblemFiles``, apmg/problems.py), served as ``/__problems.json``.

Ctrl-C (SIGINT) or SIGTERM ends everything: the worker and each build run in process
groups of their own, so the server stops the worker, and the worker kills the build's
whole group, whatever the build had started.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Collection, Mapping
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NoReturn
from urllib.parse import parse_qs, urlsplit

import watchfiles

from apmg import panel, problems
from apmg.cms import local_backend
from apmg.headers import SECURITY_HEADERS, csp

CONTENT = "content"
CONTENT_SUFFIXES = (".md", ".yml")  # the content files the lint reports on
WATCHED_DIRS = (CONTENT, "theme", "apmg")  # and the settings file
SETTLE_MS = 50  # a save counts as finished after this long without another change

BUILD_TIMEOUT_SECONDS = 120.0
BUILD_MEMORY_BYTES = 4 * 2**30
TIMEOUT_VARIABLE = "APMG_BUILD_TIMEOUT"
MEMORY_VARIABLE = "APMG_BUILD_MEMORY"
SIZE_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}

# HSTS only means something over HTTPS; on http://localhost a browser ignores it at best.
HTTPS_ONLY_HEADERS = frozenset({"Strict-Transport-Security"})
PREVIEW_SECURITY_HEADERS = {name: value for name, value in SECURITY_HEADERS.items()
                            if name not in HTTPS_ONLY_HEADERS}

# One event stream per tab: "reload" reloads it; "problems", and every (re)connection,
# which may have missed one, tell the problem panel (apmg/panel.py) to read the list again.
RELOAD_JS = b"""(() => {
  const since = new URL(document.currentScript.src).searchParams.get("since");
  const events = new EventSource("/__events?since=" + since);
  events.addEventListener("reload", () => location.reload());
  const problems = () => document.dispatchEvent(new Event("%s"));
  events.addEventListener("problems", problems);
  events.addEventListener("open", problems);
})();
""" % panel.DOM_EVENT.encode()

INTERNAL_ERROR = ("The build stopped on an internal error (a bug to report, not a mistake in "
                  "your file): see the terminal.")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
AFTER_RELOAD_NICENESS = 10  # the lint and search worker's priority, below the builds
CHILD_POLL_SECONDS = 0.01  # how often the worker looks at a running build
STOP_SECONDS = 5  # how long a worker or a watcher may take to end
# How a build child tells the worker how it ended.
CHILD_OK, CHILD_FAILED, CHILD_OUT_OF_MEMORY = 0, 1, 3


class Outcome(StrEnum):
    """How one build ended; the worker sends the value to the server as one line."""

    OK = "ok"
    FAILED = "failed"
    TIMED_OUT = "timeout"
    OUT_OF_MEMORY = "memory"


@dataclass(frozen=True)
class BuildLimits:
    """What one build may take before it is stopped."""

    seconds: float = BUILD_TIMEOUT_SECONDS
    memory_bytes: int = BUILD_MEMORY_BYTES

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> BuildLimits:
        """The defaults, or ``APMG_BUILD_TIMEOUT`` (seconds) and ``APMG_BUILD_MEMORY``
        (bytes, or with a K, M or G suffix); ValueError names a bad value."""
        seconds = environ.get(TIMEOUT_VARIABLE, "").strip()
        memory = environ.get(MEMORY_VARIABLE, "").strip()
        return cls(_seconds(seconds) if seconds else BUILD_TIMEOUT_SECONDS,
                   _bytes(memory) if memory else BUILD_MEMORY_BYTES)

    @property
    def memory(self) -> str:
        """The memory limit as people write it: ``4 GiB``, ``512 MiB``."""
        if self.memory_bytes >= 2**30:
            return f"{self.memory_bytes / 2**30:g} GiB"
        return f"{self.memory_bytes / 2**20:g} MiB"


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise ValueError(f"{TIMEOUT_VARIABLE} must be a number of seconds above 0, like 120 "
                         f"(got {text!r})")
    return seconds


def _bytes(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?", text, re.IGNORECASE)
    if not match or float(match[1]) == 0:
        raise ValueError(f"{MEMORY_VARIABLE} must be a size in bytes or with K, M or G, "
                         f"like 4G (got {text!r})")
    return int(float(match[1]) * SIZE_UNITS[match[2].upper()])


def outcome_message(outcome: Outcome, limits: BuildLimits, seconds_taken: float) -> str:
    """The one line the terminal gets about a build."""
    why = "(a content file may be too large or malformed). Still serving the last good site."
    return {
        Outcome.OK: f"Rebuilt in {seconds_taken:.1f} s; reloading the browser.",
        Outcome.FAILED: "Build failed (messages above): still serving the last good site.",
        Outcome.TIMED_OUT: f"Build stopped: it ran longer than {limits.seconds:g} s {why}",
        Outcome.OUT_OF_MEMORY: f"Build stopped: it used more than {limits.memory} of memory {why}",
    }[outcome]


def preview_headers(path: str) -> dict[str, str]:
    """The headers of every response for ``path``: production's security policy, and
    ``no-store`` so that a reload never shows a stale page."""
    return {"Content-Security-Policy": csp(path), **PREVIEW_SECURITY_HEADERS,
            "Cache-Control": "no-store"}


class Reloader:
    """Two counters browsers wait on: good builds (``version``: reload the page) and
    changes to the problem list (``problems``: the panel reads it again)."""

    def __init__(self) -> None:
        self.version = 0
        self.problems = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def bump_problems(self) -> None:
        with self._changed:
            self.problems += 1
            self._changed.notify_all()

    def wait(self, seen: tuple[int, int], timeout: float) -> tuple[int, int]:
        """``(version, problems)`` once either differs from ``seen``, or after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: (self.version, self.problems) != seen, timeout)
            return self.version, self.problems


@dataclass(frozen=True)
class ProblemFiles:
    """Where the preview keeps its problem lists (apmg/problems.py), in a folder of its
    own: the last build's, the one the running build writes (it becomes the last build's
    when the build ends: one that was killed leaves the old list) and the lint's for the
    files saved last."""

    folder: Path

    @property
    def build(self) -> Path:
        return self.folder / "build.json"

    @property
    def pending(self) -> Path:
        return self.folder / "build-running.json"

    @property
    def lint(self) -> Path:
        return self.folder / "lint.json"

    @property
    def search_catching_up(self) -> Path:
        """Present while the search index is being brought up to date after a reload."""
        return self.folder / "search-catching-up"

    def payload(self) -> bytes:
        """``/__problems.json``: the build's problems, the lint's findings, and whether
        search is still catching up with the last edit."""
        current = {**problems.current(self.build, self.lint),
                   "search_catching_up": self.search_catching_up.exists()}
        return json.dumps(current, ensure_ascii=False).encode()


# --- the server's side of building -------------------------------------------------------


class Builder:
    """Builds in a child forked from a warm worker process.

    The worker has Pelican, Markdown and our model imported already, which saves most
    of a second per rebuild; each build still runs in a fresh forked child, so Pelican's
    global signals and caches never leak from one build into the next, and a runaway
    build can be killed without losing the warm worker. A change to our own Python code
    restarts the worker so the new code is used.
    """

    def __init__(self, settings: str, output: str, limits: BuildLimits,
                 problem_files: ProblemFiles, niceness: int = 0) -> None:
        self.limits = limits
        self.problem_files = problem_files
        self._command = [sys.executable, "-m", "apmg.serve", settings, output,
                         str(limits.seconds), str(limits.memory_bytes),
                         str(problem_files.folder), str(niceness)]
        self._worker: subprocess.Popen | None = None
        self._lock = threading.Lock()  # guards _worker and _closed
        self._closed = False

    def build(self) -> bool:
        """Build once and say how it went; the build's own messages go straight to
        this terminal."""
        started = time.perf_counter()
        answer = self._ask_worker("build")
        if answer is None:  # we are stopping: nothing to report
            return False
        try:
            outcome = Outcome(answer)
        except ValueError:  # the worker died (its traceback is above)
            outcome = Outcome.FAILED
            problems.write(self.problem_files.build, [problems.Problem("", 0, "", INTERNAL_ERROR)])
        print(outcome_message(outcome, self.limits, time.perf_counter() - started), flush=True)
        return outcome is Outcome.OK

    def lint(self, files: list[str]) -> None:
        """Lint ``files`` (content files just saved) into the lint's problem list, in a
        child of the worker like a build, under the same limits."""
        if self._closed:
            return
        if not files:  # only deleted files: nothing to say about them
            problems.write(self.problem_files.lint, [])
            return
        answer = self._ask_worker("lint " + json.dumps(files))
        if answer not in (None, Outcome.OK.value):
            print("The lint of the files you saved did not finish: the preview shows no "
                  "warnings for them.", flush=True)

    def index(self) -> None:
        """Bring the live site's search index up to date (the build kept the last one, so
        that the reload did not wait for Pagefind), in a child of the worker."""
        if self._closed:
            return
        answer = self._ask_worker("index")
        if answer not in (None, Outcome.OK.value):
            print("Search could not be brought up to date: it shows the site as it was "
                  "before your last edit.", flush=True)

    def restart(self) -> None:
        """Stop the worker; the next build starts a new one with the new code."""
        with self._lock:
            _stop_worker_process(self._worker)
            self._worker = None

    def close(self) -> None:
        """Stop the worker (and so any build) for good."""
        with self._lock:
            self._closed = True
            worker, self._worker = self._worker, None
        _stop_worker_process(worker)

    def _ask_worker(self, command: str) -> str | None:
        """The worker's answer to one command ("" if it died); None when we were closed
        meanwhile."""
        with self._lock:
            if self._closed:
                return None
            if self._worker is None or self._worker.poll() is not None:
                # A group of its own: Ctrl-C reaches only the server, which stops the
                # worker in order instead of racing it.
                self._worker = subprocess.Popen(self._command, stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, text=True,
                                                process_group=0)
            worker = self._worker
        try:
            worker.stdin.write(command + "\n")
            worker.stdin.flush()
            answer = worker.stdout.readline().strip()
        except (OSError, ValueError):  # the worker was stopped meanwhile
            answer = ""
        return None if self._closed else answer


def _stop_worker_process(worker: subprocess.Popen | None) -> None:
    """SIGTERM the worker, which kills its build first; SIGKILL if it does not end."""
    if worker is None:
        return
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    for pipe in (worker.stdin, worker.stdout):
        with suppress(OSError):
            pipe.close()


# --- the worker and its build children -----------------------------------------------------

_build_child: int | None = None  # the build running now, for _stop_worker


def worker(settings: str, output: str, limits: BuildLimits, files: ProblemFiles) -> None:
    """The warm build worker: one forked, limited child per line on stdin, "build", or
    "lint" and a JSON list of the content files to lint; it answers each with an Outcome."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop_worker)
    from apmg.build import build
    from apmg.search import LATER_VARIABLE

    content = _warm_up(settings)["PATH"]
    os.environ[LATER_VARIABLE] = "1"  # the reload does not wait for Pagefind
    run_build = functools.partial(_build_noting_problems,
                                  functools.partial(build, settings, output), files.pending)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "index":
            outcome = _build_in_child(functools.partial(_update_search, output), limits)
        elif command == "lint":
            lint_files = functools.partial(_lint_noting_problems, json.loads(argument), content,
                                           files.lint)
            outcome = _build_in_child(lint_files, limits)
            if outcome is not Outcome.OK:
                problems.write(files.lint, [])
        else:
            with suppress(FileNotFoundError):
                files.pending.unlink()
            outcome = _build_in_child(run_build, limits)
            _settle_build_problems(files, outcome, limits)
        try:
            print(outcome.value, flush=True)
        except BrokenPipeError:  # the server has gone
            os._exit(0)


def _update_search(output: str) -> int:
    from apmg.search import update_index

    update_index(Path(output))
    return 0


def _build_noting_problems(run_build: Callable[[], int], pending: Path) -> int:
    """In the build child: build, and list the problems in ``pending`` if it fails.

    The build itself writes its content errors there (``APMG_PROBLEMS_FILE``); anything
    else that fails it (a template error, Pelican's warnings, a post-processing step)
    is read from what it prints.
    """
    os.environ[problems.PROBLEMS_VARIABLE] = str(pending)
    printed = _Recorder(sys.stderr)
    sys.stderr = printed
    try:
        code = run_build()
    except MemoryError:  # the worker says so
        raise
    except Exception:  # a bug in the build: _build_and_exit shows the traceback
        problems.write(pending, [problems.Problem("", 0, "", INTERNAL_ERROR)])
        raise
    if code != 0 and not pending.exists():
        problems.write(pending, problems.from_output(printed.text()))
    return code


class _Recorder:
    """A text stream that writes through to ``stream`` and keeps the end of the text."""

    KEEP = 64 * 1024  # characters: a failed build's messages, not a whole log

    def __init__(self, stream) -> None:
        self._stream = stream
        self._text = ""

    def write(self, text: str) -> int:
        self._text = (self._text + text)[-self.KEEP:]
        return self._stream.write(text)

    def text(self) -> str:
        return self._text

    def __getattr__(self, name: str):  # flush, fileno, isatty ...: the real stream's
        return getattr(self._stream, name)


def _settle_build_problems(files: ProblemFiles, outcome: Outcome, limits: BuildLimits) -> None:
    """Make the finished build's list the current one: empty after a good build, the
    child's list after a failed one, or why the child was stopped."""
    if outcome is Outcome.OK:
        problems.write(files.build, [])
    elif files.pending.exists():
        os.replace(files.pending, files.build)
    else:
        why = (outcome_message(outcome, limits, 0) if outcome is not Outcome.FAILED
               else "The build failed: see the terminal.")
        problems.write(files.build, [problems.Problem("", 0, "", why)])
    with suppress(FileNotFoundError):
        files.pending.unlink()


def _lint_noting_problems(paths: list[str], content: str, target: Path) -> int:
    """In a child: the lint (the runner ``make lint`` uses) on the content files just
    saved, its findings written to ``target``."""
    from apmg.lint import lint, load_config

    root = Path.cwd()
    try:
        findings = lint(Path(content), root, load_config(root), [Path(p) for p in paths])
    except MemoryError:
        raise
    except Exception:
        print("The lint of the files you saved stopped on an internal error (a bug to "
              "report, not a mistake in your file):", file=sys.stderr)
        traceback.print_exc()
        return CHILD_FAILED
    problems.write(target, map(problems.Problem.from_finding, findings))
    return 0


def _stop_worker(signum: int, frame: object) -> NoReturn:
    """Kill the running build's whole process group, then end the worker."""
    if _build_child is not None:
        _kill_build(_build_child)
    os._exit(0)


def _build_in_child(run_build: Callable[[], int], limits: BuildLimits) -> Outcome:
    """Fork; the child builds under the limits; say how it ended."""
    global _build_child
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # a stop must know the child
    pid = os.fork()
    if pid == 0:
        _become_build_child(limits.memory_bytes)
        _build_and_exit(run_build)
    with suppress(OSError):  # also here, so that a kill right away reaches the group
        os.setpgid(pid, pid)
    _build_child = pid
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        return _wait_for_build(pid, limits.seconds)
    finally:
        _build_child = None


def _become_build_child(memory_bytes: int) -> None:
    """A process group of its own (one kill reaches whatever the build starts), default
    signal handling, the memory ceiling, and messages to the terminal, not the pipe."""
    os.setpgid(0, 0)
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _limit_memory(memory_bytes)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


def _limit_memory(limit: int) -> None:
    """Cap the address space: past it, allocations raise MemoryError instead of
    slowing the whole machine down."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with suppress(ValueError, OSError):  # some systems (macOS) refuse; the time limit holds
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _build_and_exit(run_build: Callable[[], int]) -> NoReturn:
    """Run the build and report through the exit status only."""
    code = CHILD_FAILED
    try:
        code = CHILD_OK if run_build() == 0 else CHILD_FAILED
    except MemoryError:
        code = CHILD_OUT_OF_MEMORY
    except BaseException:  # a bug in the build, not in the editor's file: show it
        print("The build stopped on an internal error (a bug to report, not a mistake in "
              "your file):", file=sys.stderr)
        traceback.print_exc()
    finally:  # os._exit: never run the worker's code in this child
        with suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _wait_for_build(pid: int, seconds: float) -> Outcome:
    """Wait for the build child, killing its group when it runs past ``seconds`` or
    when the server goes away (it never writes to us during a build)."""
    deadline = time.monotonic() + seconds
    while not _has_exited(pid):
        if time.monotonic() > deadline:
            _kill_build(pid)
            return Outcome.TIMED_OUT
        server_gone, _, _ = select.select([sys.stdin], [], [], CHILD_POLL_SECONDS)
        if server_gone:
            _kill_build(pid)
            os._exit(0)
    code = _kill_build(pid)  # the group too: whatever the build started and left running
    return {CHILD_OK: Outcome.OK, CHILD_OUT_OF_MEMORY: Outcome.OUT_OF_MEMORY}.get(
        code, Outcome.FAILED)


def _has_exited(pid: int) -> bool:
    """Whether the child has ended, without reaping it: while it is a zombie its
    process group id cannot be reused, so killing that group stays safe."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _kill_build(pid: int) -> int | None:
    """SIGKILL the build's process group, reap the child, return its exit code."""
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _warm_up(settings_file: str = "pelicanconf.py") -> dict:
    """Import what a build imports lazily (plugins, post-processing steps, Markdown
    extensions, Pelican's parts) and the lint's rules once, so that every forked build
    and lint starts warm; return the settings."""
    import importlib

    import pelican.generators  # noqa: F401
    import pelican.writers  # noqa: F401
    from pelican.settings import read_settings

    import apmg.lint  # noqa: F401
    from apmg.markup import Renderer

    settings = read_settings(settings_file)
    for name in [*settings.get("PLUGINS", []), *settings.get("APMG_POSTPROCESS", [])]:
        try:
            importlib.import_module(name)
        except ImportError:
            importlib.import_module(name.rpartition(".")[0])
    Renderer(settings.get("APMG_MARKDOWN"))
    return settings


# --- watching ------------------------------------------------------------------------------


class Linter:
    """What follows a reload, in a warm worker of its own beside the build's so that it
    never holds up the next build: the lint of the content files saved last, then the
    search index brought up to date. Requests made meanwhile are merged: the newest files
    are linted next, the index is refreshed once, and the panel hears of each."""

    def __init__(self, worker: Builder, reloader: Reloader) -> None:
        self.worker = worker  # a Builder that is only asked to lint and index
        self.reloader = reloader
        self._wanted: list[str] | None = None
        self._index = False
        self._closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def request(self, files: list[str]) -> None:
        with self._changed:
            self._wanted = files
            self._changed.notify_all()

    def search_is_stale(self) -> None:
        """A build went live with the last index: say so (before the reload) and
        refresh it."""
        self.worker.problem_files.search_catching_up.touch()
        with self._changed:
            self._index = True
            self._changed.notify_all()

    def restart(self) -> None:
        """A new worker for the next lint, with the new code."""
        self.worker.restart()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self.worker.close()
        self._thread.join(timeout=STOP_SECONDS)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted is not None or self._index
                                       or self._closed)
                if self._closed:
                    return
                files, self._wanted = self._wanted, None
                index = files is None and self._index  # the lint first: the editor waits
                self._index = self._index and not index
            if files is not None:
                self.worker.lint(files)
            if index:
                self.worker.index()
                with self._changed:
                    if not self._index:  # no build went live meanwhile
                        with suppress(FileNotFoundError):
                            self.worker.problem_files.search_catching_up.unlink()
            self.reloader.bump_problems()


class Rebuilder:
    """One build at a time for whatever was saved, then a browser reload if it worked (or
    the problem panel's news if not), then the lint of the content files saved."""

    def __init__(self, builder: Builder, reloader: Reloader, linter: Linter) -> None:
        self.builder = builder
        self.reloader = reloader
        self.linter = linter
        self._lock = threading.Lock()  # the watchers of folders and of files share us

    def __call__(self, changed: set[str]) -> None:
        with self._lock:
            if any(path.endswith(".py") for path in changed):
                self.builder.restart()
                self.linter.restart()
            if self.builder.build():
                self.linter.search_is_stale()
                self.reloader.bump()
            else:
                self.reloader.bump_problems()
            saved = [path for path in changed if is_source(path, [os.path.abspath(CONTENT)], ())]
            if saved:  # a template or code change leaves the last lint's findings as they are
                self.linter.request(sorted(path for path in saved if os.path.isfile(path)
                                           and path.endswith(CONTENT_SUFFIXES)))


def is_source(path: str, dirs: Collection[str], files: Collection[str]) -> bool:
    """Whether a change to ``path`` (absolute) needs a build: a watched file, or a file
    under a watched folder that is not hidden, a backup (``~``) or in ``__pycache__``."""
    path = os.path.normpath(path)
    if path in files:
        return True
    for folder in dirs:
        if path.startswith(folder + os.sep):
            parts = path[len(folder) + 1:].split(os.sep)
            return not any(part.startswith(".") or part == "__pycache__" or part.endswith("~")
                           for part in parts)
    return False


def watch_sources(settings: str, on_change: Callable[[set[str]], None],
                  stop: threading.Event) -> list[threading.Thread]:
    """Call ``on_change`` with the saved paths until ``stop`` is set.

    Folders are watched recursively. A single file is watched through its folder, not
    recursively: a watch on the file itself is lost when an editor saves by replacing
    the file (vim, JetBrains), and watching its folder recursively would take in
    .venv/ and output/. watchfiles has one ``recursive`` per watch, hence two threads.
    """
    dirs = [os.path.abspath(name) for name in WATCHED_DIRS if os.path.isdir(name)]
    files = [os.path.abspath(settings)]
    accept = functools.partial(_accept_change, dirs=dirs, files=files)
    watches = [(dirs, True), (sorted({os.path.dirname(file) for file in files}), False)]
    threads = [threading.Thread(target=_watch, args=(paths, recursive, accept, on_change, stop),
                                daemon=True)
               for paths, recursive in watches if paths]
    for thread in threads:
        thread.start()
    return threads


def _accept_change(change: object, path: str, dirs: list[str], files: list[str]) -> bool:
    return is_source(path, dirs, files)


def _watch(paths: list[str], recursive: bool, accept: Callable[[object, str], bool],
           on_change: Callable[[set[str]], None], stop: threading.Event) -> None:
    for changes in watchfiles.watch(*paths, watch_filter=accept, recursive=recursive,
                                    step=SETTLE_MS, stop_event=stop, raise_interrupt=False):
        on_change({path for _, path in changes})


# --- HTTP ----------------------------------------------------------------------------------


class Handler(SimpleHTTPRequestHandler):
    """Static files from output/, with the reload script and the problem panel added to
    every HTML page."""

    reloader: Reloader
    problem_files: ProblemFiles

    def log_message(self, format: str, *args) -> None:  # keep the terminal for build news
        pass

    def do_GET(self) -> None:
        route = self._route()
        if route == "/__reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
        if route == panel.SCRIPT_PATH:
            return self._send(200, "text/javascript", panel.SCRIPT)
        if route == panel.STYLESHEET_PATH:
            return self._send(200, "text/css", panel.STYLESHEET)
        if route == panel.PROBLEMS_PATH:
            return self._send(200, "application/json", self.problem_files.payload())
        if route == "/__events":
            return self._events()
        path = Path(self.translate_path(route))
        if path.is_dir():
            if not route.endswith("/"):
                self.send_response(301)
                self.send_header("Location", route + "/")
                self.end_headers()
                return None
            path = path / "index.html"
        if path.suffix == ".html" or not path.exists():
            status = 200 if path.is_file() else 404
            page = path if path.is_file() else Path(self.directory) / "404.html"
            body = page.read_bytes() if page.is_file() else b"<title>Not found</title>"
            return self._send(status, "text/html; charset=utf-8",
                              _inject(body, self.reloader.version))
        return super().do_GET()

    def _route(self) -> str:
        # a malformed request line is answered before self.path exists
        return getattr(self, "path", "/").split("?")[0]

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: "reload" once the site is newer than the page's build
        (``since``, written into the page), so a build that finishes before the tab
        connects still reloads it; "problems" when the problem list changes."""
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        # The problem list as it is before the stream opens: the panel reads the list
        # again once it is open, so a change between the page and the stream is not lost.
        seen = (int(since) if since.isdigit() else self.reloader.version,
                self.reloader.problems)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while True:
                now = self.reloader.wait(seen, timeout=15)
                if now[0] != seen[0]:
                    message = b"event: reload\ndata: 1\n\n"
                elif now[1] != seen[1]:
                    message = b"event: problems\ndata: 1\n\n"
                else:
                    message = b": keep-alive\n\n"
                self.wfile.write(message)
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            pass

    def end_headers(self) -> None:
        for name, value in preview_headers(self._route()).items():
            self.send_header(name, value)
        super().end_headers()


def _inject(html: bytes, version: int) -> bytes:
    """``html`` with the reload script and the problem panel's tags, before ``</head>``."""
    tag = b'<script src="/__reload.js?since=%d" defer></script>' % version + panel.TAGS
    marker = b"</head>" if b"</head>" in html else b"</body>"
    return html.replace(marker, tag + marker, 1) if marker in html else html + tag


# --- the command ---------------------------------------------------------------------------


def serve(host: str = "127.0.0.1", port: int = 8000, output: str = "output",
          settings: str = "pelicanconf.py") -> int:
    """Build, serve and rebuild on every save until Ctrl-C or SIGTERM; the exit code."""
    try:
        limits = BuildLimits.from_environment()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    reloader = Reloader()
    problem_files = ProblemFiles(Path(tempfile.mkdtemp(prefix="apmg-preview-")))
    try:  # before building, so that a busy port is reported at once
        server = _http_server(host, port, output, reloader, problem_files)
    except OSError as error:
        shutil.rmtree(problem_files.folder, ignore_errors=True)
        print(cannot_listen(error, host, port), file=sys.stderr)
        return 1
    builder = Builder(settings, output, limits, problem_files)
    # The lint and the search index yield the processor to the next build (os.nice).
    linter = Linter(Builder(settings, output, limits, problem_files,
                            niceness=AFTER_RELOAD_NICENESS), reloader)
    stop = threading.Event()
    watchers: list[threading.Thread] = []
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops us as Ctrl-C does
    cms = None
    try:
        cms = local_backend.start_for_preview()  # the editor's saves (docs/cms.md)
        # Watch first: a save during the first build is then built too, and once the
        # "Serving" line is out every save is seen.
        watchers += watch_sources(settings, Rebuilder(builder, reloader, linter), stop)
        builder.build()
        print(f"Serving {output}/ on http://{'localhost' if host == '0.0.0.0' else host}:{port}/ "
              "(Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for signum in STOP_SIGNALS:  # a second Ctrl-C must not interrupt the clean-up
            signal.signal(signum, signal.SIG_IGN)
        stop.set()
        server.server_close()
        builder.close()
        linter.close()
        local_backend.stop(cms)
        for thread in watchers:
            thread.join(timeout=STOP_SECONDS)
        shutil.rmtree(problem_files.folder, ignore_errors=True)
    print("\nStopped." if sys.stdout.isatty() else "Stopped.", flush=True)  # after "^C"
    return 0


def _http_server(host: str, port: int, output: str, reloader: Reloader,
                 problem_files: ProblemFiles) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"reloader": reloader,
                                                "problem_files": problem_files})
    server = ThreadingHTTPServer((host, port),
                                 functools.partial(handler, directory=os.path.abspath(output)))
    server.daemon_threads = True
    os.makedirs(output, exist_ok=True)
    return server


def cannot_listen(error: OSError, host: str, port: int) -> str:
    """What to tell an editor whose server cannot listen (a busy port, most often)."""
    if error.errno == errno.EADDRINUSE:
        return (f"Port {port} is already in use (is another 'make serve' running?). "
                f"Try: make serve PORT={port + 1}")
    return f"Cannot serve on {host}:{port}: {error.strerror or error}."


if __name__ == "__main__":  # the worker: python -m apmg.serve SETTINGS OUTPUT SECS BYTES DIR NICE
    os.nice(int(sys.argv[6]))
    worker(sys.argv[1], sys.argv[2], BuildLimits(float(sys.argv[3]), int(sys.argv[4])),
           ProblemFiles(Path(sys.argv[5])))
