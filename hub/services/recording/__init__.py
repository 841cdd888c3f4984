"""Recording what partners know: one module per subject, one plan and one commit per kind.

Every kind of record has a plain-data input (a dataclass of plain values: ids as the read
API's global ids, codes as `hub.domain.vocabulary` lists them) and a `plan_<kind>(ctx, data)
-> Plan` in the module for its subject; `commit(ctx, plan)` writes it. A resolver and the
bulk importer call the same pair (`from_data(KindData, mapping)` builds the input from a
mapping and names the field it refuses). Each plan

1. checks the input alone and raises `InvalidInput` naming the field
   (`input.participants[1].personId`);
2. returns the record this agency already saved under the same `clientRef`, if there is
   one (as this request may see it), or else checks that every id named is one the caller
   may see (one batched read), raising `NotFound` in the same words whether a record is
   missing or hidden, so that existence does not leak;
3. returns a `Write` that `commit` runs as ONE statement, which matches every reference
   again, writes only if all still match, and stores the change's audit entry with the write
   (`hub.services.changes`): nothing is ever half written or written unaudited.

Plans are separate from commits so tests (and the importer's dry runs) can stop between the
two. The modules: `people` (persons, associations and their end), `incidents`, `missing`
(episodes, return home interviews), `referrals`, `panels` (context assessments, panels,
decisions, actions), `places` (areas, places, schools, residences, school rolls), `lines`
(county lines, phones, what is on a line, a line's phone and areas), `families`
(households, members, family ties), `flags`, `support` (interventions, youth justice
outcomes), `groups` (peer group members, removal, closing), `corrections` (correcting a
field, retracting a record entered in error), `links` (link records between two records),
`checks` (the shared input checks), `core` (Write, commit, replay), `data` (plain data
from mappings).
"""

from __future__ import annotations

from hub.services.recording.core import Plan, Recorded, Write, commit, shared_provenance
from hub.services.recording.corrections import (
    CorrectionData,
    RetractionData,
    plan_correction,
    plan_retraction,
)
from hub.services.recording.data import from_data
from hub.services.recording.families import (
    FamilyTieData,
    HouseholdData,
    HouseholdMemberData,
    MemberData,
    plan_family_tie,
    plan_household,
    plan_household_member,
)
from hub.services.recording.flags import FlagData, plan_flag
from hub.services.recording.groups import (
    GroupClosureData,
    GroupMemberData,
    GroupMemberRemovalData,
    plan_group_closure,
    plan_group_member,
    plan_group_member_removal,
)
from hub.services.recording.incidents import IncidentData, ParticipantData, plan_incident
from hub.services.recording.lines import (
    CountyLineData,
    LineAreaData,
    LineLinkData,
    LinePhoneData,
    PhoneData,
    plan_county_line,
    plan_line_area,
    plan_line_link,
    plan_line_phone,
    plan_phone,
)
from hub.services.recording.missing import (
    CloseMissingData,
    InterviewData,
    MissingData,
    plan_close_missing_episode,
    plan_interview,
    plan_missing,
)
from hub.services.recording.panels import (
    ActionData,
    ActionStatusData,
    AssessmentData,
    DecisionData,
    PanelData,
    plan_action_status,
    plan_context_assessment,
    plan_panel,
    plan_panel_decision,
)
from hub.services.recording.people import (
    AssociationData,
    AssociationEndData,
    PersonData,
    plan_association,
    plan_association_end,
    plan_person,
)
from hub.services.recording.places import (
    AreaData,
    PlaceData,
    ResidenceData,
    SchoolData,
    SchoolRollData,
    plan_area,
    plan_place,
    plan_residence,
    plan_school,
    plan_school_roll,
)
from hub.services.recording.referrals import ReferralData, plan_referral
from hub.services.recording.support import (
    InterventionData,
    OutcomeData,
    plan_intervention,
    plan_outcome,
)

__all__ = [
    "ActionData", "ActionStatusData", "AreaData", "AssessmentData", "AssociationData",
    "AssociationEndData", "CloseMissingData", "CorrectionData", "CountyLineData",
    "DecisionData", "FamilyTieData", "FlagData", "GroupClosureData", "GroupMemberData",
    "GroupMemberRemovalData", "HouseholdData", "HouseholdMemberData", "IncidentData",
    "InterventionData", "InterviewData", "LineAreaData", "LineLinkData", "LinePhoneData",
    "MemberData", "MissingData", "OutcomeData", "PanelData", "ParticipantData", "PersonData",
    "PhoneData", "PlaceData", "Plan", "Recorded", "ReferralData", "ResidenceData",
    "RetractionData", "SchoolData", "SchoolRollData", "Write", "commit", "from_data",
    "shared_provenance",
    "plan_action_status", "plan_area", "plan_association", "plan_association_end",
    "plan_close_missing_episode", "plan_context_assessment", "plan_correction",
    "plan_county_line", "plan_family_tie", "plan_flag", "plan_group_closure",
    "plan_group_member", "plan_group_member_removal", "plan_household",
    "plan_household_member", "plan_incident", "plan_intervention", "plan_interview",
    "plan_line_area", "plan_line_link", "plan_line_phone", "plan_missing", "plan_outcome",
    "plan_panel", "plan_panel_decision", "plan_person", "plan_phone", "plan_place",
    "plan_referral", "plan_residence", "plan_retraction", "plan_school", "plan_school_roll",
]

