"""Kill the real ``make deploy`` (``python -m apmg.deploy`` in its own process) with SIGKILL
after every change it makes to a real S3 server, while it deploys a site that adds
pages, removes one, changes the stylesheet and the search index; after every kill a
visitor starting at the home page must find everything, and rerunning must converge."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from apmg.deploy.retirement import STATE_KEY

from .crawl import broken_references
from .linked_sites import build, published_keys
from .proxy import KillingProxy
from .weed import ROOT, S3Server, deploy_env

MAX_RUNS = 80  # a bound on the loop: the deploy A -> B makes about 25 changes
RUN_TIMEOUT = 120


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    changes: int  # requests that changed the bucket, as the proxy counted them
    events: list[dict]

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("linked")
    return build(root / "A", "A"), build(root / "B", "B")


@pytest.fixture
def proxy(s3_server: S3Server) -> Iterator[KillingProxy]:
    proxy = KillingProxy(s3_server.endpoint)
    yield proxy
    proxy.close()


_logs = itertools.count(1)


def deploy(proxy: KillingProxy, site: Path, env: dict, *, kill_after: int | None = None,
           serialize: bool = True, **extra_env: str) -> Run:
    """Run the deploy through the proxy; with ``kill_after``, SIGKILL it after that many
    changes (it may finish first, if it has fewer to make). ``serialize=False`` lets the
    requests it had in flight land after the kill (see proxy.py)."""
    work = site.parent
    n = next(_logs)
    log, out, err = (work / f"run{n}.{ext}" for ext in ("jsonl", "out", "err"))
    holder: list[subprocess.Popen] = []
    proxy.arm(kill_after, lambda: holder[0].pid, serialize=serialize)
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "apmg.deploy", "--output", str(site), "--log", str(log)],
            cwd=ROOT, env={**env, **extra_env}, stdout=stdout, stderr=stderr)
        holder.append(proc)
        try:
            proc.wait(timeout=RUN_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
    proxy.wait_idle()
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return Run(proc.returncode, out.read_text(), err.read_text(), proxy.changes, events)


def bucket_objects(server: S3Server, bucket: str) -> dict[str, bytes]:
    client = server.client()
    keys = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket) for item in page.get("Contents", [])]
    return {k: client.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def assert_whole(server: S3Server, bucket: str, when: str) -> None:
    problems = broken_references(server.client(), bucket)
    assert not problems, f"{when}: a visitor meets missing objects: {problems}"


@pytest.mark.slow
def test_killed_after_every_change_the_site_stays_whole_and_reruns_converge(
        s3_server, bucket, sites, proxy, tmp_path):
    site_a, site_b = sites
    a, b = published_keys(site_a), published_keys(site_b)
    assert set(b) - set(a) >= {"treatments/knee/index.html", "treatments/back/index.html"}
    assert "faq/index.html" in set(a) - set(b)
    assert any(k.startswith("static/css/site.") for k in set(a) - set(b)), "new CSS name"
    assert any(k.startswith("pagefind/fragment/") for k in set(b) - set(a)), "new index"
    env = deploy_env(s3_server, bucket, tmp_path, APMG_S3_ENDPOINT_URL=proxy.endpoint)
    started = time.monotonic()

    first = deploy(proxy, site_a, env)
    assert first.returncode == 0, first.stderr
    assert_whole(s3_server, bucket, "after deploying A")

    # Each run is killed right after its first change; the next one plans again from
    # what the bucket holds, so every change of the deploy A -> B is a kill point.
    kills = 0
    for attempt in range(MAX_RUNS):
        run = deploy(proxy, site_b, env, kill_after=1)
        if not run.killed:
            break
        kills += 1
        assert run.changes == 1, (attempt, run.changes)
        assert_whole(s3_server, bucket, f"killed after change {kills}")
    else:
        pytest.fail(f"the deploy did not converge in {MAX_RUNS} runs")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.changes == 0, "the run that finished had nothing left to change"
    # every upload, the state written before the cycle of new pages, the final state
    assert kills >= len({k for k in b if a.get(k) != b[k]}) + 2, kills
    assert_whole(s3_server, bucket, "after the deploy finished")

    in_bucket = bucket_objects(s3_server, bucket)
    retired = set(a) - set(b)
    assert set(in_bucket) == set(b) | retired | {STATE_KEY}
    assert all(in_bucket[k] == v for k, v in b.items()), "the bucket holds site B"
    state = json.loads(in_bucket[STATE_KEY])
    assert set(state["retired"]) == retired and state["partial"] == []
    assert state["deploys"] == 2, "A, then B (killed runs do not count)"

    again = deploy(proxy, site_b, env)
    assert again.returncode == 0 and again.changes == 0, again.stdout
    assert "uploaded 0, kept" in again.stdout

    # The grace period over (both limits at 0): the rerun deletes what A left, and a
    # kill just after that deletion leaves the site whole too.
    expire = {"APMG_DEPLOY_RETIRE_DAYS": "0", "APMG_DEPLOY_RETIRE_DEPLOYS": "0"}
    killed = deploy(proxy, site_b, env, kill_after=1, **expire)
    assert killed.killed and killed.changes == 1
    assert_whole(s3_server, bucket, "killed after deleting the retired objects")
    done = deploy(proxy, site_b, env, **expire)
    assert done.returncode == 0, done.stderr
    in_bucket = bucket_objects(s3_server, bucket)
    assert set(in_bucket) == set(b) | {STATE_KEY}
    assert json.loads(in_bucket[STATE_KEY])["retired"] == {}
    assert deploy(proxy, site_b, env, **expire).changes == 0
    print(f"{kills + 1} kill points in {time.monotonic() - started:.0f}s")


def test_the_upload_order_puts_new_pages_before_the_pages_that_link_to_them(
        s3_server, bucket, sites, proxy, tmp_path):
    site_a, site_b = sites
    env = deploy_env(s3_server, bucket, tmp_path, APMG_S3_ENDPOINT_URL=proxy.endpoint)
    assert deploy(proxy, site_a, env).returncode == 0
    run = deploy(proxy, site_b, env)
    assert run.returncode == 0, run.stderr
    plan = next(e for e in run.events if e["event"] == "plan")
    step_of = {key: i for i, step in enumerate(plan["steps"]) for key in step}
    knee, back = "treatments/knee/index.html", "treatments/back/index.html"
    assert plan["cycles"] == [[back, back + ".gz", knee, knee + ".gz"]]
    css = next(k for k in step_of if k.startswith("static/css/site.") and k.endswith(".css"))
    for page in ("index.html", "about/index.html"):
        assert step_of[page] > max(step_of[knee], step_of[back]), page
    for page in (knee, back, "index.html"):
        assert step_of[page] > step_of[css], page
    entry = "pagefind/pagefind-entry.json"
    fragments = [k for k in step_of if k.startswith("pagefind/fragment/")]
    meta = next(k for k in step_of if k.endswith(".pf_meta"))
    assert step_of[entry] > step_of[meta] > max(step_of[f] for f in fragments)
    assert min(step_of[f] for f in fragments) > max(step_of[knee], step_of[back]), \
        "a search result links to its page: the page goes up first"


def copy_bucket(server: S3Server, source: str, target: str) -> None:
    """Make ``target`` hold exactly ``source``'s objects, headers and metadata included."""
    client = server.client()
    old = [{"Key": k} for k in bucket_objects(server, target)]
    if old:
        client.delete_objects(Bucket=target, Delete={"Objects": old, "Quiet": True})
    for key in bucket_objects(server, source):
        client.copy_object(Bucket=target, Key=key, CopySource={"Bucket": source, "Key": key},
                           MetadataDirective="COPY")


