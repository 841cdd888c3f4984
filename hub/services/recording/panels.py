"""Contexts and panels: context assessments, panel decisions with their actions, and the
status of an action.

Entry points: `plan_context_assessment(ctx, AssessmentData)`, `plan_panel(ctx, PanelData)`,
`plan_panel_decision(ctx, DecisionData)`, `plan_action_status(ctx, ActionStatusData)`, each
returning a Plan for `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.vocabulary import ACTION_STATUSES, PANEL_KINDS, RISK_LEVELS
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    CONTEXTS,
    MAX_REFS,
    PEOPLE,
    TEXT_LIMIT,
    Ref,
    at_most,
    choice,
    day,
    distinct,
    in_order,
    may_record,
    not_future_day,
    now,
    optional,
    ref,
    ref_or_none,
    required,
    visible,
    weighting,
)
from hub.services.recording.core import (
    Plan,
    Recorded,
    Write,
    clean,
    params,
    planned,
    provenance,
)

DECISION_SUBJECTS = (*PEOPLE, *CONTEXTS)


@dataclass
class AssessmentData:
    subject_id: str
    assessed_at: str
    findings: str
    risk_level: str
    safety_plan: str | None = None
    review_date: str | None = None
    weighting: str | None = None
    client_ref: str | None = None


@dataclass
class ActionData:
    description: str
    owner_name: str | None = None
    assignee_id: str | None = None
    due_date: str | None = None


@dataclass
class DecisionData:
    panel_id: str
    decision: str
    decided_at: str
    concerns_ids: list[str] = field(default_factory=list)
    rationale: str | None = None
    review_date: str | None = None
    actions: list[ActionData] | None = None
    client_ref: str | None = None


@dataclass
class PanelData:
    kind: str
    held_on: str
    name: str | None = None
    client_ref: str | None = None


@dataclass
class ActionStatusData:
    action_id: str
    status: str


async def plan_context_assessment(ctx: RequestContext, data: AssessmentData) -> Plan:
    may_record(ctx, "context")
    subject = ref(data.subject_id, "input.subjectId", CONTEXTS)
    assessed = not_future_day(data.assessed_at, "input.assessedAt")
    review = day(data.review_date, "input.reviewDate")
    in_order(assessed, review, "input.reviewDate", "input.assessedAt")
    props = {
        **provenance(ctx, "cas", "context", data.client_ref),
        "assessed_at": assessed,
        "findings": required(data.findings, "input.findings", TEXT_LIMIT),
        "risk_level": choice(data.risk_level, RISK_LEVELS, "input.riskLevel"),
        "safety_plan": optional(data.safety_plan, "input.safetyPlan", TEXT_LIMIT),
        "review_date": review, "weighting": weighting(data.weighting),
    }
    write = Write("record_context_assessment", params(
        ctx, props, subject_id=subject.raw_id, rel=provenance(ctx, "rel", "context"),
    ), label="ContextAssessment", client_ref=props.get("client_ref"))
    return await planned(ctx, write, subject)


async def plan_panel(ctx: RequestContext, data: PanelData) -> Plan:
    may_record(ctx, "panel")
    kind = choice(data.kind, PANEL_KINDS, "input.kind")
    held = day(data.held_on, "input.heldOn")
    props = {**provenance(ctx, "pan", "panel", data.client_ref), "kind": kind, "held_on": held,
             "name": optional(data.name, "input.name") or f"{kind.upper()} panel {held}"}
    write = Write("record_panel", params(ctx, props), label="Panel",
                  client_ref=props.get("client_ref"))
    return await planned(ctx, write)


async def plan_panel_decision(ctx: RequestContext, data: DecisionData) -> Plan:
    may_record(ctx, "panel")
    panel = ref(data.panel_id, "input.panelId", ("Panel",))
    decision = required(data.decision, "input.decision", TEXT_LIMIT)
    decided = not_future_day(data.decided_at, "input.decidedAt")
    review = day(data.review_date, "input.reviewDate")
    in_order(decided, review, "input.reviewDate", "input.decidedAt")
    if not data.concerns_ids:
        raise InvalidInput("input.concernsIds must name at least one person or context",
                           field="input.concernsIds")
    at_most(data.concerns_ids, MAX_REFS, "input.concernsIds")
    concerns = distinct([ref(c, f"input.concernsIds[{i}]", DECISION_SUBJECTS)
                         for i, c in enumerate(data.concerns_ids)], "subject")
    actions = data.actions or []
    at_most(actions, MAX_REFS, "input.actions")
    action_rows: list[dict[str, Any]] = []
    assignees: dict[str, Ref] = {}
    for i, act in enumerate(actions):
        where = f"input.actions[{i}]"
        assignee = ref_or_none(act.assignee_id, f"{where}.assigneeId", ("Practitioner",))
        if assignee is not None:
            assignees.setdefault(assignee.raw_id, assignee)
        due = day(act.due_date, f"{where}.dueDate")
        in_order(decided, due, f"{where}.dueDate", "input.decidedAt")
        action_rows.append({
            "props": clean({
                **provenance(ctx, "act", "panel"),
                "description": required(act.description, f"{where}.description", TEXT_LIMIT),
                "owner_name": optional(act.owner_name, f"{where}.ownerName"),
                "due_date": due, "status": "open",
            }),
            "rel": provenance(ctx, "rel", "panel"),
            "assign_rel": provenance(ctx, "rel", "panel"),
            "assignee_id": assignee.raw_id if assignee else None,
        })
    props = {
        **provenance(ctx, "dec", "panel", data.client_ref),
        "decision": decision,
        "rationale": optional(data.rationale, "input.rationale", TEXT_LIMIT),
        "decided_at": decided, "review_date": review,
    }
    write = Write("record_panel_decision", params(
        ctx, props, panel_id=panel.raw_id, concern_ids=[c.raw_id for c in concerns],
        concerns=[{"id": c.raw_id, "rel": provenance(ctx, "rel", "panel")} for c in concerns],
        assignee_ids=list(assignees), actions=action_rows,
        decided_rel=provenance(ctx, "rel", "panel"),
    ), label="PanelDecision", client_ref=props.get("client_ref"),
        subjects=tuple(c.raw_id for c in concerns if c.type_name in PEOPLE))
    return await planned(ctx, write, panel, *concerns, *assignees.values())


async def plan_action_status(ctx: RequestContext, data: ActionStatusData) -> Plan:
    may_record(ctx, "panel")
    action = ref(data.action_id, "input.actionId", ("Action",))
    status = choice(data.status, ACTION_STATUSES, "input.status")
    row = (await visible(ctx, [action]))[action.raw_id]
    before = row.get("status")
    if before == status:
        return Recorded(row, False)  # nothing to change, so nothing written or audited
    moment = now()
    completed = None
    if status == "done":
        completed = row.get("completed_at") if before == "done" else moment.date().isoformat()
    return Write("update_action_status", {
        "action_id": action.raw_id, "status": status, "before": before, "scopes": ctx.scopes,
        "completed_at": completed, "now": moment.isoformat(), "actor": ctx.actor,
    }, label="Action", conflict_field="input.actionId", recheck={"clear": [action.raw_id]},
        record_id=action.raw_id, before=clean({"status": before,
                                               "completed_at": row.get("completed_at")}),
        after=clean({"id": action.raw_id, "status": status, "completed_at": completed}))
