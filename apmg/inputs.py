"""Whether anything a build reads has changed since the last good build: the fast path.

After a good build, ``record`` keeps a digest of every input (the content and theme
folders, our code, the settings files, the lock files, the APMG_* and ALLOW_*
environment) and the release it produced. ``unchanged`` answers, before Pelican or any
of the model is imported, whether a new build would read exactly the same bytes and
``output/`` still is that release: then there is nothing to do. Standard library only,
so the answer costs a few milliseconds more than starting Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

FORMAT = 1
CODE = Path(__file__).resolve().parent
ENV_PREFIXES = ("APMG_", "ALLOW_")


def digest(folders: list[Path], files: list[Path]) -> str:
    """Names and bytes of every file under ``folders`` (hidden ones and caches aside) and
    of ``files``, the relevant environment and the interpreter."""
    hasher = hashlib.blake2b(digest_size=16)
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIXES))
    hasher.update(repr((FORMAT, sys.version, env)).encode())
    paths = list(files)
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            paths += [Path(root, n) for n in sorted(names) if not n.startswith(".")]
    for path in paths:
        hasher.update(str(path).encode() + b"\0")
        try:
            hasher.update(path.read_bytes())
        except OSError:
            hasher.update(b"\0missing")
    return hasher.hexdigest()


def _state_file(output: Path) -> Path:
    return output.parent / f".{output.name}.inputs.json"


def _request(settings_file: str, content: str | None) -> list[str]:
    return [os.path.abspath(settings_file), os.path.abspath(content) if content else ""]


def record(output: Path, settings_file: str, content: str | None, settings: dict) -> None:
    """Remember what the build that ``output`` now points at read."""
    project = Path(settings_file).resolve().parent
    folders = [str(Path(settings["PATH"]).resolve()), str(Path(settings["THEME"]).resolve()),
               str(CODE)]
    files = [str(p) for p in (Path(settings_file).resolve(), project / "pelicanconf.py",
                              project / "pyproject.toml",
                              *sorted((project / "requirements").glob("*.txt")))]
    state = {"request": _request(settings_file, content), "folders": folders, "files": files,
             "key": digest([Path(f) for f in folders], [Path(f) for f in files]),
             "release": os.path.realpath(output)}
    tmp = _state_file(output).with_name(f"{_state_file(output).name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, _state_file(output))


def unchanged(output: Path, settings_file: str, content: str | None) -> bool:
    """Whether the same request would read the same bytes as the build ``output`` is."""
    try:
        state = json.loads(_state_file(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if (state.get("request") != _request(settings_file, content) or not output.is_symlink()
            or state.get("release") != os.path.realpath(output)):
        return False
    return state.get("key") == digest([Path(f) for f in state["folders"]],
                                      [Path(f) for f in state["files"]])


def up_to_date(output: Path, settings_file: str, content: str | None) -> bool:
    """``unchanged``, saying so to the editor."""
    if not unchanged(output, settings_file, content):
        return False
    print(f"Nothing changed since the last build: {output}/ is up to date.")
    return True
