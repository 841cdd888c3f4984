"""Places, schools and areas (reference records), who lives where and when, and who is on a
school's roll.

Entry points: `plan_area(ctx, AreaData)`, `plan_place(ctx, PlaceData)`, `plan_school(ctx,
SchoolData)`, `plan_residence(ctx, ResidenceData)`, `plan_school_roll(ctx, SchoolRollData)`,
each returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import AREA_KINDS, PLACE_KINDS, SCHOOL_PHASES
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    choice,
    day,
    in_order,
    may_record,
    number,
    optional,
    ref,
    ref_or_none,
    required,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance
from hub.services.recording.links import LinkSpec, plan_link

LIVES_AT = LinkSpec("LIVES_AT", "Residence", "input.personId", "input.placeId")
ATTENDS = LinkSpec("ATTENDS", "SchoolRoll", "input.childId", "input.schoolId")
YEAR_GROUPS = range(0, 15)  # Reception (0) to year 14 (post-16 provision)


@dataclass
class AreaData:
    name: str
    kind: str
    region: str | None = None
    client_ref: str | None = None


@dataclass
class PlaceData:
    name: str
    kind: str
    address: str | None = None
    postcode: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    lsoa: str | None = None
    lat: float | None = None
    lon: float | None = None
    area_id: str | None = None
    client_ref: str | None = None


@dataclass
class SchoolData:
    name: str
    phase: str
    urn: str | None = None
    town: str | None = None
    place_id: str | None = None
    client_ref: str | None = None


@dataclass
class ResidenceData:
    person_id: str
    place_id: str
    start: str | None = None
    end: str | None = None
    client_ref: str | None = None


@dataclass
class SchoolRollData:
    child_id: str
    school_id: str
    start: str | None = None
    end: str | None = None
    year_group: int | None = None
    client_ref: str | None = None


async def plan_area(ctx: RequestContext, data: AreaData) -> Plan:
    may_record(ctx, "reference")
    props = {**provenance(ctx, "are", "reference", data.client_ref),
             "name": required(data.name, "input.name"),
             "kind": choice(data.kind, AREA_KINDS, "input.kind"),
             "region": optional(data.region, "input.region")}
    write = Write("record_area", params(ctx, props), label="Area",
                  client_ref=props.get("client_ref"))
    return await planned(ctx, write)


async def plan_place(ctx: RequestContext, data: PlaceData) -> Plan:
    may_record(ctx, "reference")
    lat = number(data.lat, "input.lat", -90, 90)
    lon = number(data.lon, "input.lon", -180, 180)
    if (lat is None) != (lon is None):
        raise InvalidInput("input.lon and input.lat are given together or not at all",
                           field="input.lon" if lon is None else "input.lat")
    area = ref_or_none(data.area_id, "input.areaId", ("Area",))
    props = {**provenance(ctx, "pla", "reference", data.client_ref),
             "name": required(data.name, "input.name"),
             "kind": choice(data.kind, PLACE_KINDS, "input.kind"),
             **{key: optional(getattr(data, key), f"input.{key}")
                for key in ("address", "postcode", "town", "district", "ward", "lsoa")},
             "lat": lat, "lon": lon}
    write = Write("record_place", params(ctx, props, area_id=area.raw_id if area else None,
                                         area_rel=provenance(ctx, "rel", "reference")),
                  label="Place", client_ref=props.get("client_ref"))
    return await planned(ctx, write, area)


async def plan_school(ctx: RequestContext, data: SchoolData) -> Plan:
    may_record(ctx, "reference")
    place = ref_or_none(data.place_id, "input.placeId", ("Place",))
    props = {**provenance(ctx, "sch", "reference", data.client_ref),
             "name": required(data.name, "input.name"),
             "phase": choice(data.phase, SCHOOL_PHASES, "input.phase"),
             "urn": optional(data.urn, "input.urn"), "town": optional(data.town, "input.town")}
    write = Write("record_school", params(ctx, props, place_id=place.raw_id if place else None,
                                          place_rel=provenance(ctx, "rel", "reference")),
                  label="School", client_ref=props.get("client_ref"))
    return await planned(ctx, write, place)


async def plan_residence(ctx: RequestContext, data: ResidenceData) -> Plan:
    person = ref(data.person_id, "input.personId", PEOPLE)
    place = ref(data.place_id, "input.placeId", ("Place",))
    start, end = day(data.start, "input.start"), day(data.end, "input.end")
    in_order(start, end, "input.end", "input.start")
    return await plan_link(ctx, LIVES_AT, "identity", person, place,
                           {"from": start, "to": end}, data.client_ref, (person.raw_id,))


async def plan_school_roll(ctx: RequestContext, data: SchoolRollData) -> Plan:
    child = ref(data.child_id, "input.childId", ("Child",))
    school = ref(data.school_id, "input.schoolId", ("School",))
    start, end = day(data.start, "input.start"), day(data.end, "input.end")
    in_order(start, end, "input.end", "input.start")
    if data.year_group is not None and data.year_group not in YEAR_GROUPS:
        raise InvalidInput("input.yearGroup must be from 0 (Reception) to 14",
                           field="input.yearGroup")
    return await plan_link(ctx, ATTENDS, "education", child, school,
                           {"from": start, "to": end, "year_group": data.year_group},
                           data.client_ref, (child.raw_id,))
