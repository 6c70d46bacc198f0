"""An incremental build writes exactly what a clean full build writes, whatever was edited.

Hypothesis applies random sequences of edits (a front matter field, a body, a new,
renamed or deleted file, practice.yml, a template, a Spanish file, a photo) to a small
site. After
each edit the site is built twice: incrementally, into the same output with warm caches
(pages whose inputs did not change are linked from the last build, apmg/render.py), and
from nothing, with no cache. The two trees must match byte for byte. An edit that makes
the content invalid must fail both builds alike and leave the incremental output as it
was.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

from helpers import ROOT, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_spanish import with_spanish

from apmg import inputs
from apmg.build import build

FAQ = ("---\nquestion: {question}\ntopic: {topic}\norder: {order}\n"
       "procedures: [{procedure}]\n---\n{answer}\n")
WORDS = st.text("abcdefghij klmnop", min_size=1, max_size=12).map(str.strip).filter(bool)


def _settings(tmp: Path, name: str, cache: Path | None) -> Path:
    path = tmp / f"{name}.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from pelicanconf import *  # noqa\n"
                    f"THEME = {str(tmp / 'theme')!r}\n"
                    f"APMG_CACHE_DIR = {str(cache) if cache else None!r}\n"
                    # Pagefind is not ours to test here and costs seconds a build.
                    "APMG_POSTPROCESS = []\n", encoding="utf-8")
    return path


def _build(tmp: Path, settings_file: Path, out: Path) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = build(str(settings_file), str(out), str(out) + "-staging",
                         str(tmp / "content"))
    finally:
        os.chdir(cwd)
    return code, stdout.getvalue() + stderr.getvalue()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- edits: each takes the project folder and a value drawn by Hypothesis ---------------

def _replace_line(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^{field}: .*$", f"{field}: {value}", text, count=1),
                    encoding="utf-8")


def edit_title(tmp: Path, word: str) -> None:
    _replace_line(tmp / "content/procedures/beta-block.md", "title", f"Beta {word}")


def edit_summary(tmp: Path, word: str) -> None:
    _replace_line(tmp / "content/procedures/alpha-injection.md", "summary", f"About {word}.")


def append_body(tmp: Path, word: str) -> None:
    path = tmp / "content/procedures/alpha-injection.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nMore about {word}.\n",
                    encoding="utf-8")


def edit_answer(tmp: Path, word: str) -> None:
    path = tmp / "content/faqs/cost.md"
    if path.exists():
        head, _, _ = path.read_text(encoding="utf-8").rpartition("---\n")
        path.write_text(f"{head}---\nIt depends on {word}.\n", encoding="utf-8")


def add_faq(tmp: Path, word: str) -> None:
    slug = re.sub(r"[^a-z]+", "-", word).strip("-") or "new"
    (tmp / f"content/faqs/q-{slug}.md").write_text(FAQ.format(
        question=f"What about {word}?", topic="Costs", order=len(word),
        procedure="beta-block", answer=f"Ask us about {word}."), encoding="utf-8")


def delete_faq(tmp: Path, word: str) -> None:
    faqs = sorted((tmp / "content/faqs").glob("*.md"))
    if len(faqs) > 1:
        faqs[len(word) % len(faqs)].unlink()


def rename_faq(tmp: Path, word: str) -> None:
    faqs = sorted((tmp / "content/faqs").glob("*.md"))
    slug = re.sub(r"[^a-z]+", "-", word).strip("-") or "renamed"
    if faqs and not (tmp / f"content/faqs/r-{slug}.md").exists():
        faqs[0].rename(tmp / f"content/faqs/r-{slug}.md")


def edit_practice(tmp: Path, word: str) -> None:
    _replace_line(tmp / "content/practice.yml", "tagline", f"Care for {word}")


def edit_spanish(tmp: Path, word: str) -> None:
    path = tmp / "content/es/procedures/alpha-injection.md"
    _replace_line(path, "summary", f"Sobre {word}.")


def edit_spanish_practice(tmp: Path, word: str) -> None:
    (tmp / "content/es/practice.yml").write_text(f"tagline: Alivio {word}\n", encoding="utf-8")


def edit_template(tmp: Path, word: str) -> None:
    path = tmp / "theme/templates/procedure.html"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</article>", f"<!-- {word} --></article>", 1), encoding="utf-8")


def edit_stylesheet(tmp: Path, word: str) -> None:
    path = tmp / "theme/static/css/site.css"
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {word} */\n", encoding="utf-8")


def replace_photo(tmp: Path, word: str) -> None:
    """A clinician's photo, new or replaced (apmg/images.py): new files, a new card."""
    from PIL import Image

    card = tmp / "content/clinicians/dr-test.md"
    text = card.read_text(encoding="utf-8")
    if "photo:" not in text:
        card.write_text(text.replace("languages: [English]\n", "languages: [English]\n"
                                     "photo: {src: /images/dr-test.jpg, alt: Dr. Test}\n"),
                        encoding="utf-8")
    shade = sum(map(ord, word)) % 256
    (tmp / "content/images").mkdir(exist_ok=True)
    Image.new("RGB", (480, 600), (shade, 90, 255 - shade)).save(
        tmp / "content/images/dr-test.jpg", quality=90)


