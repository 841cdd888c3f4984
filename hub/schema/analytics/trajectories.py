"""Risk trajectories in GraphQL: a child's or a panel cohort's months, and the trend."""

from __future__ import annotations

import strawberry

from hub.schema.analytics.refs import PersonRef, person_ref
from hub.schema.scalars import Date
from hub.services import analytics as service


@strawberry.type(description="One month of a risk trajectory; each event counts once.")
class RiskMonth:
    month: str = strawberry.field(description="YYYY-MM.")
    incidents: int = strawberry.field(description="Incidents that occurred, in any role.")
    missing_episodes: int = strawberry.field(description="Missing episodes reported.")
    referrals: int = strawberry.field(description="Referrals received about the person.")
    flags: int = strawberry.field(description="Flags raised (by their `since` date).")
    total: int


@strawberry.type(description=(
    "Incidents, missing episodes, referrals and flags month by month over a period, for a "
    "child or a panel's cohort, counting only records you may see, and whether risk is "
    "rising or falling: the least-squares slope of the monthly totals, rising at 0.25 "
    "events a month per month or more, falling at -0.25 or less, steady between."))
class RiskTrajectoryResult:
    since: Date
    until: Date
    people: int = strawberry.field(description="People in the cohort you may see.")
    months: list[RiskMonth]
    slope: float = strawberry.field(description="Events a month, per month.")
    direction: str = strawberry.field(description="rising, falling or steady.")
    rising: list[PersonRef] = strawberry.field(description=(
        "People whose own trajectory is rising (for a cohort)."))
    falling: list[PersonRef]


def trajectory_result(found: service.RiskTrajectory) -> RiskTrajectoryResult:
    t, people = found.trajectory, found.people
    return RiskTrajectoryResult(
        since=Date(found.since.isoformat()), until=Date(found.until.isoformat()),
        people=t.people,
        months=[RiskMonth(month=m.month, incidents=m.incidents, missing_episodes=m.missing,
                          referrals=m.referrals, flags=m.flags, total=m.total)
                for m in t.months],
        slope=t.slope, direction=t.direction,
        rising=[person_ref(people[p]) for p in t.rising],
        falling=[person_ref(people[p]) for p in t.falling],
    )
