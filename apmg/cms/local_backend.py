"""The editor's local backend for ``make serve``: decap-server on loopback, writing the
files of this working copy, so staff can edit at http://localhost:8000/admin/ and see the
page rebuild (docs/cms.md).

decap-server runs in ``MODE=fs``: a save writes the file in content/ and nothing else; it
never commits (the editorial workflow is GitHub's, in production). It binds to 127.0.0.1
only (``BIND_HOST``), since it can write any file of the repository.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Installed by the Makefile's node step (make cms).
SERVER = ROOT / ".build" / "node" / "node_modules" / "decap-server" / "dist" / "index.js"
DEFAULT_PORT = 8081


def wanted(env: dict[str, str] | None = None) -> bool:
    """Whether this preview has the editor (``APMG_CMS_LOCAL=1``, set by ``make serve``)."""
    return (os.environ if env is None else env).get("APMG_CMS_LOCAL", "") not in ("", "0")


def port() -> int:
    """The port the local backend listens on (APMG_CMS_PORT, default 8081)."""
    return int(os.environ.get("APMG_CMS_PORT", DEFAULT_PORT))


def proxy_url(at: int | None = None) -> str:
    """The address the editor in the browser sends its requests to."""
    return f"http://localhost:{at or port()}/api/v1"


def start(repo: Path = ROOT, at: int | None = None, node: str = "node") -> subprocess.Popen:
    """Start decap-server for ``repo`` on 127.0.0.1:``at``, in a process group of its own
    (so Ctrl-C reaching the preview server does not reach it first; :func:`stop` ends it)."""
    if not SERVER.is_file():
        raise FileNotFoundError(f"{SERVER} is missing: run `make cms` (the Makefile installs "
                                "decap-server)")
    env = {**os.environ, "MODE": "fs", "PORT": str(at or port()), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(repo.resolve()), "LOG_LEVEL": "warn"}
    # Its warnings and errors (a busy port) reach the terminal; requests are not logged.
    return subprocess.Popen([node, str(SERVER)], cwd=repo, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL)


def start_for_preview() -> subprocess.Popen | None:
    """``make serve``: the local backend if :func:`wanted`, else None (for :func:`stop`)."""
    if not wanted():
        return None
    try:
        process = start()
    except FileNotFoundError as missing:  # the preview still works, without the editor
        print(f"The editor at /admin/ cannot save: {missing}", file=sys.stderr, flush=True)
        return None
    print(f"The editor at /admin/ saves through its local backend on 127.0.0.1:{port()}",
          flush=True)
    return process


def stop(process: subprocess.Popen | None, timeout: float = 10) -> None:
    """End the server started by :func:`start` (its group: node has no children, but a
    later version might), then reap it. None: nothing was started."""
    if process is not None and process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass
