"""Contextual safeguarding analytics over what the caller may see.

Each analysis projects the visible subgraph it needs with the statements in
`cypher/analytics.cypher` (every node and relationship filtered by the caller's scopes,
intermediate records included) and hands the result to the pure functions of
`hub.graph.analytics`. A link the caller may not see is never fetched, so it cannot carry
a route, hold a group together, or add to a count or a score.

Networks are grown hop by hop, one statement per hop, and stop with `LimitExceeded` as
soon as they pass the `AnalysisLimits`, before the graph is built. Every person an answer
names is added to `ctx.disclosed`, so the request's audit entry names them, and every
analysis needs a justification, as reading a person's record does.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hub.domain.errors import (
    NEEDS_JUSTIFICATION,
    Conflict,
    Forbidden,
    InvalidInput,
    LimitExceeded,
    NotFound,
)
from hub.domain.ids import BadGlobalId, decode
from hub.graph.analytics import (
    COUNTY_POPULATION_SHARES,
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    Breakdown,
    Broker,
    ChildOnLine,
    Cluster,
    FoundPlace,
    LineNetwork,
    MissingPair,
    MissingProfile,
    PeerNetworkMetrics,
    RepeatMissing,
    RhiPerformance,
    Route,
    Window,
    build_graph,
    child_missing_profile,
    children_linked_to_lines,
    clusters,
    co_offending_network,
    cohort_breakdown,
    cross_line_brokers,
    ego_network,
    line_network,
    missing_together,
    peer_network_metrics,
    recurring_found_places,
    repeat_missing,
    rhi_performance,
    shortest_routes,
)
from hub.graph.analytics.dates import month_key, overlaps_window, to_date
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.services.context import RequestContext

# ---------------------------------------------------------------- what the analyses use

# Link kinds a peer network may be grown through.
PEER_KINDS: tuple[str, ...] = (
    "association", "sibling", "family", "co_offending", "missing_together", "same_school",
    "same_place",
)
# Same school and same place tie whole schools and households together, so a network is
# grown through them only when asked for by name.
DEFAULT_PEER_KINDS: tuple[str, ...] = ("association", "sibling", "co_offending",
                                       "missing_together")
# A school or address with more visible pupils or residents than this is skipped when
# growing a network through it: it would add everyone and say nothing.
CONTEXT_CAP = 60

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

# County-wide missing summaries cover this many days when no start is given.
DEFAULT_SUMMARY_DAYS = 90
MAX_SUMMARY_ROWS = 200
MAX_COHORT_IDS = 500
MAX_GROUP_MEMBERS = 50
NAME_LIMIT = 200
TEXT_LIMIT = 2000
SOURCE = "hub"

PEOPLE = ("Child", "Adult")
CONTEXTS = ("Place", "School", "PeerGroup")

# labels -> the analytics' node kind, and the kind -> the GraphQL type of its global id
KIND_BY_LABEL: dict[str, str] = {
    "Child": "child", "Adult": "adult", "Place": "place", "School": "school", "Phone": "phone",
    "CountyLine": "line", "PeerGroup": "group", "Incident": "incident",
    "MissingEpisode": "episode", "Area": "area",
}
TYPE_BY_KIND: dict[str, str] = {kind: label for label, kind in KIND_BY_LABEL.items()}

# How a relationship on a route is named: the analytics' link kind.
ROUTE_LINK_KIND: dict[str, str] = {
    "ASSOCIATED_WITH": "association", "INVOLVED_IN": "involved_in",
    "OCCURRED_AT": "occurred_at", "LIVES_AT": "lives_at", "LINKED_TO_LINE": "line_role",
    "USES_PHONE": "uses_phone", "MEMBER_OF": "member_of", "WENT_MISSING": "went_missing",
    "FOUND_AT": "found_at", "FOUND_WITH": "found_with",
}

Node = dict[str, Any]
Link = dict[str, Any]


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class PeerNetwork:
    """A person's visible peer network, as projected, with its metrics."""

    focus_id: str
    depth: int
    kinds: tuple[str, ...]
    people: dict[str, Node]
    links: tuple[Link, ...]
    hops: dict[str, int]
    metrics: PeerNetworkMetrics
    notes: tuple[str, ...]


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


@dataclass(frozen=True)
class ChildMissing:
    """One child's missing profile with the records it names."""

    person: Node
    profile: MissingProfile
    places: dict[str, Node]
    people: dict[str, Node]
    interviews: dict[str, list[Row]]
    labels: dict[str, str]  # trigger code -> label
    checked: tuple[str, ...]  # codes of every trigger checked


