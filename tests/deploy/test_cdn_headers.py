"""The three generated carriers of the header policy, each read the way its host reads
it (``_headers`` as Netlify and Cloudflare Pages, ``nginx-site.conf`` as nginx's maps,
the CloudFront policy plus its viewer-response function run in Node), state the same
security headers and CSP for a normal page and for the search pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import botocore.session
import pytest
from botocore.validate import ParamValidator

from apmg.headers import (
    CSP_DEFAULT,
    CSP_WASM,
    SECURITY_HEADERS,
    csp,
    headers_for,
    site_paths,
    write_header_files,
)

from .sites import site_files, write_site
from .test_headers import cloudflare_view, netlify_view, parse

PATHS = ("/", "/about/", "/404.html", "/search/", "/search/index.html", "/es/search/",
         "/es/search/index.html", "/es/")
# Cache-Control is not a CDN header: each object in the bucket carries its own.
COMPARED = ("Content-Security-Policy", *SECURITY_HEADERS)


def nginx_view(conf: str, path: str) -> dict[str, str]:
    """The headers nginx adds for ``$uri == path``: its ``map`` blocks (regexes in order,
    first match wins, else the default) and the server's ``add_header`` lines."""
    maps: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for var, body in re.findall(r"map \$uri \$(\w+) \{\n(.*?)\n\}", conf, re.S):
        default, rules = "", []
        for line in body.splitlines():
            if m := re.fullmatch(r'\s*default "(.*)";', line):
                default = m.group(1)
            elif m := re.fullmatch(r'\s*"~(.*?)" "(.*)";', line):
                rules.append((m.group(1), m.group(2)))
        maps[var] = (default, rules)

    def value(var: str) -> str:
        default, rules = maps[var]
        return next((v for pattern, v in rules if re.search(pattern, path)), default)

    out = {}
    for name, raw in re.findall(r"^\s*add_header (\S+) (\$\w+|\"[^\"]*\") always;", conf, re.M):
        out[name] = value(raw[1:]) if raw.startswith("$") else raw.strip('"')
    return out


def cloudfront_view(policy: dict, function: str, path: str) -> dict[str, str]:
    """What CloudFront sends: the policy's headers, then the viewer-response function
    (run in Node with a CloudFront-shaped event) on top."""
    security = policy["SecurityHeadersConfig"]
    out = {}
    if hsts := security.get("StrictTransportSecurity"):
        out["Strict-Transport-Security"] = (
            f"max-age={hsts['AccessControlMaxAgeSec']}"
            + ("; includeSubDomains" if hsts["IncludeSubdomains"] else "")
            + ("; preload" if hsts["Preload"] else ""))
    if "ContentTypeOptions" in security:
        out["X-Content-Type-Options"] = "nosniff"
    if referrer := security.get("ReferrerPolicy"):
        out["Referrer-Policy"] = referrer["ReferrerPolicy"]
    if frame := security.get("FrameOptions"):
        out["X-Frame-Options"] = frame["FrameOption"]
    if policy_csp := security.get("ContentSecurityPolicy"):
        out["Content-Security-Policy"] = policy_csp["ContentSecurityPolicy"]
    custom = policy["CustomHeadersConfig"]
    assert custom["Quantity"] == len(custom["Items"])
    out.update({item["Header"]: item["Value"] for item in custom["Items"]})
    response = run_function(function, path)
    names = {name.lower(): name for name in out}
    for lower, header in response["headers"].items():
        out[names.get(lower, lower)] = header["value"]
    return out


def run_function(code: str, uri: str) -> dict:
    node = shutil.which("node") or pytest.fail("node not found: install nodejs "
                                               "(make system-deps)")
    script = code + f"""
var event = {{version: "1.0", context: {{eventType: "viewer-response"}},
  viewer: {{ip: "127.0.0.1"}},
  request: {{method: "GET", uri: {json.dumps(uri)}, querystring: {{}}, headers: {{}},
             cookies: {{}}}},
  response: {{statusCode: 200, statusDescription: "OK", headers: {{}}, cookies: {{}}}}}};
process.stdout.write(JSON.stringify(handler(event)));
"""
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    site = write_site(tmp_path_factory.mktemp("cdn") / "output", site_files())
    files = write_header_files(site, "/srv/www/apmg")
    return (parse(files.headers.read_text()), site_paths(site), files.nginx.read_text(),
            json.loads(files.cloudfront_policy.read_text()),
            files.cloudfront_function.read_text())


@pytest.mark.parametrize("path", PATHS)
def test_every_carrier_states_the_same_headers(outputs, path):
    rules, _, nginx, policy, function = outputs
    expected = {name: headers_for(path)[name] for name in COMPARED}
    views = {
        "netlify": netlify_view(rules, path),
        "cloudflare": cloudflare_view(rules, path),
        "nginx": nginx_view(nginx, path),
        "cloudfront": cloudfront_view(policy, function, path),
    }
    for host, view in views.items():
        assert {name: view.get(name) for name in COMPARED} == expected, host
    assert views["cloudfront"]["Content-Security-Policy"] == csp(path)


def test_only_the_search_pages_get_the_wasm_policy(outputs):
    _, _, nginx, policy, function = outputs
    for path in ("/search/", "/es/search/"):
        assert cloudfront_view(policy, function, path)["Content-Security-Policy"] == CSP_WASM
        assert nginx_view(nginx, path)["Content-Security-Policy"] == CSP_WASM
    for path in ("/", "/about/", "/searching/", "/es/"):
        assert cloudfront_view(policy, function, path)["Content-Security-Policy"] \
            == CSP_DEFAULT, path
    # CloudFront serves /search (no slash) as the search page, without a redirect
    assert run_function(function, "/search")["headers"]["content-security-policy"][
        "value"] == CSP_WASM


def test_the_cloudfront_policy_is_a_valid_config(outputs):
    _, _, _, policy, _ = outputs
    model = botocore.session.get_session().get_service_model("cloudfront")
    shape = model.operation_model("CreateResponseHeadersPolicy").input_shape
    report = ParamValidator().validate({"ResponseHeadersPolicyConfig": policy}, shape)
    assert not report.has_errors(), report.generate_report()
    assert len(policy["Comment"]) <= 128
