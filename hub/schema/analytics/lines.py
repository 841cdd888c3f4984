"""County lines in GraphQL: one line, and every line with its children and brokers."""

from __future__ import annotations

import strawberry

from hub.graph.analytics import (
    LineMember,
)
from hub.schema.analytics.refs import (
    PersonRef,
    Raw,
    RecordRef,
    day,
    ids,
    person_ref,
    record_ref,
)
from hub.schema.base import as_object
from hub.schema.scalars import Date
from hub.schema.types import (
    CountyLine,
)
from hub.services import analytics as service

# ---------------------------------------------------------------- county lines

@strawberry.type(description="A person, place or phone on a line, with its roles.")
class LineEntry:
    record: RecordRef
    person: PersonRef | None
    roles: list[str]
    first_seen: Date | None
    last_seen: Date | None


@strawberry.type(description="Who was on a line in one month, and who joined or left.")
class LineMonth:
    month: str
    active: list[strawberry.ID]
    joined: list[strawberry.ID]
    left: list[strawberry.ID]


@strawberry.type(description="One county line as you may see it.")
class CountyLineProfile:
    line: CountyLine | None
    name: str | None
    status: str | None
    phones: list[LineEntry]
    people: list[LineEntry]
    children: list[PersonRef]
    places: list[LineEntry]
    cuckooed_addresses: list[LineEntry]
    exporting_areas: list[RecordRef]
    importing_areas: list[RecordRef]
    timeline: list[LineMonth]
    undated: list[strawberry.ID]


def _entry(member: LineMember, nodes: dict[str, Raw]) -> LineEntry:
    node = nodes[member.id]
    return LineEntry(record=record_ref(node),
                     person=person_ref(node) if node["kind"] in {"child", "adult"} else None,
                     roles=list(member.roles), first_seen=day(member.first_seen),
                     last_seen=day(member.last_seen))


def line_profile_result(found: service.LineProfile) -> CountyLineProfile:
    net, nodes = found.network, found.nodes
    cuckooed = set(net.cuckooed)
    return CountyLineProfile(
        line=as_object(found.line), name=net.name, status=net.status,
        phones=[_entry(m, nodes) for m in net.phones],
        people=[_entry(m, nodes) for m in net.people],
        children=[person_ref(nodes[c]) for c in net.children],
        places=[_entry(m, nodes) for m in net.places],
        cuckooed_addresses=[_entry(m, nodes) for m in net.places if m.id in cuckooed],
        exporting_areas=[record_ref(a) for a in found.exporting],
        importing_areas=[record_ref(a) for a in found.importing],
        timeline=[LineMonth(month=m.month, active=ids(nodes, m.active),
                            joined=ids(nodes, m.joined), left=ids(nodes, m.left))
                  for m in net.timeline],
        undated=ids(nodes, net.undated),
    )


@strawberry.type
class LineCount:
    line: RecordRef
    status: str | None
    people: int
    children: int
    places: int
    phones: int


@strawberry.type(description="A child's tie to a line: directly, or via an associate on it.")
class ChildLineTie:
    line: RecordRef
    roles: list[str]
    via: PersonRef | None


@strawberry.type
class ChildOnLines:
    child: PersonRef
    direct: bool
    lines: list[ChildLineTie]


@strawberry.type(description="Someone or somewhere linked to two or more lines.")
class LineBroker:
    record: RecordRef
    person: PersonRef | None
    lines: list[RecordRef]
    roles: list[str]
    betweenness: float


@strawberry.type(description="County lines together: the children on them and their brokers.")
class CountyLinesOverview:
    lines: list[LineCount]
    children: list[ChildOnLines]
    brokers: list[LineBroker]


def lines_overview_result(found: service.LinesOverview) -> CountyLinesOverview:
    nodes = found.nodes
    return CountyLinesOverview(
        lines=[LineCount(line=record_ref(nodes[s.id]), status=s.status, people=s.people,
                         children=s.children, places=s.places, phones=s.phones)
               for s in found.lines],
        children=[ChildOnLines(
            child=person_ref(nodes[c.child_id]), direct=c.direct,
            lines=[ChildLineTie(line=record_ref(nodes[t.line_id]), roles=list(t.roles),
                                via=person_ref(nodes[t.via]) if t.via else None)
                   for t in c.lines]) for c in found.children],
        brokers=[LineBroker(
            record=record_ref(nodes[b.id]),
            person=person_ref(nodes[b.id]) if nodes[b.id]["kind"] in {"child", "adult"} else None,
            lines=[record_ref(nodes[line]) for line in b.lines], roles=list(b.roles),
            betweenness=b.betweenness) for b in found.brokers],
    )
