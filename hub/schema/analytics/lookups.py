"""Looking up a phone by its number or an area by its name, in GraphQL."""

from __future__ import annotations

import strawberry

from hub.schema.analytics.refs import PersonRef, RecordRef, person_ref, record_ref
from hub.services import analytics as service


@strawberry.type(description="Someone or somewhere on a line, with its roles on it.")
class LookupMember:
    record: RecordRef
    person: PersonRef | None
    roles: list[str]


@strawberry.type(description="A line tied to the phone or area looked up, and who is on it.")
class LookupLine:
    line: RecordRef
    how: list[str] = strawberry.field(description=(
        "How it is tied: uses_phone (the line's deal-line phone), the phone's role on the "
        "line (deal_line...), exports_from or imports_to (for an area)."))
    people: list[LookupMember]
    places: list[LookupMember]
    phones: list[LookupMember]


@strawberry.type(description=(
    "A phone or an area, and the county lines, people, places and phones tied to it, "
    "through what you may see only."))
class LookupResult:
    subject: RecordRef
    lines: list[LookupLine]
    places: list[LookupMember] = strawberry.field(description=(
        "For an area: its places tied to a line (a cuckooed address, a deal location), with "
        "their roles. Empty for a phone, whose places are those of its lines."))


def _member(m: service.Member) -> LookupMember:
    person = person_ref(m.node) if m.node["kind"] in {"child", "adult"} else None
    return LookupMember(record=record_ref(m.node), person=person, roles=list(m.roles))


def lookup_result(found: service.Lookup) -> LookupResult:
    return LookupResult(
        subject=record_ref(found.subject),
        lines=[LookupLine(line=record_ref({"id": line.id, "kind": "line", "name": line.name}),
                          how=list(line.how), people=[_member(m) for m in line.people],
                          places=[_member(m) for m in line.places],
                          phones=[_member(m) for m in line.phones]) for line in found.lines],
        places=[_member(m) for m in found.places],
    )
