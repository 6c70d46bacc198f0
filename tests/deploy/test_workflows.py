"""The GitHub Actions workflows pass actionlint and zizmor (PyPI packages of pyproject.toml)
and keep the properties the deploy relies on."""

from __future__ import annotations

import re
import subprocess

import yaml

from .weed import ROOT, tool

WORKFLOWS = ROOT / ".github" / "workflows"
# owner/repo[/path]@<full commit SHA> # v<the release tag it is>
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+)*")


def test_actionlint_accepts_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "publish.yml"}
    actionlint = tool("actionlint", "the actionlint package of pyproject.toml")
    result = subprocess.run([actionlint, *map(str, files)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflows_and_dependabot_config():
    """zizmor's default ("regular") persona, offline: no network and no token needed."""
    assert (ROOT / ".github" / "dependabot.yml").is_file()
    zizmor = tool("zizmor", "the zizmor package of pyproject.toml")
    result = subprocess.run([zizmor, "--offline", "--strict-collection", "--no-progress",
                             ".github"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "No findings to report" in report, report
    assert {"ci.yml", "publish.yml", "dependabot.yml"} <= set(
        re.findall(r"completed \.github/(?:workflows/)?([\w.]+)", report)), report


def test_every_action_is_pinned_by_commit_with_its_tag_named():
    uses = [line.split("uses:", 1)[1].strip() for path in sorted(WORKFLOWS.glob("*.yml"))
            for line in path.read_text().splitlines() if line.strip().startswith(("uses:",
                                                                                 "- uses:"))]
    assert uses
    for ref in uses:
        assert ref.startswith("$/") or PINNED.fullmatch(ref), ref


def test_publish_runs_one_deploy_at_a_time_after_the_checks():
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())
    assert "concurrency" not in publish  # the checks of two merges may run side by side
    assert publish["permissions"] == {"contents": "read"}
    deploy = publish["jobs"]["deploy"]
    assert deploy["concurrency"] == {"group": "deploy-production", "cancel-in-progress": False}
    assert deploy["needs"] == "check"
    assert deploy["if"] == "${{ github.ref == 'refs/heads/main' }}"
    assert publish["jobs"]["check"]["uses"] == "$/.github/workflows/ci.yml"
    assert publish["jobs"]["check"]["with"] == {"production": True}
    assert any(step.get("run") == "make deploy" for step in deploy["steps"])


def test_the_lint_writes_its_findings_to_the_job_summary():
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    runs = [step.get("run", "") for step in ci["jobs"]["check"]["steps"]]
    assert 'make lint ARGS="--format github --summary $GITHUB_STEP_SUMMARY"' in runs
