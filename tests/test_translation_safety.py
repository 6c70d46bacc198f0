"""Every translation keeps every warning sign and every risk of its original, item for
item (apmg/model/safety.py): the lists, how they are read, the messages, the real content.

The broken case tests/fixtures/broken-es/safety-lists/ is also built by
test_broken_content.py, so ``make html`` is shown to stop on these errors.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from apmg.lint import LintConfig, lint
from apmg.lint.text import headings
from apmg.markup import Renderer
from apmg.model import ContentErrors, load_site
from apmg.model.files import FOLDERS
from apmg.model.frontmatter import SourceFile, parse_text, read_source
from apmg.model.safety import (
    CARE_CALLOUTS,
    RISKS,
    RISKS_SECTION,
    SafetyItem,
    check_translation,
    keys_for,
    safety_lists,
)

CASE = FIXTURES / "broken-es" / "safety-lists"
SPANISH_GAMMA = "content/es/procedures/gamma-injection.md"


def source(body: str, path: str = "content/procedures/x.md") -> SourceFile:
    """A content file with a two-line front matter: its body starts on line 4."""
    return parse_text("---\ntitle: X\n---\n" + textwrap.dedent(body), path)


def sections(*bodies: str) -> str:
    """A procedure body with one ``##`` section per text, in order."""
    return "".join(f"\n## Section {n}\n\n{textwrap.dedent(b)}" for n, b in
                   enumerate(bodies, 1))


def texts(items: list[SafetyItem]) -> list[str]:
    return [item.text for item in items]


# --- reading the lists -------------------------------------------------------------------

def test_care_callouts_are_the_call_callouts_of_the_sanitizer():
    assert set(CARE_CALLOUTS) == {"call-911", "call-clinic"}
    assert keys_for("procedure") == (*CARE_CALLOUTS, RISKS)
    assert keys_for("condition") == keys_for("faq") == CARE_CALLOUTS


def test_callout_lists_are_read_item_by_item_with_their_lines():
    lists = safety_lists(source("""
        !!! call-clinic "Call the clinic if"
            - You have a fever.
            - The site is red.

        !!! note "Did you know?"
            - Not a warning sign.

        !!! call-911 "Call 911 right away if"
            - You have trouble breathing.

            - Your face swells.
        - A list after the callout is not in it.
        """), "condition")
    assert texts(lists["call-clinic"]) == ["You have a fever.", "The site is red."]
    assert texts(lists["call-911"]) == ["You have trouble breathing.", "Your face swells."]
    assert [(i.position, i.line) for i in lists["call-911"]] == [(1, 13), (2, 15)]
    assert "risks" not in lists  # only procedures have a risks section


def test_a_wrapped_or_continued_item_is_one_item_and_nested_items_are_items_too():
    lists = safety_lists(source("""
        !!! call-911 "Call 911 right away if"
            - You have weakness in your legs
            that is getting worse.
            - You have any of:
                - a stiff neck,
                - a fever over 100.4 °F.

                  Even at night.
            - You lose control of your bladder.
        """), "condition")
    assert texts(lists["call-911"]) == [
        "You have weakness in your legs that is getting worse.", "You have any of:",
        "a stiff neck,", "a fever over 100.4 °F. Even at night.",
        "You lose control of your bladder."]
    assert [i.position for i in lists["call-911"]] == [1, 2, 3, 4, 5]


def test_the_risks_are_every_list_of_the_sixth_section_in_order():
    body = sections(
        "- Not a risk: the first section.\n", "", "- Bring an adult.\n", "",
        "- Not a risk: the fifth section.\n",
        """\
        Mild side effects:

        - Soreness.
        - Bruising.

        Rare risks:

        1. Infection.
        2. Bleeding.

        ### A subsection still belongs to the section

        - Nerve injury.

        !!! warning "A callout's list is the callout's"
            - Not in the risks.
        """,
        '!!! call-911 "Call 911"\n    - You cannot breathe.\n')
    lists = safety_lists(source(body), "procedure")
    assert texts(lists[RISKS]) == ["Soreness.", "Bruising.", "Infection.", "Bleeding.",
                                   "Nerve injury."]
    assert [i.position for i in lists[RISKS]] == [1, 2, 3, 4, 5]
    assert texts(lists["call-911"]) == ["You cannot breathe."]
    assert RISKS_SECTION == 6


