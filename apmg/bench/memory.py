"""Peak memory of a whole process tree, sampled: the sum of PSS over every live process.

Why not only ``wait4``: its ``ru_maxrss`` covers the children a process waited for, but
as the largest *single* process, never the sum of processes running at once. A build
that renders in two worker processes beside its parent (or runs Pagefind beside itself)
uses their sum. Summing RSS would count the pages a fork shares with its parent once per
process; PSS (proportional set size) divides shared pages among their sharers, so the sum
is what the tree really holds. Sampling can miss a peak shorter than the interval.
"""

from __future__ import annotations

import threading
from pathlib import Path

INTERVAL_SECONDS = 0.02
PROC = Path("/proc")


def descendants(pid: int, proc: Path = PROC) -> list[int]:
    """``pid`` and every process below it, from /proc/<pid>/task/<tid>/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in _listdir(proc / str(current) / "task"):
            try:
                text = (task / "children").read_text()
            except OSError:  # the process ended meanwhile
                continue
            todo += [int(child) for child in text.split()]
    return found


def pss_kib(pid: int, proc: Path = PROC) -> int:
    """Proportional set size of one process in KiB (0 once it has ended)."""
    try:
        text = (proc / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_mb(pid: int, proc: Path = PROC) -> float:
    """Memory the tree under ``pid`` holds now, in MB (sum of PSS)."""
    return sum(pss_kib(p, proc) for p in descendants(pid, proc)) / 1024


def _listdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


class TreeSampler:
    """Samples ``tree_mb(pid)`` in a thread until ``stop()``; ``peak_mb`` is the largest."""

    def __init__(self, pid: int, interval: float = INTERVAL_SECONDS) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._interval = interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, tree_mb(self.pid))
            self._done.wait(self._interval)

    def stop(self) -> float:
        """Stop sampling (call before reaping the process); the peak in MB."""
        self._done.set()
        self._thread.join()
        return self.peak_mb
