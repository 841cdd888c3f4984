from __future__ import annotations

from datetime import date

import pytest

from hub.graph.analytics.trajectory import EventRow, risk_trajectory

START, END = date(2025, 1, 1), date(2025, 6, 30)


def ev(person: str, kind: str, at: str) -> EventRow:
    return {"person_id": person, "kind": kind, "at": at}


def test_a_child_whose_incidents_and_episodes_climb_month_by_month_is_rising() -> None:
    # Jan 0, Feb 1, Mar 1, Apr 2, May 3, Jun 4 events: slope by least squares is
    # sum((x - 2.5) * y) / sum((x - 2.5)^2) = 13.5 / 17.5 = 0.771 a month.
    rows = [ev("ann", "incident", "2025-02-03"), ev("ann", "missing", "2025-03-09T22:00"),
            ev("ann", "incident", "2025-04-01"), ev("ann", "referral", "2025-04-20"),
            ev("ann", "missing", "2025-05-02T20:00"), ev("ann", "missing", "2025-05-12"),
            ev("ann", "flag", "2025-05-30"),
            *[ev("ann", "incident", f"2025-06-0{d}") for d in (1, 2, 3, 4)]]
    t = risk_trajectory(rows, ["ann"], START, END)
    assert [m.month for m in t.months] == ["2025-01", "2025-02", "2025-03", "2025-04",
                                           "2025-05", "2025-06"]
    assert [m.total for m in t.months] == [0, 1, 1, 2, 3, 4]
    may = t.months[4]
    assert (may.incidents, may.missing, may.referrals, may.flags) == (0, 2, 0, 1)
    assert (t.slope, t.direction, t.rising) == (0.771, "rising", ("ann",))


def test_a_cohort_is_the_sum_and_names_who_rises_and_who_falls() -> None:
    # Ben: 3 in January, none after (slope -7.5/17.5 = -0.429, falling); Cal: two in June
    # (5/17.5 = 0.286, rising); together 3,0,0,0,0,2: -2.5/17.5 = -0.143, steady.
    # Dan's events are not the cohort's, and Ben's of December are before the period.
    rows = [*[ev("ben", "incident", "2025-01-1" + str(d)) for d in (1, 2, 3)],
            ev("cal", "missing", "2025-06-20"), ev("cal", "flag", "2025-06-21"),
            ev("dan", "incident", "2025-06-01"),
            ev("ben", "incident", "2024-12-31")]
    t = risk_trajectory(rows, ["ben", "cal"], START, END)
    assert [m.total for m in t.months] == [3, 0, 0, 0, 0, 2]
    assert (t.people, t.slope, t.direction) == (2, -0.143, "steady")
    assert (t.rising, t.falling) == (("cal",), ("ben",))


def test_nothing_at_all_is_steady_and_a_period_backwards_is_refused() -> None:
    assert risk_trajectory([], ["ann"], START, END).direction == "steady"
    with pytest.raises(ValueError, match="must not end before"):
        risk_trajectory([], ["ann"], END, START)
