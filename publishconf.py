"""Production overrides: everything else comes from pelicanconf.py."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("APMG_SITEURL", "https://www.advancedpainmedicalgroup.example")
RELATIVE_URLS = False
APMG_PUBLISH = True