@dataclass(frozen=True)
class MissingSummary:
    """Repeat missing, missing together, recurring places and interviews, county-wide."""

    since: date
    until: date | None
    episodes: int
    repeat: tuple[RepeatMissing, ...]
    pairs: tuple[MissingPair, ...]
    places: tuple[FoundPlace, ...]
    rhi: RhiPerformance
    people: dict[str, Node]
    place_nodes: dict[str, Node]


@dataclass(frozen=True)
class LineProfile:
    """One county line as the caller may see it."""

    line: Row
    network: LineNetwork
    nodes: dict[str, Node]
    exporting: tuple[Node, ...]
    importing: tuple[Node, ...]


@dataclass(frozen=True)
class LineSummary:
    id: str
    name: str | None
    status: str | None
    people: int
    children: int
    places: int
    phones: int


@dataclass(frozen=True)
class LinesOverview:
    """Children linked to any line, and what ties lines together."""

    lines: tuple[LineSummary, ...]
    children: tuple[ChildOnLine, ...]
    brokers: tuple[Broker, ...]
    nodes: dict[str, Node]


@dataclass(frozen=True)
class Tied:
    """A person tied to a context, and how many times in each way."""

    person: Node
    ties: dict[str, int]


@dataclass(frozen=True)
class MonthCount:
    month: str
    incidents: int
    missing: int


@dataclass(frozen=True)
class ContextProfile:
    """A place, school or peer group: who is tied to it, what happens there, what was
    assessed and decided."""

    subject: Row
    kind: str
    tied: tuple[Tied, ...]
    incidents: int
    episodes: int
    timeline: tuple[MonthCount, ...]
    assessments: tuple[Row, ...]
    decisions: tuple[Row, ...]
    open_actions: tuple[Row, ...]


@dataclass(frozen=True)
class AgendaItem:
    subject: Row
    decision_ids: tuple[str, ...]


@dataclass(frozen=True)
class PanelAction:
    action: Row
    decision_id: str
    assignee: Row | None
    overdue: bool


@dataclass(frozen=True)
class PanelView:
    """A panel's agenda, decisions and actions, with what is overdue."""

    panel: Row
    as_of: date
    children: tuple[AgendaItem, ...]
    adults: tuple[AgendaItem, ...]
    contexts: tuple[AgendaItem, ...]
    decisions: tuple[Row, ...]
    actions: tuple[PanelAction, ...]


@dataclass(frozen=True)
class Cohort:
    breakdown: Breakdown
    not_visible: int


@dataclass
class _Growth:
    """A network being grown hop by hop."""

    nodes: dict[str, Node] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- peer network

