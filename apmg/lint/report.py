"""Print findings: a terminal (colour on a TTY) or GitHub Actions annotations."""

from __future__ import annotations

import os
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


FORMATS = {"text": text, "github": github}
