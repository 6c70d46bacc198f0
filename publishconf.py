"""Production overrides: everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("APMG_SITEURL", "https://www.advancedpainmedicalgroup.example")
RELATIVE_URLS = False
APMG_PUBLISH = True

# Production steps after the base ones (search index): minify before the fingerprint
# hashes the bytes we ship; compress last, after every file is final (apmg/publish/).
APMG_POSTPROCESS = [
    *APMG_POSTPROCESS,  # noqa: F405
    "apmg.publish.steps.stable_search_index",
    "apmg.publish.steps.absolute_urls",
    "apmg.publish.steps.minify",
    "apmg.publish.steps.fingerprint",
    "apmg.publish.steps.headers",
    "apmg.publish.steps.compress",
]
