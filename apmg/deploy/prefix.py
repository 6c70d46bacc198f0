"""Previews: a built site deployed under its own prefix of a bucket, and removed again.

A pull request's preview lives under ``previews/pr-<number>/`` (``--prefix``). The whole
``previews/`` folder of a bucket belongs to previews: the main site's deploy neither
lists, retires nor deletes anything under it, and refuses a site that has a
``previews/`` folder of its own, so a preview and the live site can share one bucket
without touching each other. A preview deploy sees only its own prefix (its own deploy
state too), and ``--remove`` deletes every object under that prefix and nothing else.

Standard library only (with ``config``): the workflow and the docs name these rules.
"""

from __future__ import annotations

import re

from apmg.deploy.config import ConfigError

PREVIEWS = "previews/"
_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def preview_prefix(number: int) -> str:
    """The prefix of pull request ``number``'s preview: ``previews/pr-<number>/``."""
    if number < 1:
        raise ConfigError(f"a pull request number is at least 1, not {number}")
    return f"{PREVIEWS}pr-{number}/"


def clean_prefix(text: str) -> str:
    """``text`` as a preview prefix (``previews/<name>/``), or a ConfigError saying why not.

    One folder under ``previews/`` and nothing deeper, so two previews never overlap
    and no prefix can reach the live site's objects or another preview's.
    """
    value = text.strip()
    if not value.endswith("/"):
        value += "/"
    parts = value.split("/")
    if (len(parts) != 3 or parts[0] + "/" != PREVIEWS or parts[2] != ""
            or not _NAME.fullmatch(parts[1])):
        raise ConfigError(f"--prefix must be one folder under {PREVIEWS}, like "
                          f"{PREVIEWS}pr-12/ (lowercase letters, digits and hyphens), "
                          f"not {text!r}")
    return value


def is_preview_key(key: str) -> bool:
    """Whether an object key (of the whole bucket) belongs to the previews."""
    return key.startswith(PREVIEWS)
