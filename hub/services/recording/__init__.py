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
two. The modules: `people` (persons, associations), `incidents`, `missing` (episodes,
return home interviews), `referrals`, `panels` (context assessments, decisions, actions),
`corrections` (correcting a field, retracting a record entered in error), `checks` (the
shared input checks), `core` (Write, commit, replay), `data` (plain data from mappings).
"""

from __future__ import annotations

from hub.services.recording.core import Plan, Recorded, Write, commit
from hub.services.recording.corrections import (
    CorrectionData,
    RetractionData,
    plan_correction,
    plan_retraction,
)
from hub.services.recording.data import from_data
from hub.services.recording.incidents import IncidentData, ParticipantData, plan_incident
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
    plan_action_status,
    plan_context_assessment,
    plan_panel_decision,
)
from hub.services.recording.people import (
    AssociationData,
    PersonData,
    plan_association,
    plan_person,
)
from hub.services.recording.referrals import ReferralData, plan_referral

__all__ = [
    "ActionData", "ActionStatusData", "AssessmentData", "AssociationData", "CloseMissingData",
    "CorrectionData", "RetractionData", "plan_correction", "plan_retraction",
    "DecisionData", "IncidentData", "InterviewData", "MissingData", "ParticipantData",
    "PersonData", "Plan", "Recorded", "ReferralData", "Write", "commit", "from_data",
    "plan_action_status", "plan_association", "plan_close_missing_episode",
    "plan_context_assessment", "plan_incident", "plan_interview", "plan_missing",
    "plan_panel_decision", "plan_person", "plan_referral",
]

