"""A validated window on a list, as the services and the store see it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A validated window on a list: `offset` and `limit` for the store."""

    offset: int
    limit: int
    last: int | None = None
    before: int | None = None
