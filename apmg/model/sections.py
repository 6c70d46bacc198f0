"""The sections of a procedure page, declared once by position.

Every procedure body has these seven ``##`` sections in this order (docs/editing.md),
whatever their wording or language, so the printable instructions, the safety check
of translations and the JSON-LD find a section by its key, never by guessing its
heading's text.
"""

PROCEDURE_SECTIONS = ("about", "benefit", "prepare", "during", "after", "risks", "call")
# What the printable instructions show: the "before" sheet, then the "after" sheet.
BEFORE = ("prepare",)
AFTER = ("after", "call")


def position(key: str) -> int:
    """1-based position of a section: 'risks' -> 6."""
    return PROCEDURE_SECTIONS.index(key) + 1
