"""The new kinds on a store of their own: a reference hidden between the check and the write
writes nothing; a statement that fails part way leaves nothing; plain rows (as the importer
sends them) meet the same checks and get the category of their kind."""

from __future__ import annotations

import uuid

import pytest

from hub.domain.errors import Conflict
from hub.domain.ids import encode
from hub.graph.store import StoreError
from hub.services import recording
from hub.services.loaders import consent_params
from hub.services.recording import (
    AreaData,
    CountyLineData,
    FlagData,
    HouseholdData,
    MemberData,
    PersonData,
    PlaceData,
    ResidenceData,
    from_data,
)
from tests.services.callers import Caller, save


async def child_of(caller: Caller, agency: str = "police") -> str:
    done = await save(caller(agency), recording.plan_person, PersonData(
        kind="child", given_name="Sol", family_name="Kindred" + uuid.uuid4().hex[:6]))
    return encode("Child", done.row["id"])


async def saved_under(caller: Caller, ref: str, agency: str = "police") -> bool:
    row = await caller().store.run_one("recording_by_client_ref",
                                       {"client_ref": ref, "owner": agency})
    return row is not None


async def test_a_household_member_hidden_before_the_write_saves_no_household(
    caller: Caller,
) -> None:
    mine, theirs = await child_of(caller), await child_of(caller, "trust")
    both = caller(scopes={"police:identity", "trust:identity"})
    ref = "hh-" + uuid.uuid4().hex
    plan = await recording.plan_household(both, HouseholdData(name="Kindred", client_ref=ref,
        members=[MemberData(mine, "child"), MemberData(theirs, "child")]))
    with pytest.raises(Conflict):
        await recording.commit(caller(scopes={"police:identity"}), plan)
    assert not await saved_under(caller, ref)


async def test_a_link_whose_end_is_hidden_before_the_write_is_not_saved(caller: Caller) -> None:
    kid = await child_of(caller)
    place = await save(caller("trust"), recording.plan_place, PlaceData(name="Den", kind="other"))
    both = caller(scopes={"police:identity", "trust:reference"})
    plan = await recording.plan_residence(both, ResidenceData(
        person_id=kid, place_id=encode("Place", place.row["id"])))
    with pytest.raises(Conflict):
        await recording.commit(caller(scopes={"police:identity"}), plan)
    scopes = ["police:identity", "trust:reference"]
    links = await caller().store.run("links_in", {
        "ids": [place.row["id"]], "type": "LIVES_AT", "label": None, "scopes": scopes,
        **consent_params(scopes)})
    assert links == []


async def test_a_county_line_that_fails_part_way_leaves_nothing(caller: Caller) -> None:
    police = caller()
    areas = [await save(police, recording.plan_area, AreaData(name=n, kind="town"))
             for n in ("Nowhere", "Elsewhere")]
    ref = "line-" + uuid.uuid4().hex
    plan = await recording.plan_county_line(police, CountyLineData(
        name="GREEN", status="active", client_ref=ref,
        imports_to_area_ids=[encode("Area", a.row["id"]) for a in areas]))
    assert isinstance(plan, recording.Write)
    plan.params["imports"][1]["rel"]["note"] = {"a map": "is not a property value"}
    with pytest.raises(StoreError):
        await recording.commit(police, plan)
    assert not await saved_under(caller, ref)
    pending = await police.store.run("pending_changes_for", {"record": plan.params["props"]["id"]})
    assert pending == []


async def test_a_plain_row_meets_the_same_checks_and_takes_its_kinds_category(
    caller: Caller,
) -> None:
    kid = await child_of(caller)
    education = caller("education", scopes={"police:identity", "education:education"},
                       role="practitioner")
    row = {"personId": kid, "kind": "EXCLUDED", "since": "2026-01-05"}
    done = await save(education, recording.plan_flag, from_data(FlagData, row))
    assert (done.row["category"], done.row["kind"]) == ("education", "excluded")
    with pytest.raises(Exception, match="input.kind must be one of"):
        await recording.plan_flag(education, from_data(FlagData, {**row, "kind": "grumpy"}))
