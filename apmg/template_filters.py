"""Jinja filters: formatting that templates need but must not compute themselves."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from babel.dates import format_date

DAY_NAMES = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}


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


FILTERS = {
    "tel_href": tel_href,
    "phone": phone,
    "long_date": long_date,
    "day_name": day_name,
}


def hours_on(hours: list, day: str) -> list:
    """The opening-hours entries that include ``day`` ('Mo' ... 'Su')."""
    return [h for h in hours if day in h.days]


FILTERS["hours_on"] = hours_on
