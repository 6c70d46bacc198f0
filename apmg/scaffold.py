"""``make new``: a new content file that already builds, with a "TODO:" hint in every
place the editor must write. The lint reports each hint as an error until it is replaced,
so a half-written page cannot be published by accident."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from apmg.model.files import collection_files
from apmg.model.slugs import slugify

PROCEDURE = """\
---
title: {title}
summary: "TODO: one or two short sentences (at most 160 characters) for cards and search."
region: other  # TODO: choose one of neck, mid-back, lower-back, other
kind: other  # TODO: choose one of injection, nerve-block, ablation, other
last_reviewed: {today}
reviewed_by: {reviewer}  # TODO: file name of the clinician who checked the facts
# Optional fields (remove the # to use them; see docs/editing.md):
# conditions:
#   - Facet joint syndrome
# related:
#   - medial-branch-nerve-blocks
# at_a_glance:
#   duration: "About 15 to 30 minutes"
#   go_home: "The same day. An adult must drive you home."
---

## What it is and what it treats

TODO: say what the procedure is and what pain it treats, in short sentences.

## Who may benefit

TODO: say who it may help, and who it may not suit.

## How to prepare

TODO: list what to do before the visit, one step per line starting with "- ".

## What happens during the procedure

TODO: list the steps in order, one per line starting with "1. ".

## After the procedure and how long relief lasts

TODO: say how people feel after it and how long relief may last.

## Risks and side effects

TODO: list the common mild side effects, then the rare serious risks.

## When to call

!!! call-clinic "Call the clinic if"
    - TODO: a sign that needs a call to the clinic, like a fever.

!!! call-911 "Call 911 right away if"
    - TODO: a sign of an emergency, like trouble breathing.
"""

FAQ = """\
---
question: {title}
topic: "TODO: the group on the FAQ page, like Preparing or Recovery"
order: 100
last_reviewed: {today}
# procedures:   # optional: procedure pages that show this question
#   - lumbar-facet-joint-injections
---

TODO: the answer, in a few short sentences.
"""

LOCATION = """\
---
title: {title}
summary: "TODO: one sentence about this clinic for search results (at most 160 characters)."
address:
  street: "TODO: street and number"
  city: "TODO: city"
  region: CA
  postal_code: "00000"  # TODO: the 5-digit ZIP code
phone: "(818) 555-0100"  # TODO: the clinic's phone number
hours:
  - days: [Mo, Tu, We, Th, Fr]  # TODO: the days the clinic is open
    opens: "08:00"
    closes: "17:00"
last_reviewed: {today}
# Optional: fax, geo, services, serves, directions, parking, accessibility
---

TODO: a short welcome to this clinic, or delete this line.
"""

PAGE = """\
---
title: {title}
summary: "TODO: one sentence about this page for search results (at most 160 characters)."
template: page
last_reviewed: {today}
---

TODO: the text of the page, in short paragraphs under "## " headings.
"""

CONDITION = """\
---
title: {title}
summary: "TODO: one sentence about this condition (at most 160 characters)."
last_reviewed: {today}
---

TODO: what the condition is and its common symptoms, in a few short paragraphs.
"""

# kind -> (folder under content/, template)
TEMPLATES = {
    "procedure": ("procedures", PROCEDURE),
    "faq": ("faqs", FAQ),
    "location": ("locations", LOCATION),
    "page": ("pages", PAGE),
    "condition": ("conditions", CONDITION),
}


class ScaffoldError(Exception):
    """The file cannot be written (it exists, or the title makes no file name)."""


def render(kind: str, title: str, today: dt.date | None = None,
           reviewer: str = "medical-director") -> str:
    """The new file's text; the title is quoted so any punctuation stays valid YAML."""
    _, template = TEMPLATES[kind]
    return template.format(title=json.dumps(title.strip(), ensure_ascii=False),
                           today=(today or dt.date.today()).isoformat(), reviewer=reviewer)


def first_clinician(content: Path) -> str:
    """The slug a new procedure names as its reviewer until the editor changes it."""
    files, _ = collection_files(content / "clinicians", content)
    return files[0].stem if files else "medical-director"


def new_file(content: Path, kind: str, title: str, today: dt.date | None = None) -> Path:
    """Write ``content/<folder>/<slug>.md``; never overwrite an existing file."""
    folder, _ = TEMPLATES[kind]
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name")
    path = content / folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} already exists: edit that file, or choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, title, today, first_clinician(content)), encoding="utf-8")
    return path
