"""How one child is connected to another person, a place or a county line: the shortest
routes through what the caller may see.

A route can only use links in the input, so a link the caller may not see cannot carry
a route, and a route's absence says nothing about what exists beyond the caller's view.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from hub.graph.analytics.graphs import collapse, filtered, specific_kind
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import Window


@dataclass(frozen=True)
class Hop(AsDict):
    """One step of a route, with every visible link that joins its two ends."""

    source: str
    target: str
    link_ids: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Route(AsDict):
    """A simple path from source to target."""

    nodes: tuple[str, ...]
    node_kinds: tuple[str | None, ...]
    hops: tuple[Hop, ...]
    length: int

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(link for hop in self.hops for link in hop.link_ids)


def shortest_routes(g: nx.MultiGraph, source: str, target: str, max_length: int, k: int = 3,
                    window: Window | None = None, kinds: set[str] | None = None,
                    limits: AnalysisLimits = DEFAULT_LIMITS) -> list[Route]:
    """Up to `k` shortest simple routes of at most `max_length` hops, shortest first.

    Routes are counted by the people, places and lines they pass through: two links
    between the same pair (say an association and a sibling tie) make one hop that lists
    both. Only links in `kinds` (when given) seen in `window` (when given) are used.
    An end missing from `g`, or the same node at both ends, has no route.

    >>> g = nx.MultiGraph()
    >>> g.add_nodes_from([("ann", {"kind": "child"}), ("ben", {"kind": "child"}),
    ...                   ("max", {"kind": "adult"})])
    >>> g.add_edge("ann", "ben", key="r1", kind="association", context="peer")
    'r1'
    >>> g.add_edge("ben", "max", key="r2", kind="exploitation")
    'r2'
    >>> [(r.nodes, r.link_ids) for r in shortest_routes(g, "ann", "max", max_length=3)]
    [(('ann', 'ben', 'max'), ('r1', 'r2'))]
    >>> shortest_routes(g, "ann", "max", max_length=1)
    []
    """
    limits.check_path_length(max_length)
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    limits.check_size(g.number_of_nodes(), g.number_of_edges())
    if source not in g or target not in g or source == target:
        return []
    usable = filtered(g, None if kinds is None else frozenset(kinds), window)
    simple = collapse(usable)
    try:
        if nx.shortest_path_length(simple, source, target) > max_length:
            return []
    except nx.NetworkXNoPath:
        return []
    routes = []
    for path in islice(nx.shortest_simple_paths(simple, source, target), k):
        if len(path) - 1 > max_length:
            break
        routes.append(_route(usable, path))
    return routes


def _route(g: nx.MultiGraph, path: list[str]) -> Route:
    hops = []
    for u, v in zip(path, path[1:], strict=False):
        links = g.get_edge_data(u, v)
        ids = tuple(sorted(links))
        hops.append(Hop(u, v, ids, tuple(specific_kind(links[i]) for i in ids)))
    return Route(
        nodes=tuple(path),
        node_kinds=tuple(g.nodes[node].get("kind") for node in path),
        hops=tuple(hops),
        length=len(hops),
    )

