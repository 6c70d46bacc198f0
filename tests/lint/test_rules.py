"""Every lint rule: a case that must be reported and a case that must pass."""

from __future__ import annotations

import pytest
from lintkit import EASY_BODY, PROCEDURE_HEAD, messages

from apmg.lint import LintConfig
from apmg.lint.rules.claims import claim_pattern


def test_a_clean_procedure_has_no_findings(scratch):
    assert scratch.procedure() == []


# --- everything the build validates ---------------------------------------------------

def test_schema_errors_come_from_the_build_model(scratch):
    head = PROCEDURE_HEAD.format(reviewed="2026-11-01").replace("region: neck", "regoin: neck")
    found = scratch.procedure(head=head)
    assert any("regoin: unknown field; did you mean 'region'?" in m for m in messages(found))
    unknown = next(f for f in found if "regoin" in f.message)
    assert unknown.path == "content/procedures/gamma-injection.md"
    assert unknown.line == 4 and unknown.level == "error"


def test_summary_over_160_characters_is_an_error(scratch):
    head = PROCEDURE_HEAD.format(reviewed="2026-11-01").replace(
        "A short test injection.", "Long words. " * 15)
    found = messages(scratch.procedure(head=head), "error")
    assert any(m.startswith("summary: is 179 characters long") for m in found), found


def test_unknown_reference_is_an_error_with_the_closest_slug(scratch):
    head = PROCEDURE_HEAD.format(reviewed="2026-11-01") .replace(
        "kind: injection", "kind: injection\nrelated: [beta-blok]")
    found = messages(scratch.procedure(head=head), "error")
    assert any("no procedure 'beta-blok'; did you mean 'beta-block'?" in m for m in found)


def test_unknown_callout_type_is_an_error(scratch):
    found = messages(scratch.procedure(EASY_BODY + '\n!!! danger "No"\n    Text.\n'))
    assert any("unknown callout type 'danger'" in m for m in found)


# --- unfilled hints ---------------------------------------------------------------------

def test_a_todo_hint_is_an_error_on_its_line(scratch):
    found = scratch.procedure(EASY_BODY + "\nTODO: say who may benefit.\n")
    hints = [f for f in found if "replace the hint" in f.message]
    assert len(hints) == 1 and hints[0].level == "error"
    text = (scratch.content / "procedures/gamma-injection.md").read_text().splitlines()
    assert text[hints[0].line - 1] == "TODO: say who may benefit."


# --- internal links ---------------------------------------------------------------------

@pytest.mark.parametrize("link, hint", [
    ("/treatments/alpha-injectoin/", "did you mean /treatments/alpha-injection/?"),
    ("/faqs/#costs", "did you mean /faqs/#cost?"),
    ("/treatments/alpha-injection", "needs a '/' at the end"),
    ("{filename}/procedures/alpha.md", "did you mean {filename}/procedures/alpha-injection.md?"),
    ("../beta-block/", "is relative"),
    ("/images/missing.png", "does not exist"),
])
def test_a_link_to_nowhere_is_an_error_with_the_closest_target(scratch, link, hint):
    found = scratch.procedure(EASY_BODY + f"\nSee [this page]({link}).\n")
    assert len(found) == 1 and found[0].level == "error", found
    assert link in found[0].message and hint in found[0].message
    assert found[0].line == 19


def test_a_filename_link_names_the_address_to_write(scratch):
    for link in ("{filename}/procedures/beta-block.md", "{filename}beta-block.md"):
        found = scratch.procedure(EASY_BODY + f"\nSee [this page]({link}).\n")
        assert [f.message for f in found] == [
            f"write the page's address /treatments/beta-block/ instead of '{link}'"]


@pytest.mark.parametrize("link", [
    "/", "/treatments/", "/treatments/beta-block/", "/faqs/#cost", "/about/",
    "/conditions/back-strain/", "/conditions/facet-joint-syndrome/", "/locations/west-hills/",
    "/alpha-old/",
    "https://www.nih.gov/", "mailto:x@example.org", "tel:+18185550100", "#what-it-is",
])
def test_links_that_resolve_pass(scratch, link):
    assert scratch.procedure(EASY_BODY + f"\nSee [this page]({link}).\n") == []


# --- images -------------------------------------------------------------------------------

@pytest.mark.parametrize("markup, problem", [
    ("![](/images/spine.png)", "has no alt text"),
    ('<img src="/images/spine.png">', "has no alt text"),
    ("![A model of the spine](/images/nope.png)", "does not exist"),
    ("![A model of the spine](https://cdn.example.com/spine.png)", "is not allowed"),
])
def test_image_without_alt_or_file_is_an_error(scratch, markup, problem):
    scratch.write("images/spine.png", "png")
    found = scratch.procedure(EASY_BODY + f"\n{markup}\n")
    assert [f.level for f in found] == ["error"] and problem in found[0].message, found


@pytest.mark.parametrize("markup", [
    "![A model of the spine](/images/spine.png)",
    '<img src="/images/spine.png" alt="A model of the spine">',
    "![A model of the spine]({static}/images/spine.png)",
])
def test_image_with_alt_and_file_passes(scratch, markup):
    scratch.write("images/spine.png", "png")
    assert scratch.procedure(EASY_BODY + f"\n{markup}\n") == []


