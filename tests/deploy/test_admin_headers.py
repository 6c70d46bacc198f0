"""Every carrier of the header policy (_headers as Netlify and Cloudflare Pages read it,
nginx's maps, CloudFront's policy plus its function run in Node) gives the editor at
/admin/ its own CSP, and no other path."""

from __future__ import annotations

import pytest

from apmg.headers import ADMIN_PATH, CSP_ADMIN, CSP_DEFAULT

from .test_cdn_headers import cloudfront_view, nginx_view, outputs  # noqa: F401 (fixture)
from .test_headers import cloudflare_view, netlify_view


@pytest.mark.parametrize("path", [ADMIN_PATH, ADMIN_PATH + "index.html",
                                  ADMIN_PATH + "config.yml", ADMIN_PATH + "decap-cms.js"])
def test_the_editor_has_its_policy_on_every_host(outputs, path):  # noqa: F811
    rules, _, nginx, policy, function = outputs
    for view in (netlify_view(rules, path), cloudflare_view(rules, path),
                 nginx_view(nginx, path), cloudfront_view(policy, function, path)):
        assert view["Content-Security-Policy"] == CSP_ADMIN


def test_cloudfront_serves_the_folder_without_its_slash(outputs):  # noqa: F811
    _, _, _, policy, function = outputs
    assert cloudfront_view(policy, function, "/admin")["Content-Security-Policy"] == CSP_ADMIN
    for path in ("/administration/", "/es/admin/", "/"):
        assert cloudfront_view(policy, function, path)["Content-Security-Policy"] \
            == CSP_DEFAULT, path
