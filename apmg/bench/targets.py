"""The targets of issue #14, declared once, and the figure each is judged on.

Each target names the figure it reads (``key``); ``main.py`` computes the figures from one
run's measurements (``figures``), and the report prints every target beside its figure:
``edit to reload, real size: 0.84 s (target 0.2 s) NOT MET``. A figure that was not
measured in this run (a size not asked for, a variant that failed) says so instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

SIZE = 1000  # the targets' N

# Figure keys, one per target.
COLD_RATIO = "cold_ratio"
RELOAD_REAL = "reload_real"
RELOAD_SIZE = "reload_size"
UNCHANGED = "unchanged"
MEMORY_RATIO = "memory_ratio"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    limit: float
    unit: str  # "s" (seconds) or "x" (a ratio to stock Pelican without typogrify)

    def value(self, figure: float) -> str:
        return f"{figure:.2f} s" if self.unit == "s" else f"{figure:.2f}x"

    @property
    def goal(self) -> str:
        return f"{self.limit:g} s" if self.unit == "s" else f"{self.limit:g}x"

    def met(self, figure: float) -> bool:
        return not math.isnan(figure) and figure <= self.limit

    def line(self, figures: Mapping[str, float]) -> str:
        """``label: value (target goal) met``, or ``not measured``."""
        figure = figures.get(self.key, math.nan)
        if math.isnan(figure):
            return f"{self.label}: not measured (target {self.goal})"
        return (f"{self.label}: {self.value(figure)} (target {self.goal}) "
                f"{'met' if self.met(figure) else 'NOT MET'}")


TARGETS = (
    Target(COLD_RATIO, f"cold full build, N = {SIZE}, wall / stock Pelican without typogrify",
           1.0, "x"),
    Target(RELOAD_REAL, "edit to reload, real size (median)", 0.2, "s"),
    Target(RELOAD_SIZE, f"edit to reload, N = {SIZE} (median)", 0.5, "s"),
    Target(UNCHANGED, f"unchanged rebuild, N = {SIZE}", 0.2, "s"),
    Target(MEMORY_RATIO, f"peak memory, N = {SIZE}, no search index / stock Pelican", 2.0, "x"),
)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; NaN when either is missing or the denominator is 0."""
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


def table(figures: Mapping[str, float]) -> str:
    """The targets section of the report (Markdown)."""
    lines = ["### Targets (issue #14)", ""]
    lines += [f"- {target.line(figures)}" for target in TARGETS]
    return "\n".join(lines) + "\n"
