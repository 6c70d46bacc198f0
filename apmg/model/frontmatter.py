"""Split a content file into YAML front matter and Markdown body, keeping line numbers.

python-frontmatter does the splitting; PyYAML's node tree gives the line of every
field so that errors can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from apmg.model.errors import ContentError

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: pydantic parses them and reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class SourceFile:
    """One content file as read from disk."""

    path: str  # relative to the project root, for messages
    meta: dict[str, Any]
    body: str
    body_line: int  # line of the closing fence, where the body text (a newline first) starts
    lines: dict[Loc, int] = field(default_factory=dict)  # field location -> line
    errors: list[ContentError] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """Line of a field, or of its nearest parent that exists, or 1."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


_FENCE = re.compile(r"\A---[ \t]*\r?\n")


def _record_lines(node: yaml.Node, loc: Loc, offset: int, source: SourceFile) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value
            line = key.start_mark.line + offset
            if name in seen:
                source.errors.append(
                    ContentError(source.path, line, ".".join(map(str, loc + (name,))),
                                 "appears twice", "each field once")
                )
            seen.add(name)
            source.lines[loc + (name,)] = line
            _record_lines(value, loc + (name,), offset, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            source.lines[loc + (index,)] = item.start_mark.line + offset
            _record_lines(item, loc + (index,), offset, source)


def parse_text(text: str, path: str) -> SourceFile:
    """Parse a content file's text; problems are collected on ``SourceFile.errors``."""
    if not _FENCE.match(text):
        source = SourceFile(path, {}, text, 1)
        source.errors.append(
            ContentError(path, 1, "front matter", "the file does not start with a '---' line",
                         "front matter between two '---' lines at the top of the file")
        )
        return source
    handler = frontmatter.YAMLHandler()
    try:
        yaml_text, body = handler.split(text)
    except ValueError:
        source = SourceFile(path, {}, text, 1)
        source.errors.append(
            ContentError(path, 1, "front matter", "no closing '---' line after the front matter",
                         "front matter between two '---' lines")
        )
        return source
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    source = SourceFile(path, {}, body, body_line)
    _parse_yaml(yaml_text, source, offset=1)  # the YAML text starts at the end of line 1
    return source


def _parse_yaml(yaml_text: str, source: SourceFile, offset: int) -> None:
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + offset if mark else offset
        problem = getattr(exc, "problem", None) or str(exc)
        source.errors.append(
            ContentError(source.path, line, "front matter", f"malformed YAML: {problem}",
                         "'field: value' lines; quote text that contains ': ' or starts with "
                         "a special character")
        )
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        source.errors.append(
            ContentError(source.path, offset, "front matter", "is not a list of fields",
                         "'field: value' lines")
        )
        return
    _record_lines(node, (), offset, source)
    source.meta = data


def display_path(path: Path, root: Path) -> str:
    """The path an editor recognises: relative to the working folder when inside it."""
    path = path.resolve()
    for base in (Path.cwd(), root.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


def read_source(path: Path, root: Path) -> SourceFile:
    """Read and parse one content file."""
    return parse_text(path.read_text(encoding="utf-8"), display_path(path, root))


def parse_yaml_file(path: Path, root: Path) -> SourceFile:
    """Parse a plain YAML data file (``practice.yml``) with the same line tracking."""
    source = SourceFile(display_path(path, root), {}, "", 1)
    _parse_yaml(path.read_text(encoding="utf-8"), source, offset=1)
    return source
