"""The content and page caches: only changed files are re-read, only affected pages re-rendered,
and a warm build writes exactly what a build without any cache writes."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from helpers import FIXTURES, ROOT, run_apmg

from apmg.cache import ContentCache
from apmg.markup import Renderer
from apmg.model import load_site


def _copy_fixture(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content)
    return content


class CountingRenderer(Renderer):
    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[str] = []

    def __call__(self, source):
        self.rendered.append(Path(source.path).name)
        return super().__call__(source)


def _load(content: Path, cache_file: Path) -> tuple[ContentCache, CountingRenderer]:
    cache, render = ContentCache(cache_file, "test"), CountingRenderer()
    load_site(content, content.parent, cache.wrap(render), read=cache.read)
    cache.save()
    return cache, render


def test_changed_file_is_reread_and_unchanged_ones_are_not(tmp_path):
    content = _copy_fixture(tmp_path)
    cold, cold_render = _load(content, tmp_path / "c.pickle")
    assert cold.hits == 0 and "alpha-injection.md" in cold_render.rendered

    warm, warm_render = _load(content, tmp_path / "c.pickle")
    assert warm.misses == 0 and warm.hits == cold.misses
    assert warm_render.rendered == []

    proc = content / "procedures" / "alpha-injection.md"
    proc.write_text(proc.read_text() + "\nA new sentence.\n")
    edited, edited_render = _load(content, tmp_path / "c.pickle")
    assert edited.misses == 1
    assert edited_render.rendered == ["alpha-injection.md"]
    site = load_site(content, content.parent, edited.wrap(Renderer()), read=edited.read)
    alpha = next(p for p in site.procedures if p.slug == "alpha-injection")
    assert "A new&nbsp;sentence." in alpha.html


def test_a_different_salt_ignores_the_stored_cache(tmp_path):
    content = _copy_fixture(tmp_path)
    _load(content, tmp_path / "c.pickle")
    other = ContentCache(tmp_path / "c.pickle", "other markdown settings")
    assert other.entries == {}


def _settings(tmp_path: Path, name: str, cache: str | None) -> Path:
    settings = tmp_path / f"{name}.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        "from pelicanconf import *  # noqa\n"
                        f"THEME = {str(tmp_path / 'theme')!r}\n"
                        f"APMG_CACHE_DIR = {cache!r}\nAPMG_POSTPROCESS = []\n")
    return settings


def _build(tmp_path: Path, content: Path, settings: Path, out: str) -> Path:
    result = run_apmg("build", "--settings", str(settings), "--content", str(content),
                      "--output", str(tmp_path / out), "--staging", str(tmp_path / f"{out}-st"))
    assert result.returncode == 0, result.stderr
    return tmp_path / out


def _same_tree(one: Path, two: Path) -> bool:
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(one, two, files, shallow=False)
    return not mismatch and not errors


def test_warm_builds_write_what_an_uncached_build_writes(tmp_path):
    """Edit a body, then a template: the cached build equals a build from scratch each time."""
    content = _copy_fixture(tmp_path)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    cached = _settings(tmp_path, "cached", str(tmp_path / "cache"))
    uncached = _settings(tmp_path, "uncached", None)
    _build(tmp_path, content, cached, "warm")  # fills the caches
    assert sorted((tmp_path / "cache").glob("pages-*.json"))  # each page's key

    proc = content / "procedures" / "beta-block.md"
    proc.write_text(proc.read_text() + "\nEdited body text.\n")
    warm = _build(tmp_path, content, cached, "warm")
    assert "Edited body&nbsp;text." in (warm / "treatments/beta-block/index.html").read_text()
    assert _same_tree(warm, _build(tmp_path, content, uncached, "fresh"))

    template = tmp_path / "theme" / "templates" / "procedure.html"
    template.write_text(template.read_text().replace("</article>", "<!-- v2 --></article>", 1)
                        if "</article>" in template.read_text()
                        else template.read_text() + "{% block bench_marker %}{% endblock %}")
    warm = _build(tmp_path, content, cached, "warm")
    assert _same_tree(warm, _build(tmp_path, content, uncached, "fresh"))


def test_spanish_files_hit_the_cache_like_english_ones(tmp_path):
    """The same reader and cache serve every language: a second load re-reads nothing."""
    from test_spanish import with_spanish

    content = with_spanish(_copy_fixture(tmp_path))
    cold, cold_render = _load(content, tmp_path / "c.pickle")
    assert any("/es/" in f"/{p}" for p in cold.entries), "no Spanish file went through the cache"
    warm, warm_render = _load(content, tmp_path / "c.pickle")
    assert warm.misses == 0 and warm.hits == cold.misses and warm_render.rendered == []
    spanish = content / "es" / "procedures" / "alpha-injection.md"
    spanish.write_text(spanish.read_text() + "\nOtra frase.\n")
    edited, edited_render = _load(content, tmp_path / "c.pickle")
    assert edited.misses == 1 and edited_render.rendered == ["alpha-injection.md"]
