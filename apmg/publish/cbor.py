"""The small part of CBOR (RFC 8949) that Pagefind's index files use.

Integers, byte and text strings, arrays, maps (as lists of pairs wrapped in ``Map``),
true/false/null, with definite lengths and shortest headers, which is how Pagefind
writes them; anything else raises ValueError.
"""

from __future__ import annotations

import struct


class Map(list):
    """A CBOR map kept as an ordered list of (key, value) pairs."""


_SIMPLE = {20: False, 21: True, 22: None}


def _header(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    raise ValueError(f"integer too large for CBOR: {value}")


def encode(value) -> bytes:
    """CBOR bytes of ``value`` (shortest form)."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _header(0, value) if value >= 0 else _header(1, -1 - value)
    if isinstance(value, bytes):
        return _header(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _header(3, len(data)) + data
    if isinstance(value, Map):
        return _header(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, list):
        return _header(4, len(value)) + b"".join(encode(item) for item in value)
    raise ValueError(f"cannot encode {type(value).__name__} as CBOR")


def _decode(data: bytes, pos: int):
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if major == 7:
        if info not in _SIMPLE:
            raise ValueError(f"unsupported CBOR simple value {info} at {pos - 1}")
        return _SIMPLE[info], pos
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError(f"indefinite or reserved CBOR length at {pos - 1}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        chunk = data[pos:pos + arg]
        return (chunk if major == 2 else chunk.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = Map()
        for _ in range(arg):
            key, pos = _decode(data, pos)
            value, pos = _decode(data, pos)
            pairs.append((key, value))
        return pairs, pos
    raise ValueError(f"unsupported CBOR major type {major} at {pos - 1}")


def decode(data: bytes):
    """The value of one CBOR item filling all of ``data``."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} trailing bytes after the CBOR item")
    return value
