"""Check content files: schema, links, images, readability, review dates, claims."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path,
                        help="content files to report on (default: every file)")
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="content folder (default: content)")
    parser.add_argument("--format", choices=["text", "github", "markdown"], default="text")
    parser.add_argument("--summary", type=Path, metavar="FILE",
                        help="also append the findings as a Markdown table to FILE (in GitHub "
                             "Actions: $GITHUB_STEP_SUMMARY, the run's summary page)")
    parser.add_argument("--grade-error", type=float, default=None,
                        help="Flesch-Kincaid grade above which a body is an error (default 9)")
    parser.add_argument("--grade-warn", type=float, default=None,
                        help="Flesch-Kincaid grade above which a body is a warning (default 8)")


def run(args: argparse.Namespace) -> int:
    from apmg.lint import lint, load_config
    from apmg.lint.report import FORMATS, markdown

    root = Path.cwd()
    if not (args.content / "practice.yml").is_file():
        print(f"{args.content}/practice.yml not found: run from the project folder or give "
              "--content", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        print("no such file: " + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    config = load_config(root).with_grades(args.grade_warn, args.grade_error)
    findings = lint(args.content, root, config, args.files)
    FORMATS[args.format](findings, sys.stdout)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as stream:
            markdown(findings, stream)
    return 1 if any(f.level == "error" for f in findings) else 0