# --- headings and sections ----------------------------------------------------------------

def test_a_heading_that_skips_a_level_is_a_warning(scratch):
    found = scratch.procedure(EASY_BODY + "\n#### Too deep\n\nText.\n")
    assert [(f.level, f.line) for f in found] == [("warning", 19)]
    assert "skips a level" in found[0].message and "use ###" in found[0].message


def test_a_second_page_title_is_an_error(scratch):
    found = scratch.procedure("\n# Gamma\n" + EASY_BODY)
    assert any(f.level == "error" and "second page title" in f.message for f in found)


def test_a_procedure_without_sections_is_an_error(scratch):
    found = scratch.procedure("\nJust a paragraph about the shot.\n")
    assert any(f.level == "error" and "no '## ' section" in f.message for f in found)


def test_other_kinds_need_no_sections_and_ordered_headings_pass(scratch):
    assert scratch.lint("pages/extra.md", "---\ntitle: Extra\n---\nA page.\n") == []
    assert scratch.procedure(EASY_BODY + "\n### Deeper\n\nText.\n") == []


# --- forbidden claims -------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "This shot can cure your pain.", "Many patients are cured.", "Results are guaranteed.",
    "We Guarantee relief.", "It gives permanent relief.", "It works 100% of the time.",
    "The shot is painless.", "It is done painlessly.", "It is risk-free.", "It is risk free.",
    "There are no side effects.", "Curing pain is our goal.",
])
def test_a_forbidden_claim_is_an_error(scratch, sentence):
    found = scratch.procedure(EASY_BODY + f"\n{sentence}\n")
    assert len(found) == 1 and found[0].level == "error" and "forbidden claim" in found[0].message


def test_a_claim_in_the_summary_is_reported_on_its_line(scratch):
    head = PROCEDURE_HEAD.format(reviewed="2026-11-01").replace(
        "A short test injection.", "A guaranteed fix.")
    found = scratch.procedure(head=head)
    assert [(f.line, f.level) for f in found] == [(3, "error")]
    head = PROCEDURE_HEAD.format(reviewed="2026-11-01").replace(
        "kind: injection", "kind: injection\nat_a_glance:\n  recovery: Painless")
    assert [(f.line, f.level) for f in scratch.procedure(head=head)] == [(7, "error")]


@pytest.mark.parametrize("sentence", [
    "Your records are kept secure.", "We procure the supplies.", "Curettage is different.",
    "The pain may come back.", "It cuts pain for 100 days.", "Most side effects are mild.",
    "See [the guide](/treatments/beta-block/#cure).",
])
def test_words_that_only_look_like_claims_pass(scratch, sentence):
    assert scratch.procedure(EASY_BODY + f"\n{sentence}\n") == []


def test_claim_patterns_follow_the_configured_list(scratch):
    assert claim_pattern("miracle").search("a miracles cure")
    config = LintConfig(claims={"en": ["miracle"]})
    found = scratch.lint("procedures/gamma-injection.md",
                         PROCEDURE_HEAD.format(reviewed="2026-11-01") + EASY_BODY
                         + "\nIt is a miracle and a cure.\n", config=config)
    assert len(found) == 1 and "'miracle'" in found[0].message


# --- review dates -------------------------------------------------------------------------

@pytest.mark.parametrize("reviewed, level, words", [
    ("2025-10-19", "warning", "more than 12 months ago"),
    ("2024-11-19", "error", "more than 24 months ago"),
    ("2026-11-21", "error", "in the future"),
])
def test_old_or_future_review_dates_are_reported(scratch, reviewed, level, words):
    found = scratch.procedure(reviewed=reviewed)
    assert [(f.level, f.line) for f in found] == [(level, 6)] and words in found[0].message


@pytest.mark.parametrize("reviewed", ["2026-11-20", "2025-11-20", "2025-12-01"])
def test_recent_review_dates_pass(scratch, reviewed):
    assert scratch.procedure(reviewed=reviewed) == []


# --- readability --------------------------------------------------------------------------

HARD = """
## What it is

Radiofrequency neurotomy constitutes a minimally invasive interventional methodology
utilizing thermal energy to interrupt nociceptive transmission along medial branch nerves.
Comprehensive multidisciplinary evaluation incorporating diagnostic anesthetic blockade
precedes consideration of this intervention for appropriately selected individuals.
Periprocedural anticoagulation management necessitates individualized consultation.
The doctor explains the plan to you in simple words before you begin the visit today.
"""
MEDIUM = """
## What it is

The doctor places a thin needle near the small nerves that carry pain signals from
the joints of your spine, using a live X-ray picture to guide it. Before the treatment,
you will usually have a diagnostic test block to make sure these nerves are the source.
Many people feel relief that lasts for several months, although results are different
for each person.
"""  # Flesch-Kincaid grade 8.9: above 8, not above 9


