"""Recording what partners know: check the input, check every record it names, write once.

Each mutation goes through the same three steps, so each is as safe as the others:

1. `plan_*` checks the input alone (names, dates, enums' companions, list sizes) and
   raises `InvalidInput` naming the field (`input.participants[1].personId`);
2. it returns the record already saved under the same `clientRef` by the same agency,
   if there is one, or else checks that every id named is one the caller may see (one
   batched read) and raises `NotFound` with the same words whether the record is missing
   or hidden, so that existence does not leak;
3. `commit` runs ONE statement that matches every referenced record again and creates
   only if all of them still match: a reference that vanished in between writes nothing
   and the caller gets `Conflict`; a statement that fails part way is rolled back by the
   store, so a partial record is never left behind.

Plans are separate from commits so tests can change the world between the two.
"""

from __future__ import annotations

import contextlib
import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.domain.ids import BadGlobalId, decode
from hub.graph.model import scope_of
from hub.graph.store import Row
from hub.schema.base import LABEL_BY_TYPE, type_for
from hub.schema.mutation_inputs import (
    ActionStatus,
    CloseMissingEpisodeInput,
    Consent,
    IncidentType,
    InterviewStatus,
    PersonKind,
    RecordAssociationInput,
    RecordContextAssessmentInput,
    RecordIncidentInput,
    RecordPanelDecisionInput,
    RecordPersonInput,
    RecordReferralInput,
    RecordReturnHomeInterviewInput,
    ReferralService,
    ReportMissingInput,
    UpdateActionStatusInput,
)
from hub.services.context import RequestContext

SOURCE = "hub"
NAME_LIMIT = 100  # names, towns, references, list items
TEXT_LIMIT = 4000  # summaries, findings, decisions, plans
LIST_LIMIT = 20  # push and pull factors, presenting factors, found-with
MAX_REFS = 50  # participants, concerns, actions
WEIGHTING_LIMIT = 4000
CLOCK_SKEW = timedelta(minutes=5)  # a partner's clock a little ahead is not "the future"
ADULT_AGE = 18
OLDEST_AGE = 120

PEOPLE = ("Child", "Adult")
CONTEXTS = ("Place", "School", "PeerGroup")
DECISION_SUBJECTS = (*PEOPLE, *CONTEXTS)


@dataclass(frozen=True)
class Recorded:
    """The record as saved; `created` is False when this call found it already saved."""

    row: Row
    created: bool
    link: Row | None = None  # for a link record (an association): the relationship
    other: Row | None = None  # ... and the node at its far end


@dataclass
class Write:
    """One checked write, ready to run: the statement and everything it needs."""

    statement: str
    params: dict[str, Any]
    label: str  # the label the record carries, to recognise a replayed clientRef
    client_ref: str | None = None
    # What the statement returns: "node" (`n`), "link" (`a`, `r`, `b`: an association) or
    # "change" (`n` and its status `before`, for an update).
    shape: str = "node"
    conflict: str = "a record this refers to changed or was removed while saving; nothing " \
                    "was saved: check it and send again"
    conflict_field: str | None = None
    # Anything `commit` should re-read after a failed write to say exactly what conflicted.
    recheck: dict[str, Any] = field(default_factory=dict)


Plan = Write | Recorded


@dataclass(frozen=True)
class Ref:
    """An id from the input, decoded, with the field it came from."""

    field: str
    raw_id: str
    type_name: str


# ---------------------------------------------------------------- public entry points

async def record_person(ctx: RequestContext, data: RecordPersonInput) -> Recorded:
    return await commit(ctx, await plan_person(ctx, data))


async def record_association(ctx: RequestContext, data: RecordAssociationInput) -> Recorded:
    return await commit(ctx, await plan_association(ctx, data))


async def record_incident(ctx: RequestContext, data: RecordIncidentInput) -> Recorded:
    return await commit(ctx, await plan_incident(ctx, data))


async def report_missing(ctx: RequestContext, data: ReportMissingInput) -> Recorded:
    return await commit(ctx, await plan_missing(ctx, data))


async def close_missing_episode(ctx: RequestContext, data: CloseMissingEpisodeInput) -> Recorded:
    return await commit(ctx, await plan_close_missing_episode(ctx, data))


async def record_return_home_interview(
    ctx: RequestContext, data: RecordReturnHomeInterviewInput
) -> Recorded:
    return await commit(ctx, await plan_interview(ctx, data))


