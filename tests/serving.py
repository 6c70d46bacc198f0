"""Helpers for the ``make serve`` tests: the server as an editor's terminal runs it, and
the processes it leaves (or must not leave) behind."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from helpers import ROOT


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_processes(leader: int) -> list[int]:
    """Live processes in the session (or process group) that ``leader`` started.

    The session, not only the group: ``make serve``'s worker and each build run in
    process groups of their own inside the server's session. Zombies count as ended:
    the container's PID 1 may never reap orphans.
    """
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:  # ended while we looked
            continue
        fields = stat.rpartition(")")[2].split()
        if fields and fields[0] != "Z" and leader in (int(fields[2]), int(fields[3])):
            found.append(int(entry.name))
    return found


class ServeProcess:
    """``python -m apmg serve`` in ``project``, in a session of its own, as an editor's
    terminal would run it; what it prints is collected in ``output``."""

    def __init__(self, project: Path, *args: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "apmg", "serve", "--port", str(self.port), *args],
            cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self._lines)

    def wait_for(self, text: str, count: int = 1, timeout: float = 120) -> None:
        """Wait until ``text`` has been printed ``count`` times (``timeout`` only bounds
        a failure: a loaded machine may be slow)."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output}"
            assert self.proc.poll() is None, f"ended before {text!r}:\n{self.output}"
            time.sleep(0.05)

    def wait_until_up(self) -> None:
        self.wait_for("(Ctrl-C to stop)")

    def wait(self, timeout: float = 60) -> int:
        """The exit code, once everything that could print has ended (our pipe is the
        terminal of the server, the worker, the builds and whatever they start)."""
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        assert not self._reader.is_alive(), "something still holds the terminal"
        return code

    def stop(self) -> None:
        """SIGTERM the server; then SIGKILL whatever of its session is left, so that a
        failed test leaves nothing running."""
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
        for pid in session_processes(self.proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


def wait_until(condition: Callable[[], bool], why: str | Callable[[], str],
               timeout: float = 30) -> None:
    """Wait for ``condition``; ``timeout`` only bounds a failure, which ``why`` explains."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, why() if callable(why) else why
        time.sleep(0.05)
