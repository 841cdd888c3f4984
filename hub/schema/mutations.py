"""The Mutation root: partners record what they know. Resolvers only translate; the
recording service validates, checks what the caller may see, and writes in one statement."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from hub.schema.base import as_object, ctx
from hub.schema.mutation_inputs import (
    CloseMissingEpisodeInput,
    RecordAssociationInput,
    RecordContextAssessmentInput,
    RecordIncidentInput,
    RecordPanelDecisionInput,
    RecordPersonInput,
    RecordReferralInput,
    RecordReturnHomeInterviewInput,
    ReportMissingInput,
    UpdateActionStatusInput,
)
from hub.schema.mutation_payloads import (
    CloseMissingEpisodePayload,
    RecordAssociationPayload,
    RecordContextAssessmentPayload,
    RecordIncidentPayload,
    RecordPanelDecisionPayload,
    RecordPersonPayload,
    RecordReferralPayload,
    RecordReturnHomeInterviewPayload,
    ReportMissingPayload,
    UpdateActionStatusPayload,
    association,
)
from hub.services import recording


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a child or an adult (identity only).")
    async def record_person(self, info: Info, input: RecordPersonInput) -> RecordPersonPayload:
        done = await recording.record_person(ctx(info), input)
        return RecordPersonPayload(person=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record that two people associate (intelligence).")
    async def record_association(
        self, info: Info, input: RecordAssociationInput
    ) -> RecordAssociationPayload:
        done = await recording.record_association(ctx(info), input)
        assert done.link is not None and done.other is not None
        return RecordAssociationPayload(association=association(done.row, done.link, done.other),
                                        created=done.created)

    @strawberry.mutation(description="Record an incident with the people involved and their roles.")
    async def record_incident(self, info: Info, input: RecordIncidentInput) -> RecordIncidentPayload:
        done = await recording.record_incident(ctx(info), input)
        return RecordIncidentPayload(incident=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Report a child missing: opens a missing episode.")
    async def report_missing(self, info: Info, input: ReportMissingInput) -> ReportMissingPayload:
        done = await recording.report_missing(ctx(info), input)
        return ReportMissingPayload(episode=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Close a missing episode: when, where and with whom found.")
    async def close_missing_episode(
        self, info: Info, input: CloseMissingEpisodeInput
    ) -> CloseMissingEpisodePayload:
        done = await recording.close_missing_episode(ctx(info), input)
        return CloseMissingEpisodePayload(episode=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record the return home interview of a closed episode.")
    async def record_return_home_interview(
        self, info: Info, input: RecordReturnHomeInterviewInput
    ) -> RecordReturnHomeInterviewPayload:
        done = await recording.record_return_home_interview(ctx(info), input)
        return RecordReturnHomeInterviewPayload(interview=as_object(done.row),
                                                created=done.created)

    @strawberry.mutation(description="Record a referral to a service, with consent.")
    async def record_referral(self, info: Info, input: RecordReferralInput) -> RecordReferralPayload:
        done = await recording.record_referral(ctx(info), input)
        return RecordReferralPayload(referral=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a context assessment of a place, school or group.")
    async def record_context_assessment(
        self, info: Info, input: RecordContextAssessmentInput
    ) -> RecordContextAssessmentPayload:
        done = await recording.record_context_assessment(ctx(info), input)
        return RecordContextAssessmentPayload(assessment=as_object(done.row),
                                              created=done.created)

    @strawberry.mutation(description="Record a panel decision with what it concerns and actions.")
    async def record_panel_decision(
        self, info: Info, input: RecordPanelDecisionInput
    ) -> RecordPanelDecisionPayload:
        done = await recording.record_panel_decision(ctx(info), input)
        return RecordPanelDecisionPayload(decision=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Mark a panel action done, cancelled, or open again.")
    async def update_action_status(
        self, info: Info, input: UpdateActionStatusInput
    ) -> UpdateActionStatusPayload:
        done = await recording.update_action_status(ctx(info), input)
        return UpdateActionStatusPayload(action=as_object(done.row), changed=done.created)
