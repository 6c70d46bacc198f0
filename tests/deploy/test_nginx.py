"""The generated ``nginx-site.conf`` in a real nginx on loopback, checked over HTTP."""

from __future__ import annotations

import gzip
import http.client
import subprocess
from collections.abc import Iterator

import brotli
import pytest

from apmg.headers import CSP_DEFAULT, IMMUTABLE, REVALIDATE, headers_for, write_header_files

from .nginx import free_port, main_conf, nginx_binary, serving
from .sites import site_files, write_site


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict]]:
    """nginx serving a synthetic site with the generated config; yields (port, files)."""
    work = tmp_path_factory.mktemp("nginx")
    files = site_files()
    site = write_site(work / "output", files)
    with serving(site, work) as port:
        yield port, files


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One GET without any client-side decompression: the bytes nginx sent."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def key_of(files: dict, prefix: str, suffix: str) -> str:
    return next(k for k in files if k.startswith(prefix) and k.endswith(suffix))


def test_security_headers_on_a_page(server):
    port, files = server
    status, headers, body = get(port, "/about/")
    assert status == 200 and body == files["about/index.html"]
    for name, value in headers_for("/about/").items():
        assert headers[name] == value, name
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_only_the_search_pages_may_run_wasm(server):
    port, _ = server
    for path in ("/search/", "/es/search/", "/search/index.html"):
        csp = get(port, path)[1]["Content-Security-Policy"]
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp, path
    for path in ("/", "/about/", "/404.html"):
        csp = get(port, path)[1]["Content-Security-Policy"]
        assert csp == CSP_DEFAULT and "wasm" not in csp, path


def test_cache_headers_asset_versus_html(server):
    port, files = server
    css = "/" + key_of(files, "static/site.", ".css")
    cases = {css: IMMUTABLE, "/": REVALIDATE, "/about/": REVALIDATE,
             "/pagefind/index/en_3194b97.pf_index": IMMUTABLE,
             "/pagefind/pagefind-entry.json": REVALIDATE, "/pagefind/pagefind-ui.js": REVALIDATE,
             "/sitemap.xml": REVALIDATE}
    for path, cache in cases.items():
        status, headers, _ = get(port, path)
        assert status == 200, path
        assert headers["Cache-Control"] == cache, path
        assert headers["X-Content-Type-Options"] == "nosniff", path


def test_redirect_map_entry_is_a_301(server):
    port, _ = server
    status, headers, _ = get(port, "/old-faq/")
    assert status == 301 and headers["Location"] == "/faq/"
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_missing_path_is_a_404_with_the_404_page(server):
    port, files = server
    status, headers, body = get(port, "/no-such-page/")
    assert status == 404 and body == files["404.html"]
    assert headers["Content-Security-Policy"] == CSP_DEFAULT


def test_a_missing_spanish_page_gets_the_spanish_404_page(server):
    port, files = server
    status, headers, body = get(port, "/es/no-such-page/")
    assert status == 404 and body == files["es/404.html"]
    assert headers["Content-Security-Policy"] == CSP_DEFAULT


def test_server_config_is_not_served(server):
    port, _ = server
    for path in ("/nginx-site.conf", "/redirects.map", "/cloudfront-headers-policy.json"):
        assert get(port, path)[0] == 404, path


def test_precompressed_files_are_served_by_accept_encoding(server):
    port, files = server
    key = key_of(files, "static/site.", ".css")
    status, headers, body = get(port, "/" + key, Accept_Encoding="gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert body == files[key + ".gz"] and gzip.decompress(body) == files[key]
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert "Accept-Encoding" in headers["Vary"]
    assert headers["Cache-Control"] == IMMUTABLE

    status, headers, body = get(port, "/" + key, Accept_Encoding="br, gzip")
    assert headers["Content-Encoding"] == "br" and brotli.decompress(body) == files[key]

    status, headers, body = get(port, "/", Accept_Encoding="gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == files["index.html"]

    status, headers, body = get(port, "/" + key)
    assert "Content-Encoding" not in headers and body == files[key]


@pytest.mark.parametrize("redirects", ["", None])
def test_empty_or_missing_redirect_map_is_accepted(tmp_path, redirects):
    nginx = nginx_binary()
    files = {k: v for k, v in site_files().items() if k != "redirects.map"}
    if redirects is not None:
        files["redirects.map"] = redirects.encode()
    site = write_site(tmp_path / "output", files)
    site_conf = write_header_files(site, str(site), listen=f"127.0.0.1:{free_port()}").nginx
    conf = main_conf(tmp_path, site_conf)
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
