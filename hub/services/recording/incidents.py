"""Incidents and the people involved in them.

Entry point: `plan_incident(ctx, IncidentData)`, returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import INCIDENT_ROLES, INCIDENT_TYPES
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    MAX_REFS,
    PEOPLE,
    TEXT_LIMIT,
    at_most,
    choice,
    distinct,
    may_record,
    not_future_time,
    optional,
    ref,
    ref_or_none,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance


@dataclass
class ParticipantData:
    person_id: str
    role: str


@dataclass
class IncidentData:
    type: str
    occurred_at: str
    participants: list[ParticipantData] = field(default_factory=list)
    place_id: str | None = None
    reference: str | None = None
    summary: str | None = None
    client_ref: str | None = None


async def plan_incident(ctx: RequestContext, data: IncidentData) -> Plan:
    kind = choice(data.type, INCIDENT_TYPES, "input.type")
    category = "domestic_abuse" if kind == "domestic_abuse" else "offending"
    may_record(ctx, category)
    not_future_time(data.occurred_at, "input.occurredAt")
    if not data.participants and data.place_id is None:
        # An incident with nobody named (a stabbing found, a drugs cache) is still a fact
        # about a place; with neither, it is about nothing the hub can link.
        raise InvalidInput("input.participants must name at least one person, or "
                           "input.placeId the place it happened", field="input.participants")
    at_most(data.participants, MAX_REFS, "input.participants")
    people = distinct([ref(p.person_id, f"input.participants[{i}].personId", PEOPLE)
                       for i, p in enumerate(data.participants)], "participant")
    place = ref_or_none(data.place_id, "input.placeId", ("Place",))
    props = {
        **provenance(ctx, "inc", category, data.client_ref),
        "type": kind, "occurred_at": data.occurred_at,
        "reference": optional(data.reference, "input.reference"),
        "summary": optional(data.summary, "input.summary", TEXT_LIMIT),
    }
    participants = [
        {"person_id": one.raw_id, "rel": {
            **provenance(ctx, "rel", category),
            "role": choice(p.role, INCIDENT_ROLES, f"input.participants[{i}].role")}}
        for i, (one, p) in enumerate(zip(people, data.participants, strict=True))
    ]
    write = Write("record_incident", params(
        ctx, props, person_ids=[r.raw_id for r in people], participants=participants,
        place_id=place.raw_id if place else None, place_rel=provenance(ctx, "rel", category),
    ), label="Incident", client_ref=props.get("client_ref"),
        subjects=tuple(r.raw_id for r in people))
    return await planned(ctx, write, *people, place)
