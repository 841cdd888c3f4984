"""Peer networks in GraphQL: the people, links, sub-groups, bridges, adults and ties."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.domain.ids import encode
from hub.graph.analytics import (
    AgeGap,
    Community,
    Tie,
)
from hub.schema.analytics.refs import (
    PersonRef,
    Raw,
    day,
    gid,
    ids,
    person_ref,
)
from hub.schema.scalars import Date
from hub.services import analytics as service

# The kind of record an intermediate link runs through, for its global id.
VIA_TYPE = {"co_offending": "Incident", "missing_together": "MissingEpisode",
            "same_school": "School", "same_place": "Place"}


@strawberry.enum(description="Kinds of link a peer network is grown through.")
class NetworkLinkKind(Enum):
    ASSOCIATION = "association"
    SIBLING = "sibling"
    FAMILY = "family"
    CO_OFFENDING = "co_offending"
    MISSING_TOGETHER = "missing_together"
    SAME_SCHOOL = "same_school"
    SAME_PLACE = "same_place"


# ---------------------------------------------------------------- peer network

@strawberry.type(description="A person in a peer network, with their place in it.")
class NetworkNode:
    person: PersonRef
    hops: int | None = strawberry.field(description="Links from the focus person.")
    degree: float
    betweenness: float
    eigenvector: float
    community: int | None


@strawberry.type(description="A visible link between two people in a network.")
class NetworkLink:
    source: strawberry.ID
    target: strawberry.ID
    kind: str = strawberry.field(description=(
        "association (see context), sibling, family, co_offending, missing_together, "
        "same_school or same_place"))
    context: str | None
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None
    via: strawberry.ID | None = strawberry.field(description=(
        "The incident, episode, school or place a derived link runs through."))


@strawberry.type(description=(
    "A candidate sub-group, for a practitioner to confirm. Groups are what 12 seeded Leiden "
    "runs (modularity, resolution 1.0) agree on: two linked people share a group when at "
    "least half the runs put them together; two groups whose links between are at least "
    "half as dense as inside the sparser are one group, so one dense group is never shown "
    "as several; groups under 3 people are not listed and their members have no community."))
class NetworkCommunity:
    index: int
    members: list[strawberry.ID]
    children: int
    adults: int
    density: float = strawberry.field(description=(
        "Linked pairs of members over the pairs they make."))
    confidence: float = strawberry.field(description=(
        "How sure the runs were of this split, 0 to 1: the share that put its linked members "
        "together times the share that kept its links to other people apart."))


@strawberry.type(description="A person whose links reach into two or more sub-groups.")
class NetworkBridge:
    person: PersonRef
    communities: list[int]
    betweenness: float


@strawberry.type(description="An adult in the network and how far from the focus person.")
class NetworkAdult:
    person: PersonRef
    hops: int | None
    linked_children: list[strawberry.ID]


@strawberry.type(description="Two linked people far apart in age.")
class AgeGapFlag:
    older: PersonRef
    younger: PersonRef
    years: float
    adult_child: bool
    kinds: list[str]


@strawberry.type(description="One link named by its most specific kind.")
class NetworkTie:
    source: strawberry.ID
    target: strawberry.ID
    kind: str
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None


@strawberry.type(description="A person's peer network through what you may see.")
class PeerNetworkResult:
    focus: PersonRef
    depth: int
    kinds: list[str]
    people: int
    nodes: list[NetworkNode]
    links: list[NetworkLink]
    communities: list[NetworkCommunity]
    bridges: list[NetworkBridge]
    adults: list[NetworkAdult]
    age_gaps: list[AgeGapFlag]
    protective_ties: list[NetworkTie]
    risk_ties: list[NetworkTie]
    betweenness_sampled: int | None = strawberry.field(description=(
        "How many sources betweenness was estimated from; null when exact."))
    notes: list[str]


def _tie(tie: Tie, people: dict[str, Raw]) -> NetworkTie:
    return NetworkTie(source=gid(people[tie.source]), target=gid(people[tie.target]),
                      kind=tie.kind, strength=tie.strength, first_seen=day(tie.first_seen),
                      last_seen=day(tie.last_seen))


def _community(c: Community, people: dict[str, Raw]) -> NetworkCommunity:
    return NetworkCommunity(index=c.index, members=ids(people, c.members), children=c.children,
                            adults=c.adults, density=c.density, confidence=c.confidence)


def _gap(gap: AgeGap, people: dict[str, Raw]) -> AgeGapFlag:
    return AgeGapFlag(older=person_ref(people[gap.older_id]),
                      younger=person_ref(people[gap.younger_id]), years=gap.years,
                      adult_child=gap.adult_child, kinds=list(gap.kinds))


def peer_network_result(net: service.PeerNetwork) -> PeerNetworkResult:
    m, people = net.metrics, net.people
    nodes = [NetworkNode(person=person_ref(people[n]), hops=net.hops.get(n),
                         degree=m.degree.get(n, 0.0), betweenness=m.betweenness.get(n, 0.0),
                         eigenvector=m.eigenvector.get(n, 0.0), community=m.community_of.get(n))
             for n in sorted(people, key=lambda n: (net.hops.get(n, 99), n))]
    links = [NetworkLink(
        source=gid(people[link["source"]]), target=gid(people[link["target"]]),
        kind=link["kind"], context=link.get("context"), strength=link.get("strength"),
        first_seen=link.get("first_seen"), last_seen=link.get("last_seen"),
        via=(strawberry.ID(encode(VIA_TYPE[link["kind"]], link["via"]))
             if link.get("via") and link["kind"] in VIA_TYPE else None),
    ) for link in sorted(net.links, key=lambda link: link["id"])]
    return PeerNetworkResult(
        focus=person_ref(people[net.focus_id]), depth=net.depth, kinds=list(net.kinds),
        people=m.people, nodes=nodes, links=links,
        communities=[_community(c, people) for c in m.communities],
        bridges=[NetworkBridge(person=person_ref(people[b.person_id]),
                               communities=list(b.communities), betweenness=b.betweenness)
                 for b in m.bridges],
        adults=[NetworkAdult(person=person_ref(people[a.person_id]), hops=a.hops,
                             linked_children=ids(people, a.linked_children)) for a in m.adults],
        age_gaps=[_gap(g, people) for g in m.age_gaps],
        protective_ties=[_tie(t, people) for t in m.protective_ties],
        risk_ties=[_tie(t, people) for t in m.risk_ties],
        betweenness_sampled=m.betweenness_samples, notes=list(net.notes),
    )
