"""A person's peer network, grown hop by hop through what the caller may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hub.domain.errors import (
    InvalidInput,
)
from hub.graph.analytics import (
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    PeerNetworkMetrics,
    Window,
    build_graph,
    ego_network,
    peer_network_metrics,
)
from hub.graph.analytics.dates import overlaps_window
from hub.graph.store import Row
from hub.services.analytics.common import (
    Link,
    Node,
    check_depth,
    check_size,
    day_of,
    disclose,
    justified,
    node_of,
    too_large_error,
    visible_person,
    window_of,
)
from hub.services.context import RequestContext

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
    check_depth(depth, limits)
    wanted = _kinds(kinds)
    window = window_of(since, until)
    focus = await visible_person(ctx, child_id, "childId")
    grown = _Growth(nodes={focus["id"]: focus})
    frontier = [focus["id"]]
    for hop in range(1, depth + 2):
        if not frontier:
            break
        closing = hop > depth  # links among the people at the edge, and no one new
        ahead = set(frontier)
        rows = await ctx.store.run("analytics_peer_hop", {
            "frontier": frontier, "kinds": list(wanted), "cap": CONTEXT_CAP,
            "done": sorted(n for n in grown.nodes if n not in ahead), "closing": closing,
            "scopes": ctx.scopes,
        })
        frontier = sorted(_grow(grown, rows, window, closing))
        check_size(limits, len(grown.nodes), len(grown.links))
    briefs = await ctx.store.run("analytics_people_brief",
                                 {"ids": sorted(grown.nodes), "scopes": ctx.scopes})
    grown.nodes = {row["id"]: node_of(row) for row in briefs}
    try:
        g = build_graph(grown.nodes.values(), grown.links.values(), limits)  # type: ignore[arg-type]
        g = ego_network(g, focus["id"], depth, None, window, limits)
        metrics = peer_network_metrics(g, focus["id"], date.today(), limits=limits)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    hops: dict[str, int] = g.graph["hops"]
    people = {node: grown.nodes[node] for node in hops}
    links = tuple(data for _, _, data in g.edges(data=True))
    disclose(ctx, people)
    return PeerNetwork(focus["id"], depth, wanted, people, links, hops, metrics,
                       tuple(grown.notes))


def _grow(grown: _Growth, rows: list[Row], window: Window | None, closing: bool) -> set[str]:
    """Add one hop's links to the network; the people first reached here are returned."""
    reached: set[str] = set()
    for row in rows:
        other_id = row.get("other_id")
        if other_id is None:
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
        if other_id not in grown.nodes:
            if closing:
                continue
            grown.nodes[other_id] = {"id": other_id}  # named once the network is grown
            reached.add(other_id)
        grown.links.setdefault(link["id"], link)
    return reached


def _peer_link(row: Row) -> Link | None:
    source, target = row["source"], row["other_id"]
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
        "first_seen": day_of(first), "last_seen": day_of(last), "via": row.get("via"),
    }


def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    if kinds is not None and not kinds:
        raise InvalidInput("kinds must name at least one kind of link", field="kinds")
    wanted = tuple(sorted(set(kinds or DEFAULT_PEER_KINDS)))
    unknown = [k for k in wanted if k not in PEER_KINDS]
    if unknown:
        raise InvalidInput(f"kinds: unknown kind {unknown[0]!r}", field="kinds")
    return wanted
