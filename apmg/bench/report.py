"""The results file (Markdown): the targets first, then edit-to-reload, then each size.

Every ratio is to stock Pelican without typogrify measured in the same run, the
baseline of issue #14's targets.
"""

from __future__ import annotations

import math
import os
import platform

from apmg.bench.reload import ReloadTiming
from apmg.bench.runner import Timing
from apmg.bench.variants import STOCK
from apmg.bench.weight import BUDGET


def _kb(value: int) -> str:
    return f"{value / 1024:.1f}"


def _ratio(value: float, baseline: float) -> str:
    if math.isnan(value) or math.isnan(baseline) or baseline == 0:
        return "–"
    return f"{value / baseline:.2f}"


def baseline(timings: list[Timing]) -> Timing | None:
    """Stock Pelican without typogrify, if it ran."""
    return next((t for t in timings if t.variant.name == STOCK and not t.failed), None)


def speed_table(size: int, timings: list[Timing], runs: int) -> str:
    """One size's builds: medians, peak memory and the ratios to stock Pelican."""
    base = baseline(timings)
    wall, cpu, mb = (base.median, base.median_cpu, base.tree_mb) if base else (math.nan,) * 3
    lines = [f"### N = {size} procedures, builds (median of {runs} run{'s' * (runs > 1)})",
             "",
             "| variant | wall s | CPU s | peak MB | largest process MB | wall / stock | "
             "CPU / stock | MB / stock | notes |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for t in timings:
        if t.failed:
            failure = " ".join(t.failed.split())[:120].replace("|", "/")
            lines.append(f"| {t.variant.name} | failed | | | | | | | {failure} |")
            continue
        lines.append(f"| {t.variant.name} | {t.median:.2f} | {t.median_cpu:.2f} | "
                     f"{t.tree_mb:.0f} | {t.peak_mb:.0f} | {_ratio(t.median, wall)} | "
                     f"{_ratio(t.median_cpu, cpu)} | {_ratio(t.tree_mb, mb)} | "
                     f"{t.variant.note} |")
    return "\n".join(lines) + "\n"


def reload_table(timings: list[ReloadTiming]) -> str:
    """Edit to reload in ``make serve``: one row per content size."""
    lines = ["### Edit to reload in `make serve` (file write to the `reload` event)", "",
             "| content | files | first build s | median s | max s | every edit, s |",
             "|---|---:|---:|---:|---:|---|"]
    for t in timings:
        if t.failed:
            failure = " ".join(t.failed.split())[:160].replace("|", "/")
            lines.append(f"| {t.label} | {t.files} | failed | | | {failure} |")
            continue
        every = " ".join(f"{s:.2f}" for s in t.latencies)
        lines.append(f"| {t.label} | {t.files} | {t.first_build:.1f} | {t.median:.2f} | "
                     f"{t.worst:.2f} | {every} |")
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


def header(command: str) -> str:
    return (f"# Benchmark results\n\n`{command}` on {platform.machine()}, "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"{platform.system()}, {len(os.sched_getaffinity(0))} cores, load average "
            f"{os.getloadavg()[0]:.1f} at the start; method in docs/performance.md. "
            "Peak MB is the sampled peak of the whole process tree (sum of PSS); "
            "\"largest process\" is wait4's peak RSS of the largest single process.\n\n")

