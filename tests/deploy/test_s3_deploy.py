"""``make deploy`` against a real S3 server (SeaweedFS on loopback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apmg.deploy.retirement import STATE_KEY, STATE_PREFIX
from apmg.headers import IMMUTABLE, REVALIDATE

from .sites import html_keys, published, referenced_keys, site_files, write_site
from .weed import S3Server, deploy_env, run_deploy


def bucket_state(server: S3Server, bucket: str) -> dict[str, dict]:
    """Key -> the headers and stored hash a visitor's request would meet (the deploy's
    own state object left out)."""
    client = server.client()
    state = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            if item["Key"].startswith(STATE_PREFIX):
                continue
            head = client.head_object(Bucket=bucket, Key=item["Key"])
            state[item["Key"]] = {
                "etag": head["ETag"], "size": head["ContentLength"],
                "type": head.get("ContentType"), "cache": head.get("CacheControl"),
                "encoding": head.get("ContentEncoding"), "meta": head.get("Metadata")}
    return state


def bucket_bytes(server: S3Server, bucket: str, key: str) -> bytes:
    return server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def assert_whole(server: S3Server, bucket: str) -> None:
    """Every page in the bucket finds every page and asset it links to."""
    keys = set(bucket_state(server, bucket))
    for page_key in html_keys(keys):
        missing = referenced_keys(page_key, bucket_bytes(server, bucket, page_key)) - keys
        assert not missing, f"{page_key} links to missing {sorted(missing)}"


def changed_keys(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    return {k for k, v in published(new).items() if old.get(k) != v}


@pytest.fixture
def deploy_to(s3_server: S3Server, bucket: str, tmp_path: Path):
    """Deploy a site (a dict of files) to the test's bucket; return the run."""
    env = deploy_env(s3_server, bucket, tmp_path)
    counter = iter(range(1, 100))

    def deploy(files: dict[str, bytes], *args: str, **extra_env: str):
        site = write_site(tmp_path / f"site{next(counter)}", files)
        return run_deploy(site, {**env, **extra_env}, *args)

    return deploy


def test_first_deploy_uploads_everything_with_the_right_headers(deploy_to, s3_server, bucket):
    files = site_files()
    run = deploy_to(files)
    assert run.returncode == 0, run.stderr
    assert set(run.keys("upload")) == set(published(files))
    assert run.keys("delete") == []
    assert f"uploaded {len(published(files))}, kept 0, retired 0, deleted 0" in run.stdout

    state = bucket_state(s3_server, bucket)
    assert set(state) == set(published(files)), "server config files must stay private"
    css = next(k for k in state if k.startswith("static/site.") and k.endswith(".css"))
    expected = {
        "index.html": ("text/html; charset=utf-8", REVALIDATE, None),
        "index.html.gz": ("text/html; charset=utf-8", REVALIDATE, "gzip"),
        css: ("text/css; charset=utf-8", IMMUTABLE, None),
        css + ".gz": ("text/css; charset=utf-8", IMMUTABLE, "gzip"),
        css + ".br": ("text/css; charset=utf-8", IMMUTABLE, "br"),
        "images/logo.png": ("image/png", REVALIDATE, None),
        "favicon.ico": ("image/x-icon", REVALIDATE, None),
        "sitemap.xml": ("application/xml", REVALIDATE, None),
        "robots.txt": ("text/plain; charset=utf-8", REVALIDATE, None),
        "_redirects": ("text/plain; charset=utf-8", REVALIDATE, None),
        "_headers": ("text/plain; charset=utf-8", REVALIDATE, None),
        "pagefind/pagefind.js": ("text/javascript; charset=utf-8", REVALIDATE, None),
        "pagefind/pagefind-ui.css": ("text/css; charset=utf-8", REVALIDATE, None),
        "pagefind/pagefind-entry.json": ("application/json", REVALIDATE, None),
        "pagefind/wasm.en.pagefind": ("application/octet-stream", REVALIDATE, None),
        "pagefind/pagefind.en_8d9e858d0c.pf_meta": ("application/octet-stream", IMMUTABLE, None),
        "pagefind/fragment/en_19a6b96.pf_fragment": ("application/octet-stream", IMMUTABLE,
                                                     None),
        "pagefind/index/en_3194b97.pf_index": ("application/octet-stream", IMMUTABLE, None),
    }
    for prefix, ctype in [("static/app.", "text/javascript; charset=utf-8"),
                          ("static/search.", "application/wasm"),
                          ("fonts/inter.", "font/woff2")]:
        key = next(k for k in state if k.startswith(prefix) and not k.endswith((".gz", ".br")))
        expected[key] = (ctype, IMMUTABLE, None)
    for key, headers in expected.items():
        got = state[key]
        assert (got["type"], got["cache"], got["encoding"]) == headers, key
    for key, data in published(files).items():
        assert bucket_bytes(s3_server, bucket, key) == data, key
    assert state["index.html"]["meta"]["sha256"]
    assert_whole(s3_server, bucket)