async def peer_network(ctx: RequestContext, child_id: str, depth: int = 2,
                       kinds: Sequence[str] | None = None, since: str | None = None,
                       until: str | None = None,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> PeerNetwork:
    """The people within `depth` visible links of a person, through `kinds` of link seen
    in the window, with communities, centralities, bridges, adults and age gaps."""
    justified(ctx)
    _depth(depth, limits)
    wanted = _kinds(kinds)
    window = _window(since, until)
    focus = await _person(ctx, child_id, "childId")
    grown = _Growth(nodes={focus["id"]: focus})
    frontier = [focus["id"]]
    for hop in range(1, depth + 2):
        if not frontier:
            break
        closing = hop > depth  # links among the people at the edge, and no one new
        rows = await ctx.store.run("analytics_peer_hop", {
            "frontier": frontier, "kinds": list(wanted), "cap": CONTEXT_CAP,
            "within": sorted(grown.nodes) if closing else None, "scopes": ctx.scopes,
        })
        frontier = sorted(_grow(grown, rows, window, closing))
        _checked(limits, len(grown.nodes), len(grown.links))
    try:
        g = build_graph(grown.nodes.values(), grown.links.values(), limits)  # type: ignore[arg-type]
        g = ego_network(g, focus["id"], depth, None, window, limits)
        metrics = peer_network_metrics(g, focus["id"], date.today(), limits=limits)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    hops: dict[str, int] = g.graph["hops"]
    people = {node: grown.nodes[node] for node in hops}
    links = tuple(data for _, _, data in g.edges(data=True))
    _disclose(ctx, people)
    return PeerNetwork(focus["id"], depth, wanted, people, links, hops, metrics,
                       tuple(grown.notes))


def _grow(grown: _Growth, rows: list[Row], window: Window | None, closing: bool) -> set[str]:
    """Add one hop's links to the network; the people first reached here are returned."""
    reached: set[str] = set()
    for row in rows:
        other = row.get("other")
        if not other or other.get("id") is None:
            size = row.get("via_size")
            if row.get("via") and size is not None and size > CONTEXT_CAP:
                what = "school" if row["kind"] == "same_school" else "address"
                note = (f"{row.get('detail') or 'a ' + what} was skipped: {size} visible "
                        f"{'pupils' if what == 'school' else 'residents'}, over {CONTEXT_CAP}")
                if note not in grown.notes:
                    grown.notes.append(note)
            continue
        link = _peer_link(row)
        if link is None or not overlaps_window(link["first_seen"], link["last_seen"], window):
            continue
        other_id = other["id"]
        if other_id not in grown.nodes:
            if closing:
                continue
            grown.nodes[other_id] = node_of(other)
            reached.add(other_id)
        grown.links.setdefault(link["id"], link)
    return reached


def _peer_link(row: Row) -> Link | None:
    source, target = row["source"], row["other"]["id"]
    kind = row["kind"]
    first, last = row.get("first_seen"), row.get("last_seen")
    if row.get("link_id"):
        link_id = row["link_id"]
    else:
        if first and last and str(first)[:10] > str(last)[:10]:
            return None  # at the same school or address, but never at the same time
        low, high = sorted((source, target))
        link_id = f"{kind}:{row['via']}:{low}:{high}"
    return {
        "id": link_id, "source": source, "target": target, "kind": kind,
        "context": row.get("context"), "strength": row.get("strength"),
        "first_seen": _day(first), "last_seen": _day(last), "via": row.get("via"),
        "detail": row.get("detail"),
    }


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
        raise _limit(too_large, "maxLength") from None
    window = _window(since, until)
    source = _raw(from_id, "fromId", ROUTE_ENDS)
    target = _raw(to_id, "toId", ROUTE_ENDS)
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
        _checked(limits, len(nodes), len(links))
    try:
        g = build_graph(nodes.values(), links.values(), limits)  # type: ignore[arg-type]
        routes = shortest_routes(g, source[1], target[1], max_length, k=MAX_ROUTES,
                                 limits=limits)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    on_routes = {n: nodes[n] for route in routes for n in route.nodes}
    _disclose(ctx, {**on_routes, **ends})
    return Connection(source[1], target[1], max_length, tuple(routes), nodes, links,
                      len(nodes), len(links), tuple(notes))


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
        return _day(rel.get("first_seen")), _day(rel.get("last_seen"))
    if rel_type in {"LIVES_AT", "USES_PHONE"}:
        return _day(rel.get("valid_from")), _day(rel.get("valid_to"))
    if rel_type == "MEMBER_OF":
        return _day(rel.get("since")), None
    for node in (a, b):
        if node["kind"] == "incident":
            return _day(node.get("occurred_at")), _day(node.get("occurred_at"))
        if node["kind"] == "episode":
            return (_day(node.get("reported_at")),
                    _day(node.get("found_at_time") or node.get("reported_at")))
    return None, None


# ---------------------------------------------------------------- co-offending

async def co_offending(ctx: RequestContext, town: str | None = None, ward: str | None = None,
                       since: str | None = None, until: str | None = None, min_size: int = 3,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> CoOffending:
    """Young people tied by incidents they are suspected in together, at visible places in
    the area and period, and the clusters they fall into."""
    justified(ctx)
    town, ward = _short(town, "town"), _short(ward, "ward")
    if town is None and ward is None and since is None:
        raise InvalidInput("give a town, a ward or a since date: a county's whole history "
                           "is too large to analyse in one request", field="town")
    if not 2 <= min_size <= 50:
        raise InvalidInput("minSize must be between 2 and 50", field="minSize")
    start, end = _bounds(since, until)
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
        raise _limit(too_large) from None
    links = tuple(CoOffendingLink(a, b, tuple(d["incidents"]), tuple(d["towns"]), d["first"],
                                  d["last"])
                  for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])))
    _disclose(ctx, people)
    return CoOffending(people, {n: int(d["incidents"]) for n, d in g.nodes(data=True)}, links,
                       tuple(found), len({r["incident_id"] for r in participation}))


# ---------------------------------------------------------------- missing