@pytest.mark.slow
def test_killed_deeper_into_one_run_the_site_stays_whole(s3_server, bucket, sites, proxy,
                                                         tmp_path):
    """The deploy A -> B, each time from A, killed after its k-th change, k spread over
    the whole deploy: one process goes through several steps (uploading in parallel
    within each) before it dies; every other time, what it had in flight still lands."""
    site_a, site_b = sites
    env = deploy_env(s3_server, bucket, tmp_path, APMG_S3_ENDPOINT_URL=proxy.endpoint)
    assert deploy(proxy, site_a, env).returncode == 0
    work = f"{bucket}-work"
    s3_server.client().create_bucket(Bucket=work)
    work_env = {**env, "APMG_S3_BUCKET": work}
    try:
        copy_bucket(s3_server, bucket, work)
        full = deploy(proxy, site_b, work_env)
        assert full.returncode == 0, full.stderr
        total = full.changes
        points = list(range(2, total, 3))
        assert 5 <= len(points) <= 12, total
        print(f"A -> B: {total} changes, killed after {points}")
        for i, k in enumerate(points):
            copy_bucket(s3_server, bucket, work)
            serialize = i % 2 == 0
            run = deploy(proxy, site_b, work_env, kill_after=k, serialize=serialize)
            assert run.killed, (k, run.returncode, run.stderr)
            assert run.changes == k if serialize else run.changes >= k, (k, run.changes)
            assert_whole(s3_server, work, f"killed after change {k} of {total} "
                                          f"({run.changes} landed)")
        rerun = deploy(proxy, site_b, work_env)
        assert rerun.returncode == 0 and 0 < rerun.changes <= total - points[-1]
        assert_whole(s3_server, work, "after the rerun")
    finally:
        client = s3_server.client()
        client.delete_bucket(Bucket=work)
