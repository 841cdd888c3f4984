"""Whether a child's risk, or a cohort's, is rising or falling: incidents, missing
episodes, referrals and flags month by month over a period, and the trend through them.

The trend is the least-squares slope of the monthly total (events a month, per month).
It is `rising` at `TREND_THRESHOLD` events a month or more (three more events a month
after a year), `falling` at minus that or less, and `steady` between. Each kind counts
once per event, by the day it happened: an incident when it occurred (in any role), an
episode when it was reported, a referral when it was received, a flag when it was raised.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from hub.graph.analytics.dates import month_key, months_from, to_date
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict

KINDS: tuple[str, ...] = ("incident", "missing", "referral", "flag")
TREND_THRESHOLD = 0.25


class EventRow(TypedDict):
    """One dated event of one person."""

    person_id: str
    kind: str  # incident, missing, referral, flag
    at: str | None  # ISO date or datetime


@dataclass(frozen=True)
class RiskMonth(AsDict):
    month: str  # YYYY-MM
    incidents: int
    missing: int
    referrals: int
    flags: int
    total: int


@dataclass(frozen=True)
class Trajectory(AsDict):
    """The months of a period with their counts, the slope of the totals and its reading;
    for a cohort, who among them is rising and who falling on their own."""

    people: int
    months: tuple[RiskMonth, ...]
    slope: float  # events a month, per month
    direction: str  # rising, falling or steady
    rising: tuple[str, ...]
    falling: tuple[str, ...]


def risk_trajectory(events: Iterable[EventRow], people: Iterable[str], start: date,
                    end: date, limits: AnalysisLimits = DEFAULT_LIMITS) -> Trajectory:
    """Month-by-month counts over `start`..`end` (inclusive; every month listed, even at
    zero) and the trend, for the people in `people`; other people's events and events
    outside the period are left out.

    >>> rows = [{"person_id": "ann", "kind": "incident", "at": f"2025-0{m}-10"}
    ...         for m in (2, 3, 3, 4, 4, 4)]
    >>> t = risk_trajectory(rows, ["ann"], date(2025, 1, 1), date(2025, 4, 30))
    >>> [m.total for m in t.months], t.slope, t.direction
    ([0, 1, 2, 3], 1.0, 'rising')
    """
    if end < start:
        raise ValueError("the period must not end before it starts")
    cohort = set(people)
    months = months_from(start, end)
    limits.check_size(len(cohort))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    per_person: dict[str, Counter[str]] = defaultdict(Counter)
    for row in events:
        day = to_date(row["at"])
        if row["person_id"] not in cohort or day is None or not start <= day <= end:
            continue
        if row["kind"] not in KINDS:
            raise ValueError(f"unknown kind of event {row['kind']!r}")
        counts[month_key(day)][row["kind"]] += 1
        per_person[row["person_id"]][month_key(day)] += 1
    rows = tuple(RiskMonth(m, counts[m]["incident"], counts[m]["missing"],
                           counts[m]["referral"], counts[m]["flag"],
                           sum(counts[m].values())) for m in months)
    slope = _slope([r.total for r in rows])
    slopes = {p: _slope([per_person[p][m] for m in months]) for p in sorted(per_person)}
    return Trajectory(len(cohort), rows, slope, _direction(slope),
                      tuple(p for p, s in slopes.items() if _direction(s) == "rising"),
                      tuple(p for p, s in slopes.items() if _direction(s) == "falling"))


def _slope(values: list[int]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return round(sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread, 3)


def _direction(slope: float) -> str:
    if slope >= TREND_THRESHOLD:
        return "rising"
    return "falling" if slope <= -TREND_THRESHOLD else "steady"
