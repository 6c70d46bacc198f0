"""A small server-sent-events client: what a browser tab of ``make serve`` listens to.

The bench needs to know the moment the ``reload`` event arrives, with a timeout, on one
connection kept open across many edits. A socket read with a timeout through
``socket.makefile`` cannot be resumed after the timeout, so this reads with ``select``
into its own buffer, and ``EventParser`` turns bytes (however they are split) into events
as the HTML standard's event-stream format says: ``field: value`` lines, ``:`` comments
(the server's keep-alives), a blank line ending each event.
"""

from __future__ import annotations

import re
import select
import socket
import time
import urllib.request
from dataclasses import dataclass

HEADER_LIMIT = 64 * 1024
VERSION = re.compile(rb"/__reload\.js\?since=(\d+)")


class StreamError(Exception):
    """The event stream could not be opened or ended early; the message says how."""


@dataclass(frozen=True)
class Event:
    name: str
    data: str


class EventParser:
    """Bytes in, complete events out (``feed`` may be called with any split of the stream)."""

    def __init__(self) -> None:
        self._buffer = b""
        self._name = ""
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[Event]:
        self._buffer += chunk
        events = []
        while True:
            match = re.search(rb"\r\n|\n|\r(?=[^\n])", self._buffer)
            if match is None:
                return events
            line = self._buffer[:match.start()].decode("utf-8", errors="replace")
            self._buffer = self._buffer[match.end():]
            event = self._line(line)
            if event:
                events.append(event)

    def _line(self, line: str) -> Event | None:
        if not line:  # end of an event
            event = Event(self._name or "message", "\n".join(self._data)) if (
                self._data or self._name) else None
            self._name, self._data = "", []
            return event
        if line.startswith(":"):  # a comment: keep-alive
            return None
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            self._name = value
        elif field == "data":
            self._data.append(value)
        return None


class EventStream:
    """One open ``GET path`` on ``host:port`` answered with ``text/event-stream``."""

    def __init__(self, host: str, port: int, path: str, timeout: float = 10.0) -> None:
        self._socket = socket.create_connection((host, port), timeout=timeout)
        self._parser = EventParser()
        self._pending: list[Event] = []
        self._socket.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                             "Accept: text/event-stream\r\n\r\n".encode())
        head, rest = self._headers(time.monotonic() + timeout)
        status = head.split(b"\r\n", 1)[0].decode(errors="replace")
        if " 200 " not in f"{status} " or b"text/event-stream" not in head.lower():
            self.close()
            raise StreamError(f"http://{host}:{port}{path}: expected a 200 text/event-stream "
                              f"answer, got {status!r}")
        self._pending = self._parser.feed(rest)

    def _headers(self, deadline: float) -> tuple[bytes, bytes]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self._recv(deadline)
            if chunk is None or len(data) > HEADER_LIMIT:
                raise StreamError("the event stream sent no complete headers")
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        return head, rest

    def _recv(self, deadline: float) -> bytes | None:
        """Some bytes, or None at the deadline; StreamError when the server closed."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        readable, _, _ = select.select([self._socket], [], [], remaining)
        if not readable:
            return None
        chunk = self._socket.recv(65536)
        if not chunk:
            raise StreamError("the server closed the event stream")
        return chunk

    def next_event(self, timeout: float) -> Event | None:
        """The next event, or None if none came within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self._pending:
            chunk = self._recv(deadline)
            if chunk is None:
                return None
            self._pending = self._parser.feed(chunk)
        return self._pending.pop(0)

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def page_version(url: str, timeout: float = 10.0) -> int:
    """The build version a served page was written into (``/__reload.js?since=N``)."""
    with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 (localhost)
        body = answer.read()
    match = VERSION.search(body)
    if match is None:
        raise StreamError(f"{url}: no /__reload.js?since=N script in the page")
    return int(match[1])
