"""References the text never cites: a reader cannot tell which claim they back.

The build already refuses a citation of a missing reference (apmg/citations.py); this
is editorial advice, so it is a warning. Translations inherit their original's
references and are checked through it.
"""

from __future__ import annotations

from collections.abc import Iterator

from apmg.citations import cited_ids
from apmg.lint.context import LintContext
from apmg.lint.finding import Finding


def check(ctx: LintContext) -> Iterator[Finding]:
    for doc in ctx.documents:
        references = doc.source.meta.get("references")
        if not isinstance(references, list):
            continue
        cited = set(cited_ids(doc.source.body))
        for index, ref in enumerate(references):
            if not isinstance(ref, dict):
                continue
            line = doc.source.line_of(("references", index))
            ref_id = ref.get("id")
            if not ref_id:
                yield Finding(doc.source.path, line, "warning",
                              f"references[{index}] has no id, so the text cannot cite it; "
                              "add one, like 'id: cohen-2020', and cite it as [@cohen-2020]")
            elif ref_id not in cited:
                yield Finding(doc.source.path, line, "warning",
                              f"references[{index}] '{ref_id}' is never cited; write "
                              f"[@{ref_id}] after the sentence it supports, or remove it")
