"""Development settings. Production overrides live in publishconf.py."""

SITENAME = "Advanced Pain Medical Group"  # pages take the name from content/practice.yml
SITEURL = ""
RELATIVE_URLS = False
PATH = "content"
THEME = "theme"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"

# Our plugins own every content page (apmg/plugins/content_model.py).
PLUGINS = ["apmg.plugins.theme_env", "apmg.plugins.content_model", "apmg.plugins.redirects",
           "apmg.plugins.sitemap", "apmg.plugins.admin"]

# Switch off Pelican's blog machinery: no articles, pages, feeds, tags or archives.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

STATIC_PATHS = ["images"]
THEME_STATIC_DIR = "static"
# The theme's static files are written by the generator through its asset manifest
# (apmg/assets.py: minified and content-hashed in production), not copied by Pelican.
THEME_STATIC_PATHS: list[str] = []

# typogrify runs on Markdown bodies only (apmg/markup.py), never on titles or metadata.
TYPOGRIFY = False
APMG_TYPOGRIFY = True

JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
}

CACHE_CONTENT = False

# Steps run on the finished site before it replaces output/ ("module.function").
APMG_POSTPROCESS: list[str] = ["apmg.search.index"]

# Production builds refuse placeholders unless this is a staging build (publishconf.py).
APMG_PUBLISH = False
APMG_STAGING = False
