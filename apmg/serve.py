"""``make serve``: build, serve output/ on localhost, rebuild and reload the browser on change.

A watcher thread polls content/, theme/, the settings and our plugins four times a second;
a change runs the build in a process forked from a warm worker (see ``Builder``) and,
when it succeeds, tells every open tab to reload through a server-sent event. A failed
build prints its errors here and leaves the last good site in output/, so the tab keeps
showing it.

The reload script is a same-origin file (``/__reload.js``), never inline, so it works
under the site's Content-Security-Policy. It exists only in this development server.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WATCHED = ["content", "theme", "pelicanconf.py", "apmg"]
POLL_SECONDS = 0.1
RELOAD_JS = b"""new EventSource("/__events").addEventListener("reload", () => location.reload());
"""
SCRIPT_TAG = b'<script src="/__reload.js" defer></script>'


class Reloader:
    """A build counter that browsers wait on."""

    def __init__(self) -> None:
        self.version = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout)
            return self.version


def snapshot(paths: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file, to spot edits, new files and deletions."""
    found: dict[str, tuple[int, int]] = {}
    for name in paths:
        base = Path(name)
        files = [base] if base.is_file() else base.rglob("*") if base.is_dir() else []
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class Builder:
    """Builds in a child forked from a warm worker process.

    The worker has Pelican, Markdown and our model imported already, which saves most
    of a second per rebuild; each build still runs in a fresh forked child, so Pelican's
    global signals and caches never leak from one build into the next. A change to our
    own Python code restarts the worker so the new code is used.
    """

    def __init__(self, output: str):
        self.output = output
        self.worker: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "apmg.serve", self.output],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def restart(self) -> None:
        self.close()
        self.worker = self._start()

    def close(self) -> None:
        if self.worker and self.worker.poll() is None:
            self.worker.stdin.close()
            self.worker.wait(timeout=10)
        self.worker = None

    def build(self) -> bool:
        """Build once; messages go straight to this terminal."""
        started = time.perf_counter()
        if self.worker is None or self.worker.poll() is not None:
            self.worker = self._start()
        self.worker.stdin.write("build\n")
        self.worker.stdin.flush()
        ok = self.worker.stdout.readline().strip() == "0"
        if ok:
            print(f"Rebuilt in {time.perf_counter() - started:.1f} s; reloading the browser.",
                  flush=True)
        else:
            print("Build failed (messages above): still serving the last good site.", flush=True)
        return ok


def worker(output: str) -> None:
    """The warm build worker: one forked build per "build" line on stdin."""
    from apmg.build import build

    # Ctrl-C reaches the whole terminal group: the server stops us by closing our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up()
    for _ in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the child builds and reports through its exit status
            sys.stdout.flush()
            os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # build messages -> terminal
            code = 1
            try:
                code = build(output=output)
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


def _warm_up(settings_file: str = "pelicanconf.py") -> None:
    """Import what a build imports lazily (plugins, post-processing steps, Markdown
    extensions, Pelican's parts) once, so that every forked build starts warm."""
    import importlib

    import pelican.generators  # noqa: F401
    import pelican.writers  # noqa: F401
    from pelican.settings import read_settings

    from apmg.markup import Renderer

    settings = read_settings(settings_file)
    for name in [*settings.get("PLUGINS", []), *settings.get("APMG_POSTPROCESS", [])]:
        try:
            importlib.import_module(name)
        except ImportError:
            importlib.import_module(name.rpartition(".")[0])
    Renderer(settings.get("APMG_MARKDOWN"))


def watch(reloader: Reloader, builder: Builder, stop: threading.Event) -> None:
    before = snapshot(WATCHED)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(WATCHED)
        if now != before:
            time.sleep(0.02)  # let an editor's save finish writing
            now = snapshot(WATCHED)
            changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
            before = now
            if any(p.endswith(".py") for p in changed):
                builder.restart()
            if builder.build():
                reloader.bump()


class Handler(SimpleHTTPRequestHandler):
    """Static files from output/, with the reload script added to every HTML page."""

    reloader: Reloader

    def log_message(self, format: str, *args) -> None:  # keep the terminal for build news
        pass

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/__reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
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
            return self._send(status, "text/html; charset=utf-8", _inject(body))
        return super().do_GET()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.reloader.version
        try:
            while True:
                now = self.reloader.wait(seen, timeout=15)
                message = b"event: reload\ndata: 1\n\n" if now != seen else b": keep-alive\n\n"
                self.wfile.write(message)
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must never show a stale page
        super().end_headers()


def _inject(html: bytes) -> bytes:
    marker = b"</head>" if b"</head>" in html else b"</body>"
    return html.replace(marker, SCRIPT_TAG + marker, 1) if marker in html else html + SCRIPT_TAG


def serve(host: str = "127.0.0.1", port: int = 8000, output: str = "output") -> int:
    builder = Builder(output)
    builder.build()
    os.makedirs(output, exist_ok=True)
    reloader = Reloader()
    handler = type("BoundHandler", (Handler,), {"reloader": reloader})
    server = ThreadingHTTPServer((host, port),
                                 functools.partial(handler, directory=os.path.abspath(output)))
    server.daemon_threads = True
    stop = threading.Event()
    threading.Thread(target=watch, args=(reloader, builder, stop), daemon=True).start()
    print(f"Serving {output}/ on http://{'localhost' if host == '0.0.0.0' else host}:{port}/ "
          "(Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print()
    finally:
        stop.set()
        server.server_close()
        builder.close()
    return 0


if __name__ == "__main__":
    worker(sys.argv[1])
