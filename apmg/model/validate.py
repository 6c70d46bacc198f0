"""Turn pydantic's validation errors into messages an editor can act on."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from apmg.model.errors import ContentError, did_you_mean
from apmg.model.frontmatter import SourceFile

_TYPE_WORDS = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.date: "a date like 2026-01-31",
    dict: "a mapping of 'field: value' lines",
    list: "a list ('- item' lines)",
}

_FOUND_WORDS = {str: "text", int: "a number", float: "a number", bool: "true/false",
                list: "a list", dict: "a mapping", type(None): "nothing"}

# What an Annotated validator checks, by its function name, for the "expected" part.
_VALIDATOR_WORDS = {
    "_slug": "a slug: lowercase letters, digits and hyphens, like 'lumbar-facet-joint-injections'",
    "_path": "a site path starting with '/', like '/old-page/'",
    "_phone": "a US phone number, like (818) 555-0100",
    "_time": "a 24-hour time in quotes, like \"08:00\"",
    "_not_future": "the date of the last clinical review: today or earlier",
    "_https": "a web address starting with https://",
}


def describe(annotation: Any) -> str:
    """Plain words for a type annotation, for the "(expected ...)" part of a message."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        for meta in annotation.__metadata__:
            name = getattr(getattr(meta, "func", None), "__name__", "")
            if name in _VALIDATOR_WORDS:
                return _VALIDATOR_WORDS[name]
        return describe(args[0])
    if origin is Literal:
        return "one of: " + ", ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in args if a is not type(None))
    if origin is list:
        return f"a list of {describe(args[0])}" if args else "a list"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a mapping with " + ", ".join(annotation.model_fields)
    if getattr(annotation, "__name__", "") == "HttpUrl":
        return "a web address starting with https://"
    return _TYPE_WORDS.get(annotation, str(annotation))


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` -> ``X``."""
    while typing.get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        annotation = [a for a in typing.get_args(annotation) if a is not type(None)][0]
    return annotation


def _annotation_at(model: type[BaseModel], loc: tuple) -> Any:
    """Follow a pydantic error location through the model to the annotation there."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else Any
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            if field is None:
                return Any
            annotation = field.rebuild_annotation() if field.metadata else field.annotation
        else:
            return Any
    return annotation


def field_name(loc: tuple) -> str:
    """('references', 0, 'url') -> 'references[0].url'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _found(value: Any) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"'{value}'"
    return _FOUND_WORDS.get(type(value), type(value).__name__)


def validate(model: type[BaseModel], source: SourceFile, data: dict | None = None):
    """Validate ``data`` (default: the file's front matter); return (instance | None, errors)."""
    data = source.meta if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_to_error(model, source, err) for err in _useful(exc.errors())]


def _useful(errors: list[dict]) -> list[dict]:
    """Drop the noise pydantic adds for unions (one error per member) and keep one per field."""
    seen: set[tuple] = set()
    out = []
    for err in errors:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        if loc in seen:
            continue
        seen.add(loc)
        out.append({**err, "loc": loc})
    return out


def _to_error(model: type[BaseModel], source: SourceFile, err: dict) -> ContentError:
    loc = err["loc"]
    kind = err["type"]
    name = field_name(loc)
    line = source.line_of(loc)
    annotation = _annotation_at(model, loc)
    expected = describe(annotation)
    value = err.get("input")
    if kind == "missing":
        # At the line of the mapping it is missing from (photo: without alt), or line 1.
        return ContentError(source.path, source.line_of(loc[:-1]), name,
                            "missing required field", expected)
    if kind == "extra_forbidden":
        parent = _unwrap(_annotation_at(model, loc[:-1]))
        fields = list(parent.model_fields) if isinstance(parent, type) else []
        hint = did_you_mean(str(loc[-1]), fields)
        return ContentError(source.path, line, name, f"unknown field{hint}",
                            "one of the fields: " + ", ".join(fields))
    if kind == "literal_error":
        hint = did_you_mean(str(value), [str(a) for a in typing.get_args(annotation)])
        return ContentError(source.path, line, name,
                            f"{_found(value)} is not one of the choices{hint}", expected)
    if kind.startswith("date"):
        return ContentError(source.path, line, name, f"{_found(value)} is not a date",
                            "a real date written year-month-day, like 2026-01-31")
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        return ContentError(source.path, line, name, message, expected)
    if kind == "string_too_long":
        limit = err["ctx"]["max_length"]
        return ContentError(source.path, line, name,
                            f"is {len(value)} characters long", f"at most {limit} characters")
    if kind in ("string_too_short", "too_short"):
        return ContentError(source.path, line, name, "is empty", expected)
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "model_type":
        return ContentError(source.path, line, name, f"wrong type: found {_found(value)}",
                            expected)
    return ContentError(source.path, line, name, err["msg"].lower(), expected)
