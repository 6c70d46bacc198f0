"""Time whole processes: median wall time of several runs and the peak memory (RSS).

Runs are interleaved (run 1 of every variant, then run 2 ...) and the order rotates,
so a noisy neighbour slows every variant alike instead of one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

from apmg.bench.variants import Variant, environment


@dataclass
class Timing:
    variant: Variant
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, children included
    peak_mb: float = 0.0
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


def run_once(variant: Variant) -> tuple[float, float, float, int, str]:
    """(seconds, CPU seconds, peak MB, exit code, stderr) of one run.

    CPU time and peak RSS come from wait4(), so they cover the children the build
    waited for (worker processes, Pagefind) too. CPU time hardly moves when other
    processes load the machine; wall time does.
    """
    variant.setup()
    started = time.perf_counter()
    process = subprocess.Popen(variant.command, cwd=variant.cwd, env=environment(variant),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return (elapsed, cpu, usage.ru_maxrss / 1024, process.returncode,
            stderr.decode(errors="replace"))


def measure(variants: list[Variant], runs: int) -> list[Timing]:
    timings = [Timing(v) for v in variants]
    for run in range(runs):
        order = timings[run % len(timings):] + timings[:run % len(timings)]
        for timing in order:
            if timing.failed:
                continue
            seconds, cpu, peak, code, stderr = run_once(timing.variant)
            if code != 0:
                timing.failed = f"exit {code}: {stderr.strip()[-400:]}"
                print(f"bench: {timing.variant.name} failed: {timing.failed}", file=sys.stderr)
                continue
            timing.seconds.append(seconds)
            timing.cpu.append(cpu)
            timing.peak_mb = max(timing.peak_mb, peak)
            print(f"  {timing.variant.name}: {seconds:.2f} s, CPU {cpu:.2f} s, {peak:.0f} MB",
                  flush=True)
    return timings
