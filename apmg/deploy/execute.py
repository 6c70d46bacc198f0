"""Run a plan against the bucket: phase after phase, each phase in parallel."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TypeVar

from apmg.deploy.plan import Plan
from apmg.deploy.report import Reporter
from apmg.deploy.s3 import Bucket

T = TypeVar("T")
R = TypeVar("R")

STOPPED_EXIT = 75  # what the test hook exits with


def run_parallel(items: Iterable[T], fn: Callable[[T], R], jobs: int) -> list[R]:
    """``fn`` over ``items`` on ``jobs`` threads; the first error cancels the rest and is raised."""
    items = list(items)
    if not items:
        return []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(fn, item) for item in items]
        finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
        for future in finished:
            if future.exception():
                pool.shutdown(cancel_futures=True)
                raise future.exception()
        return [f.result() for f in futures]


class StopAfter:
    """Test hook: end the process abruptly after ``limit`` changes, like a killed job."""

    def __init__(self, limit: int | None, reporter: Reporter) -> None:
        self.limit = limit
        self.reporter = reporter
        self.count = 0
        self.lock = threading.Lock()

    def spend(self, n: int = 1) -> None:
        if self.limit is None:
            return
        with self.lock:
            self.count += n
            if self.count >= self.limit:
                self.reporter.say(f"stopping abruptly after {self.count} changes (test hook)")
                sys.stdout.flush()
                os._exit(STOPPED_EXIT)


def execute(plan: Plan, bucket: Bucket, reporter: Reporter, *, jobs: int = 8,
            stop_after: int | None = None) -> None:
    """Upload phase by phase (each must finish before the next starts), then delete."""
    budget = StopAfter(stop_after, reporter)
    with reporter.running(len(plan.uploads) + len(plan.deletes)):
        for phase, files in plan.upload_phases():
            def upload(f, phase=phase):
                bucket.upload(f)
                reporter.done("upload", f.key, phase)
                budget.spend()
            run_parallel(files, upload, jobs)
        for phase, keys in plan.delete_phases():
            if not keys:
                continue
            bucket.delete(keys)
            for key in keys:
                reporter.done("delete", key, phase)
            budget.spend(len(keys))
