"""``make serve``: build, serve output/ on localhost, rebuild and reload the browser on change.

Each rebuild runs in a fresh process so an edited plugin or template is always picked
up; a failed rebuild prints its errors and leaves the last good site in output/.
"""

from __future__ import annotations

import subprocess
import sys

from livereload import Server

WATCHED = ["content/", "theme/", "pelicanconf.py", "apmg/"]


def rebuild() -> bool:
    return subprocess.run([sys.executable, "-m", "apmg", "build"]).returncode == 0


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    rebuild()
    server = Server()
    for path in WATCHED:
        server.watch(path, rebuild, delay=0.2)
    print(f"Serving output/ on http://{host if host != '0.0.0.0' else 'localhost'}:{port}/ "
          "(Ctrl-C to stop)")
    server.serve(root="output", host=host, port=port, open_url_delay=None,
                 restart_delay=0, default_filename="index.html")
    return 0
