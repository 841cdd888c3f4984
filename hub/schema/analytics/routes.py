"""Routes between two records in GraphQL."""

from __future__ import annotations

import strawberry

from hub.graph.analytics import (
    Route,
)
from hub.schema.analytics.refs import (
    RecordRef,
    record_ref,
)
from hub.services import analytics as service

# ---------------------------------------------------------------- routes

@strawberry.type(description="One link between two steps of a route.")
class RouteLink:
    kind: str
    role: str | None
    context: str | None


@strawberry.type(description="One step of a route; `links` join it to the step before.")
class RouteStep:
    record: RecordRef
    links: list[RouteLink]


@strawberry.type(description="A shortest route through visible links.")
class RouteResult:
    length: int
    steps: list[RouteStep]


@strawberry.type(description="How two records are connected through what you may see.")
class RouteSearch:
    source: RecordRef
    target: RecordRef
    max_length: int
    routes: list[RouteResult]
    explored_nodes: int
    explored_links: int
    notes: list[str] = strawberry.field(description=(
        "Records not followed (too many visible links), and when no route was found, "
        "whether none exists within maxLength through what you may see."))
    connected: bool | None = strawberry.field(description=(
        "true when a route was found; false when none of at most maxLength links exists "
        "through the records you may see (the search was complete); null when none was "
        "found but a record was not followed (see notes). It says nothing of records you "
        "may not see."))


def _route(route: Route, found: service.Connection) -> RouteResult:
    steps = [RouteStep(record=record_ref(found.nodes[route.nodes[0]]), links=[])]
    for hop in route.hops:
        links = [found.links[i] for i in hop.link_ids]
        steps.append(RouteStep(
            record=record_ref(found.nodes[hop.target]),
            links=[RouteLink(kind=link["kind"], role=link.get("role"),
                             context=link.get("context")) for link in links]))
    return RouteResult(length=route.length, steps=steps)


def route_search(found: service.Connection) -> RouteSearch:
    return RouteSearch(
        source=record_ref(found.nodes[found.source_id]),
        target=record_ref(found.nodes[found.target_id]), max_length=found.max_length,
        routes=[_route(r, found) for r in found.routes], explored_nodes=found.explored_nodes,
        explored_links=found.explored_links, notes=list(found.notes),
        connected=found.connected,
    )
