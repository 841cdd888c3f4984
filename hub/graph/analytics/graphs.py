"""Building the analysis graph from the projected dicts, and the views the analytics share.

Everything here is deterministic whatever order the rows arrive in: the simple graphs are
built from sorted nodes and edges, so a seeded community search gives the same answer
for the same visible subgraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import igraph as ig
import networkx as nx

from hub.graph.analytics.dates import overlaps_window
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.shapes import PERSON_KINDS, LinkDict, NodeDict, Window

DEFAULT_STRENGTH = 0.5

BETWEENNESS_SEED = 7
# Betweenness costs about one breadth-first search per source, each (nodes + links)
# steps: in igraph's C, some tens of nanoseconds a step here (networkx takes about a
# microsecond). It is exact while that fits this budget (well under a second), which
# covers every network inside the default limits; beyond it, networkx from a seeded
# sample of as many sources as fit, never fewer than the minimum.
BETWEENNESS_WORK_BUDGET = 150_000_000
BETWEENNESS_MIN_SAMPLES = 64

EdgeView = tuple[str, str, str, dict[str, Any]]


def build_graph(nodes: Iterable[NodeDict], links: Iterable[LinkDict],
                limits: AnalysisLimits = DEFAULT_LIMITS) -> nx.MultiGraph:
    """An undirected multigraph: one node per node dict, one edge (keyed by link id) per link.

    A link whose end is not among the nodes is dropped rather than given a bare node:
    the end is something the caller may not see, and a node with no attributes would
    still show that it exists.

    >>> g = build_graph([{"id": "a", "kind": "child"}, {"id": "b", "kind": "child"}],
    ...                 [{"id": "r1", "source": "a", "target": "b", "kind": "sibling",
    ...                   "strength": None, "first_seen": None, "last_seen": None},
    ...                  {"id": "r2", "source": "a", "target": "hidden", "kind": "association",
    ...                   "strength": 0.9, "first_seen": None, "last_seen": None}])
    >>> sorted(g.edges(keys=True))
    [('a', 'b', 'r1')]
    """
    node_list = list(nodes)
    link_list = list(links)
    limits.check_size(len(node_list), len(link_list))
    g: nx.MultiGraph = nx.MultiGraph()
    for node in node_list:
        g.add_node(node["id"], **node)
    for link in link_list:
        if link["source"] in g and link["target"] in g:
            g.add_edge(link["source"], link["target"], key=link["id"], **link)
    return g


def link_kinds(data: dict[str, Any]) -> frozenset[str]:
    """The kinds a link answers to: its own, plus an association's context.

    So a filter on `co_offending` finds both a `co_offending` link and an `association`
    whose context is `co_offending`, and a filter on `association` finds every association.

    >>> sorted(link_kinds({"kind": "association", "context": "trusted_adult"}))
    ['association', 'trusted_adult']
    """
    kind = data.get("kind") or ""
    context = data.get("context")
    if kind == "association" and context:
        return frozenset({kind, context})
    return frozenset({kind})


def specific_kind(data: dict[str, Any]) -> str:
    """A link's most specific kind: an association's context when it has one.

    >>> specific_kind({"kind": "association", "context": "co_offending"})
    'co_offending'
    """
    kind = data.get("kind") or ""
    context = data.get("context")
    return str(context) if kind == "association" and context else str(kind)


def strength_of(data: dict[str, Any]) -> float:
    """A link's strength, or the default when the recorder gave none."""
    value = data.get("strength")
    return DEFAULT_STRENGTH if value is None else float(value)


def is_person(g: nx.MultiGraph, node: str) -> bool:
    return g.nodes[node].get("kind") in PERSON_KINDS


def edges_matching(g: nx.MultiGraph, kinds: set[str] | frozenset[str] | None = None,
                   window: Window | None = None) -> Iterator[EdgeView]:
    """The edges of `g` whose kind is in `kinds` and whose seen span overlaps `window`."""
    for u, v, key, data in g.edges(keys=True, data=True):
        if kinds is not None and not (link_kinds(data) & kinds):
            continue
        if not overlaps_window(data.get("first_seen"), data.get("last_seen"), window):
            continue
        yield u, v, key, data


def filtered(g: nx.MultiGraph, kinds: set[str] | frozenset[str] | None = None,
             window: Window | None = None) -> nx.MultiGraph:
    """A copy of `g` with every node but only the links matching `kinds` and `window`."""
    out: nx.MultiGraph = nx.MultiGraph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, key, data in edges_matching(g, kinds, window):
        out.add_edge(u, v, key=key, **data)
    return out


def people_only(g: nx.MultiGraph) -> nx.MultiGraph:
    """The people in `g` and the links between them: the peer network proper."""
    return g.subgraph([n for n in g if is_person(g, n)])


def collapse(g: nx.MultiGraph) -> nx.Graph:
    """A simple graph with one edge per linked pair, weighted by the sum of link strengths.

    Nodes and edges are added in sorted order so that seeded algorithms are repeatable.

    >>> m = nx.MultiGraph()
    >>> m.add_edge("a", "b", key="r1", strength=0.8)
    'r1'
    >>> m.add_edge("a", "b", key="r2", strength=None)
    'r2'
    >>> collapse(m)["a"]["b"]["weight"]
    1.3
    """
    weights: dict[tuple[str, str], float] = {}
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if u <= v else (v, u)
        weights[pair] = weights.get(pair, 0.0) + strength_of(data)
    simple: nx.Graph = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    for (u, v) in sorted(weights):
        simple.add_edge(u, v, weight=round(weights[(u, v)], 6))
    return simple


def betweenness_of(simple: nx.Graph) -> tuple[dict[str, float], int | None]:
    """Normalised betweenness (by hops) and the number of sampled sources, None if exact.

    >>> betweenness_of(nx.path_graph(["a", "b", "c"]))
    ({'a': 0.0, 'b': 1.0, 'c': 0.0}, None)
    """
    n = simple.number_of_nodes()
    per_source = n + simple.number_of_edges()
    affordable = max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_WORK_BUDGET // max(per_source, 1))
    if affordable < n:
        values = nx.betweenness_centrality(simple, k=affordable, normalized=True,
                                           seed=BETWEENNESS_SEED)
        return {node: round(value, 6) for node, value in values.items()}, affordable
    return exact_betweenness(simple), None


def exact_betweenness(simple: nx.Graph) -> dict[str, float]:
    """Betweenness by hops in igraph, normalised as networkx normalises it for an
    undirected graph (over the (n-1)(n-2)/2 pairs a node could stand between).

    >>> exact_betweenness(nx.star_graph(["hub", "a", "b", "c"]))["hub"]
    1.0
    """
    order = list(simple.nodes)
    n = len(order)
    if n < 3:
        return dict.fromkeys(order, 0.0)
    index = {node: i for i, node in enumerate(order)}
    graph = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in simple.edges if u != v])
    scale = 2.0 / ((n - 1) * (n - 2))
    return {node: round(value * scale, 6)
            for node, value in zip(order, graph.betweenness(directed=False), strict=True)}
