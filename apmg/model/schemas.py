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

from apmg.model.illustrations import NAMES as ILLUSTRATION_NAMES
from apmg.model.routes import path_problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")  # 24-hour "HH:MM"
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


IMAGE_RE = re.compile(r"^/?images/.+\.(?:jpe?g|png)$", re.IGNORECASE)


def _image(value: str) -> str:
    """'/images/dr-x.jpg' (what the web editor writes) or 'images/dr-x.jpg'."""
    problem = path_problem("/" + value.lstrip("/"))
    if problem:
        raise ValueError(problem)
    if not IMAGE_RE.match(value):
        raise ValueError(f"'{value}' is not a .jpg, .jpeg or .png file in /images/")
    return value


def _time(value: str) -> str:
    if not TIME_RE.match(value):
        raise ValueError(f"'{value}' is not a time")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
SitePath = Annotated[str, AfterValidator(_path)]
Phone = Annotated[str, AfterValidator(_phone)]
Time = Annotated[str, AfterValidator(_time)]
ImagePath = Annotated[str, AfterValidator(_image)]
def _https(value: HttpUrl) -> HttpUrl:
    # A plain-http link is rewritten or blocked by browsers on an https site.
    if value.scheme != "https":
        raise ValueError(f"'{value}' does not start with https://")
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value.isoformat()} is in the future")
    return value


def _each_once(names: list[str]) -> list[str]:
    # Each drawing's ids are prefixed with its name: twice on one page, they would clash.
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} listed twice")
    return names


# The drawings of apmg/model/illustrations.py, by name; each at most once on a page.
Illustrations = Annotated[list[Literal[ILLUSTRATION_NAMES]], AfterValidator(_each_once)]
# Text is stripped, so a value of only spaces is as empty as no value.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
ReviewDate = Annotated[dt.date, AfterValidator(_not_future)]
Lang = Literal["en", "es"]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(Schema):
    """Fields every content file may carry."""

    aliases: list[SitePath] = Field([], description=(
        "Old addresses of this page, like /old-page/, that should lead here"))
    lang: Lang = Field("en", description="The language of this file (es for content/es/)")
    translation_of: Slug | None = Field(None, description=(
        "Spanish files only: the file name of the English page this one translates"))
    last_reviewed: ReviewDate | None = Field(None, description=(
        "The day the facts on this page were last checked (not in the future)"))


class Reference(Schema):
    # The key a body cites the reference by: "[@cohen-2020]" (apmg/citations.py).
    id: Slug | None = Field(None, description=(
        "Short key the text cites this source by: cohen-2020 for [@cohen-2020]"))
    authors: Text = Field(description="As the source lists them, e.g. Cohen SP, Bhaskar A")
    title: Text = Field(description="The title of the article, guideline or page")
    year: Annotated[int, Field(ge=1900, le=2100)] = Field(description="Year published")
    url: Annotated[HttpUrl, AfterValidator(_https)] = Field(description=(
        "The address of the source, starting https://"))


class AtAGlance(Schema):
    duration: Text | None = Field(None, description="How long it takes, e.g. 15 to 30 minutes")
    anesthesia: Text | None = Field(None, description="e.g. Local numbing medicine")
    imaging: Text | None = Field(None, description="e.g. X-ray (fluoroscopy)")
    recovery: Text | None = Field(None, description="e.g. Rest for the day")
    go_home: Text | None = Field(None, description="e.g. The same day, with a driver")


class ProcedureMeta(Entry):
    title: Text = Field(description="The page heading, plain text")
    summary: Summary = Field(description=(
        "One or two sentences, at most 160 characters: cards and search results show it"))
    region: Literal["neck", "mid-back", "lower-back", "other"] = Field(description=(
        "Groups the treatments page"))
    kind: Literal["injection", "nerve-block", "ablation", "other"] = Field(description=(
        "The kind of treatment"))
    conditions: list[Text] = Field([], description=(
        "The conditions it treats; each has a page at /conditions/"))
    related: list[Slug] = Field([], description="Other treatments this page links to")
    at_a_glance: AtAGlance | None = Field(None, description=(
        "The short summary list at the top of the page"))
    last_reviewed: ReviewDate = Field(description=(
        "The day a clinician last checked the medical facts (not in the future)"))
    reviewed_by: Slug = Field(description=(  # a clinician's file name in content/clinicians/
        "The clinician who checked the facts: shown as 'Reviewed by' on the page"))
    references: list[Reference] = Field([], description=(
        "Sources of the medical facts; the text cites each as [@id]"))
    illustrations: Illustrations = Field([], description=(
        "Drawings shown near the top of the page, by name, e.g. facet-joint"))


class FaqMeta(Entry):
    question: Text = Field(description="The question as a patient would ask it")
    topic: Text = Field(description="The group it is listed under on the questions page")
    procedures: list[Slug] = Field([], description="Treatment pages that show this question")
    order: int = Field(100, description="Its place in its topic: lower numbers come first")
    references: list[Reference] = Field([], description=(
        "Sources of the facts in the answer; the answer cites each as [@id]"))


