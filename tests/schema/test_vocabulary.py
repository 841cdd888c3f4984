"""The GraphQL enums offer exactly the codes the recording service accepts from plain data."""

from __future__ import annotations

import pytest

from hub.domain import vocabulary
from hub.schema import inputs, mutation_inputs, record_inputs, types

PAIRS = [
    (mutation_inputs.Gender, vocabulary.GENDERS),
    (mutation_inputs.Ethnicity, vocabulary.ETHNICITIES),
    (mutation_inputs.IncidentType, vocabulary.INCIDENT_TYPES),
    (mutation_inputs.MissingRisk, vocabulary.MISSING_RISKS),
    (mutation_inputs.InterviewStatus, vocabulary.INTERVIEW_STATUSES),
    (mutation_inputs.ReferralService, vocabulary.REFERRAL_SERVICES),
    (mutation_inputs.Consent, vocabulary.CONSENTS),
    (mutation_inputs.ReferralOutcome, vocabulary.REFERRAL_OUTCOMES),
    (mutation_inputs.RiskLevel, vocabulary.RISK_LEVELS),
    (mutation_inputs.ActionStatus, vocabulary.ACTION_STATUSES),
    (types.LinkKind, vocabulary.LINK_KINDS),
    (types.IncidentRole, vocabulary.INCIDENT_ROLES),
    (record_inputs.AreaKind, vocabulary.AREA_KINDS),
    (record_inputs.PlaceKind, vocabulary.PLACE_KINDS),
    (record_inputs.SchoolPhase, vocabulary.SCHOOL_PHASES),
    (record_inputs.LineStatus, vocabulary.LINE_STATUSES),
    (record_inputs.LineRole, vocabulary.LINE_ROLES),
    (record_inputs.PhoneKind, vocabulary.PHONE_KINDS),
    (record_inputs.FamilyKind, vocabulary.FAMILY_KINDS),
    (record_inputs.HouseholdRole, vocabulary.HOUSEHOLD_ROLES),
    (record_inputs.GroupRole, vocabulary.GROUP_ROLES),
    (record_inputs.FlagKind, vocabulary.FLAG_KINDS),
    (record_inputs.InterventionKind, vocabulary.INTERVENTION_KINDS),
    (record_inputs.InterventionOutcome, vocabulary.INTERVENTION_OUTCOMES),
    (record_inputs.OutcomeKind, vocabulary.OUTCOME_KINDS),
    (record_inputs.PanelKind, vocabulary.PANEL_KINDS),
]


@pytest.mark.parametrize(("enum", "codes"), PAIRS, ids=[e.__name__ for e, _ in PAIRS])
def test_each_enum_offers_the_services_codes(enum: type, codes: tuple[str, ...]) -> None:
    assert [m.value for m in enum] == list(codes)  # type: ignore[attr-defined]


def test_person_kinds_match_in_any_case() -> None:
    assert [m.value.lower() for m in inputs.PersonKind] == list(vocabulary.PERSON_KINDS)
