"""``apmg bench``: generate content per size, time every variant, write the report."""

from __future__ import annotations

from pathlib import Path

from apmg.bench import report, runner, synth, variants
from apmg.bench import weight as page_weight

BIG = 5000  # from this size on, one run per variant unless --runs says otherwise


def bench(sizes: list[int], runs: int | None, work: Path, results: Path,
          only: list[str] | None = None, weight: bool = True) -> int:
    """Time every variant at every size; write the tables (and page weights) to ``results``."""
    parts = [report.header()]
    for size in sizes:
        print(f"N = {size}: generating content", flush=True)
        folder = work.resolve() / f"n{size}"
        content = synth.generate(folder / "content", size)
        count = runs or (1 if size >= BIG else 3)
        timings = runner.measure(variants.prepare(content, folder, only), count)
        table = report.speed_table(size, timings, count)
        print(table, flush=True)
        parts.append(table)
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text("\n".join(parts))
    if weight:
        print("Page weight: production build of content/", flush=True)
        rows = page_weight.page_weights(page_weight.publish_build(variants.REPO))
        table = report.weight_table(rows)
        print(table)
        parts.append(table)
    results.write_text("\n".join(parts))
    print(f"Wrote {results}")
    return 0
