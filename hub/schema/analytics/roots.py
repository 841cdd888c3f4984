"""The analytics' query and mutation fields; each resolver asks one service and builds
its result."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from hub.schema.analytics.contexts import (
    ContextProfileResult,
    context_profile_result,
)
from hub.schema.analytics.lines import (
    CountyLineProfile,
    CountyLinesOverview,
    line_profile_result,
    lines_overview_result,
)
from hub.schema.analytics.lookups import LookupResult, lookup_result
from hub.schema.analytics.missing import (
    MissingProfileResult,
    MissingSummaryResult,
    missing_profile_result,
    missing_summary_result,
)
from hub.schema.analytics.networks import (
    NetworkLinkKind,
    PeerNetworkResult,
    peer_network_result,
)
from hub.schema.analytics.offending import (
    CoOffendingNetwork,
    co_offending_result,
)
from hub.schema.analytics.panels import (
    CohortBreakdown,
    PanelViewResult,
    cohort_result,
    panel_view_result,
)
from hub.schema.analytics.routes import (
    RouteSearch,
    route_search,
)
from hub.schema.analytics.trajectories import RiskTrajectoryResult, trajectory_result
from hub.schema.base import as_object
from hub.schema.base import ctx as context_of
from hub.schema.scalars import Date, DateTime
from hub.schema.types import (
    PeerGroup,
)
from hub.services import analytics as service

# ---------------------------------------------------------------- roots

@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description=(
        "A person's peer network to `depth` links (1 to 3) through the kinds of link asked "
        "for (by default association, sibling, co-offending and missing together), seen in "
        "the window: sub-groups, bridges, adults, age gaps and protective ties."))
    async def peer_network(
        self, info: Info, child_id: strawberry.ID, depth: int = 2,
        kinds: list[NetworkLinkKind] | None = None, since: Date | None = None,
        until: Date | None = None,
    ) -> PeerNetworkResult:
        wanted = [k.value for k in kinds] if kinds is not None else None
        return peer_network_result(await service.peer_network(
            context_of(info), child_id, depth, wanted, since, until))

    @strawberry.field(description=(
        "Up to three shortest routes of at most `maxLength` links between two records, "
        "through people, incidents, places, phones, groups, episodes and county lines "
        "you may see."))
    async def connection(
        self, info: Info, from_id: strawberry.ID, to_id: strawberry.ID, max_length: int = 4,
        since: Date | None = None, until: Date | None = None,
    ) -> RouteSearch:
        return route_search(await service.connection(
            context_of(info), from_id, to_id, max_length, since, until))

    @strawberry.field(description=(
        "People tied by incidents they are suspected in together, in an area and period, "
        "and the clusters they fall into, most cohesive first. Only suspects count: an "
        "incident with no visible suspect adds to nothing."))
    async def co_offending_network(
        self, info: Info, town: str | None = None, ward: str | None = None,
        since: Date | None = None, until: Date | None = None, min_size: int = 3,
    ) -> CoOffendingNetwork:
        return co_offending_result(await service.co_offending(
            context_of(info), town, ward, since, until, min_size))

    @strawberry.field(description=(
        "A child's missing episodes, durations, found places, companions and gaps, and which "
        "configured triggers fire, counting only what was known at `asOf` (default now)."))
    async def missing_profile(
        self, info: Info, child_id: strawberry.ID, as_of: DateTime | None = None,
    ) -> MissingProfileResult:
        return missing_profile_result(await service.missing_profile(
            context_of(info), child_id, as_of))

    @strawberry.field(description=(
        "Repeat-missing children, children missing together, recurring found places and "
        "return home interview performance in a period (default the last 90 days)."))
    async def missing_summary(
        self, info: Info, since: Date | None = None, until: Date | None = None,
        min_episodes: int = 3, first: int = 50,
    ) -> MissingSummaryResult:
        return missing_summary_result(await service.missing_summary(
            context_of(info), since, until, min_episodes, first))

    @strawberry.field(description=(
        "A county line's phones, people, children, places, cuckooed addresses, areas and "
        "membership month by month."))
    async def county_line_profile(self, info: Info, line_id: strawberry.ID) -> CountyLineProfile:
        return line_profile_result(await service.line_profile(context_of(info), line_id))

    @strawberry.field(description=(
        "Children linked to any county line, and the people, places and phones that tie "
        "lines together."))
    async def county_lines_overview(
        self, info: Info, include_associates: bool = True,
    ) -> CountyLinesOverview:
        return lines_overview_result(await service.lines_overview(
            context_of(info), include_associates))

    @strawberry.field(description=(
        "A child's or a panel's cohort's incidents, missing episodes, referrals and flags "
        "month by month from `since` to `until` (default the twelve months to today), and "
        "whether risk is rising or falling. Give childId or panelId."))
    async def risk_trajectory(
        self, info: Info, child_id: strawberry.ID | None = None,
        panel_id: strawberry.ID | None = None, since: Date | None = None,
        until: Date | None = None,
    ) -> RiskTrajectoryResult:
        return trajectory_result(await service.risk_trajectory_of(
            context_of(info), child_id, panel_id, since, until))

    @strawberry.field(description=(
        "A phone by its number (spaces ignored): the county lines it is tied to, with the "
        "people, places and phones on each."))
    async def phone_lookup(self, info: Info, number: str) -> LookupResult:
        return lookup_result(await service.phone_lookup(context_of(info), number))

    @strawberry.field(description=(
        "An area (a town or city) by its name, case ignored: the county lines exporting from "
        "and importing to it with the people, places and phones on each, and its places "
        "tied to a line."))
    async def area_lookup(self, info: Info, name: str) -> LookupResult:
        return lookup_result(await service.area_lookup(context_of(info), name))

    @strawberry.field(description=(
        "A place, school or peer group: who is tied to it and how, incidents and missing "
        "episodes there by month, its assessments and its open actions."))
    async def context_profile(self, info: Info, id: strawberry.ID) -> ContextProfileResult:
        return context_profile_result(await service.context_profile(context_of(info), id))

    @strawberry.field(description=(
        "A panel's agenda, decisions and actions, with those overdue on `asOf` (default "
        "today)."))
    async def panel_view(
        self, info: Info, panel_id: strawberry.ID, as_of: Date | None = None,
    ) -> PanelViewResult:
        return panel_view_result(await service.panel_view(context_of(info), panel_id, as_of))

    @strawberry.field(description=(
        "A cohort (the people given, or a panel's) by age band, gender, ethnicity and town, "
        "beside the county's population."))
    async def cohort_breakdown(
        self, info: Info, person_ids: list[strawberry.ID] | None = None,
        panel_id: strawberry.ID | None = None,
    ) -> CohortBreakdown:
        return cohort_result(await service.cohort(context_of(info), person_ids, panel_id))


@strawberry.type
class AnalyticsMutation:
    @strawberry.mutation(description=(
        "Confirm a candidate group as a peer group of your agency, with its members."))
    async def confirm_peer_group(
        self, info: Info, name: str, member_ids: list[strawberry.ID],
        description: str | None = None,
    ) -> PeerGroup:
        row = await service.confirm_peer_group(context_of(info), name, member_ids, description)
        return as_object(row)  # type: ignore[no-any-return]