async def record_referral(ctx: RequestContext, data: RecordReferralInput) -> Recorded:
    return await commit(ctx, await plan_referral(ctx, data))


async def record_context_assessment(
    ctx: RequestContext, data: RecordContextAssessmentInput
) -> Recorded:
    return await commit(ctx, await plan_context_assessment(ctx, data))


async def record_panel_decision(ctx: RequestContext, data: RecordPanelDecisionInput) -> Recorded:
    return await commit(ctx, await plan_panel_decision(ctx, data))


async def update_action_status(ctx: RequestContext, data: UpdateActionStatusInput) -> Recorded:
    """`created` here means "changed": False when the action already had this status."""
    return await commit(ctx, await plan_action_status(ctx, data))


async def commit(ctx: RequestContext, plan: Plan) -> Recorded:
    """Run a checked write; a replayed clientRef was answered by the plan already."""
    if isinstance(plan, Recorded):
        return plan
    # The write matches references with the scopes of the request that runs it.
    rows = await ctx.store.run(plan.statement, {**plan.params, "scopes": ctx.scopes})
    for key in plan.recheck.get("clear", ()):
        with contextlib.suppress(KeyError):  # not loaded in this request: nothing to forget
            ctx.loaders.entity.clear(key)
    if rows:
        row = rows[0]
        if plan.shape == "link":
            recorded = Recorded(row["a"], True, link=row["r"], other=row["b"])
            await _audit_change(ctx, plan, None, row["r"], (row["a"]["id"], row["b"]["id"]))
        elif plan.shape == "change":
            recorded = Recorded(row["n"], row["before"] != row["n"].get("status"))
            await _audit_change(ctx, plan, {"status": row["before"]}, row["n"], ())
        else:
            recorded = Recorded(row["n"], True)
            await _audit_change(ctx, plan, None, row["n"], ())
        return recorded
    # Nothing written: the same clientRef won a race, or a reference changed in between.
    replayed = await _replay(ctx, plan)
    if replayed is not None:
        return replayed
    await _explain_conflict(ctx, plan)
    raise Conflict(plan.conflict, field=plan.conflict_field)


async def _audit_change(ctx: RequestContext, plan: Write, before: Row | None, after: Row,
                        subjects: tuple[str, ...]) -> None:
    """Every change is in the audit log with what it was before and after."""
    sharing = getattr(ctx.hub, "sharing", None)
    if sharing is None or ctx.principal is None:
        return
    labels = after.get("_labels") or []
    people = subjects or ((after["id"],) if "Person" in labels else ())
    await sharing.record_change(ctx.principal, ctx.access, plan.statement, before,
                                {k: v for k, v in after.items() if not k.startswith("_")},
                                people, ctx.justification, ctx.request_id)


# ---------------------------------------------------------------- people and links

async def plan_person(ctx: RequestContext, data: RecordPersonInput) -> Plan:
    _may_record(ctx, "identity")
    today = _now().date()
    given = _required(data.given_name, "input.givenName", NAME_LIMIT)
    family = _required(data.family_name, "input.familyName", NAME_LIMIT)
    child = data.kind == PersonKind.CHILD
    if data.dob is not None:
        age = _age(date.fromisoformat(data.dob), today, "input.dob")
        if child and age >= ADULT_AGE:
            raise InvalidInput(f"input.dob: a child must be under {ADULT_AGE} today, and this "
                               f"person is {age}; record them as an ADULT", field="input.dob")
        if not child and age < ADULT_AGE:
            raise InvalidInput(f"input.dob: an adult must be {ADULT_AGE} or over today, and "
                               f"this person is {age}; record them as a CHILD",
                               field="input.dob")
    if child and data.of_concern is not None:
        raise InvalidInput("input.ofConcern applies to adults only", field="input.ofConcern")
    props = {
        **_provenance(ctx, "per", "identity", data.client_ref),
        "given_name": given, "family_name": family, "name": f"{given} {family}",
        "name_lc": f"{given} {family}".lower(), "dob": data.dob,
        "gender": _value(data.gender), "ethnicity": _value(data.ethnicity),
        "town": _optional(data.town, "input.town", NAME_LIMIT),
        "district": _optional(data.district, "input.district", NAME_LIMIT),
        "ward": _optional(data.ward, "input.ward", NAME_LIMIT),
        "of_concern": None if child else bool(data.of_concern),
    }
    write = Write("record_child" if child else "record_adult",
                  _params(ctx, props, props_key="props"), label="Person",
                  client_ref=props.get("client_ref"))
    return await _replay(ctx, write) or write


