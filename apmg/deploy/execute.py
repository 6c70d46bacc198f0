"""Run a plan against the bucket: step after step, each step in parallel, then the
deletions, then the deploy state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import TypeVar

from apmg.deploy.plan import LocalFile, Plan
from apmg.deploy.report import Reporter
from apmg.deploy.s3 import Bucket

T = TypeVar("T")
R = TypeVar("R")


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


def execute(plan: Plan, bucket: Bucket, reporter: Reporter, *, jobs: int = 8) -> None:
    """Apply ``plan``. Each step must finish before the next starts (the upload order's
    guarantee rests on it); deletions come after every upload; the state is written
    last, so a deploy killed before it is simply planned again from the bucket."""
    total = len(plan.uploads) + len(plan.deletes) + len(plan.retires)
    with reporter.running(total):
        if plan.state_during is not None:
            bucket.write_state(plan.state_during)  # before any member of a cycle goes up
        for number, files in enumerate(plan.steps, 1):
            step = f"step {number}/{len(plan.steps)}"

            def upload(f: LocalFile, step: str = step) -> None:
                bucket.upload(f)
                reporter.done("upload", f.key, step)

            run_parallel(files, upload, jobs)
        if plan.deletes:
            bucket.delete(plan.deletes)
            for key in plan.deletes:
                reporter.done("delete", key, "retired long enough")
        if plan.writes_state:
            bucket.write_state(plan.state_after)
            for key in plan.retires:
                reporter.done("retire", key, "left the site")
