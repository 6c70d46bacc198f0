"""Whether anything a build reads has changed since the last good build: the fast path.

After a good build, ``record`` keeps a digest of every input (the content and theme
folders, our code, the settings files, the lock files, the APMG_* and ALLOW_*
environment) and the release it produced. ``changed`` answers, before Pelican or any
of the model is imported, whether a new build would read exactly the same bytes and
``output/`` still is that release: then there is nothing to do. Standard library only,
so the answer costs a few milliseconds more than starting Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from apmg.problems import PROBLEMS_VARIABLE

FORMAT = 2
CODE = Path(__file__).resolve().parent
ENV_PREFIXES = ("APMG_", "ALLOW_")
NOT_INPUTS = {PROBLEMS_VARIABLE}  # where a build reports, not what it builds


def _digest(paths: list[Path]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for path in paths:
        hasher.update(str(path).encode() + b"\0")
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"\0missing")
    return hasher.hexdigest()


def _folder_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but hidden ones and Python's caches."""
    paths = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        paths += [Path(root, n) for n in sorted(names) if not n.startswith(".")]
    return paths


def digests(folders: list[str], files: list[str]) -> dict[str, str]:
    """One digest per folder (names and bytes of its files), one for ``files``, one for
    the relevant environment and the interpreter: when one differs, its name says what
    changed."""
    env = sorted((k, v) for k, v in os.environ.items()
                 if k.startswith(ENV_PREFIXES) and k not in NOT_INPUTS)
    parts = {"environment": hashlib.blake2b(repr((FORMAT, sys.version, env)).encode(),
                                            digest_size=16).hexdigest(),
             "files": _digest([Path(f) for f in files])}
    parts.update({folder: _digest(_folder_files(Path(folder))) for folder in folders})
    return parts


def state_file(output: Path) -> Path:
    """Where the last good build into ``output`` keeps what it read (beside it, like its
    releases)."""
    return output.parent / f".{output.name}.inputs.json"


def _request(settings_file: str, content: str | None) -> list[str]:
    return [os.path.abspath(settings_file), os.path.abspath(content) if content else ""]


def snapshot(settings_file: str, content: str | None, settings: dict,
             earlier: dict | None = None) -> dict:
    """What a build is about to read, taken before it reads any of it: an edit saved
    while it runs then differs from the snapshot, and the next build sees it. ``earlier``
    (``Check.taken``, made moments before by the same process) is used when it covers
    the same inputs, instead of reading them all again."""
    project = Path(settings_file).resolve().parent
    folders = [str(Path(settings["PATH"]).resolve()), str(Path(settings["THEME"]).resolve()),
               str(CODE)]
    files = [str(p) for p in (Path(settings_file).resolve(), project / "pelicanconf.py",
                              project / "pyproject.toml",
                              *sorted((project / "requirements").glob("*.txt")))]
    taken = {"request": _request(settings_file, content), "folders": folders, "files": files}
    if earlier and all(earlier.get(key) == taken[key] for key in taken):
        return earlier
    return {**taken, "digests": digests(folders, files)}


def record(output: Path, taken: dict) -> None:
    """Remember, beside ``output``, the snapshot of the build it now points at."""
    state = {**taken, "release": os.path.realpath(output)}
    tmp = state_file(output).with_name(f"{state_file(output).name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, state_file(output))


@dataclass(frozen=True)
class Check:
    """What differs from what the build ``output`` is read (``differs``: [] when nothing
    does, so the same request would build the same site), and the snapshot the check
    took of the recorded inputs (``taken``), which the build then need not take again."""

    differs: list[str]
    taken: dict | None = None


def check(output: Path, settings_file: str, content: str | None) -> Check:
    try:
        state = json.loads(state_file(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Check(["no record of the last build"])
    request = _request(settings_file, content)
    if state.get("request") != request:
        return Check(["the settings file or content folder"])
    folders, files = state.get("folders", []), state.get("files", [])
    taken = {"request": request, "folders": folders, "files": files,
             "digests": digests(folders, files)}
    if not output.is_symlink() or state.get("release") != os.path.realpath(output):
        return Check([f"{output}/ itself"], taken)
    return Check([part for part, value in taken["digests"].items()
                  if state.get("digests", {}).get(part) != value], taken)


def changed(output: Path, settings_file: str, content: str | None) -> list[str]:
    """``check(...).differs``."""
    return check(output, settings_file, content).differs


def up_to_date(checked: Check, output: Path) -> bool:
    """Whether nothing differs, saying so to the editor."""
    if checked.differs:
        return False
    print(f"Nothing changed since the last build: {output}/ is up to date.")
    return True