async def plan_association(ctx: RequestContext, data: RecordAssociationInput) -> Plan:
    _may_record(ctx, "intelligence")
    today = _now().date()
    person = _ref(data.person_id, "input.personId", PEOPLE)
    associate = _ref(data.associate_id, "input.associateId", PEOPLE)
    if person.raw_id == associate.raw_id:
        raise InvalidInput("input.associateId must be a different person from input.personId",
                           field="input.associateId")
    if data.strength is not None and not 0 <= data.strength <= 1:
        raise InvalidInput("input.strength must be between 0 and 1", field="input.strength")
    _not_future_day(data.first_seen, "input.firstSeen", today)
    _not_future_day(data.last_seen, "input.lastSeen", today)
    _in_order(data.first_seen, data.last_seen, "input.lastSeen", "input.firstSeen")
    props = {
        **_provenance(ctx, "rel", "intelligence", data.client_ref),
        "context": data.context.value, "strength": data.strength,
        "first_seen": data.first_seen, "last_seen": data.last_seen,
    }
    write = Write("record_association", _params(
        ctx, props, person_id=person.raw_id, associate_id=associate.raw_id,
    ), label="ASSOCIATED_WITH", client_ref=props.get("client_ref"), shape="link")
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [person, associate])
    return write


# ---------------------------------------------------------------- incidents

async def plan_incident(ctx: RequestContext, data: RecordIncidentInput) -> Plan:
    category = "domestic_abuse" if data.type == IncidentType.DOMESTIC_ABUSE else "offending"
    _may_record(ctx, category)
    _not_future_time(data.occurred_at, "input.occurredAt")
    if not data.participants:
        raise InvalidInput("input.participants must name at least one person",
                           field="input.participants")
    _at_most(data.participants, MAX_REFS, "input.participants")
    people = _distinct([_ref(p.person_id, f"input.participants[{i}].personId", PEOPLE)
                        for i, p in enumerate(data.participants)], "participant")
    place = _ref_or_none(data.place_id, "input.placeId", ("Place",))
    props = {
        **_provenance(ctx, "inc", category, data.client_ref),
        "type": data.type.value, "occurred_at": data.occurred_at,
        "reference": _optional(data.reference, "input.reference", NAME_LIMIT),
        "summary": _optional(data.summary, "input.summary", TEXT_LIMIT),
    }
    participants = [
        {"person_id": ref.raw_id, "rel": {**_provenance(ctx, "rel", category), "role": p.role.value}}
        for ref, p in zip(people, data.participants, strict=True)
    ]
    write = Write("record_incident", _params(
        ctx, props, person_ids=[r.raw_id for r in people], participants=participants,
        place_id=place.raw_id if place else None, place_rel=_provenance(ctx, "rel", category),
    ), label="Incident", client_ref=props.get("client_ref"))
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [*people, *([place] if place else [])])
    return write


# ---------------------------------------------------------------- missing episodes

async def plan_missing(ctx: RequestContext, data: ReportMissingInput) -> Plan:
    _may_record(ctx, "missing")
    _not_future_time(data.reported_at, "input.reportedAt")
    child = _ref(data.child_id, "input.childId", ("Child",))
    place = _ref_or_none(data.missing_from_place_id, "input.missingFromPlaceId", ("Place",))
    props = {
        **_provenance(ctx, "mis", "missing", data.client_ref),
        "reported_at": data.reported_at, "status": "open", "risk": data.risk.value,
        "circumstances": _optional(data.circumstances, "input.circumstances", TEXT_LIMIT),
    }
    write = Write("report_missing", _params(
        ctx, props, child_id=child.raw_id, place_id=place.raw_id if place else None,
        went_rel=_provenance(ctx, "rel", "missing"), place_rel=_provenance(ctx, "rel", "missing"),
    ), label="MissingEpisode", client_ref=props.get("client_ref"))
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [child, *([place] if place else [])])
    return write


