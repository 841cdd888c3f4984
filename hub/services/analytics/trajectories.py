"""A child's or a panel's cohort's risk trajectory over a period, from what the caller
may see: a hidden incident, episode, referral or flag is not counted in any month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hub.domain.errors import InvalidInput, NotFound
from hub.graph.analytics import DEFAULT_LIMITS, AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.trajectory import Trajectory, risk_trajectory
from hub.services.analytics.common import (
    Node,
    disclose,
    justified,
    node_of,
    too_large_error,
    visible_person,
)
from hub.services.analytics.panels import panel_people, panel_raw_id
from hub.services.context import RequestContext

DEFAULT_MONTHS = 12
MAX_MONTHS = 60


@dataclass(frozen=True)
class RiskTrajectory:
    since: date
    until: date
    people: dict[str, Node]
    trajectory: Trajectory


async def risk_trajectory_of(ctx: RequestContext, child_id: str | None = None,
                             panel_id: str | None = None, since: str | None = None,
                             until: str | None = None,
                             limits: AnalysisLimits = DEFAULT_LIMITS) -> RiskTrajectory:
    """Incidents, missing episodes, referrals and flags month by month, and whether they
    are rising or falling, for one person or the people a panel's decisions concern; the
    twelve months to `until` (default today) when no start is given."""
    justified(ctx)
    if (child_id is None) == (panel_id is None):
        raise InvalidInput("give either childId or panelId", field="childId")
    end = date.fromisoformat(until) if until else date.today()
    start = date.fromisoformat(since) if since else _months_before(end, DEFAULT_MONTHS)
    if start > end:
        raise InvalidInput("since must not be after until", field="since")
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise InvalidInput(f"the period may cover at most {MAX_MONTHS} months", field="since")
    if child_id is not None:
        person = await visible_person(ctx, child_id, "childId")
        people = {person["id"]: person}
    else:
        assert panel_id is not None
        rows = await panel_people(ctx, panel_id)
        if not rows and await ctx.store.run_one(
                "analytics_nodes", {"ids": [panel_raw_id(panel_id)], "scopes": ctx.scopes}) is None:
            raise NotFound("panelId: no record you may see has this id", field="panelId")
        people = {n["id"]: n for n in (node_of(row["p"]) for row in rows)
                  if n["kind"] in {"child", "adult"}}
    events = await ctx.store.run("analytics_person_events", {
        "ids": sorted(people), "since": start.isoformat(),
        "until": f"{end.isoformat()}T23:59:59", "scopes": ctx.scopes, **ctx.loaders.consent})
    try:
        found = risk_trajectory(events, people, start, end, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    disclose(ctx, people)
    return RiskTrajectory(start, end, people, found)


def _months_before(day: date, months: int) -> date:
    """The first of the month `months - 1` months before `day`'s: `months` whole months."""
    index = day.year * 12 + day.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)

