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
    incidents: int


@strawberry.type(description="Two people suspected together in one or more incidents.")
class CoOffendingTie:
    a: strawberry.ID
    b: strawberry.ID
    incidents: int
    incident_ids: list[strawberry.ID]
    towns: list[str]
    first: DateTime | None
    last: DateTime | None


@strawberry.type(description="People who offend together more than with others.")
class OffendingCluster:
    index: int
    members: list[PersonRef]
    size: int
    incident_ids: list[strawberry.ID]
    internal_links: int
    density: float
    towns: list[str]
    first: DateTime | None
    last: DateTime | None
    central_member: PersonRef


@strawberry.type(description="A co-offending network in an area and period.")
class CoOffendingNetwork:
    incidents: int
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
            density=c.density, towns=list(c.towns), first=moment(c.first), last=moment(c.last),
            central_member=person_ref(people[c.central_member])) for c in found.clusters],
    )
