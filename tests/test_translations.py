"""The Spanish template catalog: complete, unfuzzy, compiled, and used on Spanish pages."""

from __future__ import annotations

import shutil

from helpers import run_apmg

from apmg import i18n


def test_every_template_string_has_a_spanish_translation():
    problems = i18n.check()
    assert problems == [], "\n".join(map(str, problems)) + "\nrun `make translations`"


def test_check_fails_for_a_new_untranslated_string(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(i18n.TEMPLATES, templates)
    with (templates / "base.html").open("a") as fp:
        fp.write('{{ _("A sentence nobody has translated yet") }}\n')
    problems = [str(p) for p in i18n.check(templates=templates)]
    assert problems == ["es: not in messages.po: 'A sentence nobody has translated yet'"]


def test_check_fails_for_fuzzy_or_empty_translations_and_stale_mo(tmp_path):
    directory = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, directory)
    po = i18n.po_path("es", directory)
    catalog = i18n.read(po, "es")
    catalog["Treatments"].flags.add("fuzzy")
    catalog["Questions"].string = ""
    po.write_bytes(i18n._po_bytes(catalog))
    problems = [str(p) for p in i18n.check(directory)]
    assert "es: not translated: 'Questions'" in problems
    assert "es: not translated: 'Treatments'" in problems
    assert any("is not compiled from messages.po" in p for p in problems)


def test_cli_check_passes_on_the_committed_catalog():
    result = run_apmg("translations", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_spanish_pages_use_the_catalog(site_dir):
    html = (site_dir / "es" / "index.html").read_text()
    assert ">Tratamientos</a>" in html and ">Saltar al contenido principal</a>" in html
    english = (site_dir / "index.html").read_text()
    assert ">Treatments</a>" in english and "Tratamientos" not in english
