"""Content errors an editor can act on: file, line, field, problem, expectation."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process


@dataclass(frozen=True, order=True)
class ContentError:
    path: str  # relative to the project root, e.g. content/procedures/x.md
    line: int
    field: str
    message: str
    expected: str = ""
    level: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return f"{text} (expected {self.expected})" if self.expected else text


class ContentErrors(Exception):
    """Raised with every error of every file, so an editor sees them all in one run."""

    exitcode = 1

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(e) for e in self.errors]
        count = len(self.errors)
        lines.append(
            f"{count} content error{'s' if count != 1 else ''}: nothing was written to output/."
        )
        return "\n".join(lines)


def closest(word: str, choices: list[str] | set[str], cutoff: float = 60) -> str | None:
    """The choice most like ``word``, for "did you mean" hints."""
    if not choices:
        return None
    match = process.extractOne(word, sorted(choices), score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    guess = closest(word, choices)
    return f"; did you mean '{guess}'?" if guess else ""