async def missing_profile(ctx: RequestContext, child_id: str, as_of: str | None = None,
                          limits: AnalysisLimits = DEFAULT_LIMITS) -> ChildMissing:
    """One child's episodes, durations, gaps, found places and companions, and which of
    the configured triggers fire."""
    justified(ctx)
    now = datetime.fromisoformat(as_of) if as_of else datetime.now().replace(microsecond=0)
    child = await _person(ctx, child_id, "childId")
    rows = await ctx.store.run("analytics_child_episodes",
                               {"id": child["id"], "scopes": ctx.scopes, **ctx.loaders.consent})
    incidents = await ctx.store.run("analytics_person_incidents",
                                    {"id": child["id"], "scopes": ctx.scopes})
    episodes, interviews = _episodes(rows)
    triggers = list(ctx.settings.missing_triggers)
    try:
        profile = child_missing_profile(
            episodes, [{"id": i["id"], "person_id": child["id"], "occurred_at": i["occurred_at"]}
                       for i in incidents if i.get("occurred_at")],
            triggers, now, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    named = await _named(ctx, [*(t.id for t in profile.companions),
                               *(t.id for t in profile.found_places)])
    people = {n: node for n, node in named.items() if node["kind"] in {"child", "adult"}}
    places = {n: node for n, node in named.items() if node["kind"] == "place"}
    by_episode: dict[str, list[Row]] = defaultdict(list)
    for interview in interviews:
        by_episode[interview["episode_id"]].append(interview)
    _disclose(ctx, {child["id"]: child, **people})
    labels = {str(t.get("code")): str(t.get("label") or t.get("code")) for t in triggers}
    return ChildMissing(child, profile, places, people, dict(by_episode), labels,
                        tuple(str(t.get("code")) for t in triggers))


async def missing_summary(ctx: RequestContext, since: str | None = None,
                          until: str | None = None, min_episodes: int = 3, first: int = 50,
                          limits: AnalysisLimits = DEFAULT_LIMITS) -> MissingSummary:
    """Repeat-missing children, children missing together (pairs with their evidence),
    recurring found places and return home interview performance in a period; the last
    `DEFAULT_SUMMARY_DAYS` days when no start is given."""
    justified(ctx)
    if not 1 <= min_episodes <= 100:
        raise InvalidInput("minEpisodes must be between 1 and 100", field="minEpisodes")
    if not 1 <= first <= MAX_SUMMARY_ROWS:
        raise InvalidInput(f"first must be between 1 and {MAX_SUMMARY_ROWS}", field="first")
    _window(since, until)
    end_day = date.fromisoformat(until) if until else None
    start_day = (date.fromisoformat(since) if since
                 else (end_day or date.today()) - timedelta(days=DEFAULT_SUMMARY_DAYS))
    start, end = _bounds(start_day.isoformat(), until)
    rows = await ctx.store.run("analytics_episodes", {"since": start, "until": end,
                                                      "scopes": ctx.scopes,
                                                      **ctx.loaders.consent})
    episodes, interviews = _episodes(rows)
    try:
        repeat = repeat_missing(episodes, min_episodes, (start_day, end_day), limits)
        pairs = [p for p in missing_together(episodes, datetime.now(), limits)
                 if p.found_together or p.total >= 2]
        recurring = recurring_found_places(episodes, 2, limits)
        rhi = rhi_performance(episodes, interviews, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    repeat, pairs, recurring = repeat[:first], pairs[:first], recurring[:first]
    named = {r.person_id for r in repeat} | {p.a for p in pairs} | {p.b for p in pairs}
    named |= {c for place in recurring for c in place.children}
    found = await _named(ctx, [*named, *(p.place_id for p in recurring),
                               *(place for p in pairs for place in p.places)])
    people = {n: node for n, node in found.items() if node["kind"] in {"child", "adult"}}
    _disclose(ctx, people)
    return MissingSummary(start_day, end_day, len(episodes), tuple(repeat), tuple(pairs),
                          tuple(recurring), rhi, people,
                          {n: node for n, node in found.items() if node["kind"] == "place"})


def _episodes(rows: list[Row]) -> tuple[list[Any], list[Row]]:
    """Episode rows in the analytics' shape, and their return home interviews."""
    episodes: list[Any] = []
    interviews: list[Row] = []
    for row in rows:
        if not row["reported_at"]:
            continue
        episodes.append({
            "id": row["id"], "person_id": row["person_id"], "reported_at": row["reported_at"],
            "found_at_time": row["found_at_time"],
            "found_place_id": min(row["found_at"]) if row["found_at"] else None,
            "found_with": list(row["found_with"]), "risk": row["risk"],
        })
        interviews += [{"episode_id": row["id"], "status": status, "offered_at": offered,
                        "completed_at": completed}
                       for status, offered, completed in row["interviews"]]
    return episodes, interviews


async def _named(ctx: RequestContext, ids: Iterable[str]) -> dict[str, Node]:
    """The people and places an answer shows, fetched once the answer is known."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await ctx.store.run("analytics_nodes", {"ids": wanted, "scopes": ctx.scopes})
    return {row["node"]["id"]: node_of(row["node"]) for row in rows}


# ---------------------------------------------------------------- county lines

async def line_profile(ctx: RequestContext, line_id: str,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> LineProfile:
    """A line's phones, people (children picked out), places (cuckooed addresses picked
    out), exporting and importing areas, and its membership month by month."""
    justified(ctx)
    type_name, raw = _raw(line_id, "lineId")
    if type_name != "CountyLine":
        raise InvalidInput(f"lineId must be the id of a CountyLine, not of a {type_name}",
                           field="lineId")
    row = await ctx.store.run_one("analytics_line", {"id": raw, "scopes": ctx.scopes})
    if row is None:
        raise NotFound("lineId: no record you may see has this id", field="lineId")
    line = row["line"]
    nodes: dict[str, Node] = {raw: {"id": raw, "kind": "line", "name": line.get("name"),
                                    "status": line.get("status")}}
    links: list[Link] = []
    for item in [*row["members"], *row["phones"]]:
        other = node_of(item["other"])
        nodes.setdefault(other["id"], other)
        links.append({"id": item["id"], "source": other["id"], "target": raw,
                      "kind": "line_role", "role": item.get("role") or "deal_line",
                      "strength": None, "first_seen": _day(item.get("first_seen")),
                      "last_seen": _day(item.get("last_seen"))})
    try:
        network = line_network(nodes.values(), links, raw, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    _disclose(ctx, {m.id: nodes[m.id] for m in network.people})
    return LineProfile(line, network, nodes,
                       tuple({**a, "kind": "area"} for a in row["exporting"]),
                       tuple({**a, "kind": "area"} for a in row["importing"]))


async def lines_overview(ctx: RequestContext, include_associates: bool = True,
                         limits: AnalysisLimits = DEFAULT_LIMITS) -> LinesOverview:
    """Children linked to any visible line (directly, or through an associate on one),
    and the people, places and phones linked to two or more lines, ranked by betweenness."""
    justified(ctx)
    rows = await ctx.store.run("analytics_line_links", {"scopes": ctx.scopes})
    nodes: dict[str, Node] = {}
    links: list[Link] = []
    counts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        line, other, rel = row["line"], node_of(row["other"]), row["rel"]
        nodes.setdefault(line["id"], {**line, "kind": "line"})
        nodes.setdefault(other["id"], other)
        links.append({"id": rel["id"], "source": other["id"], "target": line["id"],
                      "kind": "line_role", "role": rel.get("role"), "strength": None,
                      "first_seen": _day(rel.get("first_seen")),
                      "last_seen": _day(rel.get("last_seen"))})
        counts[line["id"]][other["kind"]].add(other["id"])
    if include_associates:
        on_lines = sorted(n for n, node in nodes.items() if node["kind"] in {"child", "adult"})
        for row in await ctx.store.run("analytics_child_associates",
                                       {"ids": on_lines, "scopes": ctx.scopes}):
            other = node_of(row["other"])
            nodes.setdefault(other["id"], other)
            links.append({"id": row["link_id"], "source": row["source"], "target": other["id"],
                          "kind": "association", "context": row.get("context"),
                          "strength": row.get("strength"),
                          "first_seen": _day(row.get("first_seen")),
                          "last_seen": _day(row.get("last_seen"))})
    try:
        g = build_graph(nodes.values(), links, limits)  # type: ignore[arg-type]
        children = children_linked_to_lines(g, include_associates, limits)
        brokers = cross_line_brokers(g, limits)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    summaries = tuple(sorted((LineSummary(
        line_id, nodes[line_id].get("name"), nodes[line_id].get("status"),
        len(by_kind["child"] | by_kind["adult"]), len(by_kind["child"]), len(by_kind["place"]),
        len(by_kind["phone"])) for line_id, by_kind in counts.items()),
        key=lambda s: (s.name or "", s.id)))
    named = {c.child_id for c in children} | {t.via for c in children for t in c.lines if t.via}
    named |= {b.id for b in brokers if nodes[b.id]["kind"] in {"child", "adult"}}
    _disclose(ctx, {n: nodes[n] for n in named})
    return LinesOverview(summaries, tuple(children), tuple(brokers), nodes)


# ---------------------------------------------------------------- contexts

async def context_profile(ctx: RequestContext, subject_id: str) -> ContextProfile:
    """A place, school or peer group: the people tied to it and how, incidents and missing
    episodes there by month, its assessments (newest first) and its open actions."""
    justified(ctx)
    type_name, raw = _raw(subject_id, "id")
    if type_name not in CONTEXTS:
        raise InvalidInput(f"id must be the id of a Place, School or PeerGroup, not of a "
                           f"{type_name}", field="id")
    row = await ctx.store.run_one("analytics_context_subject", {"id": raw, "scopes": ctx.scopes})
    if row is None or type_name not in row["subject"].get("_labels", []):
        raise NotFound("id: no record you may see has this id", field="id")
    places = [raw] if type_name == "Place" else list(row["places"])
    ties = await ctx.store.run("analytics_context_ties", {
        "places": places, "school": raw if type_name == "School" else None,
        "group": raw if type_name == "PeerGroup" else None, "scopes": ctx.scopes})
    people: dict[str, Node] = {}
    how: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    events: dict[str, tuple[str, str | None]] = {}
    for tie in ties:
        if tie["event_id"]:
            events[tie["event_id"]] = (tie["event_kind"], tie["event_at"])
        if tie["person"]:
            person = node_of(tie["person"])
            people[person["id"]] = person
            how[person["id"]][_how(tie)] += 1
    if type_name == "PeerGroup":
        for event in await ctx.store.run("analytics_member_events",
                                         {"ids": sorted(people), "scopes": ctx.scopes}):
            events[event["event_id"]] = (event["event_kind"], event["event_at"])
            how[event["person_id"]][_how(event)] += 1
    records = await ctx.store.run_one("analytics_context_records",
                                      {"id": raw, "scopes": ctx.scopes}) or {}
    tied = tuple(sorted((Tied(people[p], dict(ways)) for p, ways in how.items()),
                        key=lambda t: (t.person["kind"] != "child", -sum(t.ties.values()),
                                       t.person.get("name") or "", t.person["id"])))
    assessments = sorted(records.get("assessments") or [],
                         key=lambda a: (a.get("assessed_at") or "", a.get("version") or 0),
                         reverse=True)
    open_actions = {a["action"]["id"]: a["action"] for a in records.get("actions") or []
                    if a["action"].get("status") == "open"}
    _disclose(ctx, people)
    incidents = sum(1 for kind, _ in events.values() if kind != "missing")
    return ContextProfile(
        row["subject"], type_name, tied, incidents, len(events) - incidents,
        _timeline(events.values()), tuple(assessments),
        tuple(sorted(records.get("decisions") or [],
                     key=lambda d: d.get("decided_at") or "", reverse=True)),
        tuple(sorted(open_actions.values(), key=lambda a: (a.get("due_date") or "", a["id"]))),
    )


def _how(tie: Row) -> str:
    kind = tie["how"]
    if kind == "incident":
        return f"incident_{tie.get('role') or 'involved'}"
    return str(kind)


def _timeline(events: Iterable[tuple[str, str | None]]) -> tuple[MonthCount, ...]:
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, at in events:
        day = to_date(at)
        if day is not None:
            by_month[month_key(day)][1 if kind == "missing" else 0] += 1
    return tuple(MonthCount(m, c[0], c[1]) for m, c in sorted(by_month.items()))


# ---------------------------------------------------------------- panels and cohorts

async def panel_view(ctx: RequestContext, panel_id: str, as_of: str | None = None) -> PanelView:
    """A panel's agenda (children, adults of concern, contexts), decisions, and actions
    with owners and due dates; an action is overdue when open and due before `as_of`."""
    justified(ctx)
    type_name, raw = _raw(panel_id, "panelId")
    if type_name != "Panel":
        raise InvalidInput(f"panelId must be the id of a Panel, not of a {type_name}",
                           field="panelId")
    rows = await ctx.store.run("analytics_panel", {"id": raw, "scopes": ctx.scopes})
    if not rows:
        raise NotFound("panelId: no record you may see has this id", field="panelId")
    today = date.fromisoformat(as_of) if as_of else date.today()
    agenda: dict[str, tuple[Row, list[str]]] = {}
    decisions, actions = [], []
    for row in rows:
        decision = row["decision"]
        if not decision:
            continue
        decisions.append(decision)
        for subject in row["concerns"]:
            agenda.setdefault(subject["id"], (subject, []))[1].append(decision["id"])
        assignees = {a["action"]: a for a in row["assignees"]}
        for action in row["actions"]:
            due = action.get("due_date")
            overdue = action.get("status") == "open" and bool(due) and str(due) < today.isoformat()
            actions.append(PanelAction(action, decision["id"], assignees.get(action["id"]),
                                       overdue))

    def items(*labels: str) -> tuple[AgendaItem, ...]:
        found = [AgendaItem(subject, tuple(ids)) for subject, ids in agenda.values()
                 if set(labels) & set(subject.get("_labels", []))]
        return tuple(sorted(found, key=lambda i: (i.subject.get("name") or "", i.subject["id"])))

    children, adults = items("Child"), items("Adult")
    _disclose(ctx, {i.subject["id"]: i.subject for i in (*children, *adults)})
    actions.sort(key=lambda a: (not a.overdue, a.action.get("due_date") or "", a.action["id"]))
    return PanelView(rows[0]["panel"], today, children, adults, items(*CONTEXTS),
                     tuple(sorted(decisions, key=lambda d: d["id"])), tuple(actions))


async def cohort(ctx: RequestContext, person_ids: Sequence[str] | None = None,
                 panel_id: str | None = None, limits: AnalysisLimits = DEFAULT_LIMITS) -> Cohort:
    """A cohort's make-up by age band, gender, ethnicity and town beside the county's:
    the people given, or those a panel's decisions concern. Only visible people count."""
    justified(ctx)
    if (person_ids is None) == (panel_id is None):
        raise InvalidInput("give either personIds or panelId", field="personIds")
    if person_ids is not None:
        if not 1 <= len(person_ids) <= MAX_COHORT_IDS:
            raise InvalidInput(f"personIds must hold 1 to {MAX_COHORT_IDS} ids",
                               field="personIds")
        raws = {_raw(p, f"personIds[{i}]", PEOPLE)[1] for i, p in enumerate(person_ids)}
        rows = await ctx.store.run("analytics_people", {"ids": sorted(raws), "scopes": ctx.scopes})
        not_visible = len(raws) - len(rows)
    else:
        assert panel_id is not None
        type_name, raw = _raw(panel_id, "panelId")
        if type_name != "Panel":
            raise InvalidInput(f"panelId must be the id of a Panel, not of a {type_name}",
                               field="panelId")
        rows = await ctx.store.run("analytics_panel_people", {"id": raw, "scopes": ctx.scopes})
        not_visible = 0
    people = [row["p"] for row in rows]
    try:
        breakdown = cohort_breakdown(
            [{"id": p["id"], "dob": p.get("dob"), "gender": p.get("gender"),
              "ethnicity": p.get("ethnicity"), "town": p.get("town")} for p in people],
            COUNTY_POPULATION_SHARES, date.today(), limits)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None
    ctx.disclosed.update(p["id"] for p in people)
    return Cohort(breakdown, not_visible)


# ---------------------------------------------------------------- confirming a group

async def confirm_peer_group(ctx: RequestContext, name: str, member_ids: Sequence[str],
                             description: str | None = None) -> Row:
    """A practitioner confirms a candidate group: a `PeerGroup` of their agency with a
    membership for each member, written in one statement once every member is checked to
    be visible (a member hidden in between writes nothing)."""
    justified(ctx)
    category = "intelligence" if ctx.agency == "police" else "context"
    if not ctx.access.allows(ctx.agency, category):
        raise Forbidden(f"your agency and role may not record {category} information")
    title = name.strip()
    if not title or len(title) > NAME_LIMIT:
        raise InvalidInput(f"name must be 1 to {NAME_LIMIT} characters", field="name")
    text = (description or "").strip() or None
    if text is not None and len(text) > TEXT_LIMIT:
        raise InvalidInput(f"description must be at most {TEXT_LIMIT} characters",
                           field="description")
    if not 2 <= len(member_ids) <= MAX_GROUP_MEMBERS:
        raise InvalidInput(f"memberIds must name 2 to {MAX_GROUP_MEMBERS} people",
                           field="memberIds")
    raws: list[str] = []
    for i, member in enumerate(member_ids):
        raw = _raw(member, f"memberIds[{i}]", PEOPLE)[1]
        if raw in raws:
            raise InvalidInput(f"memberIds[{i}]: this person is already named",
                               field=f"memberIds[{i}]")
        raws.append(raw)
    visible = {row["p"]["id"] for row in await ctx.store.run(
        "analytics_people", {"ids": raws, "scopes": ctx.scopes})}
    for i, raw in enumerate(raws):
        if raw not in visible:
            raise NotFound(f"memberIds[{i}]: no record you may see has this id",
                           field=f"memberIds[{i}]")
    now = datetime.now().replace(microsecond=0)
    stamp = {"owner": ctx.agency, "category": category,
             "scope": scope_of(ctx.agency, category), "source": SOURCE,
             "recorded_at": now.isoformat(), "recorded_by": ctx.actor}
    props = {"id": f"grp_{uuid.uuid4().hex}", **stamp, "name": title, "status": "confirmed",
             "confirmed_by": _confirmer(ctx), **({"description": text} if text else {})}
    memberships = [{"person_id": raw, "rel": {"id": f"rel_{uuid.uuid4().hex}", **stamp,
                                              "role": "member", "since": now.date().isoformat()}}
                   for raw in raws]
    row = await ctx.store.run_one("analytics_confirm_group", {
        "props": props, "member_ids": raws, "memberships": memberships, "scopes": ctx.scopes})
    if row is None:
        raise Conflict("a member changed or was removed while saving; nothing was saved: "
                       "check the members and send again", field="memberIds")
    ctx.disclosed.update(raws)
    return row["n"]  # type: ignore[no-any-return]


def _confirmer(ctx: RequestContext) -> str:
    principal = ctx.principal
    name = getattr(principal, "name", None) if principal is not None else None
    return str(name or ctx.actor)


# ---------------------------------------------------------------- shared checks

def justified(ctx: RequestContext) -> None:
    """Analytics name people, so they need the justification a person's record does."""
    if not ctx.justification:
        raise Forbidden(NEEDS_JUSTIFICATION)


def _disclose(ctx: RequestContext, nodes: dict[str, Node]) -> None:
    ctx.disclosed.update(n for n, node in nodes.items()
                         if node.get("kind") in {"child", "adult"})


def _raw(global_id: str, name: str, kinds: tuple[str, ...] | None = None) -> tuple[str, str]:
    try:
        type_name, raw = decode(global_id)
    except BadGlobalId:
        raise InvalidInput(f"{name} is not a valid id", field=name) from None
    if type_name not in TYPE_BY_KIND.values() and type_name not in {"Panel"}:
        raise InvalidInput(f"{name} is not the id of a record analytics can start from",
                           field=name)
    if kinds is not None and type_name not in kinds:
        raise InvalidInput(f"{name} must be the id of a {' or '.join(kinds)}, not of a "
                           f"{type_name}", field=name)
    return type_name, raw


async def _person(ctx: RequestContext, global_id: str, name: str) -> Node:
    type_name, raw = _raw(global_id, name, PEOPLE)
    row = await ctx.store.run_one("analytics_people", {"ids": [raw], "scopes": ctx.scopes})
    node = node_of(row["p"]) if row else None
    if node is None or TYPE_BY_KIND[node["kind"]] != type_name:
        raise NotFound(f"{name}: no record you may see has this id", field=name)
    return node


def node_of(row: Row) -> Node:
    """A projected node with its analytics kind; `labels` or `_labels` name its type."""
    labels = row.get("labels") or row.get("_labels") or []
    kind = next((KIND_BY_LABEL[label] for label in labels if label in KIND_BY_LABEL
                 and label not in {"Person"}), None)
    node = {key: value for key, value in row.items() if key not in {"labels", "_labels"}}
    node["kind"] = kind or "other"
    if node["kind"] == "incident" and not node.get("name"):
        node["name"] = " ".join(str(v) for v in (node.get("type"), node.get("reference")) if v)
    elif node["kind"] == "episode" and not node.get("name"):
        node["name"] = f"missing {str(node.get('reported_at') or '')[:10]}".strip()
    elif node["kind"] == "phone" and not node.get("name"):
        node["name"] = node.get("number")
    return node


def _depth(depth: int, limits: AnalysisLimits) -> None:
    if depth < 1:
        raise InvalidInput("depth must be at least 1", field="depth")
    try:
        limits.check_depth(depth)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large, "depth") from None


