"""A real nginx on loopback running the site's generated ``nginx-site.conf``."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from apmg.headers import write_header_files

from .weed import free_ports

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
APT_HINT = "apt-get install nginx libnginx-mod-http-brotli-static (make system-deps)"


def nginx_binary() -> str:
    """nginx and its brotli_static module; missing ones fail the test, never skip it."""
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                     else None)
    if not path:
        pytest.fail(f"nginx not found: {APT_HINT}")
    if not BROTLI_MODULE.exists():
        pytest.fail(f"{BROTLI_MODULE} not found: {APT_HINT}")
    return path


def main_conf(work: Path, site_conf: Path) -> Path:
    """A whole nginx.conf around the generated server block, everything under ``work``."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / name).mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(f"""
load_module {BROTLI_MODULE};
daemon off;
master_process off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {site_conf};
}}
""")
    return conf


def free_port() -> int:
    return free_ports(1)[0]


def wait_for_port(proc: subprocess.Popen, port: int, log: Path, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"nginx exited with {proc.returncode}: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nginx did not listen on {port} within {timeout}s: {log.read_text()}")


@contextlib.contextmanager
def serving(site: Path, work: Path, port: int | None = None) -> Iterator[int]:
    """nginx serving the built ``site`` with the config the build generates, on ``port``
    (a free one if None); yields the port."""
    nginx = nginx_binary()
    port = port or free_port()
    site_conf = write_header_files(site, str(site), listen=f"127.0.0.1:{port}").nginx
    conf = main_conf(work, site_conf)
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-e", str(work / "error.log")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([nginx, "-c", str(conf), "-e", str(work / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(proc, port, work / "error.log")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
