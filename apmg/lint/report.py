"""Print findings: a terminal (colour on a TTY), GitHub Actions annotations, or a Markdown
table (for the job summary of a GitHub Actions run)."""

from __future__ import annotations

import html
import os
import re
from typing import TextIO

from apmg.lint.finding import Finding

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def summary(findings: list[Finding]) -> str:
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def text(findings: list[Finding], stream: TextIO, colour: bool | None = None) -> None:
    colour = use_colour(stream) if colour is None else colour
    for f in findings:
        if colour:
            print(f"{_BOLD}{f.path}:{f.line}{_RESET}: {_COLOURS[f.level]}{f.level}{_RESET}: "
                  f"{f.message}", file=stream)
        else:
            print(f, file=stream)
    print(summary(findings), file=stream)


def _escape(value: str, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github(findings: list[Finding], stream: TextIO) -> None:
    """``::error file=...,line=...::message`` lines: GitHub shows them on the PR's lines."""
    for f in findings:
        print(f"::{f.level} file={_escape(f.path, True)},line={f.line},"
              f"title={_escape('content lint', True)}::{_escape(f.message)}", file=stream)
    print(summary(findings), file=stream)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _cell(value: str) -> str:
    """Text as one Markdown table cell: no markup, no HTML, no line break, no ``|``."""
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))
    return re.sub(r"\r\n?|\n", "<br>", value)


def markdown(findings: list[Finding], stream: TextIO) -> None:
    """A heading with the counts, then one table row per finding (errors first)."""
    print(f"### Content lint: {summary(findings)}\n", file=stream)
    if not findings:
        print("Every content file passed.", file=stream)
        return
    print("| file | line | level | message |\n|---|---:|---|---|", file=stream)
    for f in sorted(findings, key=lambda f: (f.level != "error", f.path, f.line)):
        print(f"| {_cell(f.path)} | {f.line} | {f.level} | {_cell(f.message)} |", file=stream)


FORMATS = {"text": text, "github": github, "markdown": markdown}
