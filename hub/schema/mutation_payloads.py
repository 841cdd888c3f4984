"""What every mutation answers: the record as saved, and whether this call saved it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.domain.ids import encode
from hub.schema.base import Node, Provenance, as_object, provenance_of
from hub.schema.scalars import Date
from hub.schema.types import (
    Action,
    ContextAssessment,
    Incident,
    MissingEpisode,
    PanelDecision,
    Person,
    Referral,
    ReturnHomeInterview,
)
from hub.services.recording.links import link_key

if TYPE_CHECKING:
    from hub.schema.linkage import MatchCandidate

CREATED = "False when a record with the same clientRef was already saved and is returned as is."


@strawberry.type(description="What every link record says of itself.")
class LinkFields:
    raw: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def provenance(self) -> Provenance:
        return provenance_of(self.raw)

    @strawberry.field
    def client_ref(self) -> str | None:
        return self.raw.get("client_ref")


@strawberry.type(description="A recorded association between two people.")
class Association(LinkFields):
    person: Person
    associate: Person
    context: str | None
    strength: float | None
    first_seen: Date | None
    last_seen: Date | None

    @strawberry.field(description="Opaque id of the association (a link, not a node).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode("Association", link_key(self.person.raw["id"],
                                                            self.raw["id"])))


def association(person: dict[str, Any], link: dict[str, Any], other: dict[str, Any]) -> Association:
    return Association(
        raw=link, person=as_object(person), associate=as_object(other),
        context=link.get("context"), strength=link.get("strength"),
        first_seen=link.get("first_seen"), last_seen=link.get("last_seen"),
    )


@strawberry.type
class RecordPersonPayload:
    person: Person | None = strawberry.field(description=(
        "The person as saved; null when a likely match was answered instead (nothing saved)."))
    created: bool = strawberry.field(description=CREATED + " False, with person null, when "
                                     "likelyMatches lists records the hub already holds.")
    likely_matches: list[Annotated[MatchCandidate, strawberry.lazy("hub.schema.linkage")]] = \
        strawberry.field(default_factory=list, description=(
            "Records you may see that may be this person (at or above the review threshold), "
            "strongest first. Without confirmNew nothing is saved while this is not empty."))


@strawberry.type
class RecordAssociationPayload:
    association: Association
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordIncidentPayload:
    incident: Incident
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class ReportMissingPayload:
    episode: MissingEpisode
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class CloseMissingEpisodePayload:
    episode: MissingEpisode
    created: bool = strawberry.field(
        description="True: this call closed the episode and saved where and with whom the "
                    "child was found (closing a closed episode is refused, not repeated).")


@strawberry.type
class RecordReturnHomeInterviewPayload:
    interview: ReturnHomeInterview
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordReferralPayload:
    referral: Referral
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordContextAssessmentPayload:
    assessment: ContextAssessment
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class RecordPanelDecisionPayload:
    decision: PanelDecision
    created: bool = strawberry.field(description=CREATED)


@strawberry.type
class UpdateActionStatusPayload:
    action: Action
    changed: bool = strawberry.field(description="False when the action already had this status.")


@strawberry.type
class CorrectRecordPayload:
    record_id: strawberry.ID
    record: Node | None = strawberry.field(
        description="The record as corrected; null for a link record (read it from either end).")
    changed: bool = strawberry.field(description="False when the field already held this value.")


@strawberry.type
class RetractRecordPayload:
    record_id: strawberry.ID
    retracted: bool = strawberry.field(
        description="True: this call retracted it. False: it was retracted already.")
