"""What a string must not hold to be stored or sent on: the one rule for every door."""

from __future__ import annotations


def text_problem(value: str) -> str | None:
    """Why `value` cannot be taken, or None.

    A NUL cuts the statement the FalkorDB client builds (the rest is lost or misread),
    and a lone surrogate is not Unicode: it cannot be encoded for the store, the audit
    log or the answer. Both are refused where they come in, naming the field.
    """
    if "\x00" in value:
        return "holds a NUL character (\\u0000)"
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode"
    return None