async def plan_close_missing_episode(ctx: RequestContext, data: CloseMissingEpisodeInput) -> Plan:
    _may_record(ctx, "missing")
    found_at = _not_future_time(data.found_at_time, "input.foundAtTime")
    episode = _ref(data.episode_id, "input.episodeId", ("MissingEpisode",))
    place = _ref_or_none(data.found_at_place_id, "input.foundAtPlaceId", ("Place",))
    found_with = data.found_with_ids or []
    _at_most(found_with, LIST_LIMIT, "input.foundWithIds")
    people = _distinct([_ref(p, f"input.foundWithIds[{i}]", PEOPLE)
                        for i, p in enumerate(found_with)], "person")
    rows = await _visible(ctx, [episode, *([place] if place else []), *people])
    row = rows[episode.raw_id]
    if row.get("status") == "closed" or row.get("found_at_time"):
        raise Conflict("input.episodeId: this episode is already closed",
                       field="input.episodeId")
    reported = row.get("reported_at")
    if reported and found_at < _moment(reported):
        raise InvalidInput(f"input.foundAtTime must not be before the child was reported "
                           f"missing ({reported})", field="input.foundAtTime")
    missing = await ctx.loaders.links("WENT_MISSING", "in", "Person").load(episode.raw_id)
    for i, ref in enumerate(people):
        if any(child.get("id") == ref.raw_id for _, child in missing):
            raise InvalidInput("a child cannot be found with themself",
                               field=f"input.foundWithIds[{i}]")
    hours = None if not reported else round(
        (found_at - _moment(reported)).total_seconds() / 3600, 2)
    return Write("close_missing_episode", {
        "episode_id": episode.raw_id, "reported_at": reported, "scopes": ctx.scopes,
        "found_at_time": data.found_at_time, "duration_hours": hours,
        "place_id": place.raw_id if place else None,
        "place_rel": _provenance(ctx, "rel", "missing"),
        "person_ids": [p.raw_id for p in people],
        "found_with": [{"person_id": p.raw_id, "rel": _provenance(ctx, "rel", "missing")}
                       for p in people],
        "now": _stamp(), "actor": ctx.actor,
    }, label="MissingEpisode", conflict_field="input.episodeId",
        recheck={"episode": episode.raw_id, "clear": [episode.raw_id]})


async def plan_interview(ctx: RequestContext, data: RecordReturnHomeInterviewInput) -> Plan:
    _may_record(ctx, "missing")
    offered = _not_future_time(data.offered_at, "input.offeredAt")
    if data.status == InterviewStatus.COMPLETED and data.completed_at is None:
        raise InvalidInput("input.completedAt is required when status is COMPLETED",
                           field="input.completedAt")
    if data.status != InterviewStatus.COMPLETED and data.completed_at is not None:
        raise InvalidInput("input.completedAt must be left out unless status is COMPLETED",
                           field="input.completedAt")
    if data.completed_at is not None:
        completed = _not_future_time(data.completed_at, "input.completedAt")
        if completed < offered:
            raise InvalidInput("input.completedAt must not be before input.offeredAt",
                               field="input.completedAt")
    episode = _ref(data.episode_id, "input.episodeId", ("MissingEpisode",))
    props = {
        **_provenance(ctx, "rhi", "missing", data.client_ref),
        "offered_at": data.offered_at, "completed_at": data.completed_at,
        "status": data.status.value,
        "push_factors": _texts(data.push_factors, "input.pushFactors"),
        "pull_factors": _texts(data.pull_factors, "input.pullFactors"),
        "summary": _optional(data.summary, "input.summary", TEXT_LIMIT),
    }
    write = Write("record_return_home_interview", {}, label="ReturnHomeInterview",
                  client_ref=props.get("client_ref"), conflict_field="input.episodeId",
                  recheck={"interviews": episode.raw_id})
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    row = (await _visible(ctx, [episode]))[episode.raw_id]
    found = row.get("found_at_time")
    if not found:
        raise Conflict("input.episodeId: the child has not been found yet; close the episode "
                       "before recording the return home interview", field="input.episodeId")
    if offered < _moment(found):
        raise InvalidInput(f"input.offeredAt must not be before the child was found ({found})",
                           field="input.offeredAt")
    await _explain_conflict(ctx, write)
    write.params = _params(ctx, props, episode_id=episode.raw_id, found_at_time=found,
                           rel=_provenance(ctx, "rel", "missing"))
    return write


# ---------------------------------------------------------------- referrals

