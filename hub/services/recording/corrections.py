"""Putting the record right: correcting one field with a reason, and retracting a record
entered in error. Both work on every kind of record, and only on the caller's own agency's
records (a partner corrects what it recorded; it asks the owner about anything else).

A correction changes one field (and what is derived from it: a person's display and search
name) in one statement guarded by the record's `revision`, so two corrections made from the
same reading cannot both land; the audit entry holds the field before and after, and the
reason.

A retraction keeps the record for the audit but moves it, and its owner's links, into the
category `retracted` (`hub.domain.vocabulary.RETRACTED`; its stored `scope` becomes
`owner:retracted`), which no agreement and no role grants. Every read statement already
filters each node and relationship with the one sharing predicate (the stored scope, or
`owner:category`, `IN $scopes`), so a retracted record is shown to no one, traversed by
nothing and counted nowhere, without a second predicate to forget.
The category it had is kept in `retracted_category`, with `retracted_at`, `retracted_by`
and `retraction_reason`.

Entry points: `plan_correction(ctx, CorrectionData)` and `plan_retraction(ctx,
RetractionData)`, each returning a Plan for `commit`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.domain.errors import InvalidInput, NotFound
from hub.domain.ids import BadGlobalId, decode
from hub.domain.names import name_grams
from hub.domain.vocabulary import (
    ACTION_STATUSES,
    AREA_KINDS,
    CONSENTS,
    ETHNICITIES,
    FAMILY_KINDS,
    GENDERS,
    GROUP_ROLES,
    GROUP_STATUSES,
    HOUSEHOLD_ROLES,
    INCIDENT_ROLES,
    INTERVENTION_OUTCOMES,
    LINE_ROLES,
    LINE_STATUSES,
    LINK_KINDS,
    MISSING_RISKS,
    PANEL_KINDS,
    PHONE_KINDS,
    PLACE_KINDS,
    REFERRAL_OUTCOMES,
    RETRACTED,
    RISK_LEVELS,
    SCHOOL_PHASES,
)
from hub.graph.model import RECORD_KINDS, kind_of
from hub.graph.store import Row
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    ADULT_AGE,
    TEXT_LIMIT,
    age,
    choice,
    day,
    may_record,
    not_future_day,
    not_future_time,
    now,
    optional,
    required,
    texts,
)
from hub.services.recording.core import Plan, Recorded, Write, clean
from hub.services.recording.links import split_link_key

Parser = Callable[[Any, str], Any]


def _text(limit: int, needed: bool = False) -> Parser:
    def parse(value: Any, name: str) -> Any:
        text = None if value is None else str(value)
        return required(text, name, limit) if needed else optional(text, name, limit)
    return parse


def _code(codes: tuple[str, ...], needed: bool = True) -> Parser:
    def parse(value: Any, name: str) -> Any:
        if value is None and not needed:
            return None
        return choice(None if value is None else str(value), codes, name)
    return parse


def _day(value: Any, name: str) -> Any:
    return not_future_day(None if value is None else str(value), name)


def _any_day(value: Any, name: str) -> Any:
    return day(None if value is None else str(value), name)


def _time(value: Any, name: str) -> Any:
    if value is None:
        raise InvalidInput(f"{name} must not be empty", field=name)
    not_future_time(str(value), name)
    return str(value)


def _unit(value: Any, name: str) -> Any:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a number between 0 and 1", field=name) from None
    if not 0 <= number <= 1:
        raise InvalidInput(f"{name} must be a number between 0 and 1", field=name)
    return number


def _flag(value: Any, name: str) -> Any:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("true", "false"):
        return str(value).strip().lower() == "true"
    raise InvalidInput(f"{name} must be true or false", field=name)


def _list(value: Any, name: str) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidInput(f'{name} must be a JSON list of texts, like ["a", "b"]',
                               field=name) from None
    if value is not None and (not isinstance(value, list)
                              or not all(isinstance(v, str) for v in value)):
        raise InvalidInput(f'{name} must be a JSON list of texts, like ["a", "b"]', field=name)
    return texts(value, name)


NAME = _text(100, needed=True)
SHORT = _text(100)
LONG = _text(TEXT_LIMIT)

# What may be corrected, per kind: the API's field name -> (property, how to read the value).
# Fields that decide a record's category or its links are not here: retract and record again.
PERSON: dict[str, tuple[str, Parser]] = {
    "givenName": ("given_name", NAME), "familyName": ("family_name", NAME),
    "dob": ("dob", _day), "gender": ("gender", _code(GENDERS, False)),
    "ethnicity": ("ethnicity", _code(ETHNICITIES, False)), "town": ("town", SHORT),
    "district": ("district", SHORT), "ward": ("ward", SHORT),
}
CORRECTABLE: dict[str, dict[str, tuple[str, Parser]]] = {
    "Child": PERSON,
    "Adult": {**PERSON, "ofConcern": ("of_concern", _flag)},
    "Incident": {"reference": ("reference", SHORT), "summary": ("summary", LONG),
                 "occurredAt": ("occurred_at", _time)},
    "MissingEpisode": {"risk": ("risk", _code(MISSING_RISKS)),
                       "circumstances": ("circumstances", LONG)},
    "ReturnHomeInterview": {"summary": ("summary", LONG), "pushFactors": ("push_factors", _list),
                            "pullFactors": ("pull_factors", _list)},
    "Referral": {"outcome": ("outcome", _code(REFERRAL_OUTCOMES)),
                 "presentingFactors": ("presenting_factors", _list),
                 "consent": ("consent", _code(CONSENTS)),
                 "consentReason": ("consent_reason", LONG)},
    "ContextAssessment": {"findings": ("findings", _text(TEXT_LIMIT, True)),
                          "riskLevel": ("risk_level", _code(RISK_LEVELS)),
                          "safetyPlan": ("safety_plan", LONG),
                          "reviewDate": ("review_date", _any_day)},
    "PanelDecision": {"decision": ("decision", _text(TEXT_LIMIT, True)),
                      "rationale": ("rationale", LONG), "reviewDate": ("review_date", _any_day)},
    "Action": {"description": ("description", _text(TEXT_LIMIT, True)),
               "ownerName": ("owner_name", SHORT), "dueDate": ("due_date", _any_day),
               "status": ("status", _code(ACTION_STATUSES))},
    "Place": {"name": ("name", NAME), "kind": ("kind", _code(PLACE_KINDS)),
              "address": ("address", SHORT), "postcode": ("postcode", SHORT),
              "town": ("town", SHORT), "ward": ("ward", SHORT), "lsoa": ("lsoa", SHORT)},
    "School": {"name": ("name", NAME), "phase": ("phase", _code(SCHOOL_PHASES)),
               "urn": ("urn", SHORT), "town": ("town", SHORT)},
    "Area": {"name": ("name", NAME), "kind": ("kind", _code(AREA_KINDS)),
             "region": ("region", SHORT)},
    "CountyLine": {"name": ("name", NAME), "status": ("status", _code(LINE_STATUSES)),
                   "firstSeen": ("first_seen", _day), "lastSeen": ("last_seen", _day)},
    "Phone": {"kind": ("kind", _code(PHONE_KINDS))},
    "Family": {"name": ("name", NAME), "town": ("town", SHORT)},
    "PeerGroup": {"name": ("name", NAME), "description": ("description", LONG),
                  "status": ("status", _code(GROUP_STATUSES))},
    "Flag": {"detail": ("detail", LONG), "since": ("since", _day), "until": ("until", _any_day)},
    "Intervention": {"startedAt": ("started_at", _day), "endedAt": ("ended_at", _day),
                     "outcome": ("outcome", _code(INTERVENTION_OUTCOMES))},
    "Outcome": {"decidedAt": ("decided_at", _day)},
    "Panel": {"name": ("name", NAME), "heldOn": ("held_on", _any_day),
              "kind": ("kind", _code(PANEL_KINDS))},
}
# Link records (relationships) a partner recorded: their global id's type, the relationship
# type, and what may be corrected on them.
LINKS: dict[str, tuple[str, dict[str, tuple[str, Parser]]]] = {
    "Association": ("ASSOCIATED_WITH", {
        "context": ("context", _code(LINK_KINDS)), "strength": ("strength", _unit),
        "firstSeen": ("first_seen", _day), "lastSeen": ("last_seen", _day),
        "endedOn": ("ended_on", _day)}),
    "Residence": ("LIVES_AT", {"from": ("from", _any_day), "to": ("to", _any_day)}),
    "SchoolRoll": ("ATTENDS", {"from": ("from", _any_day), "to": ("to", _any_day),
                               "yearGroup": ("year_group", SHORT)}),
    "FamilyTie": ("FAMILY_OF", {"kind": ("kind", _code(FAMILY_KINDS))}),
    "HouseholdMember": ("MEMBER_OF_FAMILY", {"role": ("role", _code(HOUSEHOLD_ROLES))}),
    "GroupMember": ("MEMBER_OF", {"role": ("role", _code(GROUP_ROLES)),
                                  "since": ("since", _day), "until": ("until", _day)}),
    "LineLink": ("LINKED_TO_LINE", {"role": ("role", _code(LINE_ROLES)),
                                    "firstSeen": ("first_seen", _day),
                                    "lastSeen": ("last_seen", _day)}),
    "Involvement": ("INVOLVED_IN", {"role": ("role", _code(INCIDENT_ROLES))}),
    "LinePhone": ("USES_PHONE", {"from": ("from", _any_day), "to": ("to", _any_day)}),
    "LineExport": ("EXPORTS_FROM", {}),
    "LineImport": ("IMPORTS_TO", {}),
}


@dataclass
class CorrectionData:
    record_id: str
    field: str
    reason: str
    value: Any = None  # the new value (text, or a JSON list for a list); null clears it


@dataclass
class RetractionData:
    record_id: str
    reason: str


@dataclass(frozen=True)
class Target:
    """The record a correction or retraction is about, as stored, if it is the caller's."""

    kind: str
    raw_id: str
    row: Row
    link_type: str | None = None  # set for a link record