def test_a_hard_body_is_an_error_naming_the_three_hardest_sentences(scratch):
    found = scratch.procedure(HARD)
    assert [(f.level, f.line) for f in found] == [("error", 12)]
    message = found[0].message
    assert "reading grade (Flesch-Kincaid) is" in message and "(limit 9)" in message
    assert message.count("line ") == 3
    assert "Radiofrequency neurotomy" in message and "explains the plan" not in message


def test_a_fairly_hard_body_is_a_warning_and_thresholds_are_configurable(scratch):
    found = scratch.procedure(MEDIUM)
    assert [f.level for f in found] == ["warning"], found
    relaxed = LintConfig().with_grades(warn=12, error=14)
    assert scratch.lint("procedures/gamma-injection.md", config=relaxed) == []


def test_an_easy_body_passes_and_markdown_syntax_is_not_measured(scratch):
    body = EASY_BODY + "\n- [Read more](/treatments/beta-block/)\n- A **short** list.\n"
    assert scratch.procedure(body) == []


SPANISH_HEAD = """\
---
title: Inyección
summary: Una inyección de prueba.
lang: es
translation_of: about
---
"""


def test_spanish_bodies_use_fernandez_huerta(scratch):
    hard = ("\nLa radiofrecuencia constituye una metodología intervencionista mínimamente "
            "invasiva que utiliza energía térmica para interrumpir la transmisión nociceptiva "
            "a lo largo de las ramificaciones nerviosas mediales correspondientes. La evaluación "
            "multidisciplinaria exhaustiva incorporando bloqueos anestésicos diagnósticos "
            "precede la consideración terapéutica.\n")
    found = scratch.lint("es/pages/about.md", SPANISH_HEAD + hard)
    assert [f.level for f in found] == ["error"], found
    assert "reading ease (Fernandez-Huerta)" in found[0].message
    easy = ("\nEs una inyección en la espalda. El médico usa rayos X. Usted va a casa el mismo "
            "día. Le duele un poco. Hable con su médico. Traiga a un adulto para manejar. "
            "Coma poco antes de venir. Lea esta hoja en casa.\n")
    assert scratch.lint("es/pages/about.md", SPANISH_HEAD + easy) == []


def lint_spanish(scratch, sentence: str) -> list:
    """Lint a short, easy Spanish page that ends with ``sentence``."""
    easy = ("\nEs una inyección en la espalda. El médico usa rayos X. Usted va a casa el mismo "
            "día. Hable con su médico. Traiga a un adulto para manejar.\n")
    return scratch.lint("es/pages/about.md", SPANISH_HEAD + easy + f"\n{sentence}\n")


@pytest.mark.parametrize("sentence", [
    "Esta inyección cura el dolor.", "Le garantizamos alivio.", "Los resultados están "
    "garantizados.", "Es un procedimiento sin dolor.", "No tiene efectos secundarios: es "
    "sin efectos secundarios.", "Da alivio permanente.", "Funciona el 100% de las veces.",
])
def test_a_forbidden_claim_in_spanish_is_an_error(scratch, sentence):
    found = lint_spanish(scratch, sentence)
    claims = [f for f in found if "forbidden claim" in f.message]
    assert len(claims) == 1 and claims[0].level == "error", found


@pytest.mark.parametrize("sentence", [
    "Procure llegar temprano.", "Su seguro puede cubrir el costo.", "Puede sentir algo de "
    "dolor.", "El riesgo de infección es bajo.", "La curita se quita al otro día.",
])
def test_spanish_words_that_only_look_like_claims_pass(scratch, sentence):
    found = lint_spanish(scratch, sentence)
    assert not [f for f in found if "forbidden claim" in f.message], found


# --- placeholders ------------------------------------------------------------------------

def test_placeholder_contact_data_is_one_warning_per_file(scratch):
    found = scratch.lint("locations/west-hills.md")
    assert len(found) == 1 and found[0].level == "warning"
    assert "address, phone, fax" in found[0].message and "(818) 555-0110" in found[0].message


def test_real_contact_data_passes(scratch):
    path = scratch.content / "locations/west-hills.md"
    text = path.read_text().replace("555-0110", "340-2211").replace("555-0111", "340-2212")
    text = text.replace("placeholders: [address, phone, fax]\n", "")
    assert scratch.lint("locations/west-hills.md", text) == []


# --- configuration ------------------------------------------------------------------------

def test_pyproject_overrides_the_defaults(tmp_path):
    from apmg.lint import load_config

    (tmp_path / "pyproject.toml").write_text(
        '[tool.apmg.lint]\nclaims = ["miracle"]\nreview_warn_months = 6\n'
        '[tool.apmg.lint.readability.en]\nwarn = 7\nerror = 8\n')
    config = load_config(tmp_path)
    assert config.claims["en"] == ["miracle"] and config.review_warn_months == 6
    assert "garantiza" in config.claims["es"]  # a plain list replaces the English list only
    assert (config.readability["en"].warn, config.readability["en"].error) == (7, 8)
    assert config.readability["es"].metric == "fernandez_huerta"
    (tmp_path / "pyproject.toml").write_text('[tool.apmg.lint]\nclaim = ["x"]\n')
    with pytest.raises(ValueError, match="unknown \\[tool.apmg.lint\\] keys: claim"):
        load_config(tmp_path)
