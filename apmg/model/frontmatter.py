"""Split a content file into YAML front matter and Markdown body, keeping line numbers.

python-frontmatter does the splitting; PyYAML's node tree gives the line of every
field so that errors can point at it.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from apmg.model.errors import ContentError

Loc = tuple[str | int, ...]


# Limits on what an editor's file may ask of the parser: content is untrusted input.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 6  # procedure.references[0].title is depth 3; nothing needs more than 4

# YAML 1.2 core schema: only true/false are booleans and only decimal, 0o and 0x numbers
# are numbers, so "17:30" (a sexagesimal number in YAML 1.1), "No", "on" and "0777" read
# back as the text an editor (or a web editor's serializer) wrote. Dates stay text too:
# pydantic parses them and reports bad ones.
_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]


class _Refused(yaml.YAMLError):
    """A YAML feature editors never need, refused before it can cost anything."""

    def __init__(self, problem: str, mark: yaml.Mark, expected: str):
        super().__init__(problem)
        self.problem, self.problem_mark, self.expected = problem, mark, expected


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars and without anchors, aliases, tags or depth.

    An alias bomb (``&a [*a, *a, ...]``) is refused at its first ``&`` or ``*``,
    before anything is expanded, and nesting stops at ``MAX_DEPTH``.
    """

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("YAML anchors and aliases ('&' and '*') are not allowed",
                           event.start_mark, "each value written out in full")
        if getattr(event, "tag", None) is not None:
            raise _Refused(f"YAML tags such as '{event.tag}' are not allowed",
                           event.start_mark, "plain values; quote text that starts with '!'")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"is nested more than {MAX_DEPTH} levels deep",
                               event.start_mark, "at most a list of mappings inside a field")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """YAML 1.2 integers: '0777' is seven hundred and seventy-seven, not octal."""
    text = loader.construct_scalar(node)
    for prefix, base in (("0o", 8), ("0x", 16)):
        if text.startswith(prefix):
            return int(text[2:], base)
    return int(text, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass
class SourceFile:
    """One content file as read from disk."""

    path: str  # relative to the project root, for messages
    meta: dict[str, Any]
    body: str
    body_line: int  # line of the closing fence, where the body text (a newline first) starts
    lines: dict[Loc, int] = field(default_factory=dict)  # field location -> line
    errors: list[ContentError] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """The file line of a character offset into the body."""
        return self.body_line + self.body.count("\n", 0, offset)

    def line_of(self, loc: Loc) -> int:
        """Line of a field, or of its nearest parent that exists, or 1."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


_FENCE = re.compile(r"\A---[ \t]*\n")


def _record_lines(node: yaml.Node, loc: Loc, offset: int, source: SourceFile) -> bool:
    """Note the line of every field; False (with an error) when a key is not a plain name."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + offset
            if not isinstance(key, yaml.ScalarNode):
                source.errors.append(ContentError(
                    source.path, line, "front matter", "a field name is a list or a mapping",
                    "'field: value' lines with a plain name before each ':'"))
                return False
            name = key.value
            if name in seen:
                source.errors.append(
                    ContentError(source.path, line, ".".join(map(str, loc + (name,))),
                                 "appears twice", "each field once")
                )
            seen.add(name)
            source.lines[loc + (name,)] = line
            if not _record_lines(value, loc + (name,), offset, source):
                return False
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            source.lines[loc + (index,)] = item.start_mark.line + offset
            if not _record_lines(item, loc + (index,), offset, source):
                return False
    return True


def decode(data: bytes, path: str) -> tuple[str, list[ContentError]]:
    """The text of a file as an editor's tools wrote it, or the reason it cannot be read.

    Refuses files over ``MAX_FILE_BYTES`` and bytes that are not UTF-8 (naming the line);
    the text is then read by :func:`normalise`.
    """
    if len(data) > MAX_FILE_BYTES:
        return "", [ContentError(path, 1, "file", f"is {len(data):,} bytes long",
                                 f"at most {MAX_FILE_BYTES:,} bytes; split it or shorten it")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", [ContentError(path, line, "file",
                                 f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                                 f"{exc.start})", "a file saved as UTF-8")]
    return text, []


def normalise(text: str) -> str:
    """Drop a byte-order mark; read CRLF and lone CR line ends as LF, so the build and the
    lint count the same lines whatever editor saved the file."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_bytes(data: bytes, path: str) -> SourceFile:
    """Parse a content file's bytes; problems are collected on ``SourceFile.errors``."""
    text, errors = decode(data, path)
    if errors:
        return SourceFile(path, {}, "", 1, errors=errors)
    return parse_text(text, path)


def parse_text(text: str, path: str) -> SourceFile:
    """Parse a content file's text; problems are collected on ``SourceFile.errors``."""
    text = normalise(text)
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
        loader = _Loader(yaml_text)
    except yaml.reader.ReaderError as exc:  # checked before any parsing starts
        source.errors.append(ContentError(
            source.path, yaml_text.count("\n", 0, exc.position) + offset, "front matter",
            f"has a control character (#x{exc.character:04x})", "printable text"))
        return
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        source.errors.append(ContentError(source.path, exc.problem_mark.line + offset,
                                          "front matter", exc.problem, exc.expected))
        return
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
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        source.errors.append(
            ContentError(source.path, offset, "front matter", "is not a list of fields",
                         "'field: value' lines")
        )
        return
    if _record_lines(node, (), offset, source):
        source.meta = data


def display_path(path: Path, root: Path) -> str:
    """The path an editor recognises: relative to the working folder when inside it.

    The folder is resolved, the name is not: a symbolic link is named as itself.
    """
    path = _resolved(os.path.abspath(path.parent)) / path.name
    for base in (_resolved(os.getcwd()), _resolved(os.path.abspath(root))):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


@functools.lru_cache(maxsize=1024)
def _resolved(folder: str) -> Path:
    """A folder resolved once per build process (a build names ~1,500 files in a few)."""
    return Path(folder).resolve()


def source_text(path: Path) -> str:
    """A content file's text for rules that read it line by line (the lint), counted the
    way the parser counts: normalised line ends; bytes that are not UTF-8 replaced (the
    parser reports them)."""
    return normalise(path.read_bytes().decode("utf-8", errors="replace"))


def read_source(path: Path, root: Path) -> SourceFile:
    """Read and parse one content file."""
    return parse_bytes(path.read_bytes(), display_path(path, root))


def parse_yaml_file(path: Path, root: Path) -> SourceFile:
    """Parse a plain YAML data file (``practice.yml``) with the same limits and line tracking."""
    shown = display_path(path, root)
    source = SourceFile(shown, {}, "", 1)
    if not path.is_file() or path.is_symlink():
        source.errors.append(ContentError(
            shown, 1, "file", "is missing" if not path.is_symlink() else "is a symbolic link",
            "a YAML file of its own (see docs/content-model.md)"))
        return source
    text, source.errors = decode(path.read_bytes(), shown)
    if not source.errors:
        _parse_yaml(normalise(text), source, offset=1)
    return source
