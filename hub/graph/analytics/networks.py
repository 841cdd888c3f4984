"""A child's peer network: who is in it, how it falls into groups, who bridges them,
which adults stand around it, and which ties protect rather than harm.

The metrics are computed on the people in the graph and the links between them; places,
phones and lines are contexts, looked at by their own analytics.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from hub.graph.analytics.communities import stable_groups
from hub.graph.analytics.dates import age_on, years_between
from hub.graph.analytics.graphs import (
    betweenness_of,
    collapse,
    edges_matching,
    link_kinds,
    people_only,
    specific_kind,
)
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import PROTECTIVE_KINDS, RISK_KINDS, Window

COMMUNITY_SEED = 20250304
EIGENVECTOR_MAX_ITER = 500
EIGENVECTOR_TOL = 1e-6
# An older relative, carer or youth worker is expected; an age gap is only of interest
# when something other than these links ties the two.
AGE_GAP_IGNORES: frozenset[str] = frozenset({"family", "sibling"}) | PROTECTIVE_KINDS
ADULT_AGE = 18


@dataclass(frozen=True)
class Community(AsDict):
    """A sub-group found in the network (a candidate, for a practitioner to confirm)."""

    index: int
    members: tuple[str, ...]
    children: int
    adults: int
    density: float  # links among the members over the pairs they make
    confidence: float  # how sure the consensus runs were; see `communities`


@dataclass(frozen=True)
class Bridge(AsDict):
    """A person whose links reach into two or more sub-groups."""

    person_id: str
    communities: tuple[int, ...]
    betweenness: float


@dataclass(frozen=True)
class AdultInNetwork(AsDict):
    """An adult in the network and how far they stand from the focus child."""

    person_id: str
    name: str | None
    age: int | None
    of_concern: bool
    hops: int | None  # None when no visible route joins them to the focus
    linked_children: tuple[str, ...]


@dataclass(frozen=True)
class AgeGap(AsDict):
    """Two linked people far apart in age."""

    older_id: str
    younger_id: str
    years: float
    older_age: int | None
    younger_age: int | None
    adult_child: bool
    link_ids: tuple[str, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Tie(AsDict):
    """One link, named by its most specific kind (an association by its context)."""

    link_id: str
    source: str
    target: str
    kind: str
    strength: float | None
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class PeerNetworkMetrics(AsDict):
    """Everything an analyst reads off a peer network in one pass."""

    focus_id: str
    people: int
    links: int
    communities: tuple[Community, ...]
    community_of: Mapping[str, int]
    betweenness: Mapping[str, float]
    betweenness_samples: int | None  # None when exact
    degree: Mapping[str, float]
    eigenvector: Mapping[str, float]
    eigenvector_fallback: bool  # True when some component fell back to degree
    bridges: tuple[Bridge, ...]
    adults: tuple[AdultInNetwork, ...]
    age_gaps: tuple[AgeGap, ...]
    protective_ties: tuple[Tie, ...]
    risk_ties: tuple[Tie, ...]


def ego_network(g: nx.MultiGraph, focus_id: str, depth: int, kinds: set[str] | None = None,
                window: Window | None = None,
                limits: AnalysisLimits = DEFAULT_LIMITS) -> nx.MultiGraph:
    """The part of `g` within `depth` links of the focus, through links of `kinds` seen in
    `window` only. The result keeps every such link among the nodes it reaches, and
    records each node's distance in `result.graph["hops"]`.

    A focus not in `g` has no network: the caller may not see it, so the result is empty.

    >>> g = nx.MultiGraph()
    >>> g.add_edge("ann", "ben", key="r1", kind="association", context="peer")
    'r1'
    >>> g.add_edge("ben", "cal", key="r2", kind="sibling")
    'r2'
    >>> sorted(ego_network(g, "ann", 2, kinds={"association"}).nodes)
    ['ann', 'ben']
    """
    limits.check_depth(depth)
    out: nx.MultiGraph = nx.MultiGraph()
    if focus_id not in g:
        out.graph["hops"] = {}
        return out
    wanted = None if kinds is None else frozenset(kinds)
    sub = g.edge_subgraph(
        [(u, v, k) for u, v, k, _ in edges_matching(g, wanted, window)]
    )
    hops = {focus_id: 0}
    queue = deque([focus_id])
    while queue:
        node = queue.popleft()
        if hops[node] == depth or node not in sub:
            continue
        for neighbour in sub.adj[node]:
            if neighbour not in hops:
                hops[neighbour] = hops[node] + 1
                queue.append(neighbour)
    limits.check_size(len(hops))
    out.add_nodes_from((node, g.nodes[node]) for node in sorted(hops))
    for u, v, key, data in sub.subgraph(hops).edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **data)
    limits.check_size(out.number_of_nodes(), out.number_of_edges())
    out.graph["hops"] = hops
    return out


def peer_network_metrics(g: nx.MultiGraph, focus_id: str, today: date,
                         min_age_gap_years: float = 5.0,
                         limits: AnalysisLimits = DEFAULT_LIMITS,
                         seed: int = COMMUNITY_SEED) -> PeerNetworkMetrics:
    """Communities, centralities, bridges, adults, age gaps and protective ties of `g`.

    Communities are the consensus of seeded Leiden runs on the people graph collapsed to
    one edge per pair, weighted by summed link strength, with dense pieces joined and
    groups under three left out (`communities` has the rules), so the same visible network
    always splits the same way and one dense group is never shown as several. Betweenness
    and degree count hops, not strength; eigenvector centrality uses strength. Betweenness
    is exact (igraph) while it fits `graphs.BETWEENNESS_WORK_BUDGET` and estimated from a
    seeded sample beyond.

    >>> g = nx.MultiGraph()
    >>> for n, kind, dob in [("ann", "child", "2010-01-01"), ("ben", "child", "2010-05-01"),
    ...                      ("max", "adult", "1990-01-01")]:
    ...     g.add_node(n, kind=kind, dob=dob, name=None, of_concern=n == "max")
    >>> g.add_edge("ann", "ben", key="r1", kind="association", strength=0.9)
    'r1'
    >>> g.add_edge("ben", "max", key="r2", kind="association", strength=0.4)
    'r2'
    >>> m = peer_network_metrics(g, "ann", date(2025, 1, 1))
    >>> [(a.person_id, a.hops) for a in m.adults]
    [('max', 2)]
    >>> [(gap.older_id, gap.younger_id, gap.adult_child) for gap in m.age_gaps]
    [('max', 'ben', True)]
    """
    limits.check_size(g.number_of_nodes(), g.number_of_edges())
    people = people_only(g)
    simple = collapse(people)
    n = simple.number_of_nodes()

    communities, community_of = _communities(simple, people, today, seed)
    betweenness, samples = betweenness_of(simple)
    degree = {node: round(value, 6) for node, value in nx.degree_centrality(simple).items()}
    eigenvector, fell_back = _eigenvector(simple)
    hops = _hops(simple, focus_id)

    return PeerNetworkMetrics(
        focus_id=focus_id,
        people=n,
        links=people.number_of_edges(),
        communities=communities,
        community_of=community_of,
        betweenness=betweenness,
        betweenness_samples=samples,
        degree=degree,
        eigenvector=eigenvector,
        eigenvector_fallback=fell_back,
        bridges=_bridges(simple, community_of, betweenness),
        adults=_adults(simple, people, hops, today),
        age_gaps=_age_gaps(simple, people, today, min_age_gap_years),
        protective_ties=_ties(g, protective=True),
        risk_ties=_ties(g, protective=False),
    )


def _is_adult(attrs: Mapping[str, Any], today: date) -> bool:
    age = age_on(attrs.get("dob"), today)
    return attrs.get("kind") == "adult" if age is None else age >= ADULT_AGE


def _communities(simple: nx.Graph, people: nx.MultiGraph, today: date,
                 seed: int) -> tuple[tuple[Community, ...], dict[str, int]]:
    communities: list[Community] = []
    community_of: dict[str, int] = {}
    for index, group in enumerate(stable_groups(simple, seed)):
        adults = sum(_is_adult(people.nodes[m], today) for m in group.members)
        communities.append(Community(index, group.members, len(group.members) - adults, adults,
                                     group.density, group.confidence))
        community_of.update({member: index for member in group.members})
    return tuple(communities), community_of


def _eigenvector(simple: nx.Graph) -> tuple[dict[str, float], bool]:
    """Eigenvector centrality per connected component, so a disconnected network does not
    leave every component but the largest at zero. Each component's vector is scaled by
    the square root of its share of people, which makes the result equal networkx's own
    for a connected network. A component that does not converge falls back to degree."""
    n = simple.number_of_nodes()
    out: dict[str, float] = {}
    fell_back = False
    for component in nx.connected_components(simple):
        if len(component) == 1:
            out.update(dict.fromkeys(component, 0.0))
            continue
        order = sorted(component)
        try:
            values = _power_iteration(simple, order)
        except nx.PowerIterationFailedConvergence:
            fell_back = True
            degrees = [simple.degree(node, weight="weight") for node in order]
            norm = math.sqrt(sum(d * d for d in degrees)) or 1.0
            values = [d / norm for d in degrees]
        scale = math.sqrt(len(component) / n)
        out.update({node: round(value * scale, 6) for node, value in zip(order, values,
                                                                         strict=True)})
    return out, fell_back


def _power_iteration(simple: nx.Graph, order: list[str]) -> list[float]:
    """The weighted eigenvector of one component, as `nx.eigenvector_centrality` computes
    it (the same start, shift by the identity and stopping rule), over plain lists: the
    networkx version walks subgraph views and is about twenty times slower here."""
    index = {node: i for i, node in enumerate(order)}
    neighbours = [[(index[other], float(data.get("weight", 1.0)))
                   for other, data in simple.adj[node].items()] for node in order]
    size = len(order)
    x = [1.0 / size] * size
    for _ in range(EIGENVECTOR_MAX_ITER):
        new = x[:]
        for i, row in enumerate(neighbours):
            xi = x[i]
            for j, weight in row:
                new[j] += xi * weight
        norm = math.sqrt(sum(v * v for v in new)) or 1.0
        new = [v / norm for v in new]
        if sum(abs(a - b) for a, b in zip(new, x, strict=True)) < size * EIGENVECTOR_TOL:
            return new
        x = new
    raise nx.PowerIterationFailedConvergence(EIGENVECTOR_MAX_ITER)


def _hops(simple: nx.Graph, focus_id: str) -> dict[str, int]:
    if focus_id not in simple:
        return {}
    return dict(nx.single_source_shortest_path_length(simple, focus_id))


def _bridges(simple: nx.Graph, community_of: Mapping[str, int],
             betweenness: Mapping[str, float]) -> tuple[Bridge, ...]:
    bridges = []
    for node in simple:
        reached = sorted({community_of[other] for other in simple.adj[node]
                          if other in community_of})
        if len(reached) >= 2:
            bridges.append(Bridge(node, tuple(reached), betweenness[node]))
    bridges.sort(key=lambda b: (-b.betweenness, -len(b.communities), b.person_id))
    return tuple(bridges)


def _adults(simple: nx.Graph, people: nx.MultiGraph, hops: Mapping[str, int],
            today: date) -> tuple[AdultInNetwork, ...]:
    adults = []
    for node in simple:
        attrs = people.nodes[node]
        if not _is_adult(attrs, today):
            continue
        children = tuple(sorted(
            other for other in simple.adj[node] if not _is_adult(people.nodes[other], today)
        ))
        adults.append(AdultInNetwork(
            person_id=node, name=attrs.get("name"), age=age_on(attrs.get("dob"), today),
            of_concern=bool(attrs.get("of_concern")), hops=hops.get(node),
            linked_children=children,
        ))
    adults.sort(key=lambda a: (a.hops is None, a.hops or 0, not a.of_concern, a.person_id))
    return tuple(adults)


def _age_gaps(simple: nx.Graph, people: nx.MultiGraph, today: date,
              min_years: float) -> tuple[AgeGap, ...]:
    gaps = []
    for u, v in simple.edges:
        a, b = people.nodes[u], people.nodes[v]
        years = years_between(a.get("dob"), b.get("dob"))
        if years is None or years < min_years:
            continue
        links = people.get_edge_data(u, v)
        kinds = sorted({specific_kind(data) for data in links.values()})
        if set(kinds) <= AGE_GAP_IGNORES:
            continue
        older, younger = (u, v) if a["dob"] <= b["dob"] else (v, u)
        older_attrs, younger_attrs = people.nodes[older], people.nodes[younger]
        gaps.append(AgeGap(
            older_id=older, younger_id=younger, years=years,
            older_age=age_on(older_attrs.get("dob"), today),
            younger_age=age_on(younger_attrs.get("dob"), today),
            adult_child=_is_adult(older_attrs, today) and not _is_adult(younger_attrs, today),
            link_ids=tuple(sorted(links)), kinds=tuple(kinds),
        ))
    gaps.sort(key=lambda gap: (not gap.adult_child, -gap.years, gap.older_id, gap.younger_id))
    return tuple(gaps)


def _ties(g: nx.MultiGraph, protective: bool) -> tuple[Tie, ...]:
    """Protective ties are trusted-adult and positive-activity links. Risk ties are links
    whose kind signals harm, and any other link to an adult recorded as of concern."""
    ties = []
    for u, v, key, data in g.edges(keys=True, data=True):
        kinds = link_kinds(data)
        is_protective = bool(kinds & PROTECTIVE_KINDS)
        if protective != is_protective:
            continue
        if not protective:
            of_concern = g.nodes[u].get("of_concern") or g.nodes[v].get("of_concern")
            if not (kinds & RISK_KINDS or of_concern):
                continue
        source, target = data.get("source", u), data.get("target", v)
        ties.append(Tie(
            link_id=key, source=source, target=target,
            kind=specific_kind(data),
            strength=data.get("strength"), first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
        ))
    ties.sort(key=lambda t: (t.kind, t.link_id))
    return tuple(ties)
