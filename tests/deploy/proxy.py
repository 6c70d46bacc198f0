"""A loopback HTTP proxy in front of the S3 server that counts the requests that change
the bucket, and can SIGKILL the deploy the moment the Nth of them is done.

Requests that change something (PUT, POST, DELETE) are forwarded one at a time; once
the kill is triggered, every later one is dropped unsent. So a kill "after change N"
leaves exactly N changes in the bucket, as if the process died just after the store
had answered the Nth request and before it sent another. Armed with
``serialize=False`` they are forwarded as they come, and those the deploy had already
sent when it died still land, as they may on a real network.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CHANGING = frozenset({"PUT", "POST", "DELETE"})
# not forwarded: hop-by-hop, and Expect, which this proxy answers itself (it is not signed)
SKIP_REQUEST = frozenset({"connection", "keep-alive", "expect", "transfer-encoding",
                          "proxy-connection", "te", "upgrade"})
SKIP_RESPONSE = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A killed deploy drops its connections mid-request: that is the point."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class KillingProxy:
    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self.upstream = (target.hostname, target.port)
        self.lock = threading.Lock()  # one change at a time
        self.state = threading.Condition()
        self.changes = 0
        self.in_flight = 0
        self.kill_after: int | None = None
        self.victim: Callable[[], int] | None = None
        self.killed = False
        self.serialize = True
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            do_HEAD = do_PUT = do_POST = do_DELETE = do_GET

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def arm(self, after: int | None, victim: Callable[[], int] | None = None, *,
            serialize: bool = True) -> None:
        """Count changes from zero; kill ``victim()`` (a pid) once ``after`` are done."""
        with self.state:
            self.changes, self.kill_after, self.victim, self.killed = 0, after, victim, False
            self.serialize = serialize

    def wait_idle(self, timeout: float = 30) -> None:
        """Until no request is being forwarded (a killed client's last one included)."""
        with self.state:
            assert self.state.wait_for(lambda: self.in_flight == 0, timeout), "proxy stuck"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        body = self._read_body(request)
        changing = request.command in CHANGING
        with self.state:
            if self.killed:
                request.close_connection = True
                return
            self.in_flight += 1
        try:
            if changing and self.serialize:
                with self.lock:
                    if self.killed:
                        request.close_connection = True
                        return
                    status, headers, data = self._forward(request, body)
                    self._count_change()
            else:
                status, headers, data = self._forward(request, body)
                if changing:
                    self._count_change()
            if self.killed:
                request.close_connection = True
                return
            self._reply(request, status, headers, data)
        finally:
            with self.state:
                self.in_flight -= 1
                self.state.notify_all()

    def _count_change(self) -> None:
        with self.state:
            self.changes += 1
            if self.kill_after is not None and self.changes >= self.kill_after:
                self.killed = True
                with contextlib.suppress(ProcessLookupError):  # it had already finished
                    os.kill(self.victim(), signal.SIGKILL)

    @staticmethod
    def _read_body(request: BaseHTTPRequestHandler) -> bytes:
        if request.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(request.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while request.rfile.readline().strip():
                        pass
                    return b"".join(chunks)
                chunks.append(request.rfile.read(size))
                request.rfile.readline()
        length = int(request.headers.get("Content-Length") or 0)
        return request.rfile.read(length) if length else b""

    def _forward(self, request: BaseHTTPRequestHandler, body: bytes
                 ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            headers = {k: v for k, v in request.headers.items()
                       if k.lower() not in SKIP_REQUEST}
            if body or request.command in CHANGING:
                headers["Content-Length"] = str(len(body))
            conn.request(request.command, request.path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, response.getheaders(), data
        finally:
            conn.close()

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]],
               data: bytes) -> None:
        request.send_response_only(status)
        length = None
        for name, value in headers:
            if name.lower() == "content-length":
                length = value
            if name.lower() not in SKIP_RESPONSE:
                request.send_header(name, value)
        # a HEAD answer states the object's length without a body
        request.send_header("Content-Length", length if request.command == "HEAD" and length
                            else str(len(data)))
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(data)
