"""The preview's list of current problems: one record per problem, kept in a JSON file.

``make serve`` shows these in a panel over the last good page (apmg/panel.py), so an
editor sees what is wrong without reading the terminal. Two files feed it, each written
whole by the process that knows its part: the build's problems (``apmg build`` writes
its content errors to the file ``APMG_PROBLEMS_FILE`` names, if set; the preview's worker
records the rest, see apmg/serve.py), and the lint's findings for the files just edited.
Writes are atomic (a new file renamed over the old), so the server never reads half a list.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # not at run time: importing apmg.lint loads every rule, and the build
    from apmg.lint.finding import Finding  # needs none of them
    from apmg.model.errors import ContentError

PROBLEMS_VARIABLE = "APMG_PROBLEMS_FILE"
SEVERITIES = ("error", "warning")

# What a failed build prints besides content errors: "theme/templates/x.html:12: ..."
# (a template error) and Pelican's own log lines, "WARNING: pelican.x: ...".
_LOCATED = re.compile(r"(?P<file>[^\s:]+):(?P<line>\d+): (?P<message>.+)")
_LOGGED = re.compile(r"(?:WARNING|ERROR|CRITICAL): .+")
_CONTENT_WARNING = re.compile(r"[^\s:]+:\d+: warning: .+")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (file relative to the project, 1-based line, 0 when
    unknown), which field, what is wrong and how to fix it when known."""

    file: str
    line: int
    field: str
    message: str
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def text(self) -> str:
        """What the panel shows after the location: ``field: message (fix)``."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{text} ({self.fix})" if self.fix else text

    @classmethod
    def from_content_error(cls, error: ContentError) -> Problem:
        return cls(error.path, error.line, error.field, error.message,
                   f"expected {error.expected}" if error.expected else "",
                   "warning" if error.level == "warning" else "error")

    @classmethod
    def from_finding(cls, finding: Finding) -> Problem:
        """A lint finding: its message already carries the field and the fix, in the
        same words as the build's (apmg/lint/rules/model.py), so ``text`` matches."""
        return cls(finding.path, finding.line, "", finding.message, "",
                   "warning" if finding.level == "warning" else "error")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Problem:
        names = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in names})


def sort_key(problem: Problem) -> tuple:
    return (SEVERITIES.index(problem.severity), problem.file, problem.line, problem.text)


def write(path: Path, problems: Iterable[Problem]) -> None:
    """Replace ``path`` with ``problems`` (errors first, then by file and line) in one step."""
    path = Path(path)
    data = [asdict(p) for p in sorted(problems, key=sort_key)]
    pending = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pending.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(pending, path)


def read(path: Path) -> list[Problem]:
    """The problems in ``path``; none when it does not exist (nothing recorded yet).
    ValueError names the file when it is not a list of problems."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return [Problem.from_mapping(item) for item in data]
    except FileNotFoundError:
        return []
    except (ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: not a list of problems: {error}") from error


def record_content_errors(errors: Iterable[ContentError],
                          environ: Mapping[str, str] = os.environ) -> None:
    """Write the build's content errors to ``APMG_PROBLEMS_FILE`` when it is set."""
    target = environ.get(PROBLEMS_VARIABLE)
    if target:
        write(Path(target), map(Problem.from_content_error, errors))


def from_output(text: str) -> list[Problem]:
    """The problems in what a failed build printed, when it had no content errors: each
    ``file:line: message`` line (but the content warnings every build prints) and each
    log line of Pelican's; else the rest of the text as one problem."""
    problems, rest = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or _CONTENT_WARNING.fullmatch(line):
            continue  # printed by every build: the lint's findings show the edited files' ones
        if located := _LOCATED.fullmatch(line):
            problems.append(Problem(located["file"], int(located["line"]), "",
                                    located["message"]))
        elif _LOGGED.fullmatch(line):
            problems.append(Problem("", 0, "", line))
        else:
            rest.append(line)
    return problems or [Problem("", 0, "", "\n".join(rest) or
                                "The build failed (see the terminal).")]


def current(build_file: Path, lint_file: Path) -> dict[str, list[dict[str, Any]]]:
    """What the panel gets: the build's problems, and the lint's findings for the files
    just edited less those the build already lists (the lint runs the same model)."""
    build = read(build_file)
    shown = {(p.file, p.line, p.text) for p in build}
    lint = [p for p in read(lint_file) if (p.file, p.line, p.text) not in shown]
    return {"build": [asdict(p) for p in sorted(build, key=sort_key)],
            "lint": [asdict(p) for p in sorted(lint, key=sort_key)]}
