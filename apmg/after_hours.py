"""Every "Call the clinic if" card ends with what to do when the clinic is closed.

The clinics keep office hours, so a card that only says "call the clinic" leaves a
patient with a fever at night nowhere to go. The sentence is added by the renderer,
the same in every card and every page, and points at the after-hours number on the
contact page (``content/practice.yml``: ``after_hours_phone``), so the number lives in
one place and a cached body never holds a stale one.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from apmg.model.routes import document_url

ANCHOR = "after-hours"  # the contact page's section with the after-hours number
CARD_CLASS = "call-clinic"
# (before the link, the link, after the link), by language.
WORDS = {
    "en": ("At night, at weekends and on holidays, call our ", "after-hours line",
           ". If you cannot reach us and it cannot wait, go to urgent care or an emergency "
           "room."),
    "es": ("De noche, los fines de semana y los días feriados, llame a nuestra ",
           "línea fuera de horario",
           ". Si no nos puede localizar y no puede esperar, vaya a un centro de urgencias o a "
           "una sala de emergencias."),
}


def contact_anchor(lang: str) -> str:
    """'/contact/#after-hours', '/es/contact/#after-hours'."""
    return document_url("page", "contact", lang) + "#" + ANCHOR


class AfterHours(Treeprocessor):
    lang = "en"

    def run(self, root) -> None:
        before, link_text, after = WORDS.get(self.lang, WORDS["en"])
        for card in root.iter("div"):
            if CARD_CLASS not in (card.get("class") or "").split():
                continue
            note = etree.SubElement(card, "p", {"class": "after-hours"})
            note.text = before
            link = etree.SubElement(note, "a", {"href": contact_anchor(self.lang)})
            link.text = link_text
            link.tail = after


class AfterHoursExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.processor = AfterHours()

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(self.processor, "apmg_after_hours", 5)


__all__ = ["ANCHOR", "AfterHoursExtension", "contact_anchor"]