def break_reference(tmp: Path, word: str) -> None:
    """An invalid edit: both builds fail, the incremental output stays as it was."""
    _replace_line(tmp / "content/procedures/beta-block.md", "related", "[no-such-page]")


def mend_reference(tmp: Path, word: str) -> None:
    _replace_line(tmp / "content/procedures/beta-block.md", "related", "[alpha-injection]")


EDITS = [edit_title, edit_summary, append_body, edit_answer, add_faq, delete_faq, rename_faq,
         edit_practice, edit_spanish, edit_spanish_practice, edit_template, edit_stylesheet,
         replace_photo, break_reference, mend_reference]


def _project(tmp: Path) -> None:
    for leftover in tmp.iterdir():
        shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() \
            else leftover.unlink()
    with_spanish(make_project(tmp))
    edit_spanish_practice(tmp, "inicial")
    shutil.copytree(ROOT / "theme", tmp / "theme")


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), WORDS), min_size=1, max_size=5))
def test_incremental_build_equals_a_clean_full_build(tmp_path_factory, edits):
    tmp = tmp_path_factory.mktemp("incremental")
    _project(tmp)
    warm = _settings(tmp, "warm", tmp / "cache")
    cold = _settings(tmp, "cold", None)
    out = tmp / "inc" / "output"
    code, log = _build(tmp, warm, out)
    assert code == 0, log
    for step, (edit, word) in enumerate(edits):
        before = _tree(out)
        edit(tmp, word)
        code, log = _build(tmp, warm, out)
        full = tmp / f"full-{step}" / "output"
        full_code, full_log = _build(tmp, cold, full)
        assert code == full_code, f"after {edit.__name__}: {log}\n---\n{full_log}"
        if code:
            assert _tree(out) == before, f"a failed build changed output/ ({edit.__name__})"
            continue
        incremental, clean = _tree(out), _tree(full)
        assert sorted(incremental) == sorted(clean), edit.__name__
        different = [name for name in clean if incremental[name] != clean[name]]
        assert not different, f"after {[e.__name__ for e, _ in edits[:step + 1]]}: {different}"
        shutil.rmtree(full.parent)


