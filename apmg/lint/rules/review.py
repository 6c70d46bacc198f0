"""``last_reviewed``: a clinical page older than a year needs a fresh review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from apmg.lint.context import LintContext
from apmg.lint.finding import Finding


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the 28th for a 29-31 that month lacks)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    try:
        return day.replace(year=year, month=month + 1)
    except ValueError:
        return dt.date(year, month + 1, 28)


def check(ctx: LintContext) -> Iterator[Finding]:
    warn = months_before(ctx.today, ctx.config.review_warn_months)
    error = months_before(ctx.today, ctx.config.review_error_months)
    for doc in ctx.documents:
        raw = doc.source.meta.get("last_reviewed")
        try:
            reviewed = dt.date.fromisoformat(str(raw))
        except ValueError:
            continue  # missing or not a date: the schema reports it
        line = doc.source.line_of(("last_reviewed",))
        path = doc.source.path
        if reviewed > ctx.today:
            yield Finding(path, line, "error",
                          f"last_reviewed {reviewed} is in the future; use the date of the "
                          "review (today at the latest)")
        elif reviewed < error:
            yield Finding(path, line, "error",
                          f"last_reviewed {reviewed} is more than "
                          f"{ctx.config.review_error_months} months ago; have a clinician "
                          "check the page, then update the date")
        elif reviewed < warn:
            yield Finding(path, line, "warning",
                          f"last_reviewed {reviewed} is more than "
                          f"{ctx.config.review_warn_months} months ago; a review is due")
