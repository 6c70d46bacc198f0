"""Pull-request previews against a real S3 server (SeaweedFS on loopback): ``make deploy
ARGS="--prefix previews/pr-N/"`` puts a built site under its own prefix and touches
nothing else; ``--remove`` deletes exactly that prefix; the live site's deploy never
lists, retires or deletes a preview (apmg/deploy/prefix.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import build_into

from apmg.deploy.prefix import clean_prefix, preview_prefix
from apmg.deploy.retirement import STATE_KEY
from apmg.headers import IMMUTABLE, REVALIDATE

from .crawl import PageLinks
from .sites import published, site_files, write_site
from .weed import S3Server, deploy_env, run_deploy


def objects(server: S3Server, bucket: str, prefix: str = "") -> dict[str, dict]:
    """Every object (under ``prefix``) of the bucket: key -> ETag and headers."""
    client = server.client()
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            head = client.head_object(Bucket=bucket, Key=item["Key"])
            found[item["Key"]] = {"etag": head["ETag"], "type": head.get("ContentType"),
                                  "cache": head.get("CacheControl"),
                                  "encoding": head.get("ContentEncoding")}
    return found


@pytest.fixture
def deploy(s3_server: S3Server, bucket: str, tmp_path: Path):
    """Run the real deploy (``python -m apmg.deploy ARGS``) on a site (dict of files)."""
    env = deploy_env(s3_server, bucket, tmp_path)
    counter = iter(range(1, 100))

    def run(files: dict[str, bytes] | None, *args: str):
        site = write_site(tmp_path / f"site{next(counter)}", files or {"index.html": b"x"})
        return run_deploy(site, env, *args)

    return run


def test_prefixes_are_one_folder_under_previews():
    assert preview_prefix(12) == "previews/pr-12/"
    assert clean_prefix("previews/pr-12") == "previews/pr-12/"
    for bad in ("", "/", "previews/", "previews/pr-1/x/", "../previews/pr-1/", "site/",
                "previews/../x/", "previews/.apmg/", "previews/PR-1/", "/previews/pr-1/"):
        with pytest.raises(Exception, match="--prefix must be one folder"):
            clean_prefix(bad)


def test_a_preview_stays_under_its_prefix_and_its_removal_leaves_everything_else(
        deploy, s3_server, bucket):
    live = site_files()
    assert deploy(live).returncode == 0
    before = objects(s3_server, bucket)
    assert before and not any(k.startswith("previews/") for k in before)

    preview = site_files(site_style="two", about_style="two", with_faq=False)
    run = deploy(preview, "--prefix", "previews/pr-7/")
    assert run.returncode == 0, run.stderr
    assert f"uploaded {len(published(preview))}, kept 0, retired 0" in run.stdout
    after = objects(s3_server, bucket)
    # nothing outside the prefix changed
    assert {k: v for k, v in after.items() if not k.startswith("previews/")} == before
    mine = objects(s3_server, bucket, "previews/pr-7/")
    assert set(mine) == {f"previews/pr-7/{k}" for k in published(preview)} | {
        f"previews/pr-7/{STATE_KEY}"}
    # the same headers a live deploy sets
    css = next(k for k in mine if k.endswith(".css") and "/static/site." in k)
    assert (mine[css]["type"], mine[css]["cache"]) == ("text/css; charset=utf-8", IMMUTABLE)
    home = mine["previews/pr-7/index.html.gz"]
    assert (home["type"], home["cache"], home["encoding"]) == (
        "text/html; charset=utf-8", REVALIDATE, "gzip")

    # a second push to the pull request: only what changed, still under the prefix
    again = deploy(site_files(site_style="three", about_style="two", with_faq=False),
                   "--prefix", "previews/pr-7/")
    assert again.returncode == 0, again.stderr
    assert 0 < len(again.keys("upload")) < len(published(preview))
    assert {k: v for k, v in objects(s3_server, bucket).items()
            if not k.startswith("previews/")} == before

    # another pull request's preview, then a live deploy that changes the live site:
    # neither preview is listed, retired or deleted by it
    assert deploy(site_files(about_style="eight"), "--prefix", "previews/pr-8/").returncode == 0
    previews_before = objects(s3_server, bucket, "previews/")
    live_run = deploy(site_files(site_style="new"), "--force")
    assert live_run.returncode == 0, live_run.stderr
    assert not [k for k in live_run.keys("retire") + live_run.keys("delete")
                if k.startswith("previews/")]
    assert objects(s3_server, bucket, "previews/") == previews_before
    live_after = {k: v for k, v in objects(s3_server, bucket).items()
                  if not k.startswith("previews/")}

    # removal: a dry run changes nothing, then exactly pr-7's objects go
    dry = deploy(None, "--remove", "--prefix", "previews/pr-7/", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    # the second push's retired files are under the prefix too: they go with it
    pr7 = objects(s3_server, bucket, "previews/pr-7/")
    assert len(pr7) > len(mine)
    assert f"would remove {len(pr7)} objects" in dry.stdout
    assert objects(s3_server, bucket, "previews/") == previews_before
    gone = deploy(None, "--remove", "--prefix", "previews/pr-7/")
    assert gone.returncode == 0, gone.stderr
    assert objects(s3_server, bucket, "previews/pr-7/") == {}
    assert objects(s3_server, bucket, "previews/pr-8/") == {
        k: v for k, v in previews_before.items() if k.startswith("previews/pr-8/")}
    assert {k: v for k, v in objects(s3_server, bucket).items()
            if not k.startswith("previews/")} == live_after
    # removing it again is no error: there is nothing left
    assert deploy(None, "--remove", "--prefix", "previews/pr-7/").returncode == 0


def test_wrong_prefixes_and_a_live_site_with_a_previews_folder_are_refused(
        deploy, s3_server, bucket):
    for args in (("--prefix", "site/"), ("--prefix", "previews/"), ("--prefix", "../x/"),
                 ("--remove",), ("--remove", "--prefix", "previews/a/b/")):
        run = deploy(site_files(), *args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
    files = {**site_files(), "previews/pr-1/index.html": b"<p>not a page of the site</p>"}
    run = deploy(files)
    assert run.returncode == 2
    assert "kept for previews" in run.stderr
    assert objects(s3_server, bucket) == {}


# The preview's public address: a CDN or website endpoint serving the bucket's root.
PREVIEW_HOST = "https://preview.example.org"


def test_the_real_staging_build_works_under_its_preview_address(s3_server, bucket, tmp_path):
    """The site built for the preview's address (APMG_SITEURL ending in the prefix) and
    deployed under the prefix: every link of every page that stays on the site finds an
    object under the prefix, none points outside it, and the pages are noindex."""
    prefix = preview_prefix(3)
    siteurl = f"{PREVIEW_HOST}/{prefix}".rstrip("/")
    site = build_into(tmp_path / "site", "--settings", "publishconf.py",
                      env={"APMG_SITEURL": siteurl, "ALLOW_PLACEHOLDERS": "1",
                           "APMG_CMS_REPO": None, "APMG_CMS_LOCAL": None})
    run = run_deploy(site, deploy_env(s3_server, bucket, tmp_path), "--prefix", prefix)
    assert run.returncode == 0, run.stderr
    stored = objects(s3_server, bucket)
    assert stored and all(k.startswith(prefix) for k in stored)

    client = s3_server.client()
    host = urlsplit(PREVIEW_HOST)
    pages = sorted(k for k in stored if k.endswith(".html"))
    assert f"{prefix}index.html" in pages and len(pages) > 20
    problems = []
    for key in pages:
        html = client.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        if key == f"{prefix}index.html":
            assert 'content="noindex"' in html or "content=noindex" in html
        parser = PageLinks()
        parser.feed(html)
        for url in parser.urls:
            target = urlsplit(urljoin(f"{PREVIEW_HOST}/{key}", url))
            if (target.scheme, target.netloc) != (host.scheme, host.netloc):
                continue  # another site
            object_key = target.path.lstrip("/")
            if not object_key.startswith(prefix):
                problems.append(f"{key}: {url} leaves the preview")
                continue
            if object_key.endswith("/"):
                object_key += "index.html"
            if object_key not in stored and object_key + "/index.html" not in stored:
                problems.append(f"{key}: {url} -> missing {object_key}")
    assert not problems, f"{len(problems)} broken links, like {problems[:10]}"
