"""The GitHub Actions workflows pass actionlint (a PyPI package of pyproject.toml) and
keep the properties the deploy relies on."""

from __future__ import annotations

import subprocess

import yaml

from .weed import ROOT, tool

WORKFLOWS = ROOT / ".github" / "workflows"


def test_actionlint_accepts_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "publish.yml"}
    actionlint = tool("actionlint", "the actionlint package of pyproject.toml")
    result = subprocess.run([actionlint, *map(str, files)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_publish_runs_one_deploy_at_a_time_after_the_checks():
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())
    assert publish["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    assert publish["permissions"] == {"contents": "read"}
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert publish["jobs"]["check"]["uses"] == "./.github/workflows/ci.yml"
    assert any(step.get("run") == "make deploy" for step in deploy["steps"])