def test_an_item_carries_its_citations_and_numbers_not_its_link_targets():
    lists = safety_lists(source("""
        !!! call-clinic "Call the clinic if"
            - Your pain is worse after 2 days or 48 hours [@hull-2023].
            - A fever over 100.4 °F, in 3 in 100 people [@cohen-2020] [@won-2020][@cohen-2020].
            - Read [step 2](/treatments/x-3/#step-4) of 16,000.[^5]
            - You feel ill.
            ```
            - 99 in code is not an item [@not-cited]
            ```
        """), "condition")
    items = lists["call-clinic"]
    assert [(i.citations, i.numbers) for i in items] == [
        (("hull-2023",), ("2", "48")),
        (("cohen-2020", "won-2020"), ("100.4", "3", "100")),
        ((), ("2", "16,000")),
        ((), ())]


def test_a_page_without_callouts_or_sections_has_empty_lists():
    assert safety_lists(source("Just text.\n"), "procedure") == {
        "call-clinic": [], "call-911": [], "risks": []}


# --- the rule ------------------------------------------------------------------------------

@pytest.fixture
def broken_case(tmp_path: Path) -> Path:
    """The fixture site with an English procedure and a Spanish version that drops a
    call-911 item, changes a call-clinic number and cites another reference for a risk."""
    return make_project(tmp_path, CASE)


EXPECTED = [
    f"{SPANISH_GAMMA}:36: risks[3]: cites [@alpha-2020] where the original item cites "
    "[@beta-2021] (expected the same citations as content/procedures/gamma-injection.md:49)",
    f"{SPANISH_GAMMA}:42: call-clinic[2]: states 3 where the original item says 2 "
    "(expected the same figures as content/procedures/gamma-injection.md:55)",
    f"{SPANISH_GAMMA}:45: call-911: 2 items where content/procedures/gamma-injection.md "
    "has 3 (expected every warning sign of the original, item for item)",
]


def test_a_dropped_item_a_changed_number_and_a_changed_citation_are_content_errors(
        broken_case, tmp_path):
    with pytest.raises(ContentErrors) as raised:
        load_site(broken_case, tmp_path, Renderer())
    assert [str(e) for e in raised.value.errors] == EXPECTED
    assert (CASE / "expected.txt").read_text().splitlines()[:-1] == EXPECTED


def test_the_lint_reports_them_too(broken_case, tmp_path):
    spanish = broken_case / "es/procedures/gamma-injection.md"
    found = lint(broken_case, tmp_path, LintConfig(), [spanish])
    safety = [f"{f.path}:{f.line}: {f.message}" for f in found
              if f.message.startswith(("risks", "call-"))]
    assert safety == EXPECTED
    assert {f.level for f in found if f.message.startswith(("risks", "call-"))} == {"error"}


def test_reworded_items_with_the_same_figures_and_citations_pass(broken_case, tmp_path):
    spanish = broken_case / "es/procedures/gamma-injection.md"
    text = spanish.read_text()
    text = text.replace("Infección [@alpha-2020].", "Infección [@beta-2021].")
    text = text.replace("después de 3 días", "después de 2 días")
    text = text.replace("por más de 24 horas.", "por más de 24 horas.\n"
                        "    - No puede controlar la orina ni el intestino.")
    text = text.replace("Dolor por 1 o 2 días.", "De 1 a 2 días de dolor.")  # 1, 2 either way
    spanish.write_text(text)
    site = load_site(broken_case, tmp_path, Renderer())  # raises on any content error
    assert "gamma-injection" in {p.slug for p in site.in_lang("es").procedures}


def test_a_number_left_out_or_added_says_which():
    original = source('!!! call-911 "x"\n    - After 2 days or 24 hours.\n')
    fewer = source('!!! call-911 "x"\n    - Después de 2 días.\n', "content/es/procedures/x.md")
    more = source('!!! call-911 "x"\n    - Después de 2 días o 24 horas, 1 vez.\n',
                  "content/es/procedures/x.md")
    assert [e.message for e in check_translation(fewer, original, "condition")] == [
        "does not state 24, which the original item says"]
    assert [e.message for e in check_translation(more, original, "condition")] == [
        "states 1, which the original item does not"]


def test_a_missing_callout_is_counted_from_the_top_of_the_body():
    original = source('!!! call-911 "x"\n    - Breathing.\n')
    translation = source("Nada.\n", "content/es/conditions/x.md")
    assert [str(e) for e in check_translation(translation, original, "condition")] == [
        "content/es/conditions/x.md:4: call-911: 0 items where content/procedures/x.md has "
        "1 (expected every warning sign of the original, item for item)"]


# --- the real content ----------------------------------------------------------------------

