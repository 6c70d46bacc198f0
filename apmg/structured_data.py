"""schema.org JSON-LD built as plain dicts from the validated models.

Templates only serialise these with Jinja's ``tojson`` (components/jsonld.html), so no
JSON is ever hand-quoted and nothing from front matter reaches a <script> unescaped.
Every value comes from the models' plain fields or from the plain text the renderer
made of each body and each declared section (apmg/markup.py), never from rendered
pages and never from typogrify's markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from apmg.model.languages import lang_root, unprefixed
from apmg.model.routes import COLLECTIONS, INDEX_PAGES

CONTEXT = "https://schema.org"
DAYS = {"Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday",
        "Fr": "Friday", "Sa": "Saturday", "Su": "Sunday"}
REGIONS = {"neck": "Neck (cervical spine)", "mid-back": "Mid back (thoracic spine)",
           "lower-back": "Lower back (lumbar spine)", "other": "Spine and joints"}
# Index pages (no document of their own): URL -> breadcrumb name (not the 404: no trail).
INDEX_NAMES = {p.path: p.name for p in INDEX_PAGES if p.path.endswith("/")}
# A document's parent index in the breadcrumb trail.
PARENTS = {kind: c.parent for kind, c in COLLECTIONS.items() if c.parent}
# MedicalProcedure property -> the procedure section (apmg/model/sections.py) it tells.
SECTIONS = {"preparation": "prepare", "howPerformed": "during", "followup": "after"}
TEXT_LIMIT = 500

Data = dict[str, Any]


def absolute(siteurl: str, path: str) -> str:
    """``path`` (site-relative, leading slash) under SITEURL ("" in development)."""
    return siteurl.rstrip("/") + path


def shorten(text: str, limit: int | None = None) -> str:
    """``text`` cut at the last sentence end before ``limit`` characters."""
    if limit and len(text) > limit:
        cut = text[:limit]
        end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
        text = cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "…"
    return text


def organization(site, siteurl: str, with_departments: bool = True) -> Data:
    """The practice as a MedicalOrganization; its clinics are its departments."""
    practice = site.practice
    data: Data = {
        "@context": CONTEXT, "@type": "MedicalOrganization",
        "@id": absolute(siteurl, "/#organization"),
        "name": practice.name, "description": practice.description,
        "url": absolute(siteurl, "/"), "telephone": practice.phone,
        "logo": absolute(siteurl, "/static/images/logo.png"),
    }
    if practice.fax:
        data["faxNumber"] = practice.fax
    if with_departments and site.locations:
        data["department"] = [_without_context(clinic(loc, site, siteurl, parent=False))
                              for loc in site.locations]
    return data


def _without_context(data: Data) -> Data:
    return {k: v for k, v in data.items() if k != "@context"}


def opening_hours(hours: Iterable) -> list[Data]:
    return [{"@type": "OpeningHoursSpecification", "dayOfWeek": [DAYS[d] for d in h.days],
             "opens": h.opens, "closes": h.closes} for h in hours]


def clinic(location, site, siteurl: str, parent: bool = True) -> Data:
    """One location as a MedicalClinic with address, geo, phones and hours."""
    meta = location.meta
    address = meta.address
    data: Data = {
        "@context": CONTEXT, "@type": "MedicalClinic",
        "@id": absolute(siteurl, location.url + "#clinic"),
        "name": f"{site.practice.name}, {location.title}",
        "url": absolute(siteurl, location.url),
        "telephone": meta.phone,
        "address": {"@type": "PostalAddress", "streetAddress": address.street,
                    "addressLocality": address.city, "addressRegion": address.region,
                    "postalCode": address.postal_code, "addressCountry": "US"},
        "openingHoursSpecification": opening_hours(meta.hours),
    }
    if meta.summary:
        data["description"] = meta.summary
    if meta.fax:
        data["faxNumber"] = meta.fax
    if meta.geo:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": meta.geo.lat,
                       "longitude": meta.geo.lng}
    if parent:
        data["parentOrganization"] = {"@type": "MedicalOrganization",
                                      "@id": absolute(siteurl, "/#organization"),
                                      "name": site.practice.name,
                                      "url": absolute(siteurl, "/")}
    return data


def medical_procedure(procedure, siteurl: str) -> Data:
    """The procedure itself: what, where on the body, how, before and after."""
    meta = procedure.meta
    data: Data = {
        "@type": "MedicalProcedure", "name": procedure.title, "description": meta.summary,
        "url": absolute(siteurl, procedure.url),
        "procedureType": ("NoninvasiveProcedure" if meta.kind == "other"
                          else "PercutaneousProcedure"),
        "bodyLocation": REGIONS[meta.region],
    }
    for prop, key in SECTIONS.items():
        text = shorten(procedure.section(key, "text") or "", TEXT_LIMIT)
        if text:
            data[prop] = text
    if procedure.conditions:
        data["indication"] = [{"@type": "MedicalIndication", "name": c.title}
                              for c in procedure.conditions]
    return data


def medical_web_page(procedure, site, siteurl: str) -> Data:
    """A procedure page: reviewed on a date, about one MedicalProcedure, with citations."""
    meta = procedure.meta
    data: Data = {
        "@context": CONTEXT, "@type": "MedicalWebPage",
        "name": procedure.title, "description": meta.summary,
        "url": absolute(siteurl, procedure.url), "inLanguage": meta.lang,
        "lastReviewed": meta.last_reviewed.isoformat(),
        "about": medical_procedure(procedure, siteurl),
        "publisher": {"@type": "MedicalOrganization", "@id": absolute(siteurl, "/#organization"),
                      "name": site.practice.name},
    }
    reviewer = procedure.reviewer
    if reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": reviewer.meta.name,
                              "honorificSuffix": reviewer.meta.credentials,
                              "jobTitle": reviewer.meta.role,
                              "url": absolute(siteurl, reviewer.url_in(meta.lang))}
    if meta.references:
        data["citation"] = [{"@type": "CreativeWork", "name": ref.title, "author": ref.authors,
                             "datePublished": str(ref.year), "sameAs": str(ref.url)}
                            for ref in meta.references]
    return data


def faq_page(faqs: Iterable, name: str | None = None) -> Data:
    """Questions and their answers as plain text."""
    data: Data = {"@context": CONTEXT, "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": faq.question,
         "acceptedAnswer": {"@type": "Answer", "text": faq.text}}
        for faq in faqs]}
    if name:
        data["name"] = name
    return data


def breadcrumbs(items: Iterable[tuple[str, str]], siteurl: str = "") -> Data:
    """A BreadcrumbList from (name, site path) pairs, home first."""
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": absolute(siteurl, path)}
        for i, (name, path) in enumerate(items, start=1)]}


def page_path(page, output_file: str) -> str:
    """The site path of the page being rendered: a document's URL or its index's."""
    if page is not None:
        return page.url
    path = "/" + output_file
    return path.removesuffix("index.html")


def trail(page, url: str, root: str = "",
          gettext: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """Home, then the section index, then the page itself (empty for the home page).

    ``root`` is the language's URL prefix ('' or '/es'); names are in that language.
    """
    if unprefixed(url) == "/":
        return []
    items = [(gettext("Home"), root + "/")]
    if page is None:
        name = INDEX_NAMES.get(unprefixed(url))
        return items + [(gettext(name), url)] if name else []
    parent = PARENTS.get(page.kind)
    if parent:
        items.append((gettext(INDEX_NAMES[parent]), root + parent))
    return items + [(page.title, page.url)]


def for_page(page, url: str, site, siteurl: str = "",
             gettext: Callable[[str], str] = str) -> list[Data]:
    """Every JSON-LD block of one page (``page`` is None on index pages).

    ``gettext`` translates the few names made here rather than taken from content
    (the template catalog has them: they are the same words the pages show).
    """
    blocks: list[Data] = []
    if unprefixed(url) == "/":
        blocks.append(organization(site, siteurl))
    elif page is not None and page.kind == "location":
        blocks.append(clinic(page, site, siteurl))
    elif page is not None and page.kind == "procedure":
        blocks.append(medical_web_page(page, site, siteurl))
        if page.faqs:
            blocks.append(faq_page(page.faqs, f"{page.title}: {gettext('Common questions')}"))
    elif unprefixed(url) == "/faqs/" and site.faqs:
        blocks.append(faq_page(site.faqs, gettext("Common questions")))
    items = trail(page, url, lang_root(site.lang), gettext)
    if items:
        blocks.append(breadcrumbs(items, siteurl))
    return blocks


__all__ = ["organization", "clinic", "medical_web_page", "faq_page", "breadcrumbs",
           "for_page", "shorten"]
