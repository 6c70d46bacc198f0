"""Jinja filters: formatting that templates need but must not compute themselves."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from babel.dates import format_date, format_time

from apmg.model import illustrations

DAY_NAMES = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}
# Our readers live in the US: clock times the US way in either language.
CLOCK_LOCALES = {"en": "en_US", "es": "es_US"}


def tel_href(number: str) -> str:
    """'(818) 555-0100' -> 'tel:+18185550100'."""
    parsed = phonenumbers.parse(number, "US")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone(number: str) -> str:
    """A phone number the way a US reader writes it: (818) 555-0100."""
    parsed = phonenumbers.parse(number, "US")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def long_date(value: dt.date, lang: str = "en") -> str:
    return format_date(value, format="long", locale=lang)


def day_name(code: str, lang: str = "en") -> str:
    """'Mo' -> 'Monday' (or 'lunes')."""
    monday = dt.date(2024, 1, 1)
    return format_date(monday + dt.timedelta(days=DAY_NAMES[code]), "EEEE", locale=lang)


def clock(value: str, lang: str = "en") -> str:
    """'17:30' -> '5:30 PM' (English) or '5:30 p.m.' (Spanish), as US readers write it."""
    time = dt.time.fromisoformat(value)
    return format_time(time, "short", locale=CLOCK_LOCALES.get(lang, lang))


FILTERS = {
    "clock": clock,
    "tel_href": tel_href,
    "phone": phone,
    "long_date": long_date,
    "day_name": day_name,
}


def hours_on(hours: list, day: str) -> list:
    """The opening-hours entries that include ``day`` ('Mo' ... 'Su')."""
    return [h for h in hours if day in h.days]


FILTERS["hours_on"] = hours_on
# name -> its registry entry (title, text alternative, template): components/illustration.html
FILTERS["illustration"] = illustrations.get
