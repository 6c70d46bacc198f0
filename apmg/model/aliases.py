"""Old URLs (``aliases``) that redirect to a document: each must be unique and unused.

An alias that two files claim, or that is the URL of a real page, would make one of the
two unreachable, so both are content errors reported at the alias's line.
"""

from __future__ import annotations

from collections.abc import Iterable

from apmg.model.documents import Document
from apmg.model.errors import ContentError
from apmg.model.routes import generated_paths, in_generated_folder, normalise


def check_aliases(docs: Iterable[Document]) -> list[ContentError]:
    """Every alias that duplicates another alias, a real page's URL or a generated file."""
    docs = list(docs)
    errors: list[ContentError] = []
    pages = generated_paths()
    for doc in docs:
        if doc.save_as:
            where = doc.source.path if doc.source else doc.url
            pages[normalise(doc.url)] = f"the URL of {where}"
            if doc.kind == "procedure":
                pages[normalise(doc.instructions_url)] = f"the instructions of {where}"
    claimed: dict[str, str] = {}
    for doc in docs:
        if doc.source is None:
            continue
        for index, alias in enumerate(doc.meta.aliases):
            key = normalise(alias)
            where = f"aliases[{index}]"
            line = doc.source.line_of(("aliases", index))
            folder = in_generated_folder(alias)
            if folder:
                errors.append(ContentError(doc.source.path, line, where,
                                           f"'{alias}' is inside {folder}, which the build fills",
                                           "an old URL that no page uses any more"))
            elif key in pages:
                errors.append(ContentError(doc.source.path, line, where,
                                           f"'{alias}' is already {pages[key]}",
                                           "an old URL that no page uses any more"))
            elif key in claimed:
                errors.append(ContentError(doc.source.path, line, where,
                                           f"'{alias}' is also an alias in {claimed[key]}",
                                           "an old URL claimed by only one file"))
            else:
                claimed[key] = doc.source.path
    return errors


__all__ = ["check_aliases"]
