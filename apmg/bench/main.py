"""``apmg bench``: generate content per size, time every variant and ``make serve``'s
edit-to-reload, judge the issue #14 targets, write the report.

Everything a ratio compares is measured in the same run: the baseline (stock Pelican
without typogrify) is timed beside our build, interleaved with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from apmg.bench import reload, report, runner, synth, targets, variants
from apmg.bench import weight as page_weight

BIG = 5000  # from this size on, one run per variant unless --runs says otherwise
EDITS = 10
REAL = "real content/"  # the label of the serve session on the repo's content/


def sized(size: int) -> str:
    """The label of the serve session on generated content of ``size`` procedures."""
    return f"N = {size}"


@dataclass
class Plan:
    """What one ``apmg bench`` measures."""

    sizes: list[int]
    runs: int | None = None
    only: list[str] | None = None
    weight: bool = True
    edits: int = EDITS  # per serve session; 0: no edit-to-reload sessions
    command: str = "apmg bench"


@dataclass
class Results:
    timings: dict[int, list[runner.Timing]] = field(default_factory=dict)
    runs: dict[int, int] = field(default_factory=dict)
    reloads: list[reload.ReloadTiming] = field(default_factory=list)
    weights: list[dict] = field(default_factory=list)


def figures(results: Results) -> dict[str, float]:
    """The value each target is judged on (NaN: not measured in this run)."""
    def find(name: str) -> runner.Timing | None:
        return next((t for t in results.timings.get(targets.SIZE, [])
                     if t.variant.name == name and not t.failed), None)

    def get(name: str, what: str) -> float:
        timing = find(name)
        return getattr(timing, what) if timing else math.nan

    def latency(label: str) -> float:
        return next((r.median for r in results.reloads if r.label == label and not r.failed),
                    math.nan)

    return {
        targets.COLD_RATIO: targets.ratio(get(variants.COLD, "median"),
                                          get(variants.STOCK, "median")),
        targets.RELOAD_REAL: latency(REAL),
        targets.RELOAD_SIZE: latency(sized(targets.SIZE)),
        targets.UNCHANGED: get(variants.UNCHANGED, "median"),
        targets.MEMORY_RATIO: targets.ratio(get(variants.NO_SEARCH, "tree_mb"),
                                            get(variants.STOCK, "tree_mb")),
    }


def render(results: Results, plan: Plan) -> str:
    """The whole results file, from whatever has been measured so far."""
    parts = [report.header(plan.command), targets.table(figures(results))]
    if results.reloads:
        parts.append(report.reload_table(results.reloads))
    parts += [report.speed_table(size, timings, results.runs[size])
              for size, timings in results.timings.items()]
    if results.weights:
        parts.append(report.weight_table(results.weights))
    return "\n".join(parts)


def bench(plan: Plan, work: Path, output: Path) -> int:
    """Measure ``plan``, writing ``output`` after every step; print the targets."""
    results = Results()
    work = work.resolve()

    def save() -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(results, plan))

    if plan.edits:
        _reload(results, REAL, variants.REPO / "content", work / "real" / "serve", plan)
        save()
    for size in plan.sizes:
        print(f"N = {size}: generating content", flush=True)
        folder = work / f"n{size}"
        content = synth.generate(folder / "content", size)
        count = plan.runs or (1 if size >= BIG else 3)
        results.runs[size] = count
        results.timings[size] = runner.measure(variants.prepare(content, folder, plan.only),
                                               count)
        print(report.speed_table(size, results.timings[size], count), flush=True)
        save()
        if plan.edits and size == targets.SIZE:
            _reload(results, sized(size), content, folder / "serve", plan)
            save()
    if plan.weight:
        print("Page weight: production build of content/", flush=True)
        results.weights = page_weight.page_weights(page_weight.publish_build(variants.REPO))
    save()
    print(targets.table(figures(results)))
    print(f"Wrote {output}")
    return 0


def _reload(results: Results, label: str, content: Path, work: Path, plan: Plan) -> None:
    print(f"Edit to reload, {label}: make serve, {plan.edits} edits", flush=True)
    timing = reload.session(label, content, work, plan.edits)
    results.reloads.append(timing)
    if timing.failed:
        print(f"bench: edit to reload, {label} failed: {timing.failed}", flush=True)
    else:
        print(f"  median {timing.median:.2f} s, max {timing.worst:.2f} s "
              f"(first build {timing.first_build:.1f} s)", flush=True)
