"""Production overrides: everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

from apmg.model.production import PLACEHOLDER_SITEURL  # noqa: E402

# The one place the site's real address comes from: the APMG_SITEURL environment
# variable (in CI, the repository variable of that name; docs/deploying.md).
SITEURL = os.environ.get("APMG_SITEURL", PLACEHOLDER_SITEURL)
RELATIVE_URLS = False
APMG_PUBLISH = True
# Production refuses placeholder contact details and the placeholder address; a staging
# site (make publish ALLOW_PLACEHOLDERS=1) builds anyway, marked and kept out of search.
APMG_STAGING = os.environ.get("ALLOW_PLACEHOLDERS", "") not in ("", "0")

# Production steps after the base ones (search index). Pages are already minified with
# absolute URLs and assets fingerprinted when they are written (apmg/assets.py,
# apmg/markup.py): these steps never parse a page. Compress last, after every file is
# final (apmg/publish/).
APMG_POSTPROCESS = [
    *APMG_POSTPROCESS,  # noqa: F405
    "apmg.publish.steps.stable_search_index",
    "apmg.publish.steps.headers",
    "apmg.publish.steps.compress",
]
