"""What partners send to record what they know: the inputs of every mutation and their enums.

Enum values are the lower-case codes `docs/model.md` lists and the graph stores; a value
outside an enum never reaches a resolver. Ids are the read API's global ids. Text is
checked by the recording service (`hub/services/recording/`), which names the field.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.schema.inputs import PersonKind
from hub.schema.scalars import Date, DateTime
from hub.schema.types import IncidentRole, LinkKind

CLIENT_REF = "Your own reference for this record. Sending the same one again (as the same " \
             "agency) returns the record already saved instead of saving a second one."

__all__ = [
    "ActionInput", "ActionStatus", "CloseMissingEpisodeInput", "Consent", "CorrectRecordInput",
    "Ethnicity", "Gender", "IdentifierInput", "IdentifierScheme",
    "IncidentRole", "IncidentType", "InterviewStatus", "LinkKind", "MissingRisk",
    "ParticipantInput", "PersonKind", "RecordAssociationInput", "RecordContextAssessmentInput",
    "RecordIncidentInput", "RecordPanelDecisionInput", "RecordPersonInput", "RecordReferralInput",
    "RecordReturnHomeInterviewInput", "ReferralOutcome", "ReferralService", "ReportMissingInput",
    "RetractRecordInput", "RiskLevel", "UpdateActionStatusInput",
]


@strawberry.enum
class Gender(Enum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    UNKNOWN = "unknown"


@strawberry.enum(description="The ONS five ethnic groups, or not stated.")
class Ethnicity(Enum):
    WHITE = "white"
    MIXED = "mixed"
    ASIAN = "asian"
    BLACK = "black"
    OTHER = "other"
    NOT_STATED = "not_stated"


@strawberry.enum
class IncidentType(Enum):
    VIOLENCE = "violence"
    KNIFE_CRIME = "knife_crime"
    ROBBERY = "robbery"
    DRUGS = "drugs"
    EXPLOITATION = "exploitation"
    DOMESTIC_ABUSE = "domestic_abuse"
    ASB = "asb"
    SEXUAL_OFFENCE = "sexual_offence"
    THEFT = "theft"
    CRIMINAL_DAMAGE = "criminal_damage"
    OTHER = "other"


@strawberry.enum(description="The risk grading of a missing episode.")
class MissingRisk(Enum):
    NO_APPARENT_RISK = "no_apparent_risk"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@strawberry.enum
class InterviewStatus(Enum):
    OFFERED = "offered"
    COMPLETED = "completed"
    DECLINED = "declined"


@strawberry.enum
class ReferralService(Enum):
    MASH = "mash"
    EARLY_HELP = "early_help"
    SOCIAL_CARE = "social_care"
    YOS_PREVENTION = "yos_prevention"
    EIS_YOUTH = "eis_youth"
    EIS_DA = "eis_da"
    CAMHS = "camhs"
    MACE = "mace"


@strawberry.enum(description="Consent to the referral; overriding it needs a recorded reason.")
class Consent(Enum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_SOUGHT = "not_sought"
    SAFEGUARDING_OVERRIDE = "safeguarding_override"


@strawberry.enum
class ReferralOutcome(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    NFA = "nfa"
    SIGNPOSTED = "signposted"
    STEPPED_UP = "stepped_up"
    CLOSED = "closed"


@strawberry.enum
class RiskLevel(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@strawberry.enum
class ActionStatus(Enum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


# ---------------------------------------------------------------- people and links

@strawberry.enum(description="The identifier schemes the hub checks and matches on.")
class IdentifierScheme(Enum):
    NHS = "nhs"
    UPN = "upn"
    POLICE = "police"
    SOCIAL_CARE = "social_care"


@strawberry.input(description="An identifier sent with a new person (see recordIdentifier).")
class IdentifierInput:
    scheme: IdentifierScheme
    value: str = strawberry.field(description="As held; spaces and dashes are ignored.")


@strawberry.input(description="A child or an adult, identity only; sensitive facts are flags.")
class RecordPersonInput:
    kind: PersonKind = strawberry.field(description="CHILD: under 18 today. ADULT: 18 or over.")
    given_name: str
    family_name: str
    dob: Date | None = None
    gender: Gender | None = None
    ethnicity: Ethnicity | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    of_concern: bool | None = strawberry.field(
        default=None, description="Adults only: suspected of exploiting children.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)
    identifiers: list[IdentifierInput] | None = strawberry.field(
        default=None, description="Identifiers your agency holds for the person: checked, "
                                  "recorded with them, and matched on first.")
    confirm_new: bool = strawberry.field(default=False, description=(
        "Record this person even though the hub holds a likely match you may see (see "
        "likelyMatches). Matching still links or queues the records as the model decides."))


@strawberry.input(description="Two people known to associate.")
class RecordAssociationInput:
    person_id: strawberry.ID
    associate_id: strawberry.ID
    context: LinkKind
    strength: float | None = strawberry.field(default=None, description="From 0 to 1.")
    first_seen: Date | None = None
    last_seen: Date | None = None
    client_ref: str | None = strawberry.field(
        default=None, description=CLIENT_REF + " Kept per person: send the same personId again.")


# ---------------------------------------------------------------- events

@strawberry.input(description="Someone involved in an incident, and how.")
class ParticipantInput:
    person_id: strawberry.ID
    role: IncidentRole


@strawberry.input(description="An incident or occurrence with the people involved.")
class RecordIncidentInput:
    type: IncidentType
    occurred_at: DateTime
    participants: list[ParticipantInput] = strawberry.field(
        default_factory=list,
        description="Each person once; may be empty only when placeId names where it happened.")
    place_id: strawberry.ID | None = None
    reference: str | None = strawberry.field(default=None, description="Your crime or log number.")
    summary: str | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A child reported missing or absent.")
class ReportMissingInput:
    child_id: strawberry.ID
    reported_at: DateTime
    risk: MissingRisk
    circumstances: str | None = None
    missing_from_place_id: strawberry.ID | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="The child was found: when, where, and with whom.")
class CloseMissingEpisodeInput:
    episode_id: strawberry.ID
    found_at_time: DateTime
    found_at_place_id: strawberry.ID | None = None
    found_with_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="People the child was found with; each once.")


@strawberry.input(description="The return home interview offered after a missing episode.")
class RecordReturnHomeInterviewInput:
    episode_id: strawberry.ID
    offered_at: DateTime
    status: InterviewStatus
    completed_at: DateTime | None = strawberry.field(
        default=None, description="Required when status is COMPLETED, and only then.")
    push_factors: list[str] | None = strawberry.field(
        default=None, description="What pushed the child away from home; up to 20.")
    pull_factors: list[str] | None = strawberry.field(
        default=None, description="What pulled the child elsewhere; up to 20.")
    summary: str | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


# ---------------------------------------------------------------- services

@strawberry.input(description="A referral about a person to a service, with consent.")
class RecordReferralInput:
    person_id: strawberry.ID
    to_service: ReferralService
    consent: Consent
    received_at: DateTime
    outcome: ReferralOutcome = ReferralOutcome.OPEN
    presenting_factors: list[str] | None = strawberry.field(
        default=None, description="Up to 20, e.g. 'missing episodes', 'new older peers'.")
    consent_reason: str | None = strawberry.field(
        default=None, description="Why consent was overridden; required for SAFEGUARDING_OVERRIDE.")
    from_agency: str | None = strawberry.field(
        default=None, description="The agency code of who referred (police, trust, yos, health, "
        "education, eis); your own agency when not given.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


# ---------------------------------------------------------------- contexts and panels

@strawberry.input(description="An assessment of a place, school or peer group.")
class RecordContextAssessmentInput:
    subject_id: strawberry.ID = strawberry.field(description="A Place, School or PeerGroup.")
    assessed_at: Date
    findings: str
    risk_level: RiskLevel
    safety_plan: str | None = None
    review_date: Date | None = None
    weighting: str | None = strawberry.field(
        default=None, description='The factor weights used, as a JSON object of numbers: '
                                  '{"incidents": 0.5, "missing": 0.3}.')
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="An action arising from a panel decision.")
class ActionInput:
    description: str
    owner_name: str | None = strawberry.field(
        default=None, description="Who owns it, as the panel minuted it.")
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Practitioner it is assigned to, if known to the hub.")
    due_date: Date | None = None


@strawberry.input(description="What a panel decided about people or contexts, with actions.")
class RecordPanelDecisionInput:
    panel_id: strawberry.ID
    decision: str
    decided_at: Date
    concerns_ids: list[strawberry.ID] = strawberry.field(
        description="The children, adults, places, schools or peer groups it is about; at least one.")
    rationale: str | None = None
    review_date: Date | None = None
    actions: list[ActionInput] | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="Mark an action done, cancelled, or open again.")
class UpdateActionStatusInput:
    action_id: strawberry.ID
    status: ActionStatus


# ---------------------------------------------------------------- corrections and retractions

@strawberry.input(description="Correct one field of a record your agency recorded, saying why.")
class CorrectRecordInput:
    record_id: strawberry.ID = strawberry.field(
        description="Any record's id, or a link record's (an association's, a residence's...).")
    field: str = strawberry.field(
        description="The field as the API names it (familyName, summary, lastSeen...); the "
                    "refusal for a field that cannot be corrected lists those that can.")
    reason: str = strawberry.field(description="Why it was wrong; kept in the audit log.")
    value: str | None = strawberry.field(
        default=None, description="The new value as text (a date as YYYY-MM-DD, a list as "
                                  'a JSON list like ["a", "b"]); null clears an optional field.')


@strawberry.input(description="Retract a record your agency entered in error: it is kept for "
                              "the audit, and shown to no one and counted nowhere afterwards.")
class RetractRecordInput:
    record_id: strawberry.ID
    reason: str
