"""The Mutation root: partners record what they know. Resolvers only translate (a GraphQL
input becomes the recording service's plain data); the service validates, checks what the
caller may see, and writes in one statement."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from hub.schema.base import as_object, ctx
from hub.schema.mutation_inputs import (
    CloseMissingEpisodeInput,
    CorrectRecordInput,
    RecordAssociationInput,
    RecordContextAssessmentInput,
    RecordIncidentInput,
    RecordPanelDecisionInput,
    RecordPersonInput,
    RecordReferralInput,
    RecordReturnHomeInterviewInput,
    ReportMissingInput,
    RetractRecordInput,
    UpdateActionStatusInput,
)
from hub.schema.mutation_payloads import (
    CloseMissingEpisodePayload,
    CorrectRecordPayload,
    RecordAssociationPayload,
    RecordContextAssessmentPayload,
    RecordIncidentPayload,
    RecordPanelDecisionPayload,
    RecordPersonPayload,
    RecordReferralPayload,
    RecordReturnHomeInterviewPayload,
    ReportMissingPayload,
    RetractRecordPayload,
    UpdateActionStatusPayload,
    association,
)
from hub.services import recording
from hub.services.context import RequestContext
from hub.services.matching import record_person

D = TypeVar("D")


def plain(value: Any) -> Any:
    """A GraphQL input as plain data: enums as their codes, inputs as mappings."""
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


async def record(info: Info, plan: Callable[[RequestContext, D], Awaitable[recording.Plan]],
                 kind: type[D], value: Any) -> recording.Recorded:
    c = ctx(info)
    return await recording.commit(c, await plan(c, recording.from_data(kind, plain(value))))


@strawberry.type
class Mutation:
    @strawberry.mutation(description=(
        "Record a child or an adult (identity only), with the identifiers you hold. The person "
        "is first matched against the people the hub holds: if you may see a likely match, "
        "nothing is saved and likelyMatches lists it (send confirmNew to save anyway). Once "
        "saved, a near-certain match is linked automatically and a doubtful one queued for a "
        "MASH or IG review."))
    async def record_person(self, info: Info, input: RecordPersonInput) -> RecordPersonPayload:
        c = ctx(info)
        values = plain(input)
        confirm = bool(values.pop("confirm_new", False))
        outcome = await record_person(c, recording.from_data(recording.PersonData, values),
                                      confirm_new=confirm)
        from hub.schema.linkage import MatchCandidate  # it builds on this module

        matches = [MatchCandidate(candidate=one) for one in outcome.likely]
        if outcome.recorded is None:
            return RecordPersonPayload(person=None, created=False, likely_matches=matches)
        return RecordPersonPayload(person=as_object(outcome.recorded.row),
                                   created=outcome.recorded.created, likely_matches=matches)

    @strawberry.mutation(description="Record that two people associate (intelligence).")
    async def record_association(
        self, info: Info, input: RecordAssociationInput
    ) -> RecordAssociationPayload:
        done = await record(info, recording.plan_association, recording.AssociationData, input)
        assert done.link is not None and done.other is not None
        return RecordAssociationPayload(association=association(done.row, done.link, done.other),
                                        created=done.created)

    @strawberry.mutation(description="Record an incident with the people involved and their roles.")
    async def record_incident(self, info: Info, input: RecordIncidentInput) -> RecordIncidentPayload:
        done = await record(info, recording.plan_incident, recording.IncidentData, input)
        return RecordIncidentPayload(incident=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Report a child missing: opens a missing episode.")
    async def report_missing(self, info: Info, input: ReportMissingInput) -> ReportMissingPayload:
        done = await record(info, recording.plan_missing, recording.MissingData, input)
        return ReportMissingPayload(episode=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Close a missing episode: when, where and with whom found.")
    async def close_missing_episode(
        self, info: Info, input: CloseMissingEpisodeInput
    ) -> CloseMissingEpisodePayload:
        done = await record(info, recording.plan_close_missing_episode,
                            recording.CloseMissingData, input)
        return CloseMissingEpisodePayload(episode=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record the return home interview of a closed episode.")
    async def record_return_home_interview(
        self, info: Info, input: RecordReturnHomeInterviewInput
    ) -> RecordReturnHomeInterviewPayload:
        done = await record(info, recording.plan_interview, recording.InterviewData, input)
        return RecordReturnHomeInterviewPayload(interview=as_object(done.row),
                                                created=done.created)

    @strawberry.mutation(description="Record a referral to a service, with consent.")
    async def record_referral(self, info: Info, input: RecordReferralInput) -> RecordReferralPayload:
        done = await record(info, recording.plan_referral, recording.ReferralData, input)
        return RecordReferralPayload(referral=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a context assessment of a place, school or group.")
    async def record_context_assessment(
        self, info: Info, input: RecordContextAssessmentInput
    ) -> RecordContextAssessmentPayload:
        done = await record(info, recording.plan_context_assessment, recording.AssessmentData,
                            input)
        return RecordContextAssessmentPayload(assessment=as_object(done.row),
                                              created=done.created)

    @strawberry.mutation(description="Record a panel decision with what it concerns and actions.")
    async def record_panel_decision(
        self, info: Info, input: RecordPanelDecisionInput
    ) -> RecordPanelDecisionPayload:
        done = await record(info, recording.plan_panel_decision, recording.DecisionData, input)
        return RecordPanelDecisionPayload(decision=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Mark a panel action done, cancelled, or open again.")
    async def update_action_status(
        self, info: Info, input: UpdateActionStatusInput
    ) -> UpdateActionStatusPayload:
        done = await record(info, recording.plan_action_status, recording.ActionStatusData,
                            input)
        return UpdateActionStatusPayload(action=as_object(done.row), changed=done.created)

    @strawberry.mutation(description="Correct one field of your agency's record, with a reason "
                                      "(audited with before and after).")
    async def correct_record(self, info: Info, input: CorrectRecordInput) -> CorrectRecordPayload:
        done = await record(info, recording.plan_correction, recording.CorrectionData, input)
        return CorrectRecordPayload(record_id=input.record_id, changed=done.created,
                                    record=None if done.link is not None else as_object(done.row))

    @strawberry.mutation(description="Retract a record your agency entered in error: kept for "
                                      "the audit, shown to no one and counted nowhere after.")
    async def retract_record(self, info: Info, input: RetractRecordInput) -> RetractRecordPayload:
        done = await record(info, recording.plan_retraction, recording.RetractionData, input)
        return RetractRecordPayload(record_id=input.record_id, retracted=done.created)
