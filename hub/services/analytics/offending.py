"""Co-offending networks and their clusters in an area and period."""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.errors import (
    InvalidInput,
)
from hub.graph.analytics import (
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    Cluster,
    clusters,
    co_offending_network,
)
from hub.services.analytics.common import (
    Node,
    disclose,
    justified,
    node_of,
    short_text,
    text_bounds,
    too_large_error,
)
from hub.services.context import RequestContext


@dataclass(frozen=True)
class CoOffendingLink:
    a: str
    b: str
    incident_ids: tuple[str, ...]
    towns: tuple[str, ...]
    first: str | None
    last: str | None


@dataclass(frozen=True)
class CoOffending:
    """People linked by shared incidents in an area and period, and their clusters."""

    people: dict[str, Node]
    incidents_of: dict[str, int]
    links: tuple[CoOffendingLink, ...]
    clusters: tuple[Cluster, ...]
    incidents: int


# ---------------------------------------------------------------- co-offending

async def co_offending(ctx: RequestContext, town: str | None = None, ward: str | None = None,
                       since: str | None = None, until: str | None = None, min_size: int = 3,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> CoOffending:
    """Young people tied by incidents they are suspected in together, at visible places in
    the area and period, and the clusters they fall into."""
    justified(ctx)
    town, ward = short_text(town, "town"), short_text(ward, "ward")
    if town is None and ward is None and since is None:
        raise InvalidInput("give a town, a ward or a since date: a county's whole history "
                           "is too large to analyse in one request", field="town")
    if not 2 <= min_size <= 50:
        raise InvalidInput("minSize must be between 2 and 50", field="minSize")
    start, end = text_bounds(since, until)
    rows = await ctx.store.run("analytics_co_offending", {
        "town": town, "ward": ward, "since": start, "until": end, "scopes": ctx.scopes})
    people: dict[str, Node] = {}
    participation = []
    for row in rows:
        person = node_of(row["person"])
        people[person["id"]] = person
        participation.append({"incident_id": row["incident_id"], "person_id": person["id"],
                              "role": row["role"], "occurred_at": row["occurred_at"],
                              "town": row["town"]})
    try:
        g = co_offending_network(participation, limits=limits)  # type: ignore[arg-type]
        found = clusters(g, min_size=min_size, limits=limits)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    links = tuple(CoOffendingLink(a, b, tuple(d["incidents"]), tuple(d["towns"]), d["first"],
                                  d["last"])
                  for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])))
    disclose(ctx, people)
    return CoOffending(people, {n: int(d["incidents"]) for n, d in g.nodes(data=True)}, links,
                       tuple(found), len({r["incident_id"] for r in participation}))
