"""The content model: front matter parsing, schemas, validation and the site graph."""

from apmg.model.errors import ContentError, ContentErrors
from apmg.model.site import Site, load_site

__all__ = ["ContentError", "ContentErrors", "Site", "load_site"]
