"""Helpers for the lint tests: a scratch copy of the fixture site, lint one file in it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from apmg.lint import Finding, LintConfig, lint

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
TODAY = dt.date(2026, 11, 20)

PROCEDURE_HEAD = """\
---
title: Gamma Injection
summary: A short test injection.
region: neck
kind: injection
last_reviewed: {reviewed}
reviewed_by: dr-test
---
"""
EASY_BODY = """
## What it is

This is a shot in the neck. It can ease pain. The doctor uses an X-ray to guide it.

## When to call

!!! call-911 "Call 911 right away if"
    - You have trouble breathing.
"""


class Scratch:
    """The fixture site in a temp folder: write a file, lint it, read its findings."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        shutil.copytree(FIXTURE_SITE, self.content)

    def write(self, rel: str, text: str) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def lint(self, rel: str, text: str | None = None, config: LintConfig | None = None,
             today: dt.date = TODAY) -> list[Finding]:
        path = self.write(rel, text) if text is not None else self.content / rel
        return lint(self.content, self.root, config or LintConfig(), [path], today)

    def procedure(self, body: str = EASY_BODY, reviewed: str = "2026-11-01",
                  head: str | None = None) -> list[Finding]:
        text = (head or PROCEDURE_HEAD.format(reviewed=reviewed)) + body
        return self.lint("procedures/gamma-injection.md", text)




def messages(findings: list[Finding], level: str | None = None) -> list[str]:
    return [f.message for f in findings if level is None or f.level == level]