async def _own(ctx: RequestContext, value: str, name: str = "input.recordId") -> Target:
    """The caller's own agency's record with this id, retracted or not; NotFound in the same
    words for a record that is missing, hidden, or another agency's."""
    try:
        type_name, raw_id = decode(value)
    except BadGlobalId:
        raise InvalidInput(f"{name} is not a valid id", field=name) from None
    missing = NotFound(f"{name}: no record of your agency's that you may see has this id",
                       field=name)
    if type_name in LINKS:
        rel_type = LINKS[type_name][0]
        start, rel_id = split_link_key(raw_id)
        if start is None:
            raise InvalidInput(f"{name} is not a valid id", field=name)
        row = await ctx.store.run_one("recording_own_link", {
            "from_id": start, "id": rel_id, "type": rel_type, "owner": ctx.agency,
            "scopes": ctx.scopes})
        if row is None:
            raise missing
        return Target(type_name, rel_id,
                      {**row["r"], "_from": row["a"]["id"], "_to": row["b"]["id"]}, rel_type)
    if type_name not in RECORD_KINDS:
        raise InvalidInput(f"{name} is not a valid id", field=name)
    row = await ctx.store.run_one("recording_own_record", {
        "id": raw_id, "owner": ctx.agency, "scopes": ctx.scopes})
    if row is None or kind_of(row["n"].get("_labels") or []) != type_name:
        raise missing
    return Target(type_name, raw_id, row["n"])