def test_second_deploy_uploads_only_the_changed_page_and_its_assets(deploy_to, s3_server,
                                                                    bucket):
    before = site_files()
    assert deploy_to(before).returncode == 0
    after = site_files(about_style="two")
    run = deploy_to(after)
    assert run.returncode == 0, run.stderr

    changed = changed_keys(before, after)
    assert {k.removesuffix(".gz").removesuffix(".br") for k in changed} == {
        "about/index.html", next(k for k in after if k.startswith("static/about.")
                                 and k.endswith(".css"))}
    assert set(run.keys("upload")) == changed
    summary = next(e for e in run.events if e["event"] == "summary")
    assert set(summary["kept"]) == set(published(after)) - changed
    stale = set(published(before)) - set(published(after))
    assert set(run.keys("retire")) == stale and stale  # the old about stylesheet
    assert run.keys("delete") == [], "kept for the tabs still using it"
    assert set(bucket_state(s3_server, bucket)) == set(published(after)) | stale
    assert (f"uploaded {len(changed)}, kept {len(summary['kept'])}, retired {len(stale)}, "
            "deleted 0") in run.stdout

    again = deploy_to(after)
    assert again.keys("upload") == again.keys("retire") == again.keys("delete") == []


def deploy_state(server: S3Server, bucket: str) -> dict:
    body = server.client().get_object(Bucket=bucket, Key=STATE_KEY)["Body"].read()
    return json.loads(body)


def test_a_removed_page_is_retired_then_deleted_after_the_grace_period(deploy_to, s3_server,
                                                                        bucket):
    assert deploy_to(site_files()).returncode == 0
    after = site_files(with_faq=False)
    run = deploy_to(after)
    assert run.returncode == 0, run.stderr
    retired = set(run.keys("retire"))
    assert {"faq/index.html", "faq/index.html.gz"} <= retired
    assert any(k.startswith("static/faq.") for k in retired)
    assert run.keys("upload"), "the pages that linked to the FAQ changed too"
    seqs = [e["seq"] for e in run.events if e["event"] == "upload"]
    assert max(seqs) < min(e["seq"] for e in run.events if e["event"] == "retire")
    assert set(bucket_state(s3_server, bucket)) == set(published(after)) | retired
    state = deploy_state(s3_server, bucket)
    assert set(state["retired"]) == retired and state["deploys"] == 2
    assert_whole(s3_server, bucket)

    over = {"APMG_DEPLOY_RETIRE_DAYS": "0", "APMG_DEPLOY_RETIRE_DEPLOYS": "0"}
    cleanup = deploy_to(after, **over)
    assert cleanup.returncode == 0, cleanup.stderr
    assert set(cleanup.keys("delete")) == retired and cleanup.keys("upload") == []
    assert set(bucket_state(s3_server, bucket)) == set(published(after))
    assert deploy_state(s3_server, bucket)["retired"] == {}


def test_dry_run_changes_nothing(deploy_to, s3_server, bucket):
    assert deploy_to(site_files()).returncode == 0
    before = bucket_state(s3_server, bucket)
    after = site_files(about_style="two", with_faq=False)
    run = deploy_to(after, "--dry-run")
    assert run.returncode == 0, run.stderr
    assert bucket_state(s3_server, bucket) == before
    assert run.keys("upload") == [] and run.keys("retire") == [] and run.keys("delete") == []
    assert "dry run" in run.stdout
    assert "would upload  about/index.html  (step " in run.stdout
    assert "would retire  faq/index.html" in run.stdout
    assert "would keep    robots.txt" in run.stdout


def test_a_deploy_that_would_retire_most_of_the_site_needs_force(deploy_to, s3_server,
                                                                 bucket, tmp_path):
    assert deploy_to(site_files()).returncode == 0
    before = bucket_state(s3_server, bucket)
    tiny = {"index.html": b"<!doctype html><title>x</title>"}
    refused = deploy_to(tiny)
    assert refused.returncode == 2
    assert f"it would retire {len(before) - 1} of the {len(before)} objects" in refused.stderr
    assert "--force" in refused.stderr
    assert bucket_state(s3_server, bucket) == before
    forced = deploy_to(tiny, "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(forced.keys("retire")) == len(before) - 1


def test_deploys_the_release_the_output_link_points_at(deploy_to, s3_server, bucket,
                                                       tmp_path):
    release = write_site(tmp_path / ".output.releases" / "r1", site_files())
    link = tmp_path / "output"
    link.symlink_to(release)
    env = deploy_env(s3_server, bucket, tmp_path)
    run = run_deploy(link, env)
    assert run.returncode == 0, run.stderr
    assert set(bucket_state(s3_server, bucket)) == set(published(site_files()))


def test_missing_bucket_is_a_clear_error(s3_server, tmp_path):
    site = write_site(tmp_path / "site", site_files())
    run = run_deploy(site, deploy_env(s3_server, "no-such-bucket", tmp_path))
    assert run.returncode == 1
    assert "bucket 'no-such-bucket' does not exist" in run.stderr
