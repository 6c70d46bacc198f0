"""What each page of the site is, computed once from the model before anything renders.

A ``PageView`` holds everything about a page that is not layout: where it is written,
its template, language, breadcrumb trail (the visible breadcrumbs and the
BreadcrumbList are the same list), JSON-LD, search type, Open Graph type, robots,
canonical link and language alternates, and the model objects it shows. Templates
receive it as ``view`` and only lay it out; no template calls back into Python to learn
where it is. ``views_for`` lists every page of the site, in every language, from the
route table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apmg import structured_data
from apmg.headers import meta_csp
from apmg.model.languages import lang_root
from apmg.model.routes import INDEX_PAGES, IndexPage
from apmg.search import search_type

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class PageView:
    """One output page and everything its templates need to know about it."""

    path: str  # site path: "/es/treatments/x/", "/404.html"
    save_as: str  # file in the site: "es/treatments/x/index.html"
    template: str  # "procedure.html"
    lang: str
    page: Any = None  # the Document shown, None on index pages
    index: IndexPage | None = None  # the route-table entry of an index page
    printable: bool = False  # a procedure's printable instructions
    csp: str = ""
    og_type: str = "website"
    noindex: bool = False
    canonical: bool = True
    trail: list[tuple[str, str]] = field(default_factory=list)
    jsonld: list[dict] = field(default_factory=list)
    search_type: str | None = None
    alternates: dict[str, dict] = field(default_factory=dict)

    @property
    def lang_root(self) -> str:
        return lang_root(self.lang)

    def context(self, site) -> dict[str, Any]:
        """The template variables of this page (besides the settings)."""
        local = site.in_lang(self.lang)
        return {"view": self, "page": self.page, "lang": self.lang, "url": self.path,
                "lang_root": self.lang_root, "site": local, "practice": local.practice,
                "alternates": self.alternates, "printable": self.printable}


def alternates(counterparts: dict[str, str], languages: tuple[str, ...]) -> dict[str, dict]:
    """Every language's version of a page: {lang: {"url", "exists"}}.

    A language without a counterpart points to its home page (``exists`` False), so the
    language switch never leads to a missing page; only real counterparts get hreflang.
    """
    return {lang: {"url": counterparts.get(lang, lang_root(lang) + "/"),
                   "exists": lang in counterparts}
            for lang in languages}


def template_for(doc) -> str:
    if doc.kind == "page":
        return f"{doc.meta.template}.html"
    return f"{doc.kind}.html"


def _view(path: str, save_as: str, template: str, lang: str, site, siteurl: str,
          gettext: Gettext, languages: tuple[str, ...], counterparts: dict[str, str],
          page=None, index: IndexPage | None = None, printable: bool = False,
          staging: bool = False) -> PageView:
    local = site.in_lang(lang)
    is_404 = path.endswith("/404.html")
    return PageView(
        path=path, save_as=save_as, template=template, lang=lang, page=page, index=index,
        printable=printable, csp=meta_csp(path),
        og_type="article" if page is not None and page.kind == "procedure" else "website",
        noindex=is_404 or staging or printable, canonical=not (is_404 or printable),
        trail=structured_data.trail(page, path, lang_root(lang), gettext),
        jsonld=[] if printable else structured_data.for_page(page, path, local, siteurl,
                                                             gettext),
        search_type=None if printable else search_type(page, path),
        alternates=alternates({**counterparts, lang: path}, languages))


def views_for(site, languages: tuple[str, ...], siteurl: str,
              gettext_for: Callable[[str], Gettext], staging: bool = False) -> list[PageView]:
    """Every page of the site: documents, printable instructions, index pages."""
    views = []
    common = {"site": site, "siteurl": siteurl, "languages": languages, "staging": staging}
    for doc in site.all_documents:
        gettext = gettext_for(doc.lang)
        if doc.kind == "procedure" and doc.instructions:
            url = doc.instructions_url
            views.append(_view(url, url.lstrip("/") + "index.html", "instructions.html",
                               doc.lang, gettext=gettext, page=doc, printable=True,
                               counterparts={lang: d.instructions_url
                                             for lang, d in doc.translations.items()},
                               **common))
        if doc.save_as:
            views.append(_view(doc.url, doc.save_as, template_for(doc), doc.lang,
                               gettext=gettext, page=doc,
                               counterparts={lang: d.url for lang, d in doc.translations.items()},
                               **common))
    for index in INDEX_PAGES:
        langs = languages if index.translated else ("en",)
        counterparts = {lang: lang_root(lang) + index.path for lang in langs}
        for lang in langs:
            views.append(_view(counterparts[lang], (lang_root(lang) + "/" + index.save_as)
                               .lstrip("/"), index.template, lang, gettext=gettext_for(lang),
                               index=index, counterparts=counterparts, **common))
    return views
