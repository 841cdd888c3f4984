"""County lines intelligence: a line, a phone, a person's, place's or phone's role on a line
(a cuckooed address is a place with the role `cuckooed_address`), a line's deal-line phone,
and the areas a line exports from and imports to. All of it is `intelligence`.

Entry points: `plan_county_line(ctx, CountyLineData)`, `plan_phone(ctx, PhoneData)`,
`plan_line_link(ctx, LineLinkData)`, `plan_line_phone(ctx, LinePhoneData)`,
`plan_line_area(ctx, LineAreaData)`, each returning a Plan for `commit`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import (
    LINE_STATUSES,
    PERSON_LINE_ROLES,
    PHONE_KINDS,
    PHONE_LINE_ROLES,
    PLACE_LINE_ROLES,
)
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    LIST_LIMIT,
    PEOPLE,
    at_most,
    choice,
    day,
    distinct,
    in_order,
    may_record,
    not_future_day,
    ref,
    ref_or_none,
    required,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance
from hub.services.recording.links import LinkSpec, plan_link

CATEGORY = "intelligence"
LINKED = LinkSpec("LINKED_TO_LINE", "LineLink", "input.subjectId", "input.lineId")
USES_PHONE = LinkSpec("USES_PHONE", "LinePhone", "input.lineId", "input.phoneId")
EXPORTS = LinkSpec("EXPORTS_FROM", "LineExport", "input.lineId", "input.areaId")
IMPORTS = LinkSpec("IMPORTS_TO", "LineImport", "input.lineId", "input.areaId")
ROLES_BY_KIND = {"Child": PERSON_LINE_ROLES, "Adult": PERSON_LINE_ROLES,
                 "Place": PLACE_LINE_ROLES, "Phone": PHONE_LINE_ROLES}
PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ]{6,18}[0-9]$")


@dataclass
class CountyLineData:
    name: str
    status: str
    first_seen: str | None = None
    last_seen: str | None = None
    exports_from_area_id: str | None = None
    imports_to_area_ids: list[str] | None = None
    client_ref: str | None = None


@dataclass
class PhoneData:
    number: str
    kind: str
    client_ref: str | None = None


@dataclass
class LineLinkData:
    subject_id: str
    line_id: str
    role: str
    first_seen: str | None = None
    last_seen: str | None = None
    client_ref: str | None = None


@dataclass
class LinePhoneData:
    line_id: str
    phone_id: str
    start: str | None = None
    end: str | None = None
    client_ref: str | None = None


@dataclass
class LineAreaData:
    line_id: str
    area_id: str
    direction: str  # exports | imports
    client_ref: str | None = None


def _seen(first: str | None, last: str | None) -> tuple[str | None, str | None]:
    first_seen = not_future_day(first, "input.firstSeen")
    last_seen = not_future_day(last, "input.lastSeen")
    in_order(first_seen, last_seen, "input.lastSeen", "input.firstSeen")
    return first_seen, last_seen


async def plan_county_line(ctx: RequestContext, data: CountyLineData) -> Plan:
    may_record(ctx, CATEGORY)
    first, last = _seen(data.first_seen, data.last_seen)
    exporting = ref_or_none(data.exports_from_area_id, "input.exportsFromAreaId", ("Area",))
    importing = data.imports_to_area_ids or []
    at_most(importing, LIST_LIMIT, "input.importsToAreaIds")
    areas = distinct([ref(a, f"input.importsToAreaIds[{i}]", ("Area",))
                      for i, a in enumerate(importing)], "area")
    props = {**provenance(ctx, "lin", CATEGORY, data.client_ref),
             "name": required(data.name, "input.name"),
             "status": choice(data.status, LINE_STATUSES, "input.status"),
             "first_seen": first, "last_seen": last}
    write = Write("record_county_line", params(
        ctx, props, export_id=exporting.raw_id if exporting else None,
        export_rel=provenance(ctx, "rel", CATEGORY), import_ids=[a.raw_id for a in areas],
        imports=[{"id": a.raw_id, "rel": provenance(ctx, "rel", CATEGORY)} for a in areas],
    ), label="CountyLine", client_ref=props.get("client_ref"))
    return await planned(ctx, write, exporting, *areas)


async def plan_phone(ctx: RequestContext, data: PhoneData) -> Plan:
    may_record(ctx, CATEGORY)
    number = required(data.number, "input.number", 30)
    if not PHONE_NUMBER.match(number):
        raise InvalidInput("input.number must be a phone number of 8 to 20 digits (spaces "
                           "allowed, + in front for an international one)", field="input.number")
    props = {**provenance(ctx, "pho", CATEGORY, data.client_ref),
             "number": " ".join(number.split()),
             "kind": choice(data.kind, PHONE_KINDS, "input.kind")}
    write = Write("record_phone", params(ctx, props), label="Phone",
                  client_ref=props.get("client_ref"))
    return await planned(ctx, write)


async def plan_line_link(ctx: RequestContext, data: LineLinkData) -> Plan:
    subject = ref(data.subject_id, "input.subjectId", (*PEOPLE, "Place", "Phone"))
    line = ref(data.line_id, "input.lineId", ("CountyLine",))
    role = choice(data.role, ROLES_BY_KIND[subject.type_name], "input.role")
    first, last = _seen(data.first_seen, data.last_seen)
    people = (subject.raw_id,) if subject.type_name in PEOPLE else ()
    return await plan_link(ctx, LINKED, CATEGORY, subject, line,
                           {"role": role, "first_seen": first, "last_seen": last},
                           data.client_ref, people)


async def plan_line_phone(ctx: RequestContext, data: LinePhoneData) -> Plan:
    line = ref(data.line_id, "input.lineId", ("CountyLine",))
    phone = ref(data.phone_id, "input.phoneId", ("Phone",))
    start, end = day(data.start, "input.start"), day(data.end, "input.end")
    in_order(start, end, "input.end", "input.start")
    return await plan_link(ctx, USES_PHONE, CATEGORY, line, phone, {"from": start, "to": end},
                           data.client_ref)


async def plan_line_area(ctx: RequestContext, data: LineAreaData) -> Plan:
    line = ref(data.line_id, "input.lineId", ("CountyLine",))
    area = ref(data.area_id, "input.areaId", ("Area",))
    spec = EXPORTS if choice(data.direction, ("exports", "imports"),
                             "input.direction") == "exports" else IMPORTS
    return await plan_link(ctx, spec, CATEGORY, line, area, {}, data.client_ref)
