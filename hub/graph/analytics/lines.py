"""County lines: who and what is on a line and how that changed month by month, the
people and places that tie lines together, and the children drawn into them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from hub.graph.analytics.dates import month_key, months_from, to_date
from hub.graph.analytics.graphs import betweenness_of
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import PERSON_KINDS, LinkDict, NodeDict

LINE_ROLE = "line_role"
CUCKOOED = "cuckooed_address"


@dataclass(frozen=True)
class LineMember(AsDict):
    """A person, place or phone on a line, with every role it was recorded in."""

    id: str
    kind: str | None
    name: str | None
    roles: tuple[str, ...]
    link_ids: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class MonthMembership(AsDict):
    """Who was on the line in one month, and who joined or dropped off since the last."""

    month: str  # YYYY-MM
    active: tuple[str, ...]
    joined: tuple[str, ...]
    left: tuple[str, ...]


@dataclass(frozen=True)
class LineNetwork(AsDict):
    """One county line as the caller may see it."""

    line_id: str
    name: str | None
    status: str | None
    phones: tuple[LineMember, ...]
    people: tuple[LineMember, ...]
    children: tuple[str, ...]
    places: tuple[LineMember, ...]
    cuckooed: tuple[str, ...]
    timeline: tuple[MonthMembership, ...]
    undated: tuple[str, ...]  # members with no first or last seen date: not in the timeline


@dataclass(frozen=True)
class Broker(AsDict):
    """Someone or somewhere linked to two or more lines."""

    id: str
    kind: str | None
    name: str | None
    lines: tuple[str, ...]
    roles: tuple[str, ...]
    betweenness: float


@dataclass(frozen=True)
class LineTie(AsDict):
    """A child's tie to a line: directly in `roles`, or `via` an associate who is on it."""

    line_id: str
    roles: tuple[str, ...]
    via: str | None


@dataclass(frozen=True)
class ChildOnLine(AsDict):
    """A child linked to one or more lines."""

    child_id: str
    name: str | None
    direct: bool
    lines: tuple[LineTie, ...]


def line_network(nodes: Iterable[NodeDict], links: Iterable[LinkDict], line_id: str,
                 limits: AnalysisLimits = DEFAULT_LIMITS) -> LineNetwork:
    """The phones, people (children picked out), places and cuckooed addresses on a line,
    and a month-by-month timeline of membership from first and last seen dates.

    A member with a first date but no last is taken as still on the line at the end of
    the timeline. A link to a node not in `nodes` is ignored, as `build_graph` does.

    >>> nodes = [{"id": "l1", "kind": "line", "name": "DEX"},
    ...          {"id": "kid", "kind": "child", "name": None},
    ...          {"id": "flat", "kind": "place", "name": None}]
    >>> links = [{"id": "r1", "source": "kid", "target": "l1", "kind": "line_role",
    ...           "role": "runner", "strength": None, "first_seen": "2025-01-10",
    ...           "last_seen": "2025-02-20"},
    ...          {"id": "r2", "source": "flat", "target": "l1", "kind": "line_role",
    ...           "role": "cuckooed_address", "strength": None, "first_seen": "2025-02-01",
    ...           "last_seen": "2025-03-05"}]
    >>> net = line_network(nodes, links, "l1")
    >>> net.children, net.cuckooed
    (('kid',), ('flat',))
    >>> [(m.month, m.active, m.joined, m.left) for m in net.timeline]
    [('2025-01', ('kid',), ('kid',), ()), ('2025-02', ('flat', 'kid'), ('flat',), ()), \
('2025-03', ('flat',), (), ('kid',))]
    """
    node_list = list(nodes)
    link_list = list(links)
    limits.check_size(len(node_list), len(link_list))
    by_id: dict[str, Mapping[str, Any]] = {node["id"]: node for node in node_list}
    line = by_id.get(line_id)

    found: dict[str, list[LinkDict]] = defaultdict(list)
    for link in link_list:
        if link["kind"] != LINE_ROLE or line_id not in (link["source"], link["target"]):
            continue
        other = link["target"] if link["source"] == line_id else link["source"]
        if other != line_id and other in by_id:
            found[other].append(link)

    members = [_member(by_id[other], own) for other, own in sorted(found.items())]
    phones = tuple(m for m in members if m.kind == "phone")
    people = tuple(m for m in members if m.kind in PERSON_KINDS)
    places = tuple(m for m in members if m.kind == "place")
    timeline, undated = _timeline(members)
    return LineNetwork(
        line_id=line_id,
        name=line.get("name") if line else None,
        status=line.get("status") if line else None,
        phones=phones,
        people=people,
        children=tuple(m.id for m in people if m.kind == "child"),
        places=places,
        cuckooed=tuple(m.id for m in places if CUCKOOED in m.roles),
        timeline=timeline,
        undated=undated,
    )