def _category(target: Target) -> str:
    return str(target.row.get("retracted_category") or target.row.get("category"))


async def plan_correction(ctx: RequestContext, data: CorrectionData) -> Plan:
    reason = required(data.reason, "input.reason", TEXT_LIMIT)
    target = await _own(ctx, data.record_id)
    if target.row.get("category") == RETRACTED:
        raise NotFound("input.recordId: no record of your agency's that you may see has this "
                       "id", field="input.recordId")
    may_record(ctx, _category(target))
    fields = LINKS[target.kind][1] if target.link_type else CORRECTABLE.get(target.kind, {})
    if data.field not in fields:
        listed = ", ".join(fields) or "none"
        raise InvalidInput(f"input.field: {data.field!r} cannot be corrected on a "
                           f"{target.kind}; fields that can: {listed}", field="input.field")
    prop, parse = fields[data.field]
    new = parse(data.value, "input.value")
    changes = {prop: new}
    if target.kind in ("Child", "Adult"):
        changes.update(_person_follows(target, prop, new))
    if target.kind == "Referral":
        consent = changes.get("consent", target.row.get("consent"))
        reason_given = changes.get("consent_reason", target.row.get("consent_reason"))
        if consent == "safeguarding_override" and not reason_given:
            raise InvalidInput("input.value: consent may be SAFEGUARDING_OVERRIDE only with a "
                               "consentReason; correct consentReason first", field="input.value")
    before = {k: target.row.get(k) for k in changes}
    if all(before[k] == v for k, v in changes.items()):
        return Recorded(target.row, False)  # already so: nothing written or audited
    stamp = now().isoformat()
    return Write("correct_link" if target.link_type else "correct_record", {
        "id": target.raw_id, "from_id": target.row.get("_from"), "type": target.link_type,
        "owner": ctx.agency,
        "revision": int(target.row.get("revision") or 0), "changes": changes,
        "now": stamp, "actor": ctx.actor,
    }, label=target.kind, conflict_field="input.recordId",
        shape="link" if target.link_type else "node",
        conflict="input.recordId: the record changed while correcting it; nothing was saved: "
                 "read it again and send the correction again",
        recheck={"clear": [target.raw_id]}, record_id=target.raw_id,
        before=before, after={"id": target.raw_id, **changes}, reason=reason,
        subjects=_subjects(target))


