"""Front-matter schemas of every collection (DESIGN §3): the editors' contract as code."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Annotated, Literal

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from apmg.model.routes import path_problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"'{value}' is not a slug")
    return value


def _path(value: str) -> str:
    problem = path_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        raise ValueError(f"'{value}' is not a phone number") from None
    if number.extension:
        # A tel: link would drop it, and the patient would reach the switchboard.
        raise ValueError(f"'{value}' has an extension ({number.extension}), which a phone "
                         "link cannot dial")
    # 555-01xx numbers are reserved for fiction; they parse but are not "valid".
    if is_fictional(number):
        return value
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"'{value}' is not a valid phone number")
    if phonenumbers.region_code_for_number(number) != "US":
        raise ValueError(f"'{value}' is not a US phone number")
    return value


def is_fictional(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    return number.country_code == 1 and len(national) == 10 and national[3:8] == "55501"


def _time(value: str) -> str:
    if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value):
        raise ValueError(f"'{value}' is not a time")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
SitePath = Annotated[str, AfterValidator(_path)]
Phone = Annotated[str, AfterValidator(_phone)]
Time = Annotated[str, AfterValidator(_time)]
def _https(value: HttpUrl) -> HttpUrl:
    # A plain-http link is rewritten or blocked by browsers on an https site.
    if value.scheme != "https":
        raise ValueError(f"'{value}' does not start with https://")
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value.isoformat()} is in the future")
    return value


# Text is stripped, so a value of only spaces is as empty as no value.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
ReviewDate = Annotated[dt.date, AfterValidator(_not_future)]
Lang = Literal["en", "es"]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Schema):
    """Fields every content file may carry."""

    aliases: list[SitePath] = []
    lang: Lang = "en"
    translation_of: Slug | None = None
    last_reviewed: ReviewDate | None = None


class Reference(Schema):
    # The key a body cites the reference by: "[@cohen-2020]" (apmg/citations.py).
    id: Slug | None = None
    authors: Text
    title: Text
    year: Annotated[int, Field(ge=1900, le=2100)]
    url: Annotated[HttpUrl, AfterValidator(_https)]


class AtAGlance(Schema):
    duration: Text | None = None
    anesthesia: Text | None = None
    imaging: Text | None = None
    recovery: Text | None = None
    go_home: Text | None = None


class ProcedureMeta(Entry):
    title: Text
    summary: Summary
    region: Literal["neck", "mid-back", "lower-back", "other"]
    kind: Literal["injection", "nerve-block", "ablation", "other"]
    conditions: list[Text] = []
    related: list[Slug] = []
    at_a_glance: AtAGlance | None = None
    last_reviewed: ReviewDate
    reviewed_by: Slug  # a clinician's file name in content/clinicians/
    references: list[Reference] = []


class FaqMeta(Entry):
    question: Text
    topic: Text
    procedures: list[Slug] = []
    order: int = 100
    references: list[Reference] = []


class Address(Schema):
    street: Text
    city: Text
    region: Text
    postal_code: Annotated[str, Field(pattern=r"^\d{5}(-\d{4})?$")]


class Hours(Schema):
    days: list[Literal["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]] = Field(min_length=1)
    opens: Time
    closes: Time

    @field_validator("days")
    @classmethod
    def _each_day_once(cls, days: list[str]) -> list[str]:
        twice = sorted({d for d in days if days.count(d) > 1}, key=DAYS.index)
        if twice:
            raise ValueError(f"{', '.join(twice)} listed twice")
        return days

    @model_validator(mode="after")
    def _opens_before_closes(self) -> Hours:
        # "HH:MM" strings compare in time order.
        if self.closes == self.opens:
            raise ValueError(f"opens and closes at the same time ({self.opens})")
        if self.closes < self.opens:
            raise ValueError(f"closes at {self.closes}, before it opens at {self.opens}")
        return self


class Geo(Schema):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lng: Annotated[float, Field(ge=-180, le=180)]


class LocationMeta(Entry):
    title: Text
    summary: Summary | None = None
    main: bool = False
    address: Address
    phone: Phone
    fax: Phone | None = None
    hours: list[Hours] = Field(min_length=1)
    geo: Geo | None = None
    services: list[Slug] | None = None
    serves: list[Text] = []
    directions: Text | None = None
    parking: Text | None = None
    accessibility: Text | None = None
    placeholders: list[Literal["address", "phone", "fax", "geo"]] = []

    @field_validator("hours")
    @classmethod
    def _no_overlap(cls, hours: list[Hours]) -> list[Hours]:
        """Two entries that cover the same day at the same time: one of them is wrong."""
        for day in DAYS:
            ranges = sorted((h.opens, h.closes, i) for i, h in enumerate(hours) if day in h.days)
            for (_, closes, first), (opens, _, second) in pairwise(ranges):
                if opens < closes:
                    a, b = sorted((first, second))
                    raise ValueError(f"hours[{a}] and hours[{b}] overlap on {day}")
        return hours


class ConditionMeta(Entry):
    title: Text
    summary: Summary


class ClinicianMeta(Entry):
    name: Text
    credentials: Text  # "MD", "DO, MPH"
    role: Text  # "Interventional pain physician"
    board_certifications: list[Text] = []
    languages: list[Text] = []
    photo: SitePath | None = None  # an image under /images/
    order: int = 100  # the "Our clinicians" page lists lower numbers first
    placeholders: list[Literal["name", "credentials", "role", "board_certifications",
                               "languages", "photo"]] = []


class PageMeta(Entry):
    title: Text
    summary: Summary | None = None
    template: Literal["page", "home", "appointments", "contact", "about"] = "page"
    footer: bool = False


class PracticeMeta(Schema):
    name: Text
    tagline: Text | None = None
    description: Text
    phone: Phone
    fax: Phone | None = None
    # The number patients call when the clinics are closed (every call-clinic card
    # points to it on the contact page; apmg/after_hours.py).
    after_hours_phone: Phone | None = None
    emergency_notice: Text
    placeholders: list[Literal["phone", "fax", "after_hours_phone"]] = []


KIND_SCHEMAS: dict[str, type[Entry]] = {
    "procedure": ProcedureMeta,
    "faq": FaqMeta,
    "location": LocationMeta,
    "condition": ConditionMeta,
    "clinician": ClinicianMeta,
    "page": PageMeta,
}
