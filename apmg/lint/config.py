"""The lint's thresholds and word lists, in one place: defaults here, overrides in
``[tool.apmg.lint]`` of pyproject.toml, then on the command line."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Forbidden claims by language. English phrases match with their usual endings
# ("cured", "guaranteed"); Spanish ones list their verb forms, and match plurals.
DEFAULT_CLAIMS = {
    "en": ["cure", "guarantee", "permanent relief", "100%", "painless", "risk-free",
           "no side effects"],
    "es": ["cura", "curan", "cure", "curen", "curar", "curará", "curarán", "curado", "curada",
           "curación", "garantía", "garantiza", "garantizamos", "garantizado", "garantizada",
           "sin dolor", "sin riesgo", "sin efectos secundarios", "alivio permanente", "100%"],
}


@dataclass(frozen=True)
class Readability:
    """How readability is measured in one language.

    ``higher_is_harder``: Flesch-Kincaid grade rises with difficulty, Fernandez-Huerta
    ease falls with it, so the comparison flips.
    """

    metric: str  # a textstat function name
    label: str
    warn: float
    error: float
    higher_is_harder: bool = True

    def level(self, score: float) -> str | None:
        def past(limit: float) -> bool:
            return score > limit if self.higher_is_harder else score < limit
        if past(self.error):
            return "error"
        if past(self.warn):
            return "warning"
        return None


@dataclass(frozen=True)
class LintConfig:
    claims: dict[str, list[str]] = field(
        default_factory=lambda: {lang: list(words) for lang, words in DEFAULT_CLAIMS.items()})
    readability: dict[str, Readability] = field(default_factory=lambda: {
        "en": Readability("flesch_kincaid_grade", "reading grade (Flesch-Kincaid)", 8, 9),
        "es": Readability("fernandez_huerta", "reading ease (Fernandez-Huerta)", 60, 50,
                          higher_is_harder=False),
    })
    review_warn_months: int = 12
    review_error_months: int = 24
    summary_max: int = 160
    hint_marker: str = "TODO:"
    min_words_for_readability: int = 30

    def with_grades(self, warn: float | None, error: float | None) -> LintConfig:
        """Override the English grade thresholds (the command line's --grade-*)."""
        en = self.readability["en"]
        en = dataclasses.replace(en, warn=en.warn if warn is None else warn,
                                 error=en.error if error is None else error)
        return dataclasses.replace(self, readability={**self.readability, "en": en})


def load_config(root: Path) -> LintConfig:
    """Defaults, overridden by ``[tool.apmg.lint]`` in ``root/pyproject.toml`` if present."""
    config = LintConfig()
    path = root / "pyproject.toml"
    if not path.is_file():
        return config
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("apmg", {})
    table = table.get("lint", {})
    readability = dict(config.readability)
    for lang, values in table.pop("readability", {}).items():
        base = readability.get(lang, readability["en"])
        readability[lang] = dataclasses.replace(base, **values)
    claims = table.pop("claims", {})
    if isinstance(claims, list):  # a plain list is the English list
        claims = {"en": claims}
    table["claims"] = {**config.claims, **claims}
    known = {f.name for f in dataclasses.fields(LintConfig)}
    unknown = set(table) - known
    if unknown:
        raise ValueError(f"{path}: unknown [tool.apmg.lint] keys: {', '.join(sorted(unknown))}")
    return dataclasses.replace(config, readability=readability, **table)