def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    if kinds is not None and not kinds:
        raise InvalidInput("kinds must name at least one kind of link", field="kinds")
    wanted = tuple(sorted(set(kinds or DEFAULT_PEER_KINDS)))
    unknown = [k for k in wanted if k not in PEER_KINDS]
    if unknown:
        raise InvalidInput(f"kinds: unknown kind {unknown[0]!r}", field="kinds")
    return wanted


def _window(since: str | None, until: str | None) -> Window | None:
    if since and until and since > until:
        raise InvalidInput("since must not be after until", field="since")
    if since is None and until is None:
        return None
    return (to_date(since), to_date(until))


def _bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Text bounds for ISO timestamps: the whole of the `until` day counts."""
    _window(since, until)
    return since, f"{until[:10]}T23:59:59" if until else None


def _short(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if len(text) > NAME_LIMIT:
        raise InvalidInput(f"{name} must be at most {NAME_LIMIT} characters", field=name)
    return text or None


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _checked(limits: AnalysisLimits, nodes: int, links: int) -> None:
    try:
        limits.check_size(nodes, links)
    except AnalysisTooLarge as too_large:
        raise _limit(too_large) from None


def _limit(too_large: AnalysisTooLarge, name: str | None = None) -> LimitExceeded:
    return LimitExceeded(str(too_large), field=name)
