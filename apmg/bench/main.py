"""``apmg bench``: generate content per size, time every variant, write the report."""

from __future__ import annotations

from pathlib import Path

from apmg.bench import report, runner, synth, variants, weight


def bench(sizes: list[int], runs: int, work: Path, results: Path,
          only: list[str] | None = None, weight_report: bool = True, **kw) -> int:
    weight_report = kw.get("weight", weight_report)
    parts = [report.header()]
    for size in sizes:
        print(f"N = {size}: generating content", flush=True)
        folder = work.resolve() / f"n{size}"
        content = synth.generate(folder / "content", size)
        timings = runner.measure(variants.prepare(content, folder, only), runs)
        table = report.speed_table(size, timings, runs)
        print(table, flush=True)
        parts.append(table)
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text("\n".join(parts))
    if weight_report:
        print("Page weight: production build of content/", flush=True)
        rows = weight.page_weights(weight.publish_build(variants.REPO))
        table = report.weight_table(rows)
        print(table)
        parts.append(table)
    results.write_text("\n".join(parts))
    print(f"Wrote {results}")
    return 0
