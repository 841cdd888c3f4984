"""Opaque global ids: a type name and a store id, base64-encoded so clients do not parse them."""

from __future__ import annotations

import base64
import binascii


class BadGlobalId(ValueError):
    """The id was not one this hub issued."""


def encode(type_name: str, raw_id: str) -> str:
    """`encode("Child", "per_000001")` gives an opaque id that `decode` reverses."""
    return base64.urlsafe_b64encode(f"{type_name}:{raw_id}".encode()).decode().rstrip("=")


def decode(global_id: str) -> tuple[str, str]:
    """The (type name, store id) inside a global id; BadGlobalId when it is not one of ours."""
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadGlobalId(f"{global_id!r} is not a valid id") from None
    type_name, sep, raw_id = text.partition(":")
    if not sep or not type_name or not raw_id:
        raise BadGlobalId(f"{global_id!r} is not a valid id")
    return type_name, raw_id


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode()).decode()
        kind, _, value = text.partition(":")
        if kind != "o":
            raise ValueError
        offset = int(value)
        if offset < 0:
            raise ValueError
        return offset
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadGlobalId(f"{cursor!r} is not a valid cursor") from None
