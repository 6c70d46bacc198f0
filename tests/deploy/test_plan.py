"""Unit tests of the deploy's pure parts: classification, plan, order, CDN paths, retry,
settings. No server needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import ANY, Stubber

from apmg.deploy import cdn
from apmg.deploy.config import ConfigError, DeployConfig
from apmg.deploy.mediatypes import describe
from apmg.deploy.plan import (
    Headers,
    RemoteObject,
    keys_to_inspect,
    make_plan,
    refusal,
    scan,
    site_keys,
)
from apmg.deploy.references import reference_graph
from apmg.deploy.retirement import STATE_KEY, DeployState, Grace
from apmg.deploy.retry import with_retries
from apmg.deploy.s3 import make_client
from apmg.headers import IMMUTABLE, REVALIDATE, cache_control

from .sites import site_files, write_site
from .weed import ROOT, deploy_env

KEYS = {"index.html", "index.html.gz", "index.html.br", "static/style.3f9a1c2b.css",
        "static/style.3f9a1c2b.css.gz", "downloads/report.gz"}


@pytest.mark.parametrize(("key", "ctype", "encoding"), [
    ("index.html", "text/html; charset=utf-8", None),
    ("index.html.gz", "text/html; charset=utf-8", "gzip"),
    ("index.html.br", "text/html; charset=utf-8", "br"),
    ("static/style.3f9a1c2b.css", "text/css; charset=utf-8", None),
    ("static/style.3f9a1c2b.css.gz", "text/css; charset=utf-8", "gzip"),
    ("downloads/report.gz", "application/gzip", None),  # no original beside it: a download
    ("app.js", "text/javascript; charset=utf-8", None),
    ("data.json", "application/json", None),
    ("sitemap.xml", "application/xml", None),
    ("robots.txt", "text/plain; charset=utf-8", None),
    ("icon.svg", "image/svg+xml", None),
    ("a.png", "image/png", None),
    ("a.JPG", "image/jpeg", None),
    ("a.webp", "image/webp", None),
    ("favicon.ico", "image/x-icon", None),
    ("f.woff2", "font/woff2", None),
    ("x.wasm", "application/wasm", None),
    ("pagefind/pagefind.en_8d9e858d0c.pf_meta", "application/octet-stream", None),
    ("pagefind/fragment/en_19a6b96.pf_fragment", "application/octet-stream", None),
    ("pagefind/index/en_3194b97.pf_index", "application/octet-stream", None),
    ("pagefind/wasm.en.pagefind", "application/octet-stream", None),
    ("_redirects", "text/plain; charset=utf-8", None),
    ("_headers", "text/plain; charset=utf-8", None),
    ("mystery.bin", "application/octet-stream", None),
])
def test_content_type_and_encoding(key, ctype, encoding):
    assert describe(key, KEYS) == (ctype, encoding)


@pytest.mark.parametrize(("path", "expected"), [
    ("/static/style.3f9a1c2b.css", IMMUTABLE),
    ("/static/style.3f9a1c2b.css.gz", IMMUTABLE),
    ("/static/app.0123456789abcdef.js.br", IMMUTABLE),
    ("/img/hero.deadbeef00.webp", IMMUTABLE),
    ("/static/style.3f9a1c2.css", REVALIDATE),  # 7 hex: not a fingerprint
    ("/static/style.css", REVALIDATE),
    ("/index.html", REVALIDATE),
    ("/about/index.html.gz", REVALIDATE),
    ("/sitemap.xml", REVALIDATE),
    ("/robots.txt", REVALIDATE),
    ("/_redirects", REVALIDATE),
    ("/_headers", REVALIDATE),
    ("/pagefind/pagefind.en_8d9e858d0c.pf_meta", IMMUTABLE),
    ("/pagefind/fragment/en_19a6b96.pf_fragment", IMMUTABLE),
    ("/pagefind/index/en_3194b97.pf_index", IMMUTABLE),
    ("/pagefind/pagefind.js", REVALIDATE),
    ("/pagefind/pagefind-ui.js", REVALIDATE),
    ("/pagefind/pagefind-ui.css", REVALIDATE),
    ("/pagefind/pagefind-entry.json", REVALIDATE),  # names the current index: must refresh
    ("/pagefind/wasm.en.pagefind", REVALIDATE),  # same name across Pagefind versions
])
def test_cache_control(path, expected):
    assert cache_control(path) == expected


def local_site(tmp_path: Path, **variant) -> list:
    return scan(write_site(tmp_path / "site", site_files(**variant)))


def remote_copy(files) -> dict[str, RemoteObject]:
    """The bucket as a previous deploy of ``files`` left it."""
    return {f.key: RemoteObject(f.key, f.size, f.sha256, f.headers) for f in files}


def test_scan_skips_server_config_and_classifies(tmp_path):
    files = {f.key: f for f in local_site(tmp_path)}
    assert "nginx-site.conf" not in files and "redirects.map" not in files
    assert files["index.html.gz"].headers == Headers("text/html; charset=utf-8", REVALIDATE,
                                                     "gzip")
    css = next(k for k in files if k.startswith("static/site.") and k.endswith(".css.br"))
    assert files[css].headers == Headers("text/css; charset=utf-8", IMMUTABLE, "br")


def test_site_keys_ignores_tool_droppings(tmp_path):
    site = write_site(tmp_path / "s", {"index.html": b"x", ".DS_Store": b"x",
                                       ".webassets-cache/abc": b"x", ".apmg/x.json": b"x",
                                       ".well-known/security.txt": b"x"})
    assert site_keys(site) == [".well-known/security.txt", "index.html"]


def test_first_plan_uploads_every_file_after_what_it_references(tmp_path):
    local = local_site(tmp_path)
    plan = make_plan(local, {})
    assert {f.key for f in plan.uploads} == {f.key for f in local}
    assert not plan.keeps and not plan.retires and not plan.deletes
    step_of = {f.key: i for i, step in enumerate(plan.steps) for f in step}
    by_key = {f.key: f for f in local}
    needs = reference_graph(by_key, lambda k: by_key[k].path.read_bytes())
    cycle_members = {k for cycle in plan.cycles for k in cycle}
    for key, targets in needs.items():
        for target in targets:
            if not (key in cycle_members and target in cycle_members):
                assert step_of[target] < step_of[key], (key, target)
    css = next(k for k in by_key if k.startswith("static/site.") and k.endswith(".css"))
    assert step_of["index.html"] > step_of[css] and step_of["index.html.gz"] > step_of[css]
    assert step_of["index.html"] > step_of[css + ".gz"], "a twin counts as its original"


def test_unchanged_files_are_kept(tmp_path):
    local = local_site(tmp_path)
    plan = make_plan(local, remote_copy(local))
    assert not plan.changed and len(plan.keeps) == len(local) and not plan.writes_state


def test_changed_bytes_or_headers_upload_and_stale_objects_retire(tmp_path):
    local = local_site(tmp_path)
    remote = remote_copy(local)
    remote["robots.txt"] = RemoteObject("robots.txt", 5, "0" * 64, remote["robots.txt"].headers)
    remote["sitemap.xml"] = RemoteObject(  # same bytes, but an older header policy
        "sitemap.xml", 1, remote["sitemap.xml"].sha256,
        Headers("application/xml", "max-age=300"))
    remote["favicon.ico"] = RemoteObject("favicon.ico", 9)  # never inspected: no hash
    remote["old/index.html"] = RemoteObject("old/index.html", 10)
    remote["static/old.0123456789.css"] = RemoteObject("static/old.0123456789.css", 10)
    remote[STATE_KEY] = RemoteObject(STATE_KEY, 10)  # the deploy's own: never retired
    plan = make_plan(local, remote)
    assert {f.key for f in plan.uploads} == {"robots.txt", "sitemap.xml", "favicon.ico"}
    assert plan.retires == ["old/index.html", "static/old.0123456789.css"]
    assert plan.deletes == [] and plan.writes_state
    assert set(plan.state_after.retired) == set(plan.retires)
    assert plan.state_after.deploys == 1


def test_retired_objects_are_deleted_after_the_grace_period(tmp_path):
    local = local_site(tmp_path)
    remote = remote_copy(local)
    remote["static/old.0123456789.css"] = RemoteObject("static/old.0123456789.css", 10)
    first = make_plan(local, remote, state=DeployState(deploys=4))
    assert first.retires == ["static/old.0123456789.css"] and not first.deletes
    retired = first.state_after.retired["static/old.0123456789.css"]
    assert retired.deploy == 5
    later = retired.at.replace(year=retired.at.year + 1)
    # a year later, but only one more deploy: kept (3 deploys must pass too)
    changed = {**remote, "robots.txt": RemoteObject("robots.txt", 1)}
    plan = make_plan(local, changed, state=first.state_after, now=later)
    assert not plan.retires and not plan.deletes
    state = DeployState(deploys=7, retired=first.state_after.retired)
    assert make_plan(local, changed, state=state, now=later).deletes == [
        "static/old.0123456789.css"]
    soon = make_plan(local, changed, state=state, now=retired.at)  # 8 deploys, 0 days
    assert not soon.deletes
    immediately = make_plan(local, remote, state=DeployState(), grace=Grace(0, 0))
    assert immediately.retires == immediately.deletes == ["static/old.0123456789.css"]
    assert immediately.state_after.retired == {}


def test_an_object_back_in_the_site_is_no_longer_retired(tmp_path):
    local = local_site(tmp_path)
    first = make_plan(local[1:], remote_copy(local))
    assert first.retires == [local[0].key]
    back = make_plan(local, remote_copy(local), state=first.state_after)
    assert not back.retires and not back.changed and back.state_after.retired == {}


def test_a_deploy_that_would_retire_most_of_the_site_is_refused(tmp_path):
    local = local_site(tmp_path)
    plan = make_plan(local[:5], remote_copy(local))
    reason = refusal(plan, 0.5)
    assert reason and f"it would retire {len(local) - 5} of the {len(local)} objects" in reason
    assert "--force" in reason
    assert refusal(plan, 1.0) is None
    assert refusal(make_plan(local, {}), 0.0) is None, "an empty bucket loses nothing"


def test_only_same_size_objects_are_inspected(tmp_path):
    local = local_site(tmp_path)
    remote = {f.key: RemoteObject(f.key, f.size + (f.key == "robots.txt")) for f in local}
    inspect = keys_to_inspect(local, remote)
    assert "robots.txt" not in inspect and len(inspect) == len(local) - 1


def test_invalidation_paths_cover_pages_and_their_folders():
    keys = ["index.html", "index.html.gz", "about/index.html", "404.html",
            "static/site.3f9a1c2b77.css", "sitemap.xml", "caf\u00e9/index.html"]
    assert cdn.invalidation_paths(keys) == sorted(
        ["/", "/index.html", "/about/", "/about/index.html", "/404.html",
         "/caf%C3%A9/", "/caf%C3%A9/index.html"])
    assert cdn.invalidation_paths(["static/a.3f9a1c2b77.css"]) == []
    many = [f"p{i}/index.html" for i in range(cdn.MAX_PATHS)]
    assert cdn.invalidation_paths(many) == ["/*"]


def test_invalidate_sends_one_batch_and_skips_when_nothing_changed():
    client = cdn.make_client()
    with Stubber(client) as stub:
        stub.add_response(
            "create_invalidation",
            {"Location": "x", "Invalidation": {
                "Id": "I123", "Status": "InProgress", "CreateTime": "2026-01-01T00:00:00Z",
                "InvalidationBatch": {"Paths": {"Quantity": 2, "Items": ["/", "/index.html"]},
                                      "CallerReference": "r"}}},
            {"DistributionId": "E1", "InvalidationBatch": {
                "Paths": {"Quantity": 2, "Items": ["/", "/index.html"]},
                "CallerReference": ANY}})
        assert cdn.invalidate(client, "E1", ["/", "/index.html"]) == "I123"
        assert cdn.invalidate(client, "E1", []) is None
        stub.assert_no_pending_responses()


def test_retry_backs_off_on_transient_errors_only():
    delays: list[float] = []
    calls = iter([EndpointConnectionError(endpoint_url="http://x"),
                  ClientError({"Error": {"Code": "SlowDown"},
                               "ResponseMetadata": {"HTTPStatusCode": 503}}, "PutObject"),
                  "ok"])

    def flaky():
        outcome = next(calls)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert with_retries(flaky, sleep=delays.append) == "ok"
    assert len(delays) == 2 and delays[0] <= 0.5 and 0.5 <= delays[1] <= 1.0

    denied = ClientError({"Error": {"Code": "AccessDenied"},
                          "ResponseMetadata": {"HTTPStatusCode": 403}}, "PutObject")

    def refuse():
        raise denied

    with pytest.raises(ClientError):
        with_retries(refuse, sleep=delays.append)
    assert len(delays) == 2, "a refusal is not retried"


def test_client_asks_for_checksums_only_when_an_s3_compatible_store_requires_them():
    aws = make_client(DeployConfig("b", "us-west-2"))
    other = make_client(DeployConfig("b", "us-east-1", endpoint_url="http://127.0.0.1:1"))
    assert other.meta.config.request_checksum_calculation == "when_required"
    assert other.meta.config.response_checksum_validation == "when_required"
    assert aws.meta.config.request_checksum_calculation == "when_supported"


def test_config_reads_the_grace_period_and_the_retire_limit():
    base = {"APMG_S3_BUCKET": "b", "APMG_S3_REGION": "us-west-2"}
    config = DeployConfig.from_env(base)
    assert config.grace == Grace(7, 3) and config.max_retire_share == 0.5
    config = DeployConfig.from_env({**base, "APMG_DEPLOY_RETIRE_DAYS": "0",
                                    "APMG_DEPLOY_RETIRE_DEPLOYS": "1",
                                    "APMG_DEPLOY_MAX_RETIRE_PERCENT": "80"})
    assert config.grace == Grace(0, 1) and config.max_retire_share == 0.8
    with pytest.raises(ConfigError, match="APMG_DEPLOY_MAX_RETIRE_PERCENT must be a whole "
                                          "number from 0 to 100"):
        DeployConfig.from_env({**base, "APMG_DEPLOY_MAX_RETIRE_PERCENT": "120"})
    with pytest.raises(ConfigError, match="APMG_DEPLOY_RETIRE_DAYS"):
        DeployConfig.from_env({**base, "APMG_DEPLOY_RETIRE_DAYS": "a week"})


def test_config_names_the_missing_variable():
    with pytest.raises(ConfigError, match="APMG_S3_BUCKET"):
        DeployConfig.from_env({})
    with pytest.raises(ConfigError, match="APMG_S3_REGION"):
        DeployConfig.from_env({"APMG_S3_BUCKET": "b"})
    config = DeployConfig.from_env({"APMG_S3_BUCKET": "b",
                                    "APMG_S3_ENDPOINT_URL": "http://127.0.0.1:1"})
    assert (config.region, config.distribution_id) == ("us-east-1", None)


@pytest.mark.parametrize(("env", "site", "message"), [
    ({}, True, "APMG_S3_BUCKET is not set"),
    ({"APMG_S3_BUCKET": "b", "APMG_S3_REGION": "us-west-2"}, False, "does not exist"),
])
def test_cli_settings_errors_exit_2(tmp_path, env, site, message):
    output = tmp_path / "output"
    if site:
        write_site(output, site_files())
    result = subprocess.run([sys.executable, "-m", "apmg.deploy", "--output", str(output)],
                            cwd=ROOT, env=deploy_env(None, None, tmp_path, **env), text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
