"""Co-offending networks and clusters in GraphQL."""

from __future__ import annotations

import strawberry

from hub.schema.analytics.refs import (
    PersonRef,
    gid,
    moment,
    person_ref,
    typed_ids,
)
from hub.schema.scalars import DateTime
from hub.services import analytics as service

# ---------------------------------------------------------------- co-offending

@strawberry.type
class CoOffender:
    person: PersonRef
    incidents: int = strawberry.field(description=(
        "Incidents in the area and period this person is a suspect in."))


@strawberry.type(description="Two people suspected together in one or more incidents.")
class CoOffendingTie:
    a: strawberry.ID
    b: strawberry.ID
    incidents: int
    incident_ids: list[strawberry.ID]
    towns: list[str]
    first: DateTime | None
    last: DateTime | None


@strawberry.type(description=(
    "People who offend together more than with others: a group many seeded Leiden runs "
    "agree on. Clusters come most cohesive first (see `cohesion`), not largest first."))
class OffendingCluster:
    index: int = strawberry.field(description="Rank by cohesion, 0 the most cohesive.")
    members: list[PersonRef]
    size: int
    incident_ids: list[strawberry.ID] = strawberry.field(description=(
        "Incidents at least two members were suspects in together."))
    internal_links: int = strawberry.field(description=(
        "Pairs of members suspected together at least once."))
    density: float = strawberry.field(description=(
        "internalLinks over the pairs the members make: 1.0 when every pair offended together."))
    repeat_pairs: int = strawberry.field(description=(
        "Pairs of members suspected together in more than one incident."))
    shared_per_pair: float = strawberry.field(description=(
        "Shared incidents per linked pair, on average: repeated co-offending."))
    cohesion: float = strawberry.field(description=(
        "density x sharedPerPair, what clusters are ranked by: a small cluster where every "
        "pair offended together again and again comes before a large loose one."))
    confidence: float = strawberry.field(description=(
        "How sure the consensus runs were of this cluster, 0 to 1: the share that put its "
        "linked members together times the share that kept its boundary links apart."))
    why: str = strawberry.field(description="The ranking in words.")
    towns: list[str]
    first: DateTime | None
    last: DateTime | None
    central_member: PersonRef = strawberry.field(description=(
        "The member with the most incidents shared inside the cluster."))


@strawberry.type(description=(
    "A co-offending network in an area and period: people linked when they are recorded "
    "as suspects in the same incident. Victims, witnesses and people present are not "
    "counted anywhere in it."))
class CoOffendingNetwork:
    incidents: int = strawberry.field(description=(
        "Incidents in the area and period with at least one visible suspect; incidents "
        "with no suspect recorded (or none you may see) are not counted."))
    people: list[CoOffender]
    links: list[CoOffendingTie]
    clusters: list[OffendingCluster]


def co_offending_result(found: service.CoOffending) -> CoOffendingNetwork:
    people = found.people
    return CoOffendingNetwork(
        incidents=found.incidents,
        people=[CoOffender(person=person_ref(people[p]), incidents=n)
                for p, n in sorted(found.incidents_of.items(), key=lambda kv: (-kv[1], kv[0]))],
        links=[CoOffendingTie(a=gid(people[link.a]), b=gid(people[link.b]),
                              incidents=len(link.incident_ids),
                              incident_ids=typed_ids("Incident", link.incident_ids),
                              towns=list(link.towns), first=moment(link.first),
                              last=moment(link.last))
               for link in found.links],
        clusters=[OffendingCluster(
            index=c.index, members=[person_ref(people[m]) for m in c.members], size=c.size,
            incident_ids=typed_ids("Incident", c.incident_ids), internal_links=c.internal_links,
            density=c.density, repeat_pairs=c.repeat_pairs, shared_per_pair=c.shared_per_pair,
            cohesion=c.cohesion, confidence=c.confidence, why=c.why, towns=list(c.towns),
            first=moment(c.first), last=moment(c.last),
            central_member=person_ref(people[c.central_member])) for c in found.clusters],
    )