class Address(Schema):
    street: Text = Field(description="e.g. 7230 Medical Center Dr, Suite 500")
    city: Text = Field(description="e.g. West Hills")
    region: Text = Field(description="The state, e.g. CA")
    postal_code: Annotated[str, Field(pattern=r"^\d{5}(-\d{4})?$")] = Field(description=(
        "The ZIP code: 91307 or 91307-1234"))


class Hours(Schema):
    days: list[Literal["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]] = Field(
        min_length=1, description="The days these hours apply to")
    opens: Time = Field(description="24-hour time, e.g. 08:00")
    closes: Time = Field(description="24-hour time, e.g. 17:30")

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
    lat: Annotated[float, Field(ge=-90, le=90)] = Field(description="Latitude, e.g. 34.2")
    lng: Annotated[float, Field(ge=-180, le=180)] = Field(description="Longitude, e.g. -118.6")


class LocationMeta(Entry):
    title: Text = Field(description="The clinic's name, e.g. West Hills")
    summary: Summary | None = Field(None, description=(
        "At most 160 characters, for search results"))
    main: bool = Field(False, description="The main office, listed first")
    address: Address = Field(description="The street address")
    phone: Phone = Field(description="A US number, e.g. (818) 555-0100, no extension")
    fax: Phone | None = Field(None, description="For referrals; a US number")
    hours: list[Hours] = Field(min_length=1, description=(
        "Opening hours: one entry per group of days with the same hours"))
    geo: Geo | None = Field(None, description="Map position")
    services: list[Slug] | None = Field(None, description=(
        "Treatments offered here; leave empty for all of them"))
    serves: list[Text] = Field([], description="Areas it serves, e.g. Kern County")
    directions: Text | None = Field(None, description="How to get there, in a sentence or two")
    parking: Text | None = Field(None, description="Where to park")
    accessibility: Text | None = Field(None, description="Step-free access, lifts, etc.")
    placeholders: list[Literal["address", "phone", "fax", "geo"]] = Field([], description=(
        "Values that are not the real ones yet: the site cannot go live with them"))

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
    title: Text = Field(description="The condition's name, as procedures list it")
    summary: Summary = Field(description=(
        "One or two sentences, at most 160 characters: cards and search results show it"))
    illustrations: Illustrations = Field([], description=(
        "Drawings shown near the top of the page, by name, e.g. spine-regions"))


class Photo(Schema):
    # Checked while the site loads (apmg/images.py): the file, its real format, its size.
    src: ImagePath = Field(title="Photo file", description=(
        "A JPEG or PNG saved in content/images/, at least 480 × 600 pixels (portrait 4:5), "
        "e.g. /images/dr-ana-ruiz.jpg"))
    alt: Text = Field(title="Description (alt text)", description=(
        "What the photo shows, for people who cannot see it, e.g. Dr. Ana Ruiz in a white "
        "coat, smiling"))


class ClinicianMeta(Entry):
    name: Text = Field(description="Full name, without titles")
    credentials: Text = Field(description="e.g. MD, or DO, MPH")
    role: Text = Field(description="Shown under the name, e.g. Interventional pain physician")
    board_certifications: list[Text] = Field([], description="One certification per item")
    languages: list[Text] = Field([], description="Languages spoken with patients")
    photo: Photo | None = Field(None, description=(
        "A portrait: the card shows a neutral outline until there is one"))
    order: int = Field(100, description=(
        "Its place on the 'Our clinicians' page: lower numbers come first"))
    placeholders: list[Literal["name", "credentials", "role", "board_certifications",
                               "languages", "photo"]] = Field([], description=(
        "Values that are not the real ones yet: the site cannot go live with them"))


class PageMeta(Entry):
    title: Text = Field(description="The page heading, plain text")
    summary: Summary | None = Field(None, description=(
        "At most 160 characters, for search results"))
    template: Literal["page", "home", "appointments", "contact", "about"] = Field(
        "page", description="The layout; about also lists the clinicians")
    footer: bool = Field(False, description="Listed among the notices in every page's footer")


class PracticeMeta(Schema):
    name: Text = Field(description="The practice's name")
    tagline: Text | None = Field(None, description="A short line under the name")
    description: Text = Field(description="One or two sentences about the practice")
    phone: Phone = Field(description="The main number, a US number without extension")
    fax: Phone | None = Field(None, description="For referrals; a US number")
    # The number patients call when the clinics are closed (every call-clinic card
    # points to it on the contact page; apmg/after_hours.py).
    after_hours_phone: Phone | None = Field(None, description=(
        "The number patients call at night, at weekends and on holidays"))
    emergency_notice: Text = Field(description=(
        "The 'not for emergencies' line shown on every page"))
    placeholders: list[Literal["phone", "fax", "after_hours_phone"]] = Field([], description=(
        "Values that are not the real ones yet: the site cannot go live with them"))


KIND_SCHEMAS: dict[str, type[Entry]] = {
    "procedure": ProcedureMeta,
    "faq": FaqMeta,
    "location": LocationMeta,
    "condition": ConditionMeta,
    "clinician": ClinicianMeta,
    "page": PageMeta,
}
