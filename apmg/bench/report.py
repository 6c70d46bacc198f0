"""The results table (Markdown): seconds, peak MB and ratios to our full build."""

from __future__ import annotations

import math
import platform

from apmg.bench.runner import Timing
from apmg.bench.weight import BUDGET

REFERENCE = "ours: full build, cold"


def _kb(value: int) -> str:
    return f"{value / 1024:.1f}"


def speed_table(size: int, timings: list[Timing], runs: int) -> str:
    reference = next((t for t in timings if t.variant.name == REFERENCE and not t.failed), None)
    ours = reference.median if reference else math.nan
    ours_cpu = reference.median_cpu if reference else math.nan
    lines = [f"### N = {size} procedures (median of {runs} runs)", "",
             "| variant | wall s | CPU s | peak MB | time / ours | CPU / ours | notes |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for t in timings:
        if t.failed:
            lines.append(f"| {t.variant.name} | failed | | | {t.failed[:80]} |")
            continue
        lines.append(f"| {t.variant.name} | {t.median:.2f} | {t.median_cpu:.2f} | "
                     f"{t.peak_mb:.0f} | {t.median / ours:.2f} | {t.median_cpu / ours_cpu:.2f} | "
                     f"{t.variant.note} |")
    return "\n".join(lines) + "\n"


def weight_table(rows: list[dict]) -> str:
    lines = ["### Page weight (production build of content/, KB)", "",
             "| page type | path | HTML raw/gz | CSS raw/gz | JS raw/gz | images | "
             "HTML+CSS+JS gz | budget 30 KB |", "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(
            f"| {r['type']} | `{r['path']}` | {_kb(r['html'][0])}/{_kb(r['html'][1])} | "
            f"{_kb(r['css'][0])}/{_kb(r['css'][1])} | {_kb(r['js'][0])}/{_kb(r['js'][1])} | "
            f"{_kb(r['images'][0])} | {_kb(r['budget_gzip'])} | "
            f"{'ok' if r['budget_gzip'] <= BUDGET else 'OVER'} |")
    return "\n".join(lines) + "\n"


def header() -> str:
    return (f"# Benchmark results\n\nMachine: {platform.machine()}, "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{platform.system()}; see docs/performance.md.\n\n")