@cache
def real_translations() -> list[tuple[str, Path, SourceFile, SourceFile]]:
    """(kind, Spanish file, Spanish source, English source) of every real translation."""
    found = []
    for folder, kind in FOLDERS.items():
        for path in sorted((ROOT / "content/es" / folder).glob("*.md")):
            translation = read_source(path, ROOT)
            english = ROOT / "content" / folder / f"{translation.meta['translation_of']}.md"
            found.append((kind, path, translation, read_source(english, ROOT)))
    return found


def test_every_real_translation_keeps_every_safety_item():
    problems = [str(e) for kind, _, translation, original in real_translations()
                for e in check_translation(translation, original, kind)]
    assert problems == []
    # Not vacuous: every procedure and condition has its lists, in both languages.
    for kind, _, translation, original in real_translations():
        if kind in ("procedure", "condition"):
            for doc in (translation, original):
                lists = safety_lists(doc, kind)
                assert lists["call-911"], doc.path
                if kind == "procedure":
                    assert lists["call-clinic"] and lists[RISKS], doc.path


def test_the_real_site_loads_with_the_rule():
    site = load_site(ROOT / "content", ROOT, Renderer())
    assert len(site.in_lang("es").procedures) == len(site.procedures) >= 14


def test_every_real_procedure_has_its_risks_as_the_sixth_of_seven_sections():
    """The rule finds the risks by position: it holds in both languages."""
    for folder in (ROOT / "content/procedures", ROOT / "content/es/procedures"):
        for path in sorted(folder.glob("*.md")):
            titles = [text for _, level, text in headings(read_source(path, ROOT))
                      if level == 2]
            assert len(titles) == 7, path
            assert titles[RISKS_SECTION - 1].startswith(("Risks", "Riesgos")), path


# (kind, translation, original, key, the translation's lines, the list's items)
RealList = tuple[str, SourceFile, SourceFile, str, list[str], list[SafetyItem]]


def _real_lists() -> list[RealList]:
    """Each non-empty safety list of a real translation, with the file's lines."""
    found = []
    for kind, path, translation, original in real_translations():
        lines = path.read_text(encoding="utf-8").split("\n")
        for key, items in safety_lists(translation, kind).items():
            if items:
                assert all(i.text in lines[i.line - 1] for i in items), path  # one line each
                found.append((kind, translation, original, key, lines, items))
    return found


REAL_LISTS = _real_lists()


def _signature(items: list[SafetyItem]) -> list[tuple[frozenset, tuple]]:
    return [(frozenset(i.citations), tuple(sorted(i.numbers))) for i in items]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_dropping_any_item_of_any_real_list_fails(data):
    kind, translation, original, key, lines, items = data.draw(st.sampled_from(REAL_LISTS))
    dropped = data.draw(st.sampled_from(items))
    kept = [line for number, line in enumerate(lines, 1) if number != dropped.line]
    errors = check_translation(parse_text("\n".join(kept), translation.path), original, kind)
    assert [e.field for e in errors] == [key], errors


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_reordering_a_real_list_fails_whenever_it_moves_what_an_item_carries(data):
    """Item N must carry item N's citations and numbers. A reordering that swaps only
    items carrying neither (two plain warning signs) keeps every sign, and is the one
    change this mapping cannot see; any other reordering fails."""
    kind, translation, original, key, lines, items = data.draw(st.sampled_from(REAL_LISTS))
    order = data.draw(st.permutations(range(len(items))))
    moved = list(lines)
    for item, source_index in zip(items, order, strict=True):
        moved[item.line - 1] = lines[items[source_index].line - 1]
    errors = check_translation(parse_text("\n".join(moved), translation.path), original, kind)
    reordered = [items[i] for i in order]
    assert bool(errors) == (_signature(reordered) != _signature(items)), errors
    assert {e.field.split("[")[0] for e in errors} <= {key}


def test_swapping_two_real_items_with_different_figures_fails():
    kind, path, translation, original = next(
        t for t in real_translations() if t[1].name == "lumbar-facet-joint-injections.md")
    fever, _, two_days = safety_lists(translation, kind)["call-clinic"][:3]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[fever.line - 1], lines[two_days.line - 1] = (lines[two_days.line - 1],
                                                       lines[fever.line - 1])
    errors = check_translation(parse_text("\n".join(lines), translation.path), original, kind)
    assert [(e.field, e.message) for e in errors] == [
        ("call-clinic[1]", "states 2, which the original item does not"),
        ("call-clinic[3]", "does not state 2, which the original item says")]
