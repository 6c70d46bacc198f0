"""One lint finding: where it is, how bad it is, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("error", "warning")


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # as the editor sees it, e.g. content/procedures/x.md
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"
