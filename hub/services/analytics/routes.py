"""How two records are connected: shortest routes through visible links only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hub.domain.errors import (
    InvalidInput,
    NotFound,
)
from hub.graph.analytics import (
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    Route,
    Window,
    build_graph,
    shortest_routes,
)
from hub.graph.analytics.dates import overlaps_window
from hub.graph.store import Row
from hub.services.analytics.common import (
    TYPE_BY_KIND,
    Link,
    Node,
    check_size,
    day_of,
    disclose,
    justified,
    node_of,
    parse_id,
    too_large_error,
    window_of,
)
from hub.services.context import RequestContext

# What a route between two records may pass through. Schools are left out: every pupil
# of a school is two steps from every other, which says nothing about a connection.
ROUTE_TYPES: tuple[str, ...] = (
    "ASSOCIATED_WITH", "FAMILY_OF", "INVOLVED_IN", "OCCURRED_AT", "LIVES_AT", "LINKED_TO_LINE",
    "USES_PHONE", "MEMBER_OF", "WENT_MISSING", "FOUND_AT", "FOUND_WITH",
)
ROUTE_ENDS: tuple[str, ...] = ("Child", "Adult", "Place", "Incident", "CountyLine", "Phone",
                               "PeerGroup", "MissingEpisode")
# A record with more visible links than this (a busy station) is not expanded on a route.
ROUTE_FANOUT_CAP = 200
MAX_ROUTES = 3


# How a relationship on a route is named: the analytics' link kind.
ROUTE_LINK_KIND: dict[str, str] = {
    "ASSOCIATED_WITH": "association", "INVOLVED_IN": "involved_in",
    "OCCURRED_AT": "occurred_at", "LIVES_AT": "lives_at", "LINKED_TO_LINE": "line_role",
    "USES_PHONE": "uses_phone", "MEMBER_OF": "member_of", "WENT_MISSING": "went_missing",
    "FOUND_AT": "found_at", "FOUND_WITH": "found_with",
}


@dataclass(frozen=True)
class Connection:
    """The shortest visible routes between two records."""

    source_id: str
    target_id: str
    max_length: int
    routes: tuple[Route, ...]
    nodes: dict[str, Node]
    links: dict[str, Link]
    explored_nodes: int
    explored_links: int
    notes: tuple[str, ...]
    connected: bool | None  # None: no route found, but a record was not followed


# ---------------------------------------------------------------- connection

async def connection(ctx: RequestContext, from_id: str, to_id: str, max_length: int = 4,
                     since: str | None = None, until: str | None = None,
                     limits: AnalysisLimits = DEFAULT_LIMITS) -> Connection:
    """Up to three shortest routes of at most `max_length` steps between two records,
    through visible links only, people, incidents, places, phones, groups, episodes and
    lines alike. The neighbourhood searched is grown from both ends at once, half the
    length from each, rather than from the whole graph."""
    justified(ctx)
    if max_length < 1:
        raise InvalidInput("maxLength must be at least 1", field="maxLength")
    try:
        limits.check_path_length(max_length)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large, "maxLength") from None
    window = window_of(since, until)
    source = parse_id(from_id, "fromId", ROUTE_ENDS)
    target = parse_id(to_id, "toId", ROUTE_ENDS)
    if source[1] == target[1]:
        raise InvalidInput("toId must be a different record from fromId", field="toId")
    ends = {row["node"]["id"]: node_of(row["node"]) for row in await ctx.store.run(
        "analytics_nodes", {"ids": [source[1], target[1]], "scopes": ctx.scopes})}
    for (type_name, raw), name in ((source, "fromId"), (target, "toId")):
        node = ends.get(raw)
        if node is None or TYPE_BY_KIND.get(node["kind"]) != type_name:
            raise NotFound(f"{name}: no record you may see has this id", field=name)

    nodes: dict[str, Node] = dict(ends)
    links: dict[str, Link] = {}
    notes: list[str] = []
    reach = {source[1]: (max_length + 1) // 2, target[1]: max_length // 2}
    seen = {source[1]: {source[1]}, target[1]: {target[1]}}
    frontiers = {source[1]: {source[1]}, target[1]: {target[1]}}
    for step in range(1, (max_length + 1) // 2 + 1):
        expanding = {end: frontier for end, frontier in frontiers.items()
                     if frontier and step <= reach[end]}
        if not expanding:
            break
        ids = sorted(set().union(*expanding.values()))
        rows = await ctx.store.run("analytics_route_hop", {
            "frontier": ids, "types": list(ROUTE_TYPES), "cap": ROUTE_FANOUT_CAP,
            "uncapped": [source[1], target[1]], "scopes": ctx.scopes,
        })
        found: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            here = row["id"]
            if not row["links"] and row["degree"] > ROUTE_FANOUT_CAP:
                node = nodes[here]
                label = ("a person" if node["kind"] in {"child", "adult"}
                         else node.get("name") or f"a {node['kind']}")
                notes.append(f"{label} was not followed: {row['degree']} visible links, "
                             f"over {ROUTE_FANOUT_CAP}")
            for item in row["links"]:
                other = node_of(item["other"])
                link = _route_link(here, item, nodes[here], other)
                if not overlaps_window(link["first_seen"], link["last_seen"], window):
                    continue
                nodes.setdefault(other["id"], other)
                links.setdefault(link["id"], link)
                found[here].add(other["id"])
        for end, frontier in expanding.items():
            reached = set().union(*(found.get(n, set()) for n in frontier)) - seen[end]
            seen[end] |= reached
            frontiers[end] = reached
        check_size(limits, len(nodes), len(links))
    try:
        g = build_graph(nodes.values(), links.values(), limits)  # type: ignore[arg-type]
        routes = shortest_routes(g, source[1], target[1], max_length, k=MAX_ROUTES,
                                 limits=limits)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    on_routes = {n: nodes[n] for route in routes for n in route.nodes}
    disclose(ctx, {**on_routes, **ends})
    connected = _verdict(routes, notes, max_length, window)
    return Connection(source[1], target[1], max_length, tuple(routes), nodes, links,
                      len(nodes), len(links), tuple(notes), connected)


def _verdict(routes: list[Route], notes: list[str], max_length: int,
             window: Window | None) -> bool | None:
    """Whether any route joins the two within `max_length` through what the caller may see.

    The search grows from both ends through every visible link, so when nothing was left
    unfollowed, finding no route proves there is none in the caller's view; the note says
    so in words. It speaks only of what the caller may see: a route through hidden records
    may exist, and nothing here says whether it does. Appends that note to `notes`."""
    if routes:
        return True
    within = f"of at most {max_length} links"
    if window is not None:
        within += " seen in the period asked for"
    if notes:
        notes.append(f"no route {within} was found through the records you may see, but "
                     "the records above were not followed, and a route may pass through them")
        return None
    notes.append(f"no route {within} joins these two through the records you may see")
    return False


def _route_link(here: str, item: Row, node: Node, other: Node) -> Link:
    rel_type, rel = item["type"], item["rel"]
    source, target = (here, other["id"]) if item["out"] else (other["id"], here)
    kind = ROUTE_LINK_KIND.get(rel_type, rel_type.lower())
    if rel_type == "FAMILY_OF":
        kind = "sibling" if rel.get("kind") == "sibling" else "family"
    first, last = _route_dates(rel_type, rel, node, other)
    return {
        "id": rel["id"], "source": source, "target": target, "kind": kind,
        "context": rel.get("context"), "role": rel.get("role") or rel.get("kind"),
        "strength": rel.get("strength"), "first_seen": first, "last_seen": last,
    }


def _route_dates(rel_type: str, rel: Row, a: Node, b: Node) -> tuple[str | None, str | None]:
    """When a link held: its own dates, or those of the incident or episode it belongs to."""
    if rel_type in {"ASSOCIATED_WITH", "LINKED_TO_LINE"}:
        return day_of(rel.get("first_seen")), day_of(rel.get("last_seen"))
    if rel_type in {"LIVES_AT", "USES_PHONE"}:
        return day_of(rel.get("valid_from")), day_of(rel.get("valid_to"))
    if rel_type == "MEMBER_OF":
        return day_of(rel.get("since")), None
    for node in (a, b):
        if node["kind"] == "incident":
            return day_of(node.get("occurred_at")), day_of(node.get("occurred_at"))
        if node["kind"] == "episode":
            return (day_of(node.get("reported_at")),
                    day_of(node.get("found_at_time") or node.get("reported_at")))
    return None, None
