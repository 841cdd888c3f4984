"""Date and DateTime scalars over the ISO strings the graph stores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NewType

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


# Plain NewTypes for annotations (so type checkers understand them); the schema maps them
# to the scalar definitions below through `scalar_overrides`.
Date = NewType("Date", str)
DateTime = NewType("DateTime", str)

DATE_SCALAR = strawberry.scalar(
    NewType("_Date", str),
    name="Date",
    serialize=lambda v: v if isinstance(v, str) else v.isoformat(),
    parse_value=_parse_date,
    description="A calendar date, ISO 8601 (2025-03-04).",
)
DATETIME_SCALAR = strawberry.scalar(
    NewType("_DateTime", str),
    name="DateTime",
    serialize=lambda v: v if isinstance(v, str) else v.isoformat(timespec="seconds"),
    parse_value=_parse_datetime,
    description="A local date and time, ISO 8601 (2025-03-04T10:15:00).",
)

SCALAR_OVERRIDES: dict[object, Any] = {Date: DATE_SCALAR, DateTime: DATETIME_SCALAR}
