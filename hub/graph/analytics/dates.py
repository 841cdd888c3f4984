"""Reading the ISO date strings the store keeps, and the few sums done with them.

The store holds dates as text (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`) because its two
engines disagree on temporal types; these helpers are the one place that turns them back.
"""

from __future__ import annotations

from datetime import date, datetime

from hub.graph.analytics.shapes import Window

DAYS_PER_YEAR = 365.25


def to_date(value: str | date | None) -> date | None:
    """The calendar day of an ISO date or datetime string; None stays None.

    >>> to_date("2025-03-04T10:15:00")
    datetime.date(2025, 3, 4)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def to_datetime(value: str | datetime | None) -> datetime | None:
    """An ISO datetime string as a naive datetime; a bare date is taken as midnight.

    Zone offsets are dropped so rows written with and without one still compare.

    >>> to_datetime("2025-03-04")
    datetime.datetime(2025, 3, 4, 0, 0)
    """
    if value is None or value == "":
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed.replace(tzinfo=None)


def age_on(dob: str | date | None, today: date) -> int | None:
    """Whole years of age on `today`, as a birthday is counted.

    >>> age_on("2010-06-01", date(2025, 5, 31))
    14
    """
    born = to_date(dob)
    if born is None:
        return None
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - int(before_birthday)


def years_between(a: str | date | None, b: str | date | None) -> float | None:
    """The gap between two dates of birth in years, to one decimal place."""
    first, second = to_date(a), to_date(b)
    if first is None or second is None:
        return None
    return round(abs((first - second).days) / DAYS_PER_YEAR, 1)


def overlaps_window(first_seen: str | None, last_seen: str | None, window: Window | None,
                    keep_undated: bool = True) -> bool:
    """Whether a link seen from `first_seen` to `last_seen` falls in `window`.

    A missing first date means "since before we knew", a missing last date "still
    going". A link with neither date cannot be ruled out, so it is kept unless
    `keep_undated` is False.

    >>> overlaps_window("2024-01-01", "2024-03-01", (date(2024, 2, 1), None))
    True
    >>> overlaps_window("2023-01-01", "2023-06-01", (date(2024, 1, 1), date(2024, 12, 31)))
    False
    """
    if window is None:
        return True
    start, end = to_date(first_seen), to_date(last_seen)
    if start is None and end is None:
        return keep_undated
    window_start, window_end = window
    if window_end is not None and start is not None and start > window_end:
        return False
    return not (window_start is not None and end is not None and end < window_start)


def month_key(day: date) -> str:
    """`YYYY-MM` for a day, the bucket timelines are counted in."""
    return f"{day.year:04d}-{day.month:02d}"


def months_from(first: date, last: date) -> list[str]:
    """Every month from `first` to `last` inclusive, as `YYYY-MM`.

    >>> months_from(date(2024, 11, 5), date(2025, 1, 2))
    ['2024-11', '2024-12', '2025-01']
    """
    months: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months
