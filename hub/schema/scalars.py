"""Date and DateTime scalars over the ISO strings the graph stores."""

from __future__ import annotations

from datetime import date, datetime
from typing import NewType

import strawberry


def _parse_date(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a Date is a string like 2025-03-04")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2025-03-04") from None


def _parse_datetime(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a DateTime is a string like 2025-03-04T10:15:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date and time like 2025-03-04T10:15:00") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(tz=None).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds")


Date = strawberry.scalar(
    NewType("Date", str),
    serialize=lambda v: v if isinstance(v, str) else v.isoformat(),
    parse_value=_parse_date,
    description="A calendar date, ISO 8601 (2025-03-04).",
)
DateTime = strawberry.scalar(
    NewType("DateTime", str),
    serialize=lambda v: v if isinstance(v, str) else v.isoformat(timespec="seconds"),
    parse_value=_parse_datetime,
    description="A local date and time, ISO 8601 (2025-03-04T10:15:00).",
)
