"""Which files under content/ are content: the folder layout and the file-name rule.

A symbolic link could publish any file on the build machine (``/proc/self/environ``
holds CI's secrets), a folder named ``x.md`` or a file named ``Lumbar Facet.md`` would
end in a traceback or an odd URL: each is a content error naming the file instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from apmg.model.errors import ContentError, did_you_mean
from apmg.model.frontmatter import display_path
from apmg.model.languages import LANGUAGES
from apmg.model.schemas import SLUG_RE
from apmg.model.slugs import slugify

# content/<folder>/ -> kind of document
FOLDERS = {
    "procedures": "procedure",
    "faqs": "faq",
    "locations": "location",
    "conditions": "condition",
    "clinicians": "clinician",
    "pages": "page",
}
PRACTICE_FILE = "practice.yml"
ASSET_FOLDERS = ("images",)
SUFFIX = ".md"


def _error(path: Path, root: Path, message: str, expected: str) -> ContentError:
    return ContentError(display_path(path, root), 1, "file", message, expected)


def check_tree(content: Path, root: Path) -> list[ContentError]:
    """Symbolic links anywhere under content/, and entries content/ does not know."""
    errors = []
    for folder, dirs, files in os.walk(content, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                errors.append(_error(path, root, "is a symbolic link",
                                     "a real file or folder: a link could publish files "
                                     "from outside content/"))
    known = {PRACTICE_FILE, *FOLDERS, *ASSET_FOLDERS}
    for base, allowed in ((content, known | set(LANGUAGES)),
                          *((content / lang, known) for lang in LANGUAGES)):
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.iterdir()):
            if path.name not in allowed and not path.name.startswith(".") \
                    and not path.is_symlink():
                errors.append(_error(path, root, f"'{path.name}' is not part of the content"
                                     f"{did_you_mean(path.name, allowed)}",
                                     "one of: " + ", ".join(sorted(allowed))))
    return errors


def proposed_name(name: str) -> str:
    """'Lumbar Facet.markdown' -> 'lumbar-facet.md'."""
    stem = name.split(".")[0] if not name.startswith(".") else name
    return (slugify(stem) or "page") + SUFFIX


def collection_files(folder: Path, root: Path) -> tuple[list[Path], list[ContentError]]:
    """The Markdown files of one collection folder, and an error for anything else in it.

    Hidden files (``.DS_Store``, editors' swap files) are skipped; links were reported
    by :func:`check_tree`.
    """
    if not folder.is_dir() or folder.is_symlink():
        return [], []
    files, errors = [], []
    where = display_path(folder, root)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir():
            errors.append(_error(path, root, "is a folder",
                                 f"only Markdown files directly in {where}/"))
        elif path.suffix != SUFFIX:
            errors.append(_error(path, root, f"'{path.name}' is not a Markdown file",
                                 f"a name ending in {SUFFIX}: rename it to "
                                 f"{proposed_name(path.name)}"))
        elif not SLUG_RE.match(path.stem):
            errors.append(_error(path, root, f"the file name '{path.name}' cannot be a web "
                                 "address", "lowercase letters, digits and hyphens: rename "
                                 f"it to {proposed_name(path.name)}"))
        else:
            files.append(path)
    return files, errors


__all__ = ["FOLDERS", "PRACTICE_FILE", "check_tree", "collection_files", "proposed_name"]
