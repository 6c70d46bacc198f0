"""Slugs: file names for files, and the rule that turns a condition name into one."""

import re
import unicodedata


def slugify(name: str) -> str:
    """'Whiplash-related neck pain' -> 'whiplash-related-neck-pain'; 'Ciática' -> 'ciatica'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
