"""Corrections are guarded by the revision they were planned from: two corrections made from
one reading cannot both land, and the one that lost writes nothing."""

from __future__ import annotations

import pytest

from hub.domain.errors import Conflict
from hub.domain.ids import encode
from hub.services import recording
from hub.services.recording import CorrectionData, PersonData
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