async def plan_referral(ctx: RequestContext, data: RecordReferralInput) -> Plan:
    category = "domestic_abuse" if data.to_service == ReferralService.EIS_DA else "safeguarding"
    _may_record(ctx, category)
    _not_future_time(data.received_at, "input.receivedAt")
    person = _ref(data.person_id, "input.personId", PEOPLE)
    reason = _optional(data.consent_reason, "input.consentReason", TEXT_LIMIT)
    if data.consent == Consent.SAFEGUARDING_OVERRIDE and reason is None:
        raise InvalidInput("input.consentReason is required when consent is "
                           "SAFEGUARDING_OVERRIDE: record why consent was not needed",
                           field="input.consentReason")
    props = {
        **_provenance(ctx, "ref", category, data.client_ref),
        "to_service": data.to_service.value, "from_agency": ctx.agency,
        "presenting_factors": _texts(data.presenting_factors, "input.presentingFactors"),
        "consent": data.consent.value, "consent_reason": reason,
        "outcome": data.outcome.value, "received_at": data.received_at,
    }
    write = Write("record_referral", _params(
        ctx, props, person_id=person.raw_id, for_rel=_provenance(ctx, "rel", category),
        by_rel=_provenance(ctx, "rel", category),
    ), label="Referral", client_ref=props.get("client_ref"))
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [person])
    return write


# ---------------------------------------------------------------- contexts and panels

async def plan_context_assessment(
    ctx: RequestContext, data: RecordContextAssessmentInput
) -> Plan:
    _may_record(ctx, "context")
    today = _now().date()
    subject = _ref(data.subject_id, "input.subjectId", CONTEXTS)
    _not_future_day(data.assessed_at, "input.assessedAt", today)
    _in_order(data.assessed_at, data.review_date, "input.reviewDate", "input.assessedAt")
    props = {
        **_provenance(ctx, "cas", "context", data.client_ref),
        "assessed_at": data.assessed_at,
        "findings": _required(data.findings, "input.findings", TEXT_LIMIT),
        "risk_level": data.risk_level.value,
        "safety_plan": _optional(data.safety_plan, "input.safetyPlan", TEXT_LIMIT),
        "review_date": data.review_date, "weighting": _weighting(data.weighting),
    }
    write = Write("record_context_assessment", _params(
        ctx, props, subject_id=subject.raw_id, rel=_provenance(ctx, "rel", "context"),
    ), label="ContextAssessment", client_ref=props.get("client_ref"))
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [subject])
    return write


async def plan_panel_decision(ctx: RequestContext, data: RecordPanelDecisionInput) -> Plan:
    _may_record(ctx, "panel")
    today = _now().date()
    panel = _ref(data.panel_id, "input.panelId", ("Panel",))
    decision = _required(data.decision, "input.decision", TEXT_LIMIT)
    _not_future_day(data.decided_at, "input.decidedAt", today)
    _in_order(data.decided_at, data.review_date, "input.reviewDate", "input.decidedAt")
    if not data.concerns_ids:
        raise InvalidInput("input.concernsIds must name at least one person or context",
                           field="input.concernsIds")
    _at_most(data.concerns_ids, MAX_REFS, "input.concernsIds")
    concerns = _distinct([_ref(c, f"input.concernsIds[{i}]", DECISION_SUBJECTS)
                          for i, c in enumerate(data.concerns_ids)], "subject")
    actions = data.actions or []
    _at_most(actions, MAX_REFS, "input.actions")
    action_rows: list[dict[str, Any]] = []
    assignees: dict[str, Ref] = {}
    for i, act in enumerate(actions):
        where = f"input.actions[{i}]"
        assignee = _ref_or_none(act.assignee_id, f"{where}.assigneeId", ("Practitioner",))
        if assignee is not None:
            assignees.setdefault(assignee.raw_id, assignee)
        _in_order(data.decided_at, act.due_date, f"{where}.dueDate", "input.decidedAt")
        action_rows.append({
            "props": _clean({
                **_provenance(ctx, "act", "panel"),
                "description": _required(act.description, f"{where}.description", TEXT_LIMIT),
                "owner_name": _optional(act.owner_name, f"{where}.ownerName", NAME_LIMIT),
                "due_date": act.due_date, "status": ActionStatus.OPEN.value,
            }),
            "rel": _provenance(ctx, "rel", "panel"),
            "assign_rel": _provenance(ctx, "rel", "panel"),
            "assignee_id": assignee.raw_id if assignee else None,
        })
    props = {
        **_provenance(ctx, "dec", "panel", data.client_ref),
        "decision": decision,
        "rationale": _optional(data.rationale, "input.rationale", TEXT_LIMIT),
        "decided_at": data.decided_at, "review_date": data.review_date,
    }
    write = Write("record_panel_decision", _params(
        ctx, props, panel_id=panel.raw_id, concern_ids=[c.raw_id for c in concerns],
        concerns=[{"id": c.raw_id, "rel": _provenance(ctx, "rel", "panel")} for c in concerns],
        assignee_ids=list(assignees), actions=action_rows,
        decided_rel=_provenance(ctx, "rel", "panel"),
    ), label="PanelDecision", client_ref=props.get("client_ref"))
    if (replayed := await _replay(ctx, write)) is not None:
        return replayed
    await _visible(ctx, [panel, *concerns, *assignees.values()])
    return write


