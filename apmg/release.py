"""Make a finished site visible as ``output/`` in one step.

``output`` is a symbolic link to one complete build in ``.<output>.releases/``; a new
build is moved there whole and the link is switched with a single ``rename(2)``, so a
reader (``make serve``, nginx, ``make deploy``) sees the old site or the new one, never a
page whose stylesheet is not written yet, even if the build is killed half way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

KEEP = 2  # the release being served and the one before it (a reader may still be in it)


def releases_folder(output: Path) -> Path:
    return output.parent / f".{output.name}.releases"


def release(staging: Path, output: Path) -> Path:
    """Move the finished ``staging`` folder into place as ``output``; return its release."""
    releases = releases_folder(output)
    releases.mkdir(parents=True, exist_ok=True)
    target = releases / f"{time.time_ns():x}-{os.getpid()}"
    try:
        os.replace(staging, target)
    except OSError:  # staging on another file system: copy, then the switch is still atomic
        shutil.copytree(staging, target, symlinks=True)
        shutil.rmtree(staging)
    if output.exists() and not output.is_symlink():
        # The first build since output/ was a plain folder: keep it as an old release.
        os.replace(output, releases / f"{time.time_ns():x}-old")
    link = output.parent / f".{output.name}.{os.getpid()}.link"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(target, output.parent))
    os.replace(link, output)  # the one step a reader can observe
    _prune(releases, keep=target)
    return target


TRASH = ".trash"


def _prune(releases: Path, keep: Path) -> None:
    """Move all but the newest releases to the trash, then empty it in a process of its
    own: deleting thousands of files must not delay the build (or the preview's reload).
    The current release is never touched; whatever a killed cleaner left is emptied
    next time."""
    old = sorted((p for p in releases.iterdir() if p != keep and p.name != TRASH),
                 key=lambda p: p.name)
    trash = releases / TRASH
    for path in old[: max(0, len(old) - (KEEP - 1))]:
        trash.mkdir(exist_ok=True)
        os.replace(path, trash / path.name)
    if trash.is_dir() and any(trash.iterdir()):
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; "
                          "[shutil.rmtree(p, ignore_errors=True) for p in sys.argv[1:]]",
                          *map(str, trash.iterdir())], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)


def remove(output: Path) -> None:
    """Delete ``output`` and its releases (``make clean``)."""
    if output.is_symlink() or output.is_file():
        output.unlink()
    elif output.is_dir():
        shutil.rmtree(output)
    shutil.rmtree(releases_folder(output), ignore_errors=True)
