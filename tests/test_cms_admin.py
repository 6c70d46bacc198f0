"""/admin/: the editor the build serves, from our origin only, with a policy of its own,
kept out of search engines, the sitemap and the aliases' reach; built only where it has
a backend (docs/cms.md)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from helpers import build_into

from apmg.cms import local_backend
from apmg.cms.config import CONFIG_FILE
from apmg.headers import ADMIN_PATH, CSP_ADMIN, CSP_DEFAULT, csp, meta_csp
from apmg.model.routes import RESERVED_SLUGS, in_generated_folder
from apmg.plugins.admin import BUNDLE, backend, site_config

PORT = "18999"  # written into the configuration only; nothing listens in these tests


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("admin") / "site",
                      env={"APMG_CMS_LOCAL": "1", "APMG_CMS_PORT": PORT,
                           "APMG_CMS_REPO": None})


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("admin-publish") / "site",
                      "--settings", "publishconf.py",
                      env={"APMG_CMS_REPO": "example/clinic-site", "APMG_CMS_LOCAL": None,
                           "ALLOW_PLACEHOLDERS": "1"})


def test_the_editor_page_loads_only_our_own_files(dev_site):
    page = dev_site / "admin" / "index.html"
    tree = lxml.html.fromstring(page.read_bytes())
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content") == [
        meta_csp(ADMIN_PATH)]
    sources = tree.xpath("//script/@src") + tree.xpath("//link/@href")
    assert sources == ["decap-cms.js", "apmg-cms.js", "config.yml"]
    assert not tree.xpath("//script[not(@src)]"), "inline script: the CSP forbids it"
    for name in sources:
        assert (dev_site / "admin" / name).is_file(), name
    chunks = {p.name for p in BUNDLE.glob("*.decap-cms.js")}
    assert chunks and chunks <= {p.name for p in (dev_site / "admin").iterdir()}
    assert not list((dev_site / "admin").glob("*.map"))
    assert (dev_site / "admin" / "apmg-cms.js").read_text().startswith("var APMG_CALLOUTS = [")


def test_the_preview_editor_talks_to_the_local_backend(dev_site):
    served = yaml.safe_load((dev_site / "admin" / "config.yml").read_text())
    committed = yaml.safe_load(CONFIG_FILE.read_text())
    assert served["backend"] == {"name": "proxy", "branch": "main",
                                 "proxy_url": f"http://localhost:{PORT}/api/v1"}
    assert "publish_mode" not in served  # decap-server's fs mode publishes directly
    assert served["collections"] == committed["collections"]


def test_the_editor_is_kept_out_of_search(dev_site):
    assert "admin/" not in (dev_site / "search" / "words.json").read_text()
    index = dev_site / "pagefind"
    assert not any(b"/admin/" in p.read_bytes() for p in index.rglob("*") if p.is_file()
                   and p.suffix in (".json", ".js"))


def test_production_publishes_through_github(published_site):
    served = yaml.safe_load((published_site / "admin" / "config.yml").read_text())
    assert served["backend"] == {"name": "github", "repo": "example/clinic-site",
                                 "branch": "main"}
    assert served["publish_mode"] == "editorial_workflow"
    sitemap = (published_site / "sitemap.xml").read_text()
    assert "/treatments/" in sitemap and "/admin" not in sitemap
    headers = (published_site / "_headers").read_text()
    assert f"{ADMIN_PATH}*\n  ! Content-Security-Policy\n  Content-Security-Policy: " \
           f"{CSP_ADMIN}\n" in headers
    nginx = (published_site / "nginx-site.conf").read_text()
    assert f'"~^{re.escape(ADMIN_PATH)}" "{CSP_ADMIN}";' in nginx


def test_which_builds_have_an_editor():
    assert backend({"APMG_PUBLISH": False}, env={}) is None
    assert backend({"APMG_PUBLISH": True}, env={"APMG_CMS_LOCAL": "1"}) is None
    assert backend({"APMG_PUBLISH": True}, env={}) is None
    assert backend({"APMG_PUBLISH": False}, env={"APMG_CMS_LOCAL": "0"}) is None
    github = backend({"APMG_PUBLISH": True}, env={
        "APMG_CMS_REPO": "o/r", "APMG_CMS_AUTH_URL": "https://auth.example.org"})
    assert github == {"backend": {"name": "github", "repo": "o/r", "branch": "main",
                                  "base_url": "https://auth.example.org"}}
    local = site_config({"APMG_PUBLISH": False, "SITEURL": ""}, env={"APMG_CMS_LOCAL": "1"})
    assert local["backend"]["proxy_url"] == local_backend.proxy_url()
    assert list(local)[0] == "backend"


def test_only_the_editor_gets_its_policy():
    assert csp("/admin/") == csp("/admin/config.yml") == CSP_ADMIN
    for path in ("/", "/about/", "/administration/", "/es/admin/", "/treatments/admin/"):
        assert csp(path) == CSP_DEFAULT, path
    for directive in ("'unsafe-eval'", "'unsafe-inline'"):
        assert directive not in CSP_DEFAULT


def test_no_page_or_alias_can_claim_the_editor():
    assert in_generated_folder("/admin/") == "/admin/"
    assert in_generated_folder("/admin/config.yml") == "/admin/"
    assert in_generated_folder("/admin") == "/admin/"
    assert "admin" in RESERVED_SLUGS