async def plan_action_status(ctx: RequestContext, data: UpdateActionStatusInput) -> Plan:
    _may_record(ctx, "panel")
    action = _ref(data.action_id, "input.actionId", ("Action",))
    await _visible(ctx, [action])
    now = _now()
    return Write("update_action_status", {
        "action_id": action.raw_id, "status": data.status.value, "scopes": ctx.scopes,
        "today": now.date().isoformat(), "now": now.isoformat(), "actor": ctx.actor,
    }, label="Action", conflict_field="input.actionId", recheck={"clear": [action.raw_id]},
        shape="change")


# ---------------------------------------------------------------- checks on the input

def _may_record(ctx: RequestContext, category: str) -> None:
    """A caller records only what its own role may read back of its own agency's records."""
    if not ctx.access.allows(ctx.agency, category):
        raise Forbidden(f"your agency and role may not record {category.replace('_', ' ')} "
                        "information")


def _required(value: str, name: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"{name} must not be empty", field=name)
    return _limited(text, name, limit)


def _optional(value: str | None, name: str, limit: int) -> str | None:
    if value is None or not value.strip():
        return None
    return _limited(value.strip(), name, limit)


def _limited(text: str, name: str, limit: int) -> str:
    if len(text) > limit:
        raise InvalidInput(f"{name} must be at most {limit} characters (it has {len(text)})",
                           field=name)
    return text


def _texts(values: list[str] | None, name: str) -> list[str] | None:
    if not values:
        return None  # an empty list is stored as no list: not every store can hold one
    _at_most(values, LIST_LIMIT, name)
    return [_required(v, f"{name}[{i}]", NAME_LIMIT) for i, v in enumerate(values)]


def _at_most(values: Sequence[Any], limit: int, name: str) -> None:
    if len(values) > limit:
        raise InvalidInput(f"{name} may hold at most {limit} items (it has {len(values)})",
                           field=name)


def _client_ref(value: str | None) -> str | None:
    return _optional(value, "input.clientRef", NAME_LIMIT)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _stamp() -> str:
    return _now().isoformat()


def _moment(value: str) -> datetime:
    """A stored date or date-time as a moment; a bare date is its midnight."""
    return datetime.fromisoformat(value)


def _not_future_time(value: str, name: str) -> datetime:
    moment = _moment(value)
    if moment > _now() + CLOCK_SKEW:
        raise InvalidInput(f"{name} must not be in the future", field=name)
    return moment


def _not_future_day(value: str | None, name: str, today: date) -> None:
    if value is not None and date.fromisoformat(value) > today:
        raise InvalidInput(f"{name} must not be in the future", field=name)


def _in_order(earlier: str | None, later: str | None, later_name: str, earlier_name: str) -> None:
    if earlier is not None and later is not None and _moment(later) < _moment(earlier):
        raise InvalidInput(f"{later_name} must not be before {earlier_name}", field=later_name)


def _age(born: date, today: date, name: str) -> int:
    if born > today:
        raise InvalidInput(f"{name} must not be in the future", field=name)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age > OLDEST_AGE:
        raise InvalidInput(f"{name} is more than {OLDEST_AGE} years ago", field=name)
    return age


def _weighting(raw: str | None) -> str | None:
    """The weights as canonical JSON, so the same weights always read the same."""
    name = "input.weighting"
    if raw is None or not raw.strip():
        return None
    _limited(raw, name, WEIGHTING_LIMIT)
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(f"{name} is not valid JSON: {exc}", field=name) from None
    if not isinstance(parsed, dict) or not parsed:
        raise InvalidInput(f'{name} must be a JSON object of numbers, like {{"incidents": 0.5}}',
                           field=name)
    for key, value in parsed.items():
        if not key.strip() or len(key) > NAME_LIMIT:
            raise InvalidInput(f"{name}: every factor needs a name of 1 to {NAME_LIMIT} "
                               "characters", field=name)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            raise InvalidInput(f"{name}: the weight of {key!r} must be a number", field=name)
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"))


