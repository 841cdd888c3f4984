"""From one partner record to the recording service's own input, per kind of record.

This is the only module that knows the recording service's inputs and planning functions:
each adapter turns a record read through a mapping into the input the matching mutation
takes and asks the service to plan it, so every imported row passes exactly the checks a
mutation does. When the recording service changes shape, this module changes with it.

A kind whose record is a link between two records (a pupil on a school's roll) names the
statements that find and correct the link by the partner's reference. A row the partner
system marks as not for partners (a health flag not opened to them) is held back: counted in
the report, never written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.ids import encode
from hub.ingest.mapping import FieldError
from hub.services import recording
from hub.services.context import RequestContext
from hub.services.recording import (
    AssessmentData,
    CloseMissingData,
    FlagData,
    IncidentData,
    MissingData,
    ParticipantData,
    PersonData,
    ReferralData,
    SchoolRollData,
)

ADULT_AGE = 18
PERSON_TYPES = ("Child", "Adult")


@dataclass
class Record:
    """One partner record: a row, or the rows of one grouped record (an incident)."""

    ref: str
    line: int
    fields: dict[str, Any]
    links: list[dict[str, Any]] = field(default_factory=list)  # per row of a grouped record
    rows: list[tuple[int, str]] = field(default_factory=list)  # (line, text) as sent


# A reference resolved to the record it names: (type name, store id).
Resolved = dict[str, tuple[str, str]]


class Unresolved(ValueError):
    """A reference names no record this feed may link to."""


def _id(resolved: Resolved, ref: str | None, name: str, kinds: tuple[str, ...]) -> str | None:
    if ref is None:
        return None
    found = resolved.get(ref)
    if found is None or found[0] not in kinds:
        raise Unresolved(f"{name}: {ref!r} names no {' or '.join(kinds)} known to the hub "
                         "(send that record first, or check the reference)")
    return encode(*found)


def _must(resolved: Resolved, ref: str, name: str, kinds: tuple[str, ...]) -> str:
    found = _id(resolved, ref, name, kinds)
    assert found is not None
    return found


def _req(fields: dict[str, Any], name: str) -> Any:
    value = fields.get(name)
    if value is None:
        raise FieldError(f"{name} is required")
    return value


@dataclass(frozen=True)
class Adapter:
    """How one kind of record is planned through the recording service."""

    kind: str
    label: str
    references: Callable[[Record], list[str]]
    plan: Callable[[RequestContext, Record, Resolved], Awaitable[recording.Plan]]
    # For an adapter whose record needs a second write once saved (closing an episode).
    follow_up: Callable[[RequestContext, Record, str, Resolved],
                        Awaitable[recording.Plan | None]] | None = None
    # The input field names the service reports, and the mapping field each comes from.
    inputs: dict[str, str] = field(default_factory=dict)
    # Why one record is not for the hub at all (None: it is), asked before planning.
    holds_back: Callable[[Record], str | None] | None = None
    # For a kind recorded as a link: the statements finding and correcting it by reference.
    existing: str = "ingest_existing"
    correct: str = "ingest_correct"
    # Written by batch statements (`ingest_<statement>`), which take the provenance every
    # record of a batch shares once; False: one by one, by the mutation's own statement.
    batched: bool = True


# ---------------------------------------------------------------- people

def _person_kind(fields: dict[str, Any]) -> str:
    """Child or adult from the date of birth, as the service will check it; else as sent."""
    dob = fields.get("dob")
    if dob is not None:
        born, today = date.fromisoformat(dob), date.today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return "child" if age < ADULT_AGE else "adult"
    return "adult" if fields.get("kind") == "adult" else "child"


async def _plan_person(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    kind = _person_kind(f)
    return await recording.plan_person(ctx, PersonData(
        kind=kind, given_name=_req(f, "given_name"), family_name=_req(f, "family_name"),
        dob=f.get("dob"), gender=f.get("gender"), ethnicity=f.get("ethnicity"),
        town=f.get("town"), district=f.get("district"), ward=f.get("ward"),
        of_concern=None if kind == "child" else bool(f.get("of_concern")),
    ))


# ---------------------------------------------------------------- incidents

def _incident_refs(rec: Record) -> list[str]:
    return [r for r in [rec.fields.get("place"), *(link.get("person") for link in rec.links)] if r]


async def _plan_incident(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    # A row with neither a person nor a role names nobody: an occurrence found at a place.
    named = [link for link in rec.links if link.get("person") or link.get("role")]
    participants = [
        ParticipantData(person_id=_must(resolved, _req(link, "person"), "person", PERSON_TYPES),
                        role=_req(link, "role"))
        for link in named
    ]
    return await recording.plan_incident(ctx, IncidentData(
        type=_req(f, "type"), occurred_at=_req(f, "occurred_at"),
        participants=participants, place_id=_id(resolved, f.get("place"), "place", ("Place",)),
        reference=f.get("reference"), summary=f.get("summary"),
    ))


# ---------------------------------------------------------------- missing episodes

def _missing_refs(rec: Record) -> list[str]:
    f = rec.fields
    return [r for r in [f.get("child"), f.get("missing_from"), f.get("found_at"),
                        *(f.get("found_with") or [])] if r]


async def _plan_missing(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    if f.get("found_at_time") is None and (f.get("found_at") or f.get("found_with")):
        raise FieldError("found_at_time is required when where or with whom the child was "
                         "found is given")
    return await recording.plan_missing(ctx, MissingData(
        child_id=_must(resolved, _req(f, "child"), "child", ("Child",)),
        reported_at=_req(f, "reported_at"), risk=_req(f, "risk"),
        circumstances=f.get("circumstances"),
        missing_from_place_id=_id(resolved, f.get("missing_from"), "missing_from", ("Place",)),
    ))


async def _close_missing(ctx: RequestContext, rec: Record, episode_id: str,
                         resolved: Resolved) -> recording.Plan | None:
    f = rec.fields
    if f.get("found_at_time") is None:
        return None
    return await recording.plan_close_missing_episode(ctx, CloseMissingData(
        episode_id=encode("MissingEpisode", episode_id), found_at_time=f["found_at_time"],
        found_at_place_id=_id(resolved, f.get("found_at"), "found_at", ("Place",)),
        found_with_ids=[_must(resolved, p, "found_with", PERSON_TYPES)
                        for p in f.get("found_with") or []] or None,
    ))


# ---------------------------------------------------------------- referrals and assessments

async def _plan_referral(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    return await recording.plan_referral(ctx, ReferralData(
        person_id=_must(resolved, _req(f, "person"), "person", PERSON_TYPES),
        to_service=_req(f, "to_service"), consent=_req(f, "consent"),
        received_at=_req(f, "received_at"), outcome=f.get("outcome") or "open",
        presenting_factors=f.get("presenting_factors"), consent_reason=f.get("consent_reason"),
        from_agency=f.get("from_agency"),
    ))


async def _plan_assessment(ctx: RequestContext, rec: Record,
                           resolved: Resolved) -> recording.Plan:
    f = rec.fields
    return await recording.plan_context_assessment(ctx, AssessmentData(
        subject_id=_must(resolved, _req(f, "subject"), "subject", ("Place", "School", "PeerGroup")),
        assessed_at=_req(f, "assessed_at"), findings=_req(f, "findings"),
        risk_level=_req(f, "risk_level"),
        safety_plan=f.get("safety_plan"), review_date=f.get("review_date"),
    ))


# ---------------------------------------------------------------- flags, rolls and exclusions

async def _plan_flag(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    return await recording.plan_flag(ctx, FlagData(
        person_id=_must(resolved, _req(f, "person"), "person", PERSON_TYPES),
        kind=_req(f, "kind"), since=f.get("since"), until=f.get("until"), detail=f.get("detail"),
    ))


def _not_shared(rec: Record) -> str | None:
    if rec.fields.get("shared") is False:
        return ("not open to partners in the partner system: the hub holds only what a "
                "service has opened to partners")
    return None


async def _plan_roll(ctx: RequestContext, rec: Record, resolved: Resolved) -> recording.Plan:
    f = rec.fields
    year = f.get("year_group")
    if year is not None and year != int(year):
        raise FieldError(f"year_group: {year!r} is not a whole year group")
    return await recording.plan_school_roll(ctx, SchoolRollData(
        child_id=_must(resolved, _req(f, "person"), "person", ("Child",)),
        school_id=_must(resolved, _req(f, "school"), "school", ("School",)),
        start=f.get("from"), end=f.get("to"), year_group=None if year is None else int(year),
    ))


def _field_refs(*names: str) -> Callable[[Record], list[str]]:
    def refs(rec: Record) -> list[str]:
        return [rec.fields[n] for n in names if rec.fields.get(n)]
    return refs


FLAG_INPUTS = {"input.personId": "person", "input.kind": "kind", "input.since": "since",
               "input.until": "until", "input.detail": "detail"}

ADAPTERS: dict[str, Adapter] = {a.kind: a for a in (
    Adapter("person", "Person", lambda rec: [], _plan_person, inputs={
        "input.givenName": "given_name", "input.familyName": "family_name",
        "input.dob": "dob", "input.town": "town", "input.district": "district",
        "input.ward": "ward", "input.ofConcern": "of_concern", "input.gender": "gender",
        "input.ethnicity": "ethnicity", "input.kind": "kind"}),
    Adapter("incident", "Incident", _incident_refs, _plan_incident, inputs={
        "input.occurredAt": "occurred_at", "input.participants": "person",
        "input.placeId": "place", "input.reference": "reference", "input.summary": "summary",
        "input.type": "type", "role": "role"}),
    Adapter("missing", "MissingEpisode", _missing_refs, _plan_missing, _close_missing, inputs={
        "input.reportedAt": "reported_at", "input.childId": "child",
        "input.circumstances": "circumstances", "input.missingFromPlaceId": "missing_from",
        "input.foundAtTime": "found_at_time", "input.foundAtPlaceId": "found_at",
        "input.foundWithIds": "found_with", "input.risk": "risk"}),
    Adapter("referral", "Referral", _field_refs("person"), _plan_referral, inputs={
        "input.personId": "person", "input.receivedAt": "received_at",
        "input.consentReason": "consent_reason", "input.presentingFactors": "presenting_factors",
        "input.toService": "to_service", "input.consent": "consent", "input.outcome": "outcome",
        "input.fromAgency": "from_agency"}, batched=False),
    Adapter("assessment", "ContextAssessment", _field_refs("subject"), _plan_assessment, inputs={
        "input.subjectId": "subject", "input.assessedAt": "assessed_at",
        "input.findings": "findings", "input.reviewDate": "review_date",
        "input.safetyPlan": "safety_plan", "input.riskLevel": "risk_level"}, batched=False),
    Adapter("flag", "Flag", _field_refs("person"), _plan_flag, inputs=FLAG_INPUTS,
            holds_back=_not_shared),
    Adapter("school_roll", "ATTENDS", _field_refs("person", "school"), _plan_roll, inputs={
        "input.childId": "person", "input.schoolId": "school", "input.start": "from",
        "input.end": "to", "input.yearGroup": "year_group"},
        existing="ingest_existing_rolls", correct="ingest_correct_rolls"),
    Adapter("exclusion", "Flag", _field_refs("person"), _plan_flag, inputs=FLAG_INPUTS),
)}

# The order files are imported in when several are sent at once: what others refer to first.
ORDER = ("person", "school_roll", "incident", "missing", "referral", "assessment", "flag",
         "exclusion")


def adapter(kind: str) -> Adapter:
    try:
        return ADAPTERS[kind]
    except KeyError:
        raise ValueError(f"unknown kind of record {kind!r}; one of {', '.join(ADAPTERS)}") from None


def partner_words(message: str, adapter: Adapter, column_of: Callable[[str], str]) -> str:
    """The service's message with its input names replaced by the partner's own column names."""
    for name, our_field in sorted(adapter.inputs.items(), key=lambda kv: -len(kv[0])):
        if name in message:
            message = message.replace(name, column_of(our_field))
    return message


__all__ = ["ADAPTERS", "ORDER", "Adapter", "InvalidInput", "Record", "Resolved", "Unresolved",
           "adapter", "partner_words"]
