"""Corrections are guarded by the revision they were planned from: two corrections made from
one reading cannot both land, and the one that lost writes nothing."""

from __future__ import annotations

import pytest

from hub.domain.errors import Conflict, InvalidInput
from hub.domain.ids import encode
from hub.services import recording
from hub.services.recording import CorrectionData, PersonData, ReferralData
from tests.services.callers import Caller, save


async def test_two_corrections_from_one_reading_cannot_both_land(caller: Caller) -> None:
    police = caller()
    person = await save(police, recording.plan_person, PersonData(
        kind="child", given_name="Rae", family_name="Twiceover"))
    target = encode("Child", person.row["id"])
    mine = await recording.plan_correction(caller(), CorrectionData(
        record_id=target, field="town", value="Corby", reason="moved"))
    theirs = await recording.plan_correction(caller(), CorrectionData(
        record_id=target, field="town", value="Oundle", reason="moved again"))
    await recording.commit(caller(), theirs)
    with pytest.raises(Conflict, match="changed while correcting"):
        await recording.commit(caller(), mine)
    seen = await caller().loaders.entity.load(person.row["id"])
    assert seen is not None and seen["town"] == "Oundle" and seen["revision"] == 1


async def test_consent_is_overridden_only_with_a_recorded_reason(caller: Caller) -> None:
    trust = caller("trust")
    kid = await save(trust, recording.plan_person, PersonData(
        kind="child", given_name="Ari", family_name="Consentless"))
    referral = await save(trust, recording.plan_referral, ReferralData(
        person_id=encode("Child", kid.row["id"]), to_service="early_help", consent="refused",
        received_at="2026-01-02T09:00:00"))
    target = encode("Referral", referral.row["id"])
    with pytest.raises(InvalidInput, match="only with a consentReason"):
        await recording.plan_correction(caller("trust"), CorrectionData(
            record_id=target, field="consent", value="safeguarding_override", reason="risk"))
    await save(caller("trust"), recording.plan_correction, CorrectionData(
        record_id=target, field="consentReason", value="immediate risk of harm", reason="MASH"))
    done = await save(caller("trust"), recording.plan_correction, CorrectionData(
        record_id=target, field="consent", value="SAFEGUARDING_OVERRIDE", reason="MASH"))
    assert done.row["consent"] == "safeguarding_override"
