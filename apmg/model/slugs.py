"""Slugs: file names for files, and the rule that turns a condition name into one."""

import re


def slugify(name: str) -> str:
    """'Whiplash-related neck pain' -> 'whiplash-related-neck-pain'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
