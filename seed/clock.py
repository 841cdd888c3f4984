"""The seed's fixed "today" and the date helpers that keep every generated date relative to it.

The county is generated as if on `SEED_TODAY`, never on the real date, so the same
scale and seed give the same "overdue" actions, "open" episodes and "recent" incidents
whenever and wherever they are generated.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from seed.draw import Weighted

SEED_TODAY = date(2026, 11, 1)
SEED_NOW = datetime.combine(SEED_TODAY, time(0, 0))


def iso_day(value: date | datetime) -> str:
    """`YYYY-MM-DD`: dates are stored as text both stores compare correctly."""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def iso_time(value: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SS`, no time zone and no fraction, like every partner system sends."""
    return value.isoformat(timespec="seconds")


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment in [start, end), to the minute."""
    span = max(int((end - start).total_seconds() // 60), 1)
    return start + timedelta(minutes=rng.randrange(span))


def evening_bias(rng: random.Random, day: datetime) -> datetime:
    """A time on `day` weighted to afternoons and evenings, when most incidents and
    missing reports happen."""
    hour = _HOURS(rng)
    return datetime.combine(day.date(), time(hour, rng.randrange(60)))


def dob_for_age(rng: random.Random, age: int) -> date:
    """A birth date giving `age` full years on `SEED_TODAY`."""
    latest = SEED_TODAY.replace(year=SEED_TODAY.year - age) - timedelta(days=1)
    return latest - timedelta(days=rng.randrange(365))


HOUR_WEIGHTS = (
    3, 2, 2, 1, 1, 1, 1, 2, 3, 3, 3, 4,
    4, 4, 5, 7, 8, 8, 8, 8, 7, 6, 5, 4,
)
_HOURS = Weighted(range(24), HOUR_WEIGHTS)
