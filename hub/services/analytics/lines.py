"""County lines: one line's profile, and every line with the children on them."""

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
    Broker,
    ChildOnLine,
    LineNetwork,
    build_graph,
    children_linked_to_lines,
    cross_line_brokers,
    line_network,
)
from hub.graph.store import Row
from hub.services.analytics.common import (
    Link,
    Node,
    day_of,
    disclose,
    justified,
    node_of,
    parse_id,
    too_large_error,
)
from hub.services.context import RequestContext


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


# ---------------------------------------------------------------- county lines

async def line_profile(ctx: RequestContext, line_id: str,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> LineProfile:
    """A line's phones, people (children picked out), places (cuckooed addresses picked
    out), exporting and importing areas, and its membership month by month."""
    justified(ctx)
    type_name, raw = parse_id(line_id, "lineId")
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
                      "strength": None, "first_seen": day_of(item.get("first_seen")),
                      "last_seen": day_of(item.get("last_seen"))})
    try:
        network = line_network(nodes.values(), links, raw, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    disclose(ctx, {m.id: nodes[m.id] for m in network.people})
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
                      "first_seen": day_of(rel.get("first_seen")),
                      "last_seen": day_of(rel.get("last_seen"))})
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
                          "first_seen": day_of(row.get("first_seen")),
                          "last_seen": day_of(row.get("last_seen"))})
    try:
        g = build_graph(nodes.values(), links, limits)  # type: ignore[arg-type]
        children = children_linked_to_lines(g, include_associates, limits)
        brokers = cross_line_brokers(g, limits)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    summaries = tuple(sorted((LineSummary(
        line_id, nodes[line_id].get("name"), nodes[line_id].get("status"),
        len(by_kind["child"] | by_kind["adult"]), len(by_kind["child"]), len(by_kind["place"]),
        len(by_kind["phone"])) for line_id, by_kind in counts.items()),
        key=lambda s: (s.name or "", s.id)))
    named = {c.child_id for c in children} | {t.via for c in children for t in c.lines if t.via}
    named |= {b.id for b in brokers if nodes[b.id]["kind"] in {"child", "adult"}}
    disclose(ctx, {n: nodes[n] for n in named})
    return LinesOverview(summaries, tuple(children), tuple(brokers), nodes)
