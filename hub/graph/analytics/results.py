"""The base every analytics result dataclass shares, so each can turn into plain data."""

from __future__ import annotations

import dataclasses
from typing import Any


class AsDict:
    """Gives a frozen result dataclass `as_dict()`, for JSON or a GraphQL JSON scalar."""

    def as_dict(self) -> dict[str, Any]:
        """The result as nested dicts and lists of plain values."""
        return _plain(dataclasses.asdict(self))  # type: ignore[call-overload,no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return value
