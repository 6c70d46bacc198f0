"""The illustrations: every registry name has a drawing that renders to safe, accessible,
small SVG in both languages; front matter may name only registry drawings; every
procedure and condition page of the real build shows at least one.

Drawings are rendered with the theme's real Jinja setup (pelicanconf's environment and the
theme_env plugin's gettext and filters) and the committed Spanish catalog.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import lxml.etree
import lxml.html
import pytest
from babel.support import Translations
from helpers import ROOT, build_in_process, make_project
from pelican.settings import read_settings

from apmg.i18n import TRANSLATIONS
from apmg.markup import Renderer
from apmg.model import load_site
from apmg.model.illustrations import ILLUSTRATIONS, MAX_BYTES, NAMES
from apmg.plugins import theme_env

SVG_NS = "{http://www.w3.org/2000/svg}"
TEMPLATES = ROOT / "theme" / "templates"
SPANISH = Translations.load(str(TRANSLATIONS), ["es"], domain="messages")
# Elements that could run code, pull in HTML or CSS, or load another resource.
FORBIDDEN = {"script", "style", "foreignObject", "image", "use", "a", "iframe", "link"}
SITE = load_site(ROOT / "content", ROOT, Renderer(typogrify_bodies=False))


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                     **settings["JINJA_ENVIRONMENT"])
    # No bytecode cache: these renders leave nothing behind.
    theme_env.install(SimpleNamespace(env=environment, theme=str(ROOT / "theme"),
                                      settings={**settings, "APMG_CACHE_DIR": ""}))
    return environment


def render(env: jinja2.Environment, name: str, lang: str, caption: str | None = None) -> str:
    page = env.from_string(
        '{% from "components/illustration.html" import illustration with context %}'
        "{{ illustration(name, caption) }}")
    return page.render(name=name, caption=caption, lang=lang)


def svg_of(figure_html: str) -> str:
    found = re.findall(r"<svg\b.*?</svg>", figure_html, re.S)
    assert len(found) == 1, figure_html
    return found[0]


def test_every_name_has_a_drawing_and_every_drawing_a_name():
    drawings = {p.stem for p in (TEMPLATES / "illustrations").glob("*.svg")}
    assert drawings == set(NAMES)
    for info in ILLUSTRATIONS.values():
        assert (TEMPLATES / info.template).is_file(), info.template


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", NAMES)
def test_drawing_is_safe_accessible_small_svg(env, name, lang):
    info = ILLUSTRATIONS[name]
    figure = render(env, name, lang)
    svg = svg_of(figure)
    assert len(svg.encode()) <= MAX_BYTES, f"{name} ({lang}): {len(svg.encode())} bytes"
    root = lxml.etree.fromstring(svg.encode())  # well-formed XML, or this raises
    assert root.tag == SVG_NS + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") and not root.get("width") and not root.get("height")
    title, desc = root.find(SVG_NS + "title"), root.find(SVG_NS + "desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    expected = (info.title, info.description) if lang == "en" else (
        SPANISH.gettext(info.title), SPANISH.gettext(info.description))
    assert (title.text, desc.text) == expected
    if lang == "es":
        assert expected != (info.title, info.description), f"{name}: not translated"
    for element in root.iter():
        tag = lxml.etree.QName(element).localname
        assert tag not in FORBIDDEN, f"{name}: <{tag}>"
        for attribute in element.attrib:
            local = lxml.etree.QName(attribute).localname
            assert not local.lower().startswith("on"), f"{name}: {attribute} on <{tag}>"
            assert local not in ("style", "href"), f"{name}: {attribute} on <{tag}>"
        if element.get("id"):
            assert element.get("id").startswith(f"{name}-"), f"{name}: id {element.get('id')}"
        if tag == "text":
            assert (element.text or "").strip(), f"{name}: empty label"
    caption = lxml.html.fromstring(figure).xpath("//figcaption")
    assert [c.text_content() for c in caption] == [expected[0]]


def test_a_page_may_give_its_own_caption(env):
    figure = lxml.html.fromstring(render(env, "facet-joint", "en", caption="Your facet joints"))
    assert figure.xpath("//figcaption/text()") == ["Your facet joints"]


def test_an_unknown_template_name_says_which_exist(env):
    with pytest.raises(KeyError, match="no illustration 'spine'.*spine-regions"):
        render(env, "spine", "en")


@pytest.mark.parametrize("path, line", [("procedures/alpha-injection.md", 2),
                                        ("conditions/facet-joint-syndrome.md", 2)])
def test_unknown_name_in_front_matter_is_a_content_error(tmp_path, path, line):
    content = make_project(tmp_path)
    source = content / path
    text = source.read_text()
    source.write_text(text.replace("---\n", "---\nillustrations: [facet-joints]\n", 1))
    result = build_in_process(tmp_path, content)
    assert result.returncode == 1
    assert (f"content/{path}:{line}: illustrations[0]: 'facet-joints' is not one of the "
            "choices; did you mean 'facet-joint'? (expected one of: "
            + ", ".join(NAMES) + ")") in result.stderr, result.stderr


def test_a_drawing_listed_twice_is_a_content_error(tmp_path):
    content = make_project(tmp_path)
    source = content / "conditions" / "facet-joint-syndrome.md"
    source.write_text(source.read_text().replace(
        "---\n", "---\nillustrations:\n  - facet-joint\n  - facet-joint\n", 1))
    result = build_in_process(tmp_path, content)
    assert result.returncode == 1
    assert ("content/conditions/facet-joint-syndrome.md:2: illustrations: facet-joint listed "
            "twice") in result.stderr, result.stderr


def pages(lang: str) -> list:
    site = SITE if lang == "en" else SITE.languages[lang]
    return [*site.procedures, *site.conditions]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_procedure_and_condition_page_shows_a_drawing(site_dir: Path, lang):
    assert len(pages(lang)) >= 28
    for doc in pages(lang):
        tree = lxml.html.fromstring((site_dir / doc.save_as).read_bytes())
        figures = tree.xpath("//main//figure[contains(@class, 'illustration')][.//svg]")
        assert figures, f"{doc.save_as}: no illustration"
        assert len(figures) == len(doc.meta.illustrations), doc.save_as
        titles = [f.xpath(".//svg/title")[0].text_content() for f in figures]
        expected = [ILLUSTRATIONS[n].title for n in doc.meta.illustrations]
        if lang != "en":
            expected = [SPANISH.gettext(t) for t in expected]
            assert not set(expected) & {ILLUSTRATIONS[n].title for n in NAMES}, doc.save_as
        assert titles == expected, doc.save_as
