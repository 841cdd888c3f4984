"""The rest of the model recorded over real HTTP: places, schools and areas, who lives where,
school rolls, county lines with their phones, people and cuckooed addresses, households and
family ties, flags, interventions and outcomes, panels and peer group members. Each kind reads
back through the queries, refuses bad input naming the field, saves once per clientRef, and
is shared only as its owner and category allow."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from hub.domain.ids import encode
from tests.support import RunningHub, start_hub, stop_hub

NOBODY = encode("Child", "per_" + "0" * 32)
TODAY = date.today()


def day_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    running = start_hub(tmp_path_factory.mktemp("kinds") / "data")
    yield running
    stop_hub(running)


def send(hub: RunningHub, name: str, value: dict[str, Any], answer: str = "created",
         headers: dict[str, str] | None = None) -> dict[str, Any]:
    kind = {"addHouseholdMember": "AddHouseholdMemberInput",
            "addPeerGroupMember": "AddPeerGroupMemberInput"}.get(
        name, name[0].upper() + name[1:] + "Input")
    return hub.gql(f"mutation($i: {kind}!) {{ {name}(input: $i) {{ {answer} }} }}",
                   {"i": value}, headers)


def ok(hub: RunningHub, name: str, value: dict[str, Any], answer: str = "created",
       headers: dict[str, str] | None = None) -> dict[str, Any]:
    body = send(hub, name, value, answer, headers)
    assert "errors" not in body, body["errors"]
    return body["data"][name]  # type: ignore[no-any-return]


def refused(hub: RunningHub, name: str, value: dict[str, Any], code: str, field: str | None,
            words: str, headers: dict[str, str] | None = None) -> None:
    body = send(hub, name, value, "__typename", headers)
    assert body["data"] is None, body
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (code, field), error
    assert words in error["message"], error


def node(hub: RunningHub, global_id: str, fields: str,
         headers: dict[str, str] | None = None) -> Any:
    return hub.data(f"query($id: ID!) {{ node(id: $id) {{ {fields} }} }}", {"id": global_id},
                    headers)["node"]


def person(hub: RunningHub, kind: str = "CHILD") -> str:
    dob = "2011-03-04" if kind == "CHILD" else "1985-07-08"
    return ok(hub, "recordPerson", {"kind": kind, "givenName": "Lee", "dob": dob,
                                    "familyName": "Kindly" + uuid.uuid4().hex[:8],
                                    "confirmNew": True},  # many alike: no likely match
              "person { id }")["person"]["id"]  # type: ignore[no-any-return]


def ref() -> str:
    return "k-" + uuid.uuid4().hex


LINK = "created link { id kind start { id } end { id } role tie startDate endDate yearGroup " \
       "firstSeen lastSeen provenance { owner category } }"


# ---------------------------------------------------------------- places, schools, residences

def test_areas_places_schools_and_who_lives_where_read_back(hub: RunningHub) -> None:
    area = ok(hub, "recordArea", {"name": "Brackwell", "kind": "TOWN", "region": "East"},
              "area { id name kind provenance { category } }")["area"]
    assert (area["kind"], area["provenance"]["category"]) == ("town", "reference")
    value = {"name": "14 Fictional Row", "kind": "HOME", "postcode": "ZZ1 1ZZ",
             "town": "Brackwell", "lat": 52.1, "lon": -0.9, "areaId": area["id"],
             "clientRef": ref()}
    place = ok(hub, "recordPlace", value, "created place { id area { id } }")
    again = ok(hub, "recordPlace", value, "created place { id }")
    assert (place["created"], again["created"]) == (True, False)
    assert place["place"]["area"]["id"] == area["id"] == place["place"]["area"]["id"]
    school = ok(hub, "recordSchool", {"name": "Brackwell Academy", "phase": "SECONDARY",
                                      "placeId": place["place"]["id"]},
                "school { id place { id } }")["school"]
    assert school["place"]["id"] == place["place"]["id"]
    child = person(hub)
    lives = {"personId": child, "placeId": place["place"]["id"], "start": day_ago(400),
             "clientRef": ref()}
    first = ok(hub, "recordResidence", lives, LINK)
    assert first["created"] and first["link"]["kind"] == "Residence"
    assert first["link"]["provenance"] == {"owner": "police", "category": "identity"}
    assert ok(hub, "recordResidence", lives, LINK)["link"]["id"] == first["link"]["id"]
    assert node(hub, child, "... on Person { addresses { place { id } start } }")[
        "addresses"] == [{"place": {"id": place["place"]["id"]}, "start": day_ago(400)}]
    education = hub.caller("education", "practitioner")
    roll = ok(hub, "recordSchoolRoll", {"childId": child, "schoolId": school["id"],
                                        "start": day_ago(300), "yearGroup": 9}, LINK,
              headers=education)
    assert roll["link"]["provenance"] == {"owner": "education", "category": "education"}
    assert node(hub, child, "... on Person { schools { school { id } yearGroup } }",
                headers=education)["schools"] == [{"school": {"id": school["id"]},
                                                   "yearGroup": 9}]


def test_bad_places_and_residences_are_refused_naming_the_field(hub: RunningHub) -> None:
    base = {"name": "Somewhere", "kind": "PARK"}
    refused(hub, "recordPlace", {**base, "name": " "}, "INVALID_INPUT", "input.name",
            "must not be empty")
    refused(hub, "recordPlace", {**base, "lat": 95.0, "lon": 1.0}, "INVALID_INPUT",
            "input.lat", "between -90 and 90")
    refused(hub, "recordPlace", {**base, "lat": 52.0}, "INVALID_INPUT", "input.lon",
            "given together")
    refused(hub, "recordPlace", {**base, "areaId": NOBODY}, "INVALID_INPUT", "input.areaId",
            "must be the id of a Area")
    child = person(hub)
    refused(hub, "recordResidence", {"personId": child, "placeId": encode("Place", "pla_none")},
            "NOT_FOUND", "input.placeId", "no record you may see")
    refused(hub, "recordSchoolRoll", {"childId": child, "schoolId": encode("School", "x"),
                                      "yearGroup": 20}, "INVALID_INPUT", "input.yearGroup",
            "from 0 (Reception) to 14", headers=hub.caller("education", "practitioner"))
    assert node(hub, child, "... on Person { addresses { start } }")["addresses"] == []


# ---------------------------------------------------------------- county lines

def test_a_county_line_with_its_phone_runner_and_cuckooed_address(hub: RunningHub) -> None:
    home, away = (ok(hub, "recordArea", {"name": name, "kind": "CITY"}, "area { id }")["area"][
        "id"] for name in ("Fictionham", "Imaginton"))
    line = ok(hub, "recordCountyLine", {
        "name": "BLUE-" + uuid.uuid4().hex[:4], "status": "ACTIVE", "firstSeen": day_ago(90),
        "exportsFromAreaId": home, "importsToAreaIds": [away]},
        "line { id exportingAreas { id } importingAreas { id } provenance { category } }")["line"]
    assert line["exportingAreas"] == [{"id": home}] and line["importingAreas"] == [{"id": away}]
    assert line["provenance"]["category"] == "intelligence"
    phone = ok(hub, "recordPhone", {"number": "07700 900999", "kind": "DEAL_LINE"},
               "phone { id number }")["phone"]
    ok(hub, "recordLinePhone", {"lineId": line["id"], "phoneId": phone["id"],
                                "start": day_ago(80)}, LINK)
    runner, flat = person(hub), ok(hub, "recordPlace", {"name": "Flat 3", "kind": "ADDRESS"},
                                   "place { id }")["place"]["id"]
    ok(hub, "recordLineLink", {"subjectId": runner, "lineId": line["id"], "role": "RUNNER",
                               "firstSeen": day_ago(30)}, LINK)
    cuckooed = ok(hub, "recordLineLink", {"subjectId": flat, "lineId": line["id"],
                                          "role": "CUCKOOED_ADDRESS"}, LINK)
    assert cuckooed["link"]["role"] == "cuckooed_address"
    ok(hub, "recordLineLink", {"subjectId": phone["id"], "lineId": line["id"],
                               "role": "DEAL_LINE"}, LINK)
    back = node(hub, line["id"], """... on CountyLine { phones { phone { id } start }
        people { person { id } role } places { place { id } role } }""")
    assert back["phones"] == [{"phone": {"id": phone["id"]}, "start": day_ago(80)}]
    assert back["people"] == [{"person": {"id": runner}, "role": "runner"}]
    assert back["places"] == [{"place": {"id": flat}, "role": "cuckooed_address"}]
    # A place cannot run a line; a number must be a number; an unknown area saves nothing.
    refused(hub, "recordLineLink", {"subjectId": flat, "lineId": line["id"], "role": "RUNNER"},
            "INVALID_INPUT", "input.role", "must be one of: cuckooed_address")
    refused(hub, "recordPhone", {"number": "call me", "kind": "PERSONAL"}, "INVALID_INPUT",
            "input.number", "phone number")
    refused(hub, "recordCountyLine", {"name": "RED", "status": "ACTIVE",
                                      "importsToAreaIds": [away, encode("Area", "are_none")]},
            "NOT_FOUND", "input.importsToAreaIds[1]", "no record you may see")
    # Intelligence is not shared without a purpose and an agreement.
    bare = hub.caller("trust", "practitioner", purpose=None)
    assert node(hub, line["id"], "id", headers=bare) is None


# ---------------------------------------------------------------- families

def test_households_and_family_ties(hub: RunningHub) -> None:
    mum, kid, sib = person(hub, "ADULT"), person(hub), person(hub)
    value = {"name": "The Kindly household", "town": "Brackwell", "clientRef": ref(),
             "members": [{"personId": mum, "role": "PARENT"}, {"personId": kid, "role": "CHILD"}]}
    made = ok(hub, "recordHousehold", value, "created household { id members { role } }")
    assert sorted(m["role"] for m in made["household"]["members"]) == ["child", "parent"]
    assert ok(hub, "recordHousehold", value, "created")["created"] is False
    ok(hub, "addHouseholdMember", {"personId": sib, "familyId": made["household"]["id"],
                                   "role": "CHILD"}, LINK)
    tie = ok(hub, "recordFamilyTie", {"personId": mum, "relativeId": kid, "kind": "PARENT"},
             LINK)
    assert tie["link"]["tie"] == "parent" and tie["link"]["kind"] == "FamilyTie"
    family = node(hub, kid, "... on Person { family { person { id } kind direction } "
                            "households { family { id } role } }")
    assert family["family"] == [{"person": {"id": mum}, "kind": "parent", "direction": "has"}]
    assert family["households"] == [{"family": {"id": made["household"]["id"]}, "role": "child"}]
    refused(hub, "recordFamilyTie", {"personId": kid, "relativeId": kid, "kind": "SIBLING"},
            "INVALID_INPUT", "input.relativeId", "a different person")
    refused(hub, "recordHousehold", {"name": "Half", "members": [
        {"personId": kid, "role": "CHILD"}, {"personId": NOBODY, "role": "CHILD"}]},
            "NOT_FOUND", "input.members[1].personId", "no record you may see")
    assert len(node(hub, kid, "... on Person { households { role } }")["households"]) == 1


# ---------------------------------------------------------------- flags, support, outcomes

def test_a_flag_takes_its_category_from_its_kind_and_is_shared_accordingly(
    hub: RunningHub,
) -> None:
    child = person(hub)
    trust = hub.caller("trust", "practitioner")
    flag = ok(hub, "recordFlag", {"personId": child, "kind": "CHILD_PROTECTION_PLAN",
                                  "since": day_ago(40), "detail": "Neglect category"},
              "flag { id provenance { owner category } }", headers=trust)["flag"]
    assert flag["provenance"] == {"owner": "trust", "category": "safeguarding"}
    flags = "... on Person { flags { id kind } }"
    assert node(hub, child, flags, headers=trust)["flags"] == [
        {"id": flag["id"], "kind": "child_protection_plan"}]
    own_only = hub.caller("police", "analyst", purpose=None)
    assert node(hub, child, flags, headers=own_only)["flags"] == []
    # Police may not record health facts at all.
    refused(hub, "recordFlag", {"personId": child, "kind": "HEALTH_CONDITION"}, "FORBIDDEN",
            None, "may not record health")
    refused(hub, "recordFlag", {"personId": child, "kind": "CHILD_IN_NEED", "since": day_ago(5),
                                "until": day_ago(9)}, "INVALID_INPUT", "input.until",
            "must not be before input.since", headers=trust)


def test_interventions_and_outcomes_follow_what_they_come_from(hub: RunningHub) -> None:
    child = person(hub)
    yos = hub.caller("yos", "practitioner")
    incident = ok(hub, "recordIncident", {"type": "THEFT", "occurredAt": f"{day_ago(20)}T10:00:00",
                                          "participants": [{"personId": child,
                                                            "role": "SUSPECT"}]},
                  "incident { id }")["incident"]["id"]
    outcome = ok(hub, "recordOutcome", {"personId": child, "kind": "YC", "decidedAt": day_ago(10),
                                        "incidentId": incident, "clientRef": ref()},
                 "outcome { id incident { id } provenance { owner category } }",
                 headers=yos)["outcome"]
    assert outcome["incident"]["id"] == incident
    assert outcome["provenance"] == {"owner": "yos", "category": "offending"}
    pads = ok(hub, "recordIntervention", {"personId": child, "kind": "PADS",
                                          "startedAt": day_ago(9)},
              "intervention { id outcome provenance { category } }", headers=yos)["intervention"]
    assert (pads["outcome"], pads["provenance"]["category"]) == ("ongoing", "offending")
    back = node(hub, child, "... on Person { outcomes { id } interventions { id } }", headers=yos)
    assert back == {"outcomes": [{"id": outcome["id"]}], "interventions": [{"id": pads["id"]}]}
    refused(hub, "recordIntervention", {"personId": child, "kind": "PADS",
                                        "startedAt": day_ago(1), "endedAt": day_ago(3)},
            "INVALID_INPUT", "input.endedAt", "must not be before input.startedAt", headers=yos)
    refused(hub, "recordOutcome", {"personId": child, "kind": "YRO",
                                   "decidedAt": (TODAY + timedelta(days=2)).isoformat()},
            "INVALID_INPUT", "input.decidedAt", "must not be in the future", headers=yos)


# ---------------------------------------------------------------- panels and groups

def test_panels_and_peer_group_members_joining_leaving_and_closing(hub: RunningHub) -> None:
    trust = hub.caller("trust", "practitioner")
    panel = ok(hub, "recordPanel", {"kind": "MACE", "heldOn": day_ago(3)},
               "panel { id kind name }", headers=trust)["panel"]
    assert panel["kind"] == "mace" and panel["name"].startswith("MACE panel")
    first, other, second = person(hub), person(hub), person(hub)
    group = hub.data("""mutation($ids: [ID!]!) { confirmPeerGroup(name: "Kindly lot",
        memberIds: $ids) { id } }""", {"ids": [first, other]})["confirmPeerGroup"]["id"]
    joined = ok(hub, "addPeerGroupMember", {"personId": second, "groupId": group,
                                            "role": "PERIPHERAL", "clientRef": ref()}, LINK)
    assert joined["link"]["role"] == "peripheral"
    members = "... on PeerGroup { status members { person { id } role until } }"
    assert {m["person"]["id"] for m in node(hub, group, members)["members"]} == {
        first, other, second}
    left = ok(hub, "removePeerGroupMember", {"personId": second, "groupId": group,
                                             "reason": "moved away"}, "changed")
    assert left["changed"] is True
    [gone] = [m for m in node(hub, group, members)["members"] if m["person"]["id"] == second]
    assert gone["until"] == TODAY.isoformat()
    refused(hub, "removePeerGroupMember", {"personId": person(hub), "groupId": group,
                                           "reason": "x"}, "NOT_FOUND", "input.personId",
            "not a member")
    closed = ok(hub, "closePeerGroup", {"groupId": group, "reason": "no longer meets"},
                "changed record { ... on PeerGroup { status } }")
    assert closed == {"changed": True, "record": {"status": "closed"}}
    refused(hub, "closePeerGroup", {"groupId": group, "reason": "x"}, "NOT_FOUND",
            "input.recordId", "no record of your agency's", headers=trust)


def test_an_association_is_ended(hub: RunningHub) -> None:
    first, second = person(hub), person(hub)
    link = ok(hub, "recordAssociation", {"personId": first, "associateId": second,
                                         "context": "PEER"}, "association { id }")[
        "association"]["id"]
    done = ok(hub, "endAssociation", {"associationId": link, "reason": "moved schools",
                                      "endedOn": day_ago(1)}, "changed recordId")
    assert done == {"changed": True, "recordId": link}
    peers = node(hub, first, "... on Person { peers { edges { node { endedOn } } } }")
    assert peers["peers"]["edges"] == [{"node": {"endedOn": day_ago(1)}}]
