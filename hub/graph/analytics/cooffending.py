"""Co-offending networks: young people tied by the incidents they are suspected in
together, and the clusters those ties fall into (for the YVIU's early sight of groups
drifting toward serious violence).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import networkx as nx

from hub.graph.analytics.communities import stable_groups
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import ParticipationRow

# Victims and witnesses share an incident with suspects but do not offend with them.
CO_OFFENDING_ROLES: frozenset[str] = frozenset({"suspect"})
CLUSTER_SEED = 20250304


@dataclass(frozen=True)
class Cluster(AsDict):
    """A group of people who offend together more than with others; its towns and dates
    are those of the incidents members share with each other."""

    index: int
    members: tuple[str, ...]
    size: int
    incident_ids: tuple[str, ...]  # incidents shared by two or more members
    internal_links: int
    density: float
    towns: tuple[str, ...]
    first: str | None
    last: str | None
    central_member: str  # the most shared incidents inside the cluster
    repeat_pairs: int  # linked pairs who offended together more than once
    shared_per_pair: float  # shared incidents per linked pair, on average
    cohesion: float  # density x shared_per_pair: what the clusters are ranked by
    confidence: float  # how sure the consensus runs were of this cluster
    why: str  # the ranking, in words


def co_offending_network(incidents: Iterable[ParticipationRow],
                         roles: frozenset[str] = CO_OFFENDING_ROLES,
                         limits: AnalysisLimits = DEFAULT_LIMITS) -> nx.Graph:
    """People in a counted role, linked when they share incidents.

    Each edge has `weight` (shared incidents), `incidents` (their ids), `towns`, `first`
    and `last` (when). Each person has `incidents` (how many they were counted in), `towns`,
    `first` and `last`. A person alone in every incident is still a node, with no links.

    >>> rows = [
    ...     {"incident_id": "i1", "person_id": "ann", "role": "suspect",
    ...      "occurred_at": "2025-01-02", "town": "Northampton"},
    ...     {"incident_id": "i1", "person_id": "ben", "role": "suspect",
    ...      "occurred_at": "2025-01-02", "town": "Northampton"},
    ...     {"incident_id": "i1", "person_id": "vic", "role": "victim",
    ...      "occurred_at": "2025-01-02", "town": "Northampton"},
    ... ]
    >>> g = co_offending_network(rows)
    >>> sorted(g.nodes), g["ann"]["ben"]["weight"]
    (['ann', 'ben'], 1)
    """
    rows = [row for row in incidents if row["role"] in roles]
    people = {row["person_id"] for row in rows}
    limits.check_size(len(people), len(rows))

    by_incident: dict[str, list[ParticipationRow]] = defaultdict(list)
    for row in rows:
        by_incident[row["incident_id"]].append(row)

    g: nx.Graph = nx.Graph()
    for person in sorted(people):
        g.add_node(person, incidents=0, towns=(), first=None, last=None)
    for incident_id in sorted(by_incident):
        members = by_incident[incident_id]
        when = min((d for r in members if (d := r["occurred_at"])), default=None)
        town = next((r.get("town") for r in members if r.get("town")), None)
        persons = sorted({r["person_id"] for r in members})
        for person in persons:
            attrs = g.nodes[person]
            attrs["incidents"] += 1
            if town and town not in attrs["towns"]:
                attrs["towns"] = tuple(sorted((*attrs["towns"], town)))
            _stretch(attrs, when)
        for a, b in combinations(persons, 2):
            if not g.has_edge(a, b):
                g.add_edge(a, b, weight=0, incidents=(), towns=(), first=None, last=None)
                limits.check_size(g.number_of_nodes(), g.number_of_edges())
            edge = g[a][b]
            edge["weight"] += 1
            edge["incidents"] = (*edge["incidents"], incident_id)
            if town and town not in edge["towns"]:
                edge["towns"] = tuple(sorted((*edge["towns"], town)))
            _stretch(edge, when)
    return g


def clusters(g: nx.Graph, min_size: int = 3, seed: int = CLUSTER_SEED,
             limits: AnalysisLimits = DEFAULT_LIMITS) -> list[Cluster]:
    """Clusters of at least `min_size` people, the most cohesive first.

    The clusters are the stable groups of `communities` on shared-incident weights, so a
    large connected network splits into the groups that offend together most rather than
    showing as one blob. They are ranked by cohesion, density times the shared incidents
    per linked pair: a cluster where every pair offended together again and again comes
    before a loose one that is merely large. Ties go to the larger, then by first member.

    >>> rows = [{"incident_id": f"i{n}", "person_id": p, "role": "suspect",
    ...          "occurred_at": f"2025-01-0{n}"}
    ...         for n, pair in enumerate([("ann", "ben"), ("ben", "cal"), ("ann", "cal")], 1)
    ...         for p in pair]
    >>> [(c.members, c.incident_ids, c.cohesion) for c in clusters(co_offending_network(rows))]
    [(('ann', 'ben', 'cal'), ('i1', 'i2', 'i3'), 1.0)]
    """
    limits.check_size(g.number_of_nodes(), g.number_of_edges())
    if g.number_of_nodes() == 0:
        return []
    found = []
    for group in stable_groups(_ordered(g), seed, min_size=min_size):
        members = list(group.members)
        inside = g.subgraph(members)
        incident_ids = sorted({i for _, _, ids in inside.edges(data="incidents") for i in ids})
        # what the members did together, or a lone member's own record
        spans = ([d for _, _, d in inside.edges(data=True)] if inside.number_of_edges()
                 else [g.nodes[m] for m in members])
        towns = sorted({t for d in spans for t in d.get("towns", ())})
        firsts = [d["first"] for d in spans if d.get("first")]
        lasts = [d["last"] for d in spans if d.get("last")]
        strength = dict(inside.degree(weight="weight"))
        central = min(members, key=lambda m: (-strength[m], m))
        weights = [w for _, _, w in inside.edges(data="weight")]
        pairs = len(weights)
        shared = round(sum(weights) / pairs, 2) if pairs else 0.0
        repeat = sum(1 for w in weights if w > 1)
        cohesion = round(group.density * shared, 4)
        found.append((cohesion, Cluster(
            index=0, members=tuple(members), size=len(members),
            incident_ids=tuple(incident_ids), internal_links=pairs, density=group.density,
            towns=tuple(towns), first=min(firsts, default=None), last=max(lasts, default=None),
            central_member=central, repeat_pairs=repeat, shared_per_pair=shared,
            cohesion=cohesion, confidence=group.confidence,
            why=_why(len(members), pairs, group.density, shared, repeat, len(incident_ids)),
        )))
    found.sort(key=lambda item: (-item[0], -item[1].size, item[1].members[0]))
    return [replace(cluster, index=index) for index, (_, cluster) in enumerate(found)]


def _why(size: int, pairs: int, density: float, shared: float, repeat: int,
         incidents: int) -> str:
    possible = size * (size - 1) // 2
    together = ("every pair of the " + str(size) if pairs == possible
                else f"{pairs} of the {possible} pairs among the {size}")
    return (f"{together} offended together (density {density:.2f}); {shared:g} shared "
            f"incidents per pair, {repeat} pairs more than once; {incidents} incidents shared "
            f"in all")


def _stretch(attrs: dict[str, Any], when: str | None) -> None:
    if when is None:
        return
    if attrs["first"] is None or when < attrs["first"]:
        attrs["first"] = when
    if attrs["last"] is None or when > attrs["last"]:
        attrs["last"] = when


def _ordered(g: nx.Graph) -> nx.Graph:
    """The same graph built in sorted order, so a seeded search does not depend on the
    order the caller added nodes in."""
    out: nx.Graph = nx.Graph()
    out.add_nodes_from(sorted(g.nodes))
    out.add_weighted_edges_from(
        sorted((min(u, v), max(u, v), w) for u, v, w in g.edges(data="weight", default=1))
    )
    return out