def _person_follows(target: Target, prop: str, new: Any) -> dict[str, Any]:
    """What follows from a person's corrected field: the display and search names; and a
    date of birth must still fit the person's kind."""
    row = target.row
    if prop in ("given_name", "family_name"):
        given = new if prop == "given_name" else row.get("given_name")
        family = new if prop == "family_name" else row.get("family_name")
        name = f"{given} {family}"
        return {"name": name, "name_lc": name.lower(), "name_grams": name_grams(name)}
    if prop == "dob" and new is not None:
        years = age(date.fromisoformat(new), now().date(), "input.value")
        if (target.kind == "Child") != (years < ADULT_AGE):
            raise InvalidInput(f"input.value: this date of birth makes the {target.kind.lower()} "
                               f"{years}; a child is under {ADULT_AGE}. Retract the record and "
                               "record the person again", field="input.value")
    return {}


def _subjects(target: Target) -> tuple[str, ...]:
    if target.kind in ("Child", "Adult"):
        return (target.raw_id,)
    return tuple(str(target.row[k]) for k in ("_from", "_to") if target.row.get(k))


async def plan_retraction(ctx: RequestContext, data: RetractionData) -> Plan:
    reason = required(data.reason, "input.reason", TEXT_LIMIT)
    target = await _own(ctx, data.record_id)
    if target.row.get("category") == RETRACTED:
        return Recorded(target.row, False)  # retracted already
    category = _category(target)
    may_record(ctx, category)
    stamp = now().isoformat()
    return Write("retract_link" if target.link_type else "retract_record", {
        "id": target.raw_id, "from_id": target.row.get("_from"), "type": target.link_type,
        "owner": ctx.agency, "now": stamp,
        "actor": ctx.actor, "reason": reason, "retracted": RETRACTED,
    }, label=target.kind, conflict_field="input.recordId", recheck={"clear": [target.raw_id]},
        shape="link" if target.link_type else "node", record_id=target.raw_id,
        before={"category": category},
        after=clean({"id": target.raw_id, "category": RETRACTED, "retracted_at": stamp}),
        reason=reason, subjects=_subjects(target))
