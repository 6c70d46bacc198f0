"""Edit-to-reload latency of the real ``make serve``: file write to the ``reload`` event.

``session`` copies a content folder into a work folder of its own (the edits never touch
the repo's content/), starts ``python -m apmg serve`` there on a free port with the
repo's settings and theme, waits for the first build, opens the server-sent events
stream a browser tab opens (``/__events?since=<the page's version>``) and then, per
edit, appends one line to one procedure's body and times from just before the write to
the ``reload`` event. Between edits it waits until the server is quiet (no event, no
output), so one edit's build never overlaps the next one's.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apmg.bench.sse import EventStream, StreamError, page_version
from apmg.bench.variants import REPO

HOST = "127.0.0.1"
FIRST_BUILD_SECONDS = 900.0  # the cold first build at N = 1000 on a loaded machine
EDIT_SECONDS = 120.0  # serve's own build time limit
QUIET_SECONDS = 1.0  # no event and no server output this long: the edit is finished
STOP_SECONDS = 20.0
LOG_TAIL = 1500


@dataclass
class ReloadTiming:
    """The latencies of one serve session (seconds per edit)."""

    label: str
    files: int
    first_build: float = float("nan")
    latencies: list[float] = field(default_factory=list)
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def worst(self) -> float:
        return max(self.latencies) if self.latencies else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def settings_file(work: Path) -> Path:
    """Settings for the copy: the repo's pelicanconf.py, its theme, PATH ./content."""
    path = work / "serve_settings.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
                    "from pelicanconf import *  # noqa\n"
                    f"THEME = {str(REPO / 'theme')!r}\nPATH = 'content'\n")
    return path


def edited_file(content: Path) -> Path:
    """The procedure every edit changes: the middle one by name."""
    procedures = sorted((content / "procedures").glob("*.md"))
    if not procedures:
        raise FileNotFoundError(f"{content / 'procedures'}: no procedure to edit")
    return procedures[len(procedures) // 2]


def measure_edits(stream: EventStream, edit: Callable[[int], None], count: int,
                  settle: Callable[[], None], timeout: float = EDIT_SECONDS) -> list[float]:
    """Seconds from just before ``edit(n)`` to the next ``reload`` event, for n in 1..count.

    ``settle()`` runs after each reload and returns when the server is quiet again.
    A missing reload raises StreamError naming the edit.
    """
    latencies = []
    for n in range(1, count + 1):
        started = time.perf_counter()
        edit(n)
        deadline = started + timeout
        while True:
            event = stream.next_event(max(0.0, deadline - time.perf_counter()))
            if event is None:
                raise StreamError(f"edit {n}: no reload event within {timeout:g} s")
            if event.name == "reload":
                latencies.append(time.perf_counter() - started)
                break
        settle()
    return latencies


class Server:
    """``python -m apmg serve`` in ``work``: its output collected, its quiet moments known."""

    def __init__(self, work: Path, settings: Path, port: int) -> None:
        self.port = port
        self.lines: list[str] = []
        self.last_output = time.monotonic()
        self.first_build_failed = False
        self._serving = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "apmg", "serve", "--port", str(port),
             "--settings", settings.name], cwd=work,
            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
        for pipe in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(pipe,), daemon=True).start()

    def _read(self, pipe) -> None:
        for line in pipe:
            self.lines.append(line.rstrip("\n"))
            self.last_output = time.monotonic()
            if line.startswith(("Build failed", "Build stopped")) and not self._serving.is_set():
                self.first_build_failed = True
            if line.startswith("Serving "):
                self._serving.set()

    def wait_serving(self, timeout: float) -> bool:
        """Whether the first build ended and the server listens (False: it died or hung)."""
        deadline = time.monotonic() + timeout
        while not self._serving.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                return False
        return True

    def log_tail(self) -> str:
        """The server's last lines, without the placeholder warnings every build repeats."""
        lines = [line for line in self.lines if ": warning: placeholder" not in line]
        return "\n".join(lines)[-LOG_TAIL:]

    def stop(self) -> None:
        """SIGTERM (serve stops its worker and build), SIGKILL if it does not end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _settler(stream: EventStream, server: Server, quiet: float) -> Callable[[], None]:
    def settle() -> None:
        while True:
            if stream.next_event(quiet) is None and \
                    time.monotonic() - server.last_output >= quiet:
                return
    return settle


def session(label: str, content: Path, work: Path, edits: int) -> ReloadTiming:
    """Serve a copy of ``content`` and time ``edits`` edits; failures end in ``failed``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(content, work / "content")
    timing = ReloadTiming(label, sum(1 for p in (work / "content").rglob("*") if p.is_file()))
    target = edited_file(work / "content")
    original = target.read_text(encoding="utf-8")

    def edit(n: int) -> None:
        target.write_text(original + f"\nBench edit number {n}.\n", encoding="utf-8")

    started = time.perf_counter()
    server = Server(work, settings_file(work), free_port())
    try:
        if not server.wait_serving(FIRST_BUILD_SECONDS) or server.first_build_failed:
            timing.failed = f"the first build failed:\n{server.log_tail()}"
            return timing
        timing.first_build = time.perf_counter() - started
        version = page_version(f"http://{HOST}:{server.port}/")
        with EventStream(HOST, server.port, f"/__events?since={version}") as stream:
            settle = _settler(stream, server, QUIET_SECONDS)
            settle()
            timing.latencies = measure_edits(stream, edit, edits, settle)
    except (StreamError, OSError) as error:
        timing.failed = f"{error}\n{server.log_tail()}"
    finally:
        server.stop()
    return timing
