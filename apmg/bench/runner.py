"""Time whole processes: median wall and CPU time of several runs and the peak memory.

Runs are interleaved (run 1 of every variant, then run 2 ...) and the order rotates,
so a noisy neighbour slows every variant alike instead of one. Memory is measured two
ways: ``wait4``'s peak RSS (the largest single process of the tree) and the sampled
peak of the whole tree's PSS (apmg/bench/memory.py), which is the one compared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

from apmg.bench.memory import TreeSampler
from apmg.bench.variants import Variant, environment


@dataclass
class Timing:
    variant: Variant
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, children included
    peak_mb: float = 0.0  # wait4: the largest single process, waited-for children included
    tree_mb: float = 0.0  # sampled: the sum of PSS over every process of the tree at once
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


@dataclass(frozen=True)
class Run:
    """One run of one variant."""

    seconds: float
    cpu: float
    peak_mb: float
    tree_mb: float
    code: int
    stderr: str


def run_once(variant: Variant) -> Run:
    """Run the variant once (after its setup) and measure it.

    CPU time and peak RSS come from wait4(), so they cover the children the build
    waited for (worker processes, Pagefind) too; but ru_maxrss is the largest one
    process, not their sum, hence the tree sampler. CPU time hardly moves when other
    processes load the machine; wall time does.
    """
    variant.setup()
    started = time.perf_counter()
    process = subprocess.Popen(variant.command, cwd=variant.cwd, env=environment(variant),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(process.pid)
    stderr = process.stderr.read() if process.stderr else b""
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped: the
    elapsed = time.perf_counter() - started                   # pid cannot be reused yet
    tree = sampler.stop()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tree,
               process.returncode, stderr.decode(errors="replace"))


def measure(variants: list[Variant], runs: int) -> list[Timing]:
    """Every variant ``runs`` times, interleaved; a variant that fails once is dropped."""
    timings = [Timing(v) for v in variants]
    for run in range(runs):
        order = timings[run % len(timings):] + timings[:run % len(timings)]
        for timing in order:
            if timing.failed:
                continue
            one = run_once(timing.variant)
            if one.code != 0:
                timing.failed = f"exit {one.code}: {one.stderr.strip()[-400:]}"
                print(f"bench: {timing.variant.name} failed: {timing.failed}", file=sys.stderr)
                continue
            timing.seconds.append(one.seconds)
            timing.cpu.append(one.cpu)
            timing.peak_mb = max(timing.peak_mb, one.peak_mb)
            timing.tree_mb = max(timing.tree_mb, one.tree_mb)
            print(f"  {timing.variant.name}: {one.seconds:.2f} s, CPU {one.cpu:.2f} s, "
                  f"{one.tree_mb:.0f} MB (largest process {one.peak_mb:.0f} MB)", flush=True)
    return timings
