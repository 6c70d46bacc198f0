"""What apmg imports is declared, in the right install set, and locked with hashes.

Three sets (pyproject.toml, docs/architecture.md): the default dependencies (build, lint,
serve), the ``deploy`` extra (``make deploy`` alone), and the ``test`` extra. Each is
installed from its lock file in requirements/ (``make lock``) with ``--require-hashes``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import ROOT

APMG = ROOT / "apmg"
DEPLOY = APMG / "deploy"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENTS = ROOT / "requirements"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    """name -> version of ``name[extra]==version`` lines (pyproject pins every version)."""
    found = {}
    for line in requirements:
        match = re.fullmatch(r"([A-Za-z0-9._-]+)(\[[^]]*\])?==([^\s;]+)", line.strip())
        assert match, f"not pinned with ==: {line!r}"
        found[norm(match[1])] = match[3]
    return found


def locked(name: str) -> dict[str, str]:
    """name -> version in requirements/NAME.txt; each entry must carry its hashes."""
    text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
    found = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", entry)
        assert match, entry
        assert "--hash=sha256:" in entry, f"requirements/{name}.txt: no hash for {match[1]}"
        found[norm(match[1])] = match[2]
    return found


def third_party_imports(files: list[Path]) -> dict[str, set[str]]:
    """Top-level module name -> files importing it, outside the standard library."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def distributions(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    """Distribution (normalised) -> files that import a module it provides."""
    provided = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for module, files in modules.items():
        if module == "apmg":
            continue
        assert module in provided, f"{module} (imported by {sorted(files)}) is not installed"
        for dist in provided[module]:
            found.setdefault(norm(dist), set()).update(files)
    return found


def test_every_import_outside_deploy_is_a_default_dependency():
    files = [p for p in APMG.rglob("*.py") if DEPLOY not in p.parents]
    declared = set(pins(PROJECT["dependencies"]))
    missing = {d: sorted(f) for d, f in distributions(third_party_imports(files)).items()
               if d not in declared}
    assert not missing, f"imported but not in [project] dependencies: {missing}"


def test_deploy_imports_are_in_its_extra():
    files = sorted(DEPLOY.rglob("*.py"))
    declared = set(pins(PROJECT["optional-dependencies"]["deploy"]))
    missing = {d: sorted(f) for d, f in distributions(third_party_imports(files)).items()
               if d not in declared}
    assert not missing, f"imported by apmg/deploy but not in the deploy extra: {missing}"


def test_deploy_runs_with_its_lock_alone():
    """As in the deploy job, where only requirements/deploy.txt is installed: every module
    of apmg.deploy imports, with any module outside that lock (and the standard library)
    refused, whatever part of apmg it is imported through."""
    deploy_set = set(locked("deploy"))
    allowed = sorted(top for top, dists in importlib.metadata.packages_distributions().items()
                     if any(norm(d) in deploy_set for d in dists))
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for p in DEPLOY.rglob("*.py") if p.name != "__main__.py")
    code = f"""
import importlib, importlib.abc, sys
ALLOWED = set({allowed!r})
class OnlyTheDeployLock(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top == "apmg" or top in ALLOWED:
            return None
        raise ModuleNotFoundError(f"No module named {{name!r}} (not in requirements/deploy.txt)")
sys.meta_path.insert(0, OnlyTheDeployLock())
for name in {modules!r}:
    importlib.import_module(name)
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_no_command_but_deploy_imports_boto3():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts) for p in APMG.rglob("*.py")
        if DEPLOY not in p.parents and p.name != "__main__.py")
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name.removesuffix('.__init__'))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("lock, sets", [("base", ["dependencies"]), ("deploy", ["deploy"]),
                                        ("test", ["dependencies", "test", "deploy"])])
def test_lock_files_hold_exactly_what_pyproject_pins(lock, sets):
    wanted = {}
    for name in sets:
        wanted |= pins(PROJECT["dependencies"] if name == "dependencies"
                       else PROJECT["optional-dependencies"][name])
    have = locked(lock)
    stale = {name: (version, have.get(name)) for name, version in wanted.items()
             if have.get(name) != version}
    assert not stale, f"requirements/{lock}.txt is stale (pyproject, lock): {stale}; run make lock"


def test_the_test_lock_holds_the_others_at_the_same_versions():
    everything = locked("test")
    for lock in ("base", "deploy"):
        differ = {n: v for n, v in locked(lock).items() if everything.get(n) != v}
        assert not differ, f"requirements/{lock}.txt differs from test.txt: {differ}"
    tools = locked("pip")
    assert set(tools) == {"pip", "setuptools"}
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert build == [f"setuptools=={tools['setuptools']}"]


@pytest.mark.parametrize("target, lock", [("serve", "base"), ("html", "base"), ("lint", "base"),
                                          ("new", "base"), ("publish", "base"),
                                          ("deploy", "deploy"), ("test", "test")])
def test_a_fresh_machine_installs_only_the_set_a_command_needs(tmp_path, target, lock):
    """``make -n`` with an empty venv: the install commands make would run, not run."""
    env = {name: value for name, value in os.environ.items()  # not what `make test` passes
           if name not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    result = subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    installs = re.findall(r"pip install .*", result.stdout)
    assert installs[:2] == ["pip install -q --require-hashes -r requirements/pip.txt",
                            f"pip install -q --require-hashes -r requirements/{lock}.txt"]
    assert installs[2:] == ["pip install -q --no-deps --no-build-isolation -e ."], installs
