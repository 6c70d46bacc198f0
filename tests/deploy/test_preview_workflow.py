"""The pull-request preview workflow keeps the properties docs/deploying.md promises, and
the web editor's "View preview" link finds what it posts (actionlint and zizmor check
every workflow in test_workflows.py)."""

from __future__ import annotations

import yaml

from apmg.cms.config import config
from apmg.model.routes import document_url
from apmg.plugins.admin import site_config

from .test_workflows import WORKFLOWS


def preview() -> dict:
    return yaml.safe_load((WORKFLOWS / "preview.yml").read_text())


# The status the workflow posts. Decap's GitHub backend (without ``preview_context``)
# takes the first status of the pull request's last commit whose context contains
# "deploy" (decap-cms-lib-util API.ts PREVIEW_CONTEXT_KEYWORDS) as the preview.
PREVIEW_CONTEXT = "deploy/preview"


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_it_runs_for_every_pull_request_event_with_no_permission_by_default():
    workflow = preview()
    # PyYAML reads the key "on" as True
    assert workflow[True] == {"pull_request": {
        "types": ["opened", "synchronize", "reopened", "closed"]}}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"contents": "read", "id-token": "write",
                                             "statuses": "write"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert jobs["remove"]["permissions"] == {"contents": "read", "id-token": "write"}
    # no preview for forks (no secrets, read-only token), none without the address
    for name in ("build", "remove"):
        condition = jobs[name]["if"]
        assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
        assert "vars.APMG_PREVIEW_URL != ''" in condition
    assert "github.event.action != 'closed'" in jobs["build"]["if"]
    assert "github.event.action == 'closed'" in jobs["remove"]["if"]


def test_a_staging_build_for_the_preview_address_deployed_under_its_prefix():
    jobs = preview()["jobs"]
    build = runs(jobs["build"])
    assert 'url="${PREVIEW_URL%/}/previews/pr-${PR_NUMBER}"' in build
    assert 'APMG_SITEURL="$url" make publish ALLOW_PLACEHOLDERS=1' in build
    assert 'make lint ARGS="--summary .build/preview/lint.md"' in build
    deploy = runs(jobs["deploy"])
    assert deploy.count('make deploy ARGS="--prefix previews/pr-${PR_NUMBER}/"') == 2
    # the same settings as the live deploy (publish.yml), from the preview environment
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())["jobs"]["deploy"]
    for name in ("deploy", "remove"):
        env = jobs[name]["env"]
        assert {k: v for k, v in env.items() if k.startswith("APMG_S3")} == {
            k: v for k, v in publish["env"].items() if k.startswith("APMG_S3")}
    assert jobs["deploy"]["environment"]["name"] == jobs["remove"]["environment"] == "preview"
    remove = runs(jobs["remove"])
    assert remove.count('make deploy ARGS="--remove --prefix previews/pr-${PR_NUMBER}/"') == 2
    # the removal runs the base branch's code
    checkout = jobs["remove"]["steps"][0]
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"


def test_the_status_is_the_one_the_web_editor_reads_and_the_comment_is_updated():
    jobs = preview()["jobs"]
    assert f"-f context={PREVIEW_CONTEXT}" in runs(jobs["deploy"])
    assert "deploy" in PREVIEW_CONTEXT
    # the only status the workflows post
    assert [job for job in jobs.values() if "/statuses/" in runs(job)] == [jobs["deploy"]]
    for other in ("ci.yml", "publish.yml"):
        assert "/statuses/" not in (WORKFLOWS / other).read_text()
    comment = runs(jobs["comment"])
    assert "marker='<!-- apmg-preview -->'" in comment
    assert 'select(.user.login == \\"github-actions[bot]\\")' in comment
    assert "--method PATCH" in comment and "--method POST" in comment
    assert jobs["comment"]["needs"] == ["build", "deploy"]
    assert jobs["comment"]["if"] == "${{ always() && needs.build.result != 'skipped' }}"


def test_the_editor_links_each_entry_to_its_page_of_the_preview():
    github = site_config({"APMG_PUBLISH": True, "SITEURL": "https://www.example.org"},
                         env={"APMG_CMS_REPO": "o/r"})
    # Decap's own inference finds the status (a preview_context would have to match it)
    assert github["backend"].get("preview_context", PREVIEW_CONTEXT) == PREVIEW_CONTEXT
    assert github["publish_mode"] == "editorial_workflow"
    paths = {c["name"]: c.get("preview_path") for c in config()["collections"]}
    assert paths["procedures"] == "treatments/{{slug}}/"
    assert paths["faqs"] == "faqs/#{{slug}}"
    assert paths["procedures_es"] == document_url("procedure", "{{slug}}", "es").lstrip("/")