def test_an_edit_renders_only_the_pages_that_show_it(tmp_path):
    """One body edit re-renders its page (and its printable sheet, if any), not the site;
    a template edit re-renders every page that uses it."""
    _project(tmp_path)
    warm = _settings(tmp_path, "warm", tmp_path / "cache")
    out = tmp_path / "output"
    assert _build(tmp_path, warm, out)[0] == 0
    assert inputs.changed(out, str(warm), str(tmp_path / "content")) == []
    code, log = _build(tmp_path, warm, out)
    assert code == 0 and "Nothing changed since the last build" in log, log
    inputs.state_file(out).unlink()  # past the fast path: every page is reused
    code, log = _build(tmp_path, warm, out)
    assert code == 0 and "(0 pages rendered" in log, log
    append_body(tmp_path, "word")
    code, log = _build(tmp_path, warm, out)
    rendered = int(re.search(r"(\d+) pages rendered", log)[1])
    assert code == 0 and 1 <= rendered <= 2, log
    edit_spanish_practice(tmp_path, "nuevo")  # every Spanish page's header and footer
    code, log = _build(tmp_path, warm, out)
    rendered, unchanged = map(int, re.search(r"(\d+) pages rendered, (\d+) unchanged",
                                             log).groups())
    assert code == 0 and rendered > 0 and unchanged > 0, log
    edit_template(tmp_path, "x")
    code, log = _build(tmp_path, warm, out)
    procedures = len(list((out / "treatments").glob("*/index.html"))) \
        + len(list((out / "es/treatments").glob("*/index.html")))
    rendered, unchanged = map(int, re.search(r"(\d+) pages rendered, (\d+) unchanged",
                                             log).groups())
    # Its procedure pages, and the pages of any template that includes one by a name made
    # at run time (the illustrations), but not the index pages or the FAQ hub.
    assert code == 0 and rendered >= procedures and unchanged > 0, log


def test_an_edit_saved_during_a_build_is_built_next_time(tmp_path, monkeypatch):
    """What the fast path compares is read before the build reads anything: a file saved
    while a build runs (here: once its pages are rendered) differs from that, so the next
    build builds it."""
    from apmg import build as build_module

    _project(tmp_path)
    warm = _settings(tmp_path, "warm", tmp_path / "cache")
    out = tmp_path / "output"
    postprocess = build_module.postprocess

    def save_then_postprocess(*args):
        append_body(tmp_path, "meanwhile")
        postprocess(*args)

    monkeypatch.setattr(build_module, "postprocess", save_then_postprocess)
    assert _build(tmp_path, warm, out)[0] == 0
    monkeypatch.setattr(build_module, "postprocess", postprocess)
    assert "meanwhile" not in (out / "treatments/alpha-injection/index.html").read_text()
    assert inputs.changed(out, str(warm), str(tmp_path / "content")) == [
        str((tmp_path / "content").resolve())]
    code, log = _build(tmp_path, warm, out)
    assert code == 0 and "Nothing changed" not in log and "(1 pages rendered" in log, log
    assert "meanwhile" in (out / "treatments/alpha-injection/index.html").read_text()


def test_replacing_a_photo_changes_its_pages_and_files_only(tmp_path):
    """A new photo under the same name: new file names (its digest), the pages that show
    the card re-rendered with them, the old files gone, and still what a full build makes."""
    _project(tmp_path)
    warm = _settings(tmp_path, "warm", tmp_path / "cache")
    out = tmp_path / "output"
    replace_photo(tmp_path, "first")
    assert _build(tmp_path, warm, out)[0] == 0
    page = (out / "clinicians/index.html").read_text(encoding="utf-8")
    before = {p.name for p in (out / "images").glob("dr-test-*")}
    assert len(before) == 9 and all(name in page for name in before if "-160." in name)
    replace_photo(tmp_path, "second")
    code, log = _build(tmp_path, warm, out)
    assert code == 0, log
    after = {p.name for p in (out / "images").glob("dr-test-*")}
    assert len(after) == 9 and not before & after
    page = (out / "clinicians/index.html").read_text(encoding="utf-8")
    assert all(name in page for name in after if "-160." in name)
    assert not any(name in page for name in before)
    rendered, unchanged = map(int, re.search(r"(\d+) pages rendered, (\d+) unchanged",
                                             log).groups())
    # The pages that show the card or link to the clinician (a link's key is the linked
    # document's front matter, photo included); the FAQ-only pages stay.
    assert rendered >= 1 and unchanged >= 1, log
    full = tmp_path / "full" / "output"
    assert _build(tmp_path, _settings(tmp_path, "cold", None), full)[0] == 0
    assert _tree(out) == _tree(full)
