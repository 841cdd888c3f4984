"""People and the links between them: a child or adult (identity only), an association.

Entry points: `plan_person(ctx, PersonData)`, `plan_association(ctx, AssociationData)`,
`plan_association_end(ctx, AssociationEndData)` (the association is over: `ended_on` is set;
other fields are corrected with `corrections.plan_correction`), each returning a Plan for
`commit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.names import name_grams
from hub.domain.vocabulary import ETHNICITIES, GENDERS, LINK_KINDS, PERSON_KINDS
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    ADULT_AGE,
    PEOPLE,
    age,
    choice,
    day,
    in_order,
    may_record,
    not_future_day,
    now,
    number,
    optional,
    optional_choice,
    ref,
    required,
    visible,
)
from hub.services.recording.core import Plan, Write, params, provenance, replay
from hub.services.recording.corrections import CorrectionData, plan_correction
from hub.services.recording.identifiers import NewIdentifierData, checked_identifiers


@dataclass
class PersonData:
    kind: str  # child | adult
    given_name: str
    family_name: str
    dob: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    of_concern: bool | None = None
    client_ref: str | None = None
    # NHS number, pupil number, police or social care reference held for the person: each
    # checked, written with the person as records of their own (recording/identifiers.py),
    # and the first thing an arriving person is matched on (hub/services/matching.py).
    identifiers: list[NewIdentifierData] | None = None


@dataclass
class AssociationData:
    person_id: str
    associate_id: str
    context: str
    strength: float | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    client_ref: str | None = None


@dataclass
class AssociationEndData:
    association_id: str
    reason: str
    ended_on: str | None = None  # default: today


async def plan_association_end(ctx: RequestContext, data: AssociationEndData) -> Plan:
    ended = not_future_day(data.ended_on, "input.endedOn") or now().date().isoformat()
    return await plan_correction(ctx, CorrectionData(
        record_id=data.association_id, field="endedOn", value=ended, reason=data.reason))


async def plan_person(ctx: RequestContext, data: PersonData) -> Plan:
    may_record(ctx, "identity")
    today = now().date()
    child = choice(data.kind, PERSON_KINDS, "input.kind") == "child"
    given = required(data.given_name, "input.givenName")
    family = required(data.family_name, "input.familyName")
    dob = day(data.dob, "input.dob")
    if dob is not None:
        years = age(date.fromisoformat(dob), today, "input.dob")
        if child and years >= ADULT_AGE:
            raise InvalidInput(f"input.dob: a child must be under {ADULT_AGE} today, and this "
                               f"person is {years}; record them as an ADULT", field="input.dob")
        if not child and years < ADULT_AGE:
            raise InvalidInput(f"input.dob: an adult must be {ADULT_AGE} or over today, and "
                               f"this person is {years}; record them as a CHILD",
                               field="input.dob")
    if child and data.of_concern is not None:
        raise InvalidInput("input.ofConcern applies to adults only", field="input.ofConcern")
    props = {
        **provenance(ctx, "per", "identity", data.client_ref),
        "given_name": given, "family_name": family, "name": f"{given} {family}",
        "name_lc": f"{given} {family}".lower(),
        "name_grams": name_grams(f"{given} {family}"), "dob": dob,
        "gender": optional_choice(data.gender, GENDERS, "input.gender"),
        "ethnicity": optional_choice(data.ethnicity, ETHNICITIES, "input.ethnicity"),
        "town": optional(data.town, "input.town"),
        "district": optional(data.district, "input.district"),
        "ward": optional(data.ward, "input.ward"),
        "of_concern": None if child else bool(data.of_concern),
    }
    identifiers = checked_identifiers(ctx, data.identifiers)
    after: dict[str, Any] | None = None
    if identifiers:
        after = {**props, "identifiers": [f"{x['props']['scheme']}:{x['props']['value']}"
                                          for x in identifiers]}
    write = Write("record_child" if child else "record_adult",
                  params(ctx, props, identifiers=identifiers), label="Person",
                  client_ref=props.get("client_ref"), subjects=(props["id"],), after=after)
    return await replay(ctx, write) or write


async def plan_association(ctx: RequestContext, data: AssociationData) -> Plan:
    may_record(ctx, "intelligence")
    person = ref(data.person_id, "input.personId", PEOPLE)
    associate = ref(data.associate_id, "input.associateId", PEOPLE)
    if person.raw_id == associate.raw_id:
        raise InvalidInput("input.associateId must be a different person from input.personId",
                           field="input.associateId")
    strength = number(data.strength, "input.strength", 0, 1)
    first = not_future_day(data.first_seen, "input.firstSeen")
    last = not_future_day(data.last_seen, "input.lastSeen")
    in_order(first, last, "input.lastSeen", "input.firstSeen")
    props = {
        **provenance(ctx, "rel", "intelligence", data.client_ref),
        "context": choice(data.context, LINK_KINDS, "input.context"), "strength": strength,
        "first_seen": first, "last_seen": last,
    }
    write = Write("record_association", params(
        ctx, props, person_id=person.raw_id, associate_id=associate.raw_id,
    ), label="ASSOCIATED_WITH", client_ref=props.get("client_ref"), shape="link",
        subjects=(person.raw_id, associate.raw_id), replay_from=person.raw_id,
        recheck={"ends": ("input.personId", "input.associateId")})
    if (replayed := await replay(ctx, write)) is not None:
        return replayed
    await visible(ctx, [person, associate])
    return write
