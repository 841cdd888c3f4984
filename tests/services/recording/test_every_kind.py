"""Every kind of record, through its plain-data entry point: a clientRef sent again saves
nothing new, and a write whose audit entry cannot be stored leaves no record behind (the
record and its change land in one statement, or neither does)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from hub.domain.ids import encode
from hub.graph.store import StoreError
from hub.services import recording as r
from hub.services.changes import Change
from tests.services.callers import Caller, save

World = dict[str, str]


@pytest.fixture(scope="module")
async def world(own_store: Any, audit: Any) -> World:
    """One of each record the kinds refer to, recorded by the police."""
    caller = Caller(own_store, audit)

    async def made(plan: Any, data: Any, kind: str) -> str:
        return encode(kind, (await save(caller(), plan, data)).row["id"])

    found: World = {
        "child": await made(r.plan_person, r.PersonData("child", "Tam", "Everykind"), "Child"),
        "adult": await made(r.plan_person, r.PersonData("adult", "Jo", "Everykind", dob="1980-01-01"),
                            "Adult"),
        "area": await made(r.plan_area, r.AreaData("Kindton", "town"), "Area"),
        "place": await made(r.plan_place, r.PlaceData("Kind Park", "park"), "Place"),
        "school": await made(r.plan_school, r.SchoolData("Kind School", "secondary"), "School"),
        "line": await made(r.plan_county_line, r.CountyLineData("KIND", "active"), "CountyLine"),
        "phone": await made(r.plan_phone, r.PhoneData("07700 900123", "deal_line"), "Phone"),
        "family": await made(r.plan_household, r.HouseholdData("Kind house"), "Family"),
    }
    return found


def kinds(w: World) -> dict[str, tuple[Callable[..., Any], Any]]:
    """Each kind's plan and a valid input naming the world's records."""
    return {
        "person": (r.plan_person, r.PersonData("child", "Ira", "Kindsome")),
        "association": (r.plan_association, r.AssociationData(w["child"], w["adult"], "peer")),
        "incident": (r.plan_incident, r.IncidentData("theft", "2026-01-01T10:00:00", [
            r.ParticipantData(w["child"], "witness")], place_id=w["place"])),
        "missing": (r.plan_missing, r.MissingData(w["child"], "2026-01-01T10:00:00", "low")),
        "referral": (r.plan_referral, r.ReferralData(w["child"], "mace", "given",
                                                     "2026-01-01T10:00:00")),
        "area": (r.plan_area, r.AreaData("Otherton", "city")),
        "place": (r.plan_place, r.PlaceData("Corner", "street", area_id=w["area"])),
        "school": (r.plan_school, r.SchoolData("Other School", "primary", place_id=w["place"])),
        "residence": (r.plan_residence, r.ResidenceData(w["child"], w["place"])),
        "county line": (r.plan_county_line, r.CountyLineData(
            "OTHER", "active", exports_from_area_id=w["area"], imports_to_area_ids=[w["area"]])),
        "phone": (r.plan_phone, r.PhoneData("07700 900321", "personal")),
        "line link": (r.plan_line_link, r.LineLinkData(w["place"], w["line"], "cuckooed_address")),
        "line phone": (r.plan_line_phone, r.LinePhoneData(w["line"], w["phone"])),
        "line area": (r.plan_line_area, r.LineAreaData(w["line"], w["area"], "imports")),
        "household": (r.plan_household, r.HouseholdData("Other house", members=[
            r.MemberData(w["child"], "child")])),
        "household member": (r.plan_household_member, r.HouseholdMemberData(
            w["adult"], w["family"], "parent")),
        "family tie": (r.plan_family_tie, r.FamilyTieData(w["adult"], w["child"], "parent")),
        "flag": (r.plan_flag, r.FlagData(w["child"], "exploitation_screening")),
        "intervention": (r.plan_intervention, r.InterventionData(w["child"], "mentoring",
                                                                 "2026-01-02")),
        "outcome": (r.plan_outcome, r.OutcomeData(w["child"], "CRD", "2026-01-02")),
        "panel": (r.plan_panel, r.PanelData("mace", "2026-01-03")),
    }


KINDS = list(kinds({k: "" for k in ("child", "adult", "area", "place", "school", "line",
                                   "phone", "family")}))
SCOPES = {f"police:{c}" for c in ("identity", "offending", "intelligence", "missing",
                                   "safeguarding", "reference", "panel")}


@pytest.mark.parametrize("kind", KINDS)
async def test_a_client_ref_sent_again_saves_nothing_new(
    kind: str, world: World, caller: Caller,
) -> None:
    plan, data = kinds(world)[kind]
    data = replace(data, client_ref="again-" + uuid.uuid4().hex)
    first = await save(caller(scopes=SCOPES), plan, data)
    again = await save(caller(scopes=SCOPES), plan, data)
    assert (first.created, again.created) == (True, False)
    assert (first.link or first.row)["id"] == (again.link or again.row)["id"]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_write_whose_audit_entry_cannot_be_stored_leaves_no_record(
    kind: str, world: World, caller: Caller, monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, data = kinds(world)[kind]
    ref = "torn-" + uuid.uuid4().hex
    data = replace(data, client_ref=ref)
    planned = await plan(caller(scopes=SCOPES), data)
    assert isinstance(planned, r.Write)
    # The change node is created last in every statement: make it unstorable (a map is not a
    # property value), so the store refuses after the record itself was created.
    monkeypatch.setattr(Change, "node", lambda self: {"id": self.id, "entry": {"a": "map"}})
    with pytest.raises(StoreError):
        await r.commit(caller(scopes=SCOPES), planned)
    monkeypatch.undo()
    store = caller().store
    if planned.shape == "link":
        row = await store.run_one("recording_link_by_client_ref", {
            "from_id": planned.replay_from, "type": planned.label, "client_ref": ref,
            "owner": "police"})
    else:
        row = await store.run_one("recording_by_client_ref", {"client_ref": ref,
                                                              "owner": "police"})
    assert row is None
