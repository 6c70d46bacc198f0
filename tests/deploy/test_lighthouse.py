"""Lighthouse (npm, pinned in the Makefile) on the production build, served by a real
nginx with the generated ``nginx-site.conf``, one page of every type, mobile.

The production build needs the practice's real details, which we do not have yet: the
test builds a copy of content/ with each placeholder turned into ordinary text (the
fictional 555-01xx numbers into 346-01xx ones) and the site address set to the nginx it
is served by. Every indexable page must score 100 in accessibility, best practices and
SEO and at least 98 in performance. Pages that are ``noindex`` on purpose (the 404 page,
the printable instructions) cannot pass SEO's "is crawlable" audit; every other SEO
audit must pass on them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, build_into

from .nginx import free_port, serving

LIGHTHOUSE = ROOT / ".build" / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}

INDEXABLE = ["/", "/treatments/", "/treatments/lumbar-facet-joint-injections/",
             "/conditions/", "/conditions/facet-joint-syndrome/", "/faqs/", "/locations/",
             "/locations/west-hills/", "/clinicians/", "/about/", "/search/",
             "/es/treatments/lumbar-facet-joint-injections/"]
NOINDEX = ["/404.html", "/treatments/lumbar-facet-joint-injections/instructions/"]


def ready_for_production(content: Path) -> Path:
    """``content`` with every placeholder made ordinary text, as real details would be."""
    for path in content.rglob("*"):
        if path.suffix not in (".md", ".yml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        ready = "".join(line for line in text.splitlines(True)
                        if not line.startswith("placeholders:"))
        ready = re.sub(r"\[Placeholder: ([^\]]*)\]", r"\1", ready.replace("555-01", "346-01"))
        if ready != text:
            path.write_text(ready, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> str:
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: make test installs it (lighthouse in the "
                    "Makefile)")
    work = tmp_path_factory.mktemp("lighthouse")
    content = ready_for_production(Path(shutil.copytree(ROOT / "content", work / "content")))
    port = free_port()  # the site is built for its address, then served there
    url = f"http://127.0.0.1:{port}"
    site = build_into(work / "site", "--settings", "publishconf.py", "--content", str(content),
                      env={"APMG_SITEURL": url, "ALLOW_PLACEHOLDERS": None})
    with serving(site, work, port=port):
        yield url


RUN_AGAIN = "Please run Lighthouse again"  # how Lighthouse says a trace went wrong


def lighthouse(url: str, tries: int = 3) -> dict:
    """Lighthouse's report on ``url``. A run whose trace recording failed (NO_NAVSTART and
    the like, on a busy machine) is run again, as Lighthouse itself asks."""
    for _ in range(tries):
        result = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--output=json", "--quiet", "--form-factor=mobile",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
             "--chrome-flags=--headless=new --no-sandbox"],
            capture_output=True, text=True, timeout=300, check=False)
        if RUN_AGAIN not in result.stderr + result.stdout[:2000]:
            break
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


def failing(report: dict, category: str) -> list[str]:
    """The audits of ``category`` that lost it points: id and title."""
    audits = report["audits"]
    return [f"{ref['id']}: {audits[ref['id']]['title']}"
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] and (audits[ref["id"]].get("score") or 0) < 1
            and audits[ref["id"]]["scoreDisplayMode"] not in ("notApplicable", "informative",
                                                               "manual")]


def scores(report: dict) -> dict[str, int]:
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


PERFORMANCE_TRIES = 3  # performance is measured: the best of up to three runs counts


def measured(url: str) -> dict:
    """Lighthouse's report on ``url``, run again (up to three times in all) while only the
    performance score is short: on a machine busy with other tests a run can be slow, and
    a busy machine must not fail a fast page. The other categories never vary."""
    report = lighthouse(url)
    for _ in range(PERFORMANCE_TRIES - 1):
        if scores(report)["performance"] >= MINIMUM["performance"]:
            break
        report = lighthouse(url)
    return report


@pytest.mark.parametrize("path", INDEXABLE)
def test_an_indexable_page_scores_full_marks(production, path):
    report = measured(production + path)
    got = scores(report)
    low = {name: got[name] for name in CATEGORIES if got[name] < MINIMUM[name]}
    assert not low, {name: failing(report, name) for name in low}


@pytest.mark.parametrize("path", NOINDEX)
def test_a_noindex_page_passes_everything_but_being_crawlable(production, path):
    report = measured(production + path)
    got = scores(report)
    low = {name: got[name] for name in CATEGORIES if name != "seo" and got[name] < MINIMUM[name]}
    assert not low, {name: failing(report, name) for name in low}
    assert [audit.split(":")[0] for audit in failing(report, "seo")] == ["is-crawlable"]