def cross_line_brokers(g: nx.MultiGraph,
                       limits: AnalysisLimits = DEFAULT_LIMITS) -> list[Broker]:
    """People, places and phones linked to two or more lines, ranked by betweenness on the
    bipartite graph of lines and their members (only line links count here, not the
    associations around them), then by how many lines they touch.

    >>> g = nx.MultiGraph()
    >>> g.add_nodes_from([("l1", {"kind": "line"}), ("l2", {"kind": "line"}),
    ...                   ("bro", {"kind": "adult", "name": None})])
    >>> g.add_edge("bro", "l1", key="r1", kind="line_role", role="controller")
    'r1'
    >>> g.add_edge("bro", "l2", key="r2", kind="line_role", role="runner")
    'r2'
    >>> [(b.id, b.lines, b.roles) for b in cross_line_brokers(g)]
    [('bro', ('l1', 'l2'), ('controller', 'runner'))]
    """
    limits.check_size(g.number_of_nodes(), g.number_of_edges())
    on_line = _memberships(g)
    bipartite = _line_bipartite(on_line)
    betweenness, _ = betweenness_of(bipartite)
    brokers = []
    for node, lines in on_line.items():
        if len(lines) < 2:
            continue
        brokers.append(Broker(
            id=node, kind=g.nodes[node].get("kind"), name=g.nodes[node].get("name"),
            lines=tuple(sorted(lines)),
            roles=tuple(sorted(set().union(*lines.values()))),
            betweenness=betweenness[node],
        ))
    brokers.sort(key=lambda b: (-b.betweenness, -len(b.lines), b.id))
    return brokers


def children_linked_to_lines(g: nx.MultiGraph, include_associates: bool = False,
                             limits: AnalysisLimits = DEFAULT_LIMITS) -> list[ChildOnLine]:
    """Children on a line, and with `include_associates` also children one link from a
    person who is on a line. Children directly on a line come first.

    >>> g = nx.MultiGraph()
    >>> g.add_nodes_from([("l1", {"kind": "line"}), ("kid", {"kind": "child"}),
    ...                   ("pal", {"kind": "child"})])
    >>> g.add_edge("kid", "l1", key="r1", kind="line_role", role="runner")
    'r1'
    >>> g.add_edge("kid", "pal", key="r2", kind="association", context="peer")
    'r2'
    >>> [(c.child_id, c.direct) for c in children_linked_to_lines(g, include_associates=True)]
    [('kid', True), ('pal', False)]
    """
    limits.check_size(g.number_of_nodes(), g.number_of_edges())
    on_line = _memberships(g)

    found = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "child":
            continue
        ties = [LineTie(line, tuple(sorted(roles)), None)
                for line, roles in sorted(on_line.get(node, {}).items())]
        direct = bool(ties)
        if include_associates:
            for other in sorted(g.adj[node]):
                if other == node or other not in on_line:
                    continue
                if g.nodes[other].get("kind") not in PERSON_KINDS:
                    continue
                if not any(d.get("kind") != LINE_ROLE for d in g.adj[node][other].values()):
                    continue
                ties.extend(LineTie(line, tuple(sorted(roles)), other)
                            for line, roles in sorted(on_line[other].items()))
        if ties:
            found.append(ChildOnLine(node, attrs.get("name"), direct, tuple(ties)))
    found.sort(key=lambda c: (not c.direct, -len({t.line_id for t in c.lines}), c.child_id))
    return found


def _member(node: Mapping[str, Any], own: list[LinkDict]) -> LineMember:
    firsts = sorted(f for link in own if (f := link.get("first_seen")))
    lasts = sorted(s for link in own if (s := link.get("last_seen")))
    return LineMember(
        id=node["id"], kind=node.get("kind"), name=node.get("name"),
        roles=tuple(sorted({str(link.get("role") or "unknown") for link in own})),
        link_ids=tuple(sorted(link["id"] for link in own)),
        first_seen=firsts[0] if firsts else None,
        last_seen=lasts[-1] if lasts else None,
    )


def _timeline(members: list[LineMember]) -> tuple[tuple[MonthMembership, ...], tuple[str, ...]]:
    spans: dict[str, tuple[str, str | None]] = {}
    undated = []
    days: list[date] = []
    for member in members:
        first, last = to_date(member.first_seen), to_date(member.last_seen)
        if first is None and last is None:
            undated.append(member.id)
            continue
        start = first or last
        assert start is not None
        spans[member.id] = (month_key(start), month_key(last) if last else None)
        days.extend(d for d in (first, last) if d)
    if not spans:
        return (), tuple(undated)
    timeline = []
    previous: set[str] = set()
    for month in months_from(min(days), max(days)):
        active = {m for m, (start, end) in spans.items()
                  if start <= month and (end is None or month <= end)}
        timeline.append(MonthMembership(month, tuple(sorted(active)),
                                        tuple(sorted(active - previous)),
                                        tuple(sorted(previous - active))))
        previous = active
    return tuple(timeline), tuple(undated)


def _memberships(g: nx.MultiGraph) -> dict[str, dict[str, set[str]]]:
    """Each member's lines and its roles on each, from line links between a line and a
    node that is not a line."""
    on_line: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in g.edges(data=True):
        if data.get("kind") != LINE_ROLE:
            continue
        kinds = (g.nodes[u].get("kind"), g.nodes[v].get("kind"))
        if kinds.count("line") != 1:
            continue
        member, line = (u, v) if kinds[1] == "line" else (v, u)
        on_line[member][line].add(str(data.get("role") or "unknown"))
    return on_line


def _line_bipartite(on_line: dict[str, dict[str, set[str]]]) -> nx.Graph:
    """Lines and their members joined by line links only, built in sorted order."""
    pairs = sorted((member, line) for member, lines in on_line.items() for line in lines)
    bipartite: nx.Graph = nx.Graph()
    bipartite.add_nodes_from(sorted({n for pair in pairs for n in pair}))
    bipartite.add_edges_from(pairs)
    return bipartite
