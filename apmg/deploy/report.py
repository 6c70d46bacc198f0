"""What the operator sees: the plan, progress, and what was uploaded, kept, retired and
deleted.

A progress bar on a terminal, one plain line per change otherwise (CI logs). With
``--log FILE`` every change is also appended as a JSON line, flushed at once, so the
record survives even a deploy killed halfway (tests read the order from it).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from apmg.deploy.plan import Plan


class Reporter:
    def __init__(self, out: TextIO, *, log_path: Path | None = None, tty: bool | None = None,
                 verbose: bool = False) -> None:
        self.out = out
        self.tty = out.isatty() if tty is None else tty
        self.verbose = verbose
        self.console = Console(file=out, force_terminal=self.tty, highlight=False,
                               soft_wrap=True)
        self.log = log_path.open("a", encoding="utf-8") if log_path else None
        self.lock = threading.Lock()
        self.seq = 0
        self.progress: Progress | None = None
        self.task = None
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        """One line for the operator (markup-free, flushed so CI shows it at once)."""
        self.console.print(text, markup=False)
        self.out.flush()

    def event(self, event: str, **fields: object) -> None:
        """Append one JSON line to the log, if there is one."""
        if self.log:
            self.seq += 1
            self.log.write(json.dumps({"seq": self.seq, "event": event, **fields}) + "\n")
            self.log.flush()

    def plan(self, plan: Plan, *, bucket: str, dry_run: bool) -> None:
        """Announce the plan; a dry run lists every path with what would happen to it."""
        self.event("plan", steps=[[f.key for f in step] for step in plan.steps],
                   keeps=plan.keeps, retires=plan.retires, deletes=plan.deletes,
                   cycles=plan.cycles, dry_run=dry_run)
        head = "dry run, nothing will change: " if dry_run else ""
        self.say(f"{head}s3://{bucket}: {len(plan.uploads)} to upload in "
                 f"{len(plan.steps)} steps, {len(plan.keeps)} to keep, "
                 f"{len(plan.retires)} to retire, {len(plan.deletes)} to delete")
        if plan.state_before.partial & {f.key for f in plan.uploads}:
            self.say("the last deploy did not finish: this one completes it")
        for cycle in plan.cycles:
            self.say(f"new files that reference each other go up together: {' '.join(cycle)}")
        if not dry_run:
            return
        for number, files in enumerate(plan.steps, 1):
            for f in files:
                self.say(f"would upload  {f.key}  (step {number}/{len(plan.steps)}; "
                         f"{f.headers.content_type}; {f.headers.cache_control})")
        for key in plan.keeps:
            self.say(f"would keep    {key}")
        for key in plan.retires:
            self.say(f"would retire  {key}  (left the site; deleted after the grace period)")
        for key in plan.deletes:
            retired = plan.state_before.retired.get(key)
            since = (f"retired {retired.at:%Y-%m-%d} at deploy {retired.deploy}"
                     if retired else "retired in this deploy")
            self.say(f"would delete  {key}  ({since})")

    @contextmanager
    def running(self, total: int) -> Iterator[None]:
        """Show a progress bar over ``total`` changes while the block runs (TTY only)."""
        if not self.tty or not total:
            yield
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=True) as progress:
            self.progress = progress
            self.task = progress.add_task("deploying", total=total)
            try:
                yield
            finally:
                self.progress = None

    def done(self, action: str, key: str, step: str) -> None:
        """Record one finished change; safe from worker threads."""
        with self.lock:
            self.event(action, key=key, step=step)
            if self.progress is not None:
                self.progress.update(self.task, advance=1, description=f"{action} {key}")
            else:
                self.say(f"{action:<7} {key}")

    def summary(self, plan: Plan, *, invalidation: str | None = None) -> None:
        """Counts and paths of what happened."""
        seconds = time.monotonic() - self.started
        self.event("summary", uploaded=[f.key for f in plan.uploads], kept=plan.keeps,
                   retired=plan.retires, deleted=plan.deletes, invalidation=invalidation)
        if self.tty:  # the plain lines already listed every change
            for f in plan.uploads:
                self.say(f"uploaded {f.key}")
            for key in plan.retires:
                self.say(f"retired  {key}")
            for key in plan.deletes:
                self.say(f"deleted  {key}")
        if self.verbose:
            for key in plan.keeps:
                self.say(f"kept     {key}")
        self.say(f"done in {seconds:.1f}s: uploaded {len(plan.uploads)}, "
                 f"kept {len(plan.keeps)}, retired {len(plan.retires)}, "
                 f"deleted {len(plan.deletes)}")
        if invalidation:
            self.say(f"CDN invalidation {invalidation} created")

    def close(self) -> None:
        if self.log:
            self.log.close()