def _value(choice: Any) -> Any:
    return None if choice is None else choice.value


# ---------------------------------------------------------------- ids and what the caller sees

def _ref(value: str, name: str, kinds: tuple[str, ...]) -> Ref:
    try:
        type_name, raw_id = decode(value)
    except BadGlobalId:
        raise InvalidInput(f"{name} is not a valid id", field=name) from None
    if type_name not in LABEL_BY_TYPE:
        raise InvalidInput(f"{name} is not a valid id", field=name)
    if type_name not in kinds:
        raise InvalidInput(f"{name} must be the id of a {' or '.join(kinds)}, not of a "
                           f"{type_name}", field=name)
    return Ref(name, raw_id, type_name)


def _ref_or_none(value: str | None, name: str, kinds: tuple[str, ...]) -> Ref | None:
    return None if value is None else _ref(value, name, kinds)


def _distinct(refs: list[Ref], what: str) -> list[Ref]:
    seen: set[str] = set()
    for ref in refs:
        if ref.raw_id in seen:
            raise InvalidInput(f"{ref.field}: this {what} is already named", field=ref.field)
        seen.add(ref.raw_id)
    return refs


async def _visible(ctx: RequestContext, refs: Sequence[Ref]) -> dict[str, Row]:
    """Every referenced record, if the caller may see it; else NotFound on the first that is
    missing or hidden, in the same words either way."""
    rows = await ctx.loaders.entity.load_many([ref.raw_id for ref in refs])
    found: dict[str, Row] = {}
    for ref, row in zip(refs, rows, strict=True):
        kind = type_for(row) if row is not None else None
        if row is None or kind is None or kind.__name__ != ref.type_name:
            raise NotFound(f"{ref.field}: no record you may see has this id", field=ref.field)
        found[ref.raw_id] = row
    return found


# ---------------------------------------------------------------- provenance and params

def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def _provenance(ctx: RequestContext, prefix: str, category: str,
                client_ref: str | None = None) -> dict[str, Any]:
    return _clean({
        "id": new_id(prefix), "owner": ctx.agency, "category": category,
        "scope": scope_of(ctx.agency, category), "source": SOURCE,
        "recorded_at": _stamp(), "recorded_by": ctx.actor, "client_ref": _client_ref(client_ref),
    })


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Leave out what was not given: a store holds no nulls."""
    return {k: v for k, v in props.items() if v is not None}


def _params(ctx: RequestContext, props: dict[str, Any], props_key: str = "props",
            **more: Any) -> dict[str, Any]:
    return {props_key: _clean(props), "owner": ctx.agency, "scopes": ctx.scopes,
            "client_ref": props.get("client_ref"), **more}


async def _replay(ctx: RequestContext, write: Write) -> Recorded | None:
    """The record this agency already saved under this clientRef, if any."""
    if write.client_ref is None:
        return None
    if write.shape == "link":
        row = await ctx.store.run_one("recording_association_by_client_ref", {
            "person_id": write.params["person_id"], "client_ref": write.client_ref,
            "owner": ctx.agency})
        return None if row is None else Recorded(row["a"], False, link=row["r"], other=row["b"])
    row = await ctx.store.run_one("recording_by_client_ref",
                                  {"client_ref": write.client_ref, "owner": ctx.agency})
    if row is None:
        return None
    if write.label not in row["n"].get("_labels", []):
        raise Conflict("input.clientRef already names a different kind of record you saved",
                       field="input.clientRef")
    return Recorded(row["n"], False)


async def _explain_conflict(ctx: RequestContext, write: Write) -> None:
    """Say what conflicted when the store can tell: a closed episode, an existing interview."""
    episode = write.recheck.get("episode")
    if episode is not None:
        row = await ctx.loaders.entity.load(episode)
        if row is not None and row.get("status") == "closed":
            raise Conflict("input.episodeId: this episode is already closed",
                           field="input.episodeId")
    interviews = write.recheck.get("interviews")
    if interviews is not None:
        row = await ctx.store.run_one("recording_interview_count", {"episode_id": interviews})
        if row is not None and row["n"]:
            raise Conflict("input.episodeId: this episode already has a return home interview",
                           field="input.episodeId")
