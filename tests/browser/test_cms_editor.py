"""The web editor end to end, in real Chromium against the real local backend
(decap-server, as ``make serve`` starts it): create a FAQ through the forms and find it,
valid, in content/ and on the built site; change a procedure's summary and a clinic's
hours and see both on the site; type a malformed phone number and see the form refuse it;
insert a "Call 911 box" from the menu and find the callout syntax in the file.

A copy of the fixture site is edited, never the repository's content: decap-server
writes wherever its configuration points.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES, run_apmg
from serving import free_port

from apmg.cms import local_backend
from apmg.headers import headers_for
from apmg.model.frontmatter import read_source
from apmg.model.schemas import FaqMeta, LocationMeta
from apmg.model.validate import validate

QUESTION = "Can I bring my service dog: is that allowed?"


class Handler(http.server.SimpleHTTPRequestHandler):
    """The built site with the shipped header policy (the editor's CSP at /admin/)."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in headers_for(self.path.split("?")[0]).items():
            if name != "Strict-Transport-Security":
                self.send_header(name, value)
        super().end_headers()


class Project:
    """A project folder (content/ from the fixture site), its build and its editor."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.content = root / "content"
        self.site = root / "output"
        shutil.copytree(FIXTURES / "site", self.content)

    def build(self) -> Path:
        result = run_apmg("build", "--content", str(self.content), "--output", str(self.site),
                          "--staging", str(self.root / "staging"), env={
                              "APMG_CMS_LOCAL": "1", "APMG_CMS_PORT": str(self.port),
                              "APMG_CMS_REPO": None})
        assert result.returncode == 0, result.stdout + result.stderr
        return self.site

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Iterator[Project]:
    project = Project(tmp_path_factory.mktemp("cms-e2e"), free_port())
    project.build()
    server = local_backend.start(project.root, at=project.port)
    handler = functools.partial(Handler, directory=str(project.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    project.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield project
    finally:
        httpd.shutdown()
        httpd.server_close()
        local_backend.stop(server)


@pytest.fixture
def editor(browser, project):
    """A logged-in editor tab; fails on any CSP violation or script error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    # Decap rejects a promise with nothing when a form refuses to save: that is no error.
    page.on("pageerror", lambda exc: str(exc) == "undefined"
            or errors.append(f"page error: {exc}"))
    page.add_init_script("window.__csp = []; document.addEventListener("
                         "'securitypolicyviolation', e => window.__csp.push("
                         "e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(project.url + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Treatments", exact=True).first.wait_for()
    yield page
    errors += [f"CSP violation: {v}" for v in page.evaluate("window.__csp")]
    context.close()
    assert not errors, errors


def open_entry(page, route: str) -> None:
    """Open a form afresh, as following a link does. (Changing only the hash right after a
    save shows the saved entry's values in the next form: Decap keeps its draft.)"""
    page.goto(page.url.split("#")[0] + f"#/collections/{route}")
    page.reload()  # a new hash alone is not a new page
    login = page.get_by_role("button", name="Login")
    page.locator("[data-slate-editor], button:has-text('Login')").first.wait_for()
    if login.is_visible():
        login.click()


def publish(page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Changes saved").wait_for()


def test_create_a_faq_through_the_forms(editor, project):
    open_entry(editor, "faqs/new")
    editor.get_by_label("Question").fill(QUESTION)
    editor.get_by_label("Topic").fill("Before your visit")
    editor.locator("[data-slate-editor]").click()
    editor.keyboard.type("Yes. A service dog may stay with you.")
    publish(editor)
    path = project.content / "faqs" / "can-i-bring-my-service-dog-is-that-allowed.md"
    assert path.is_file(), sorted(p.name for p in (project.content / "faqs").iterdir())
    source = read_source(path, project.root)
    assert not source.errors
    faq, problems = validate(FaqMeta, source)
    assert not problems, problems
    assert faq.question == QUESTION and faq.order == 100
    assert source.body.strip() == "Yes. A service dog may stay with you."
    project.build()
    assert QUESTION in project.page("faqs/index.html")


def test_change_a_summary_and_a_clinics_hours(editor, project):
    open_entry(editor, "procedures/entries/alpha-injection")
    summary = editor.get_by_role("textbox", name="Summary", exact=True)
    summary.fill("A changed summary, written in the web editor.")
    publish(editor)
    open_entry(editor, "locations/entries/west-hills")
    # The collapsed hours entry, by its summary; its first button (unlabelled) opens it.
    editor.get_by_text("08:00 to 17:00").locator("xpath=..").locator("button").first.click()
    closes = editor.get_by_role("textbox", name="Closes", exact=True)
    closes.fill("16:30")
    publish(editor)
    location, problems = validate(LocationMeta, read_source(
        project.content / "locations" / "west-hills.md", project.root))
    assert not problems and location.hours[0].closes == "16:30"
    project.build()
    assert "A changed summary, written in the web editor." in project.page(
        "treatments/index.html")
    assert '<time datetime="16:30">' in project.page("locations/west-hills/index.html")


def test_a_malformed_phone_number_is_refused(editor, project):
    path = project.content / "locations" / "west-hills.md"
    before = path.read_bytes()
    open_entry(editor, "locations/entries/west-hills")
    editor.get_by_role("textbox", name="Phone", exact=True).fill("555-01")
    editor.get_by_role("button", name="Publish", exact=True).click()
    editor.get_by_text("Publish now").click()
    editor.get_by_text("a US phone number such as (818) 555-0100, without extension").wait_for()
    assert path.read_bytes() == before


def test_a_call_911_box_from_the_menu(editor, project):
    open_entry(editor, "faqs/new")
    editor.get_by_label("Question").fill("When should I call 911?")
    editor.get_by_label("Topic").fill("After your procedure")
    editor.get_by_text("Rich text").first.click()
    editor.get_by_role("button", name="Add Component").click()
    editor.get_by_text("Call 911 box").click()
    box_text = editor.locator("[data-slate-editor]").nth(1)
    box_text.click()
    editor.keyboard.type("You have trouble breathing.")
    publish(editor)
    source = read_source(project.content / "faqs" / "when-should-i-call-911.md",
                         project.root)
    assert '!!! call-911 "Call 911 right away if"\n    You have trouble breathing.' \
        in source.body, source.body
    project.build()
    faqs = project.page("faqs/index.html")
    assert "You have trouble breathing." in faqs and "!!!" not in faqs


def test_a_spanish_version_is_filed_next_to_the_english_one(editor, project):
    open_entry(editor, "faqs_es/new")
    picker = editor.get_by_label("Translation of")
    picker.click()
    editor.keyboard.type("cost")
    editor.get_by_role("option").first.click()
    editor.get_by_label("Question").fill("¿Cuánto cuesta?")
    editor.get_by_label("Topic").fill("Costos")
    editor.locator("[data-slate-editor]").click()
    editor.keyboard.type("Depende de su seguro.")
    publish(editor)
    path = project.content / "es" / "faqs" / "cost.md"
    assert path.is_file(), sorted(p.name for p in (project.content / "es").rglob("*"))
    source = read_source(path, project.root)
    assert source.meta == {"lang": "es", "translation_of": "cost",
                           "question": "¿Cuánto cuesta?", "topic": "Costos"}
