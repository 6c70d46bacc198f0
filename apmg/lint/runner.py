"""Run every rule over the content folder; keep the findings of the files asked about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from apmg.lint.config import LintConfig
from apmg.lint.context import load_context
from apmg.lint.finding import Finding
from apmg.lint.rules import RULES


def lint(content: Path, root: Path, config: LintConfig, files: Iterable[Path] = (),
         today: dt.date | None = None) -> list[Finding]:
    """Every finding, sorted by file and line; only those in ``files`` when given.

    The whole site is always loaded, because references and links span files.
    """
    ctx = load_context(content, root, config, today)
    findings = {f for rule in RULES for f in rule.check(ctx)}
    wanted = {Path(f).resolve() for f in files}
    if wanted:
        findings = {f for f in findings if Path(f.path).resolve() in wanted
                    or (root / f.path).resolve() in wanted}
    return sorted(findings)
