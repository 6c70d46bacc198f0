"""A killed build never leaves a mixed site: ``output/`` is the old site or the new one.

The real ``python -m apmg build`` runs on a copy of the project's content and theme (its
own output, staging and cache folders, all inside the copy) and is SIGKILLed, whole
process group, at many moments of a build: spread over the measured length of one, plus
some at random (fixed seed). After every kill ``output/`` must resolve to a folder whose
files, name for name and byte for byte, are exactly one of the two sites. Each kill
starts from the site the last one left and builds towards the other, so every kill
interrupts a real change; a complete build then has to produce exactly the site its
content describes (a kill must not leave a cache or an "unchanged" record that lies), and
the releases folder must not grow past what apmg/release.py keeps (its trash emptied).

Nothing here is timed: the delays only choose the moments of the kills.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, copy_of_the_project
from serving import session_processes, wait_until

from apmg.release import KEEP, TRASH, releases_folder

EDITED = Path("content/procedures/lumbar-facet-joint-injections.md")
EDIT = "\nA sentence that only the new site has, so that its page differs.\n"
SPREAD_KILLS = 12  # evenly over one build's length
RANDOM_KILLS = 6  # anywhere in 1.5 times its length
SEED = 14


# The development settings plus production's re-sorting of Pagefind's filter index:
# without it Pagefind writes that index in a different order every run, so two builds of
# the same content differ and "exactly the new site" could not be told apart from a mix.
SETTINGS = """from pelicanconf import *  # noqa: F403

APMG_POSTPROCESS = [*APMG_POSTPROCESS, "apmg.publish.steps.stable_search_index"]  # noqa: F405
"""


def build_command() -> list[str]:
    return [sys.executable, "-m", "apmg", "build", "--settings", "killconf.py",
            "--output", "output", "--staging", ".build/site"]


def environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("APMG_", "ALLOW_"))}  # the default build, as an editor's
    return {**env, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_of_the_project(tmp_path)
    (tmp_path / "killconf.py").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def complete_build(project: Path) -> float:
    """Build to the end; the seconds it took (only to place the kills)."""
    started = time.monotonic()
    result = subprocess.run(build_command(), cwd=project, env=environment(), text=True,
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return time.monotonic() - started


def killed_build(project: Path, delay: float) -> None:
    """Start a build, SIGKILL its whole process group after ``delay`` seconds, and wait
    until nothing of it runs (it may have finished first: then the kill finds nothing)."""
    build = subprocess.Popen(build_command(), cwd=project, env=environment(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    wait_until(lambda: not session_processes(build.pid),
               lambda: f"left running after the kill: {session_processes(build.pid)}")


def site(project: Path) -> dict[str, str]:
    """Every file of the site ``output`` resolves to: path -> sha256 of its bytes."""
    root = (project / "output").resolve(strict=True)
    assert root.is_dir(), f"output resolves to {root}, not a folder"
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def which(found: dict[str, str], sites: dict[str, dict[str, str]], when: str) -> str:
    """The name of the site ``found`` is exactly; else a failure saying how it differs."""
    for name, expected in sites.items():
        if found == expected:
            return name
    report = []
    for name, expected in sites.items():
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        changed = sorted(p for p in set(found) & set(expected) if found[p] != expected[p])
        report.append(f"  vs the {name} site: {len(missing)} missing {missing[:5]}, "
                      f"{len(extra)} extra {extra[:5]}, {len(changed)} changed {changed[:5]}")
    raise AssertionError(f"{when}: output/ is neither site, but a mix:\n" + "\n".join(report))


def set_version(project: Path, version: str, texts: dict[str, str]) -> None:
    (project / EDITED).write_text(texts[version], encoding="utf-8")


def assert_releases_pruned(project: Path) -> None:
    """After a complete build: the releases kept, and a trash its cleaner empties."""
    releases = releases_folder(project / "output")
    kept = sorted(p.name for p in releases.iterdir() if p.name != TRASH)
    assert len(kept) <= KEEP, f"releases not pruned: {kept}"
    trash = releases / TRASH
    wait_until(lambda: not trash.exists() or not any(trash.iterdir()),
               lambda: f"the trash is never emptied: {sorted(os.listdir(trash))}", timeout=120)


def test_a_killed_build_leaves_the_old_site_or_the_new_one_never_a_mix(project: Path):
    original = (project / EDITED).read_text(encoding="utf-8")
    texts = {"old": original, "new": original + EDIT}

    complete_build(project)
    sites = {"old": site(project)}
    set_version(project, "new", texts)
    duration = complete_build(project)  # a rebuild after one edit, as every kill below
    sites["new"] = site(project)
    assert sites["new"] != sites["old"]
    assert_releases_pruned(project)

    rng = random.Random(SEED)
    delays = [duration * (i + 0.5) / SPREAD_KILLS for i in range(SPREAD_KILLS)]
    delays += [rng.uniform(0, 1.5 * duration) for _ in range(RANDOM_KILLS)]
    shown = "new"
    for number, delay in enumerate(delays, 1):
        target = "old" if shown == "new" else "new"
        set_version(project, target, texts)
        killed_build(project, delay)
        when = f"kill {number} of {len(delays)} ({delay:.2f} s into a {shown} -> {target} build)"
        which(site(project), sites, when)
        # The next complete build makes exactly the site of the content on disk.
        complete_build(project)
        assert which(site(project), sites, f"the build after {when}") == target, when
        assert_releases_pruned(project)
        shown = target

    set_version(project, "new", texts)
    complete_build(project)
    assert site(project) == sites["new"]
    assert_releases_pruned(project)
