"""Support and youth justice: an intervention delivered to a person (perhaps following a
referral), and a youth justice outcome (perhaps disposing of an incident). An intervention's
category comes from its kind (PADS is offending, DA support domestic abuse, CAMHS health:
`hub.domain.vocabulary.INTERVENTION_CATEGORY`); an outcome is offending.

Entry points: `plan_intervention(ctx, InterventionData)`, `plan_outcome(ctx, OutcomeData)`,
each returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.vocabulary import (
    INTERVENTION_CATEGORY,
    INTERVENTION_KINDS,
    INTERVENTION_OUTCOMES,
    OUTCOME_KINDS,
)
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    choice,
    in_order,
    may_record,
    not_future_day,
    ref,
    ref_or_none,
)
from hub.services.recording.core import Plan, Write, params, planned, provenance


@dataclass
class InterventionData:
    person_id: str
    kind: str
    started_at: str
    ended_at: str | None = None
    outcome: str = "ongoing"
    referral_id: str | None = None
    client_ref: str | None = None


@dataclass
class OutcomeData:
    person_id: str
    kind: str
    decided_at: str
    incident_id: str | None = None
    client_ref: str | None = None


async def plan_intervention(ctx: RequestContext, data: InterventionData) -> Plan:
    kind = choice(data.kind, INTERVENTION_KINDS, "input.kind")
    category = INTERVENTION_CATEGORY[kind]
    may_record(ctx, category)
    person = ref(data.person_id, "input.personId", PEOPLE)
    referral = ref_or_none(data.referral_id, "input.referralId", ("Referral",))
    started = not_future_day(data.started_at, "input.startedAt")
    ended = not_future_day(data.ended_at, "input.endedAt")
    in_order(started, ended, "input.endedAt", "input.startedAt")
    props = {**provenance(ctx, "itv", category, data.client_ref), "kind": kind,
             "started_at": started, "ended_at": ended,
             "outcome": choice(data.outcome, INTERVENTION_OUTCOMES, "input.outcome")}
    write = Write("record_intervention", params(
        ctx, props, person_id=person.raw_id, referral_id=referral.raw_id if referral else None,
        for_rel=provenance(ctx, "rel", category), follows_rel=provenance(ctx, "rel", category),
    ), label="Intervention", client_ref=props.get("client_ref"), subjects=(person.raw_id,))
    return await planned(ctx, write, person, referral)


async def plan_outcome(ctx: RequestContext, data: OutcomeData) -> Plan:
    may_record(ctx, "offending")
    person = ref(data.person_id, "input.personId", PEOPLE)
    incident = ref_or_none(data.incident_id, "input.incidentId", ("Incident",))
    props = {**provenance(ctx, "out", "offending", data.client_ref),
             "kind": choice(data.kind, OUTCOME_KINDS, "input.kind"),
             "decided_at": not_future_day(data.decided_at, "input.decidedAt")}
    write = Write("record_outcome", params(
        ctx, props, person_id=person.raw_id, incident_id=incident.raw_id if incident else None,
        for_rel=provenance(ctx, "rel", "offending"), of_rel=provenance(ctx, "rel", "offending"),
    ), label="Outcome", client_ref=props.get("client_ref"), subjects=(person.raw_id,))
    return await planned(ctx, write, person, incident)
