"""Synthetic content that passes our schemas: N procedures with ~900-word bodies.

Bodies have ``##`` sections, lists, callouts and links, like the real procedures, so
Markdown, typogrify and the templates do the same kind of work per page.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

_WORD_TEXT = ("the needle doctor joint nerve pain spine relief steroid numbing medicine x-ray "
         "guide small back neck lower clinic patient day week month heat signal block "
         "injection treatment area skin lie table still gentle most people feel better "
         "after before during risk side effect rare infection bleeding allergic reaction "
         "call us if you have fever swelling redness drive home rest walk work")
WORDS = _WORD_TEXT.split()
REGIONS = ("neck", "mid-back", "lower-back", "other")
KINDS = ("injection", "nerve-block", "ablation", "other")
CONDITIONS = ("Facet joint syndrome", "Cervical spondylosis", "Lumbar spondylosis",
              "Facet arthritis", "Whiplash-related neck pain", "Sciatica", "Disc bulge",
              "Spinal stenosis")
SECTIONS = ("What it is", "Who may benefit", "How to prepare", "What happens during it",
            "After it", "Risks and side effects", "When to get help")
PRACTICE = """name: Bench Pain Clinic
tagline: "Image-guided care for neck and back pain"
description: A synthetic practice for the build benchmark.
phone: "(818) 555-0100"
fax: "(818) 555-0101"
emergency_notice: This website is not for emergencies. Call 911.
"""
LOCATION = """---
title: {title}
summary: "Clinic number {n} of the synthetic practice."
main: {main}
address:
  street: "{n}00 Canyon Oak Way"
  city: {title}
  region: CA
  postal_code: "9130{n}"
phone: "(818) 555-011{n}"
hours:
  - days: [Mo, Tu, We, Th, Fr]
    opens: "08:00"
    closes: "17:00"
geo:
  lat: 34.19
  lng: -118.64
serves: [{title}]
{services}---

Welcome to our clinic in {title}. See [appointments](/appointments/).
"""
CLINICIAN = """---
name: Dr. Bench
credentials: MD
role: Interventional pain physician
languages: [English]
last_reviewed: 2026-11-20
---

Dr. Bench reviews every synthetic treatment page.
"""
PAGES = {"home": "home", "about": "page", "appointments": "appointments",
         "contact": "contact", "privacy": "page"}


def slugify(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def procedure_body(rng: random.Random, slugs: list[str]) -> str:
    """About 900 words: seven sections, lists, a callout, quotes and links."""
    parts = []
    for index, heading in enumerate(SECTIONS):
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, 5))
        link = rng.choice(slugs)
        parts.append(f'It is "often" done with [another treatment](/treatments/{link}/) -- '
                     f"ask us... " + _paragraph(rng, 3))
        if index % 2 == 0:
            parts.append("\n".join(f"- {_sentence(rng, 4, 9)}" for _ in range(4)))
        if index == 3:
            parts.append("\n".join(f"{n}. {_sentence(rng, 5, 10)}" for n in range(1, 5)))
        if index == 2:
            parts.append('!!! warning "Blood thinners"\n    ' + _paragraph(rng, 2))
        if index == 6:
            parts.append('!!! call-911 "Call 911 right away if"\n    - ' + _sentence(rng)
                         + "\n    - " + _sentence(rng))
    return "\n\n".join(parts) + "\n"


def procedure(rng: random.Random, slug: str, n: int, slugs: list[str]) -> str:
    related = rng.sample([s for s in slugs if s != slug], min(3, len(slugs) - 1))
    conditions = rng.sample(CONDITIONS, 2)
    meta = [
        "---",
        f"title: Treatment number {n}",
        f'summary: "A synthetic treatment, number {n}, with a summary of useful length '
        'for the cards and the meta description."',
        f"region: {REGIONS[n % 4]}",
        f"kind: {KINDS[n % 4]}",
        "conditions: [" + ", ".join(conditions) + "]",
        "related: [" + ", ".join(related) + "]",
        "at_a_glance:",
        '  duration: "About 15 to 30 minutes"',
        '  go_home: "The same day"',
        "last_reviewed: 2026-11-20",
        "reviewed_by: dr-bench",
        "references:",
        '  - authors: "Someone A"',
        '    title: "A paper"',
        "    year: 2020",
        "    url: https://doi.org/10.1000/test",
        "---",
    ]
    return "\n".join(meta) + "\n" + procedure_body(rng, slugs)


def faq(rng: random.Random, n: int, slugs: list[str]) -> str:
    return (f'---\nquestion: "Synthetic question number {n}?"\ntopic: "Topic {n % 5}"\n'
            f"procedures: [{', '.join(rng.sample(slugs, min(2, len(slugs))))}]\n"
            f"order: {n}\n---\n{_paragraph(rng, 4)}\n\n{_paragraph(rng, 3)}\n")


def generate(target: Path, procedures: int, seed: int = 1) -> Path:
    """Write a content folder with ``procedures`` procedures (and N/2 FAQs) to ``target``."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    slugs = [f"treatment-{n:05d}" for n in range(procedures)]
    folders = {name: target / name for name in
               ("procedures", "faqs", "conditions", "locations", "pages", "clinicians")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    (target / "practice.yml").write_text(PRACTICE)
    (folders["clinicians"] / "dr-bench.md").write_text(CLINICIAN)  # every reviewed_by
    for n, slug in enumerate(slugs):
        (folders["procedures"] / f"{slug}.md").write_text(procedure(rng, slug, n, slugs))
    for n in range(max(1, procedures // 2)):
        (folders["faqs"] / f"question-{n:05d}.md").write_text(faq(rng, n, slugs))
    for name in CONDITIONS:
        (folders["conditions"] / f"{slugify(name)}.md").write_text(
            f'---\ntitle: {name}\nsummary: "What {name.lower()} is."\n---\n\n'
            f"## What it is\n\n{_paragraph(rng, 5)}\n\n{_paragraph(rng, 4)}\n")
    for n, title in enumerate(("West Hills", "Los Angeles", "Bakersfield", "Ventura"), 1):
        services = "" if n <= 2 else ("services: [" + ", ".join(slugs[n::7][:20]) + "]\n")
        (folders["locations"] / f"{slugify(title)}.md").write_text(LOCATION.format(
            title=title, n=n, main="true" if n == 1 else "false", services=services))
    for slug, template in PAGES.items():
        (folders["pages"] / f"{slug}.md").write_text(
            f"---\ntitle: {slug.capitalize()}\ntemplate: {template}\n---\n\n"
            f"{_paragraph(rng, 4)}\n")
    return target


def markdown_files(content: Path) -> list[Path]:
    """Every Markdown file of a generated folder (the floor and the other generators)."""
    return sorted(content.rglob("*.md"))
