"""Recording through the GraphQL mutations over real HTTP: what is saved reads back through the
queries; bad input is refused naming the field; a repeat with the same clientRef saves nothing;
a refused or conflicting write leaves nothing behind. The last section drives the recording
service directly on its own store, to hide records from a caller and to change the world
between the check and the write."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hub.auth.policy import CATEGORY_CODES
from hub.config import Settings
from hub.domain.errors import Conflict, NotFound
from hub.domain.ids import encode
from hub.graph.runtime import OpenStore, open_store
from hub.graph.store import GraphStore, StoreError
from hub.services import recording
from hub.services.context import RequestContext
from hub.services.loaders import consent_params
from hub.services.recording import (
    CloseMissingData,
    IncidentData,
    MissingData,
    ParticipantData,
    PersonData,
)
from tests.services.callers import Caller
from tests.support import RunningHub, start_hub, stop_hub

# What each mutation answers in these tests: enough to read the record back by id.
ANSWERS = {
    "recordPerson": "person { id name }",
    "recordAssociation": "association { id person { id } associate { id } }",
    "recordIncident": "incident { id }",
    "reportMissing": "episode { id status }",
    "closeMissingEpisode": "episode { id status }",
    "recordReturnHomeInterview": "interview { id }",
    "recordReferral": "referral { id }",
    "recordContextAssessment": "assessment { id version }",
    "recordPanelDecision": "decision { id }",
}
NOBODY = encode("Child", "per_" + "0" * 32)  # well formed, names no record
TODAY = date.today()
NOW = datetime.now().replace(microsecond=0)
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
NEXT_WEEK = (NOW + timedelta(days=7)).isoformat()


def ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def day_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- talking to the hub

def send(hub: RunningHub, name: str, value: dict[str, Any], answer: str | None = None,
         headers: dict[str, str] | None = None) -> dict[str, Any]:
    input_type = name[0].upper() + name[1:] + "Input"
    answer = answer or ("created " + ANSWERS.get(name, ""))
    if name == "recordPerson":  # these tests record many alike children on purpose
        value = {"confirmNew": True, **value}
    return hub.gql(f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {answer} }} }}",
                   {"input": value}, headers)


def saved(hub: RunningHub, name: str, value: dict[str, Any],
          answer: str | None = None) -> dict[str, Any]:
    body = send(hub, name, value, answer)
    assert "errors" not in body, body["errors"]
    return body["data"][name]  # type: ignore[no-any-return]


def refused(hub: RunningHub, name: str, value: dict[str, Any], field: str | None, words: str,
            code: str = "INVALID_INPUT", headers: dict[str, str] | None = None) -> None:
    body = send(hub, name, value, headers=headers)
    assert body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["extensions"].get("field") == field, error
    assert words in error["message"], error


def node(hub: RunningHub, global_id: str, fields: str) -> dict[str, Any]:
    found = hub.data(f"query($id: ID!) {{ node(id: $id) {{ {fields} }} }}", {"id": global_id})
    return found["node"]  # type: ignore[no-any-return]


def surname() -> str:
    return "Testwell" + uuid.uuid4().hex[:8]


def new_person(hub: RunningHub, kind: str = "CHILD", **more: Any) -> str:
    dob = "2011-04-09" if kind == "CHILD" else "1988-02-14"
    value = {"kind": kind, "givenName": "Robin", "familyName": surname(), "dob": dob, **more}
    return saved(hub, "recordPerson", value)["person"]["id"]  # type: ignore[no-any-return]


def new_episode(hub: RunningHub, child: str, closed: bool = False) -> str:
    episode: str = saved(hub, "reportMissing", {"childId": child, "reportedAt": ago(3),
                                                "risk": "MEDIUM"})["episode"]["id"]
    if closed:
        saved(hub, "closeMissingEpisode", {"episodeId": episode, "foundAtTime": ago(2)})
    return episode


def incident_count(hub: RunningHub, person: str) -> int:
    return int(node(hub, person, "... on Person { incidents { totalCount } }")["incidents"][
        "totalCount"])


def episode_count(hub: RunningHub, child: str) -> int:
    return int(node(hub, child, "... on Person { missingEpisodes { totalCount } }")[
        "missingEpisodes"]["totalCount"])


@pytest.fixture(scope="module")
def recorder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub of our own with the demo county, so recording does not disturb the shared one."""
    running = start_hub(tmp_path_factory.mktemp("mutations") / "data")
    yield running
    stop_hub(running)


@pytest.fixture(scope="module")
def known(recorder: RunningHub) -> dict[str, str]:
    """Ids of reference records from the county that the mutations point at."""
    data = recorder.data("""{
        places(first: 2) { nodes { id } } schools(first: 1) { nodes { id } }
        peerGroups(first: 1) { nodes { id } } panels(first: 1) { nodes { id } }
        agencies(first: 10) { nodes { code teams { practitioners { id } } } } }""")
    practitioners = [p["id"] for a in data["agencies"]["nodes"] for t in a["teams"]
                     for p in t["practitioners"]]
    return {
        "place": data["places"]["nodes"][0]["id"], "place2": data["places"]["nodes"][1]["id"],
        "school": data["schools"]["nodes"][0]["id"], "group": data["peerGroups"]["nodes"][0]["id"],
        "panel": data["panels"]["nodes"][0]["id"], "practitioner": practitioners[0],
        "practitioner2": practitioners[1],
    }


# ---------------------------------------------------------------- people

PERSON_BACK = """... on Person { name dob gender ethnicity town
    provenance { owner category source recordedAt } clientRef }
    ... on Adult { ofConcern }"""


def test_a_recorded_child_reads_back_with_its_provenance(recorder: RunningHub) -> None:
    family = surname()
    made = saved(recorder, "recordPerson", {
        "kind": "CHILD", "givenName": "  Ellis ", "familyName": family, "dob": "2011-04-09",
        "gender": "NON_BINARY", "ethnicity": "MIXED", "town": "Brackwell"})
    assert made["created"] is True
    back = node(recorder, made["person"]["id"], "__typename " + PERSON_BACK)
    assert back["__typename"] == "Child"
    assert back["name"] == f"Ellis {family}"
    assert (back["dob"], back["gender"], back["ethnicity"], back["town"]) == (
        "2011-04-09", "non_binary", "mixed", "Brackwell")
    assert back["provenance"]["owner"] == "police"  # the caller's agency
    assert back["provenance"]["category"] == "identity"
    assert back["provenance"]["source"] == "hub"
    assert back["provenance"]["recordedAt"][:10] == TODAY.isoformat()
    found = recorder.data("""query($f: PeopleFilter) { people(filter: $f) {
        nodes { id } } }""", {"f": {"name": family.lower()}})
    assert [p["id"] for p in found["people"]["nodes"]] == [made["person"]["id"]]


def test_a_recorded_adult_can_be_of_concern(recorder: RunningHub) -> None:
    adult = new_person(recorder, "ADULT", ofConcern=True)
    back = node(recorder, adult, "__typename " + PERSON_BACK)
    assert back["__typename"] == "Adult" and back["ofConcern"] is True


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"givenName": "   "}, "input.givenName", "must not be empty"),
    ({"familyName": ""}, "input.familyName", "must not be empty"),
    ({"familyName": "x" * 101}, "input.familyName", "at most 100 characters"),
    ({"town": "t" * 101}, "input.town", "at most 100 characters"),
    ({"dob": TOMORROW}, "input.dob", "must not be in the future"),
    ({"dob": "1899-01-01", "kind": "ADULT"}, "input.dob", "more than 120 years ago"),
    ({"dob": day_ago(18 * 366)}, "input.dob", "a child must be under 18"),
    ({"dob": day_ago(10 * 365), "kind": "ADULT"}, "input.dob", "an adult must be 18 or over"),
    ({"ofConcern": True}, "input.ofConcern", "adults only"),
    ({"clientRef": "r" * 101}, "input.clientRef", "at most 100 characters"),
])
def test_a_person_with_bad_input_is_refused_naming_the_field(
    recorder: RunningHub, change: dict[str, Any], field: str, words: str
) -> None:
    family = surname()
    value = {"kind": "CHILD", "givenName": "Sam", "familyName": family, **change}
    refused(recorder, "recordPerson", value, field, words)
    found = recorder.data("""query($f: PeopleFilter) { people(filter: $f) { totalCount } }""",
                          {"f": {"name": family.lower()}})
    assert found["people"]["totalCount"] == 0


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"gender": "MARTIAN"}, "input.gender", "Value 'MARTIAN' does not exist in 'Gender' enum"),
    ({"dob": "2020-02-30"}, "input.dob", "'2020-02-30' is not a date"),
])
def test_a_value_outside_its_type_is_refused_naming_the_field(
    recorder: RunningHub, change: dict[str, Any], field: str, words: str
) -> None:
    body = send(recorder, "recordPerson", {"kind": "CHILD", "givenName": "Sam",
                                           "familyName": surname(), **change})
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION"
    assert error["extensions"].get("field") == field
    assert words in error["message"]


def test_a_repeat_with_the_same_client_ref_returns_the_first_person(recorder: RunningHub) -> None:
    family = surname()
    value = {"kind": "CHILD", "givenName": "Alex", "familyName": family, "clientRef": family}
    first = saved(recorder, "recordPerson", value)
    again = saved(recorder, "recordPerson", value)
    assert first["created"] is True and again["created"] is False
    assert again["person"]["id"] == first["person"]["id"]
    found = recorder.data("""query($f: PeopleFilter) { people(filter: $f) { totalCount } }""",
                          {"f": {"name": family.lower()}})
    assert found["people"]["totalCount"] == 1


def test_a_client_ref_used_for_another_kind_of_record_is_a_conflict(recorder: RunningHub) -> None:
    ref = surname()
    saved(recorder, "recordPerson", {"kind": "CHILD", "givenName": "Jo", "familyName": surname(),
                                     "clientRef": ref})
    child = new_person(recorder)
    refused(recorder, "reportMissing", {"childId": child, "reportedAt": ago(1), "risk": "LOW",
                                        "clientRef": ref},
            "input.clientRef", "different kind of record", code="CONFLICT")
    assert episode_count(recorder, child) == 0


def test_a_role_that_may_not_read_a_category_may_not_record_it(recorder: RunningHub) -> None:
    auditor = recorder.caller("police", "auditor")
    refused(recorder, "recordPerson", {"kind": "CHILD", "givenName": "Jo",
                                       "familyName": surname()},
            None, "may not record identity information", code="FORBIDDEN", headers=auditor)


# ---------------------------------------------------------------- associations

def test_an_association_reads_back_from_both_people(recorder: RunningHub) -> None:
    child, adult = new_person(recorder), new_person(recorder, "ADULT")
    made = saved(recorder, "recordAssociation", {
        "personId": child, "associateId": adult, "context": "EXPLOITATION", "strength": 0.7,
        "firstSeen": day_ago(60), "lastSeen": day_ago(2)},
        answer="created association { id context strength firstSeen lastSeen "
               "person { id } associate { id } provenance { owner category } }")
    link = made["association"]
    assert made["created"] and link["person"]["id"] == child and link["associate"]["id"] == adult
    assert link["provenance"] == {"owner": "police", "category": "intelligence"}
    peers = """... on Person { peers { edges { node { context strength firstSeen lastSeen
        person { id } } } } }"""
    [seen_from_child] = node(recorder, child, peers)["peers"]["edges"]
    assert seen_from_child["node"] == {"context": "exploitation", "strength": 0.7,
                                       "firstSeen": day_ago(60), "lastSeen": day_ago(2),
                                       "person": {"id": adult}}
    [seen_from_adult] = node(recorder, adult, peers)["peers"]["edges"]
    assert seen_from_adult["node"]["person"]["id"] == child


def test_an_association_repeated_with_its_client_ref_is_saved_once(recorder: RunningHub) -> None:
    child, other = new_person(recorder), new_person(recorder)
    value = {"personId": child, "associateId": other, "context": "PEER", "clientRef": "int-77"}
    first, again = saved(recorder, "recordAssociation", value), saved(
        recorder, "recordAssociation", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["association"]["id"] == again["association"]["id"]
    peers = node(recorder, child, "... on Person { peers { totalCount } }")["peers"]
    assert peers["totalCount"] == 1


def test_a_replay_is_answered_through_the_current_requests_visibility(
    recorder: RunningHub,
) -> None:
    mace = recorder.caller("police", "practitioner", sub="pc.replayer")
    bare = recorder.caller("police", "practitioner", purpose=None, sub="pc.replayer")
    listed = recorder.data("{ children(first: 200) { nodes { id provenance { owner } } } }",
                           headers=mace)["children"]["nodes"]
    first, second = [c["id"] for c in listed if c["provenance"]["owner"] == "trust"][:2]
    query = "query($id: ID!) { node(id: $id) { id } }"
    assert recorder.data(query, {"id": first}, headers=bare)["node"] is None
    value = {"personId": first, "associateId": second, "context": "PEER",
             "clientRef": "replay-" + surname()}
    made = send(recorder, "recordAssociation", value, headers=mace)
    assert made["data"]["recordAssociation"]["created"] is True
    replayed = send(recorder, "recordAssociation", value, headers=bare)
    assert replayed["data"] is None
    assert replayed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    text = json.dumps(replayed)
    assert first not in text and second not in text
    again = send(recorder, "recordAssociation", value, headers=mace)
    assert again["data"]["recordAssociation"]["created"] is False
    assert again["data"]["recordAssociation"]["association"]["person"]["id"] == first


def test_bad_associations_are_refused_naming_the_field(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child, other = new_person(recorder), new_person(recorder)
    base = {"personId": child, "associateId": other, "context": "PEER"}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"associateId": child}, "input.associateId", "a different person", "INVALID_INPUT"),
        ({"strength": 1.5}, "input.strength", "between 0 and 1", "INVALID_INPUT"),
        ({"strength": -0.1}, "input.strength", "between 0 and 1", "INVALID_INPUT"),
        ({"firstSeen": day_ago(1), "lastSeen": day_ago(5)}, "input.lastSeen",
         "must not be before input.firstSeen", "INVALID_INPUT"),
        ({"firstSeen": TOMORROW}, "input.firstSeen", "must not be in the future", "INVALID_INPUT"),
        ({"lastSeen": TOMORROW}, "input.lastSeen", "must not be in the future", "INVALID_INPUT"),
        ({"personId": "not-an-id!"}, "input.personId", "is not a valid id", "INVALID_INPUT"),
        ({"associateId": known["place"]}, "input.associateId",
         "must be the id of a Child or Adult, not of a Place", "INVALID_INPUT"),
        ({"associateId": NOBODY}, "input.associateId", "no record you may see has this id",
         "NOT_FOUND"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordAssociation", {**base, **change}, field, words, code=code)
    assert node(recorder, child, "... on Person { peers { totalCount } }")["peers"][
        "totalCount"] == 0


# ---------------------------------------------------------------- incidents

def test_an_incident_reads_back_with_its_people_roles_and_place(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    victim, suspect = new_person(recorder), new_person(recorder, "ADULT")
    made = saved(recorder, "recordIncident", {
        "type": "KNIFE_CRIME", "occurredAt": ago(4), "placeId": known["place"],
        "reference": "CR/0001/26", "summary": "Robbery at knifepoint near the station.",
        "participants": [{"personId": victim, "role": "VICTIM"},
                         {"personId": suspect, "role": "SUSPECT"}]})
    back = node(recorder, made["incident"]["id"], """... on Incident { type occurredAt reference
        summary provenance { owner category } place { id }
        participants { role person { id } provenance { owner category } } }""")
    assert (back["type"], back["occurredAt"], back["reference"]) == (
        "knife_crime", ago(4), "CR/0001/26")
    assert back["provenance"] == {"owner": "police", "category": "offending"}
    assert back["place"]["id"] == known["place"]
    roles = {p["person"]["id"]: p["role"] for p in back["participants"]}
    assert roles == {victim: "victim", suspect: "suspect"}
    assert all(p["provenance"]["category"] == "offending" for p in back["participants"])
    assert incident_count(recorder, victim) == 1


def test_an_incident_with_nobody_named_is_recorded_at_its_place(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    made = saved(recorder, "recordIncident", {
        "type": "DRUGS", "occurredAt": ago(2), "placeId": known["place"],
        "summary": "A wrap of drugs found hidden behind the bus shelter."})
    back = node(recorder, made["incident"]["id"], """... on Incident { type place { id }
        participants { role } }""")
    assert (back["type"], back["place"]["id"], back["participants"]) == (
        "drugs", known["place"], [])


def test_a_domestic_abuse_incident_is_recorded_as_domestic_abuse(recorder: RunningHub) -> None:
    person = new_person(recorder, "ADULT")
    made = saved(recorder, "recordIncident", {"type": "DOMESTIC_ABUSE", "occurredAt": ago(1),
                                              "participants": [{"personId": person,
                                                                "role": "VICTIM"}]})
    back = node(recorder, made["incident"]["id"], "provenance { category }")
    assert back["provenance"]["category"] == "domestic_abuse"


def test_an_incident_repeated_with_its_client_ref_is_saved_once(recorder: RunningHub) -> None:
    person = new_person(recorder)
    value = {"type": "THEFT", "occurredAt": ago(2), "clientRef": "niche-" + surname(),
             "participants": [{"personId": person, "role": "WITNESS"}]}
    first, again = saved(recorder, "recordIncident", value), saved(
        recorder, "recordIncident", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["incident"]["id"] == again["incident"]["id"]
    assert incident_count(recorder, person) == 1


def test_bad_incidents_are_refused_and_leave_nothing_behind(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    first, second = new_person(recorder), new_person(recorder)
    both = [{"personId": first, "role": "VICTIM"}, {"personId": second, "role": "SUSPECT"}]
    base = {"type": "ROBBERY", "occurredAt": ago(1), "participants": both}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"participants": []}, "input.participants", "at least one person, or input.placeId",
         "INVALID_INPUT"),
        ({"participants": [*both, {"personId": first, "role": "WITNESS"}]},
         "input.participants[2].personId", "already named", "INVALID_INPUT"),
        ({"participants": [both[0], {"personId": NOBODY, "role": "SUSPECT"}]},
         "input.participants[1].personId", "no record you may see has this id", "NOT_FOUND"),
        ({"participants": [both[0], {"personId": "%%%", "role": "SUSPECT"}]},
         "input.participants[1].personId", "is not a valid id", "INVALID_INPUT"),
        ({"occurredAt": NEXT_WEEK}, "input.occurredAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"placeId": "nope"}, "input.placeId", "is not a valid id", "INVALID_INPUT"),
        ({"placeId": encode("Place", "pla_missing")}, "input.placeId",
         "no record you may see has this id", "NOT_FOUND"),
        ({"placeId": known["school"]}, "input.placeId", "must be the id of a Place",
         "INVALID_INPUT"),
        ({"summary": "s" * 4001}, "input.summary", "at most 4000 characters", "INVALID_INPUT"),
        ({"reference": "r" * 101}, "input.reference", "at most 100 characters", "INVALID_INPUT"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordIncident", {**base, **change}, field, words, code=code)
    assert incident_count(recorder, first) == incident_count(recorder, second) == 0


# ---------------------------------------------------------------- missing episodes

def test_a_missing_episode_is_reported_closed_and_interviewed(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child, friend = new_person(recorder), new_person(recorder)
    reported = saved(recorder, "reportMissing", {
        "childId": child, "reportedAt": ago(3), "risk": "HIGH",
        "circumstances": "Did not return from school.", "missingFromPlaceId": known["place"]})
    episode = reported["episode"]["id"]
    assert reported["episode"]["status"] == "open"
    closed = saved(recorder, "closeMissingEpisode", {
        "episodeId": episode, "foundAtTime": ago(2.5), "foundAtPlaceId": known["place2"],
        "foundWithIds": [friend]})
    assert closed["created"] is True and closed["episode"]["status"] == "closed"
    interview = saved(recorder, "recordReturnHomeInterview", {
        "episodeId": episode, "offeredAt": ago(2), "status": "COMPLETED", "completedAt": ago(1),
        "pushFactors": ["arguments at home"], "pullFactors": ["older friends", "money"],
        "summary": "Talked about where they stay."})
    back = node(recorder, episode, """... on MissingEpisode { status risk reportedAt foundAtTime
        durationHours circumstances child { id } missingFrom { id } foundAt { id }
        foundWith { id } provenance { owner category }
        interview { id status offeredAt completedAt pushFactors pullFactors
                    provenance { owner category } } }""")
    assert (back["status"], back["risk"], back["reportedAt"], back["foundAtTime"]) == (
        "closed", "high", ago(3), ago(2.5))
    assert back["durationHours"] == 12.0
    assert back["child"]["id"] == child and back["missingFrom"]["id"] == known["place"]
    assert back["foundAt"]["id"] == known["place2"]
    assert [p["id"] for p in back["foundWith"]] == [friend]
    assert back["provenance"] == {"owner": "police", "category": "missing"}
    assert back["interview"]["id"] == interview["interview"]["id"]
    assert back["interview"]["pullFactors"] == ["older friends", "money"]
    assert back["interview"]["provenance"]["category"] == "missing"
    assert episode_count(recorder, child) == 1


def test_reporting_missing_refuses_bad_input_and_leaves_nothing(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child, adult = new_person(recorder), new_person(recorder, "ADULT")
    base = {"childId": child, "reportedAt": ago(1), "risk": "LOW"}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"childId": adult}, "input.childId", "must be the id of a Child, not of a Adult",
         "INVALID_INPUT"),
        ({"childId": NOBODY}, "input.childId", "no record you may see has this id", "NOT_FOUND"),
        ({"reportedAt": NEXT_WEEK}, "input.reportedAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"missingFromPlaceId": encode("Place", "pla_missing")}, "input.missingFromPlaceId",
         "no record you may see has this id", "NOT_FOUND"),
        ({"circumstances": "c" * 4001}, "input.circumstances", "at most 4000 characters",
         "INVALID_INPUT"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "reportMissing", {**base, **change}, field, words, code=code)
    assert episode_count(recorder, child) == 0


def test_a_repeated_missing_report_with_its_client_ref_is_saved_once(recorder: RunningHub) -> None:
    child = new_person(recorder)
    value = {"childId": child, "reportedAt": ago(1), "risk": "LOW", "clientRef": surname()}
    first, again = saved(recorder, "reportMissing", value), saved(recorder, "reportMissing", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["episode"]["id"] == again["episode"]["id"]
    assert episode_count(recorder, child) == 1


def test_closing_an_episode_refuses_bad_input_and_leaves_it_open(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child, friend = new_person(recorder), new_person(recorder)
    episode = new_episode(recorder, child)
    base = {"episodeId": episode, "foundAtTime": ago(1)}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"foundAtTime": ago(4)}, "input.foundAtTime", "must not be before the child was "
         "reported missing", "INVALID_INPUT"),
        ({"foundAtTime": NEXT_WEEK}, "input.foundAtTime", "must not be in the future",
         "INVALID_INPUT"),
        ({"foundWithIds": [friend, NOBODY]}, "input.foundWithIds[1]",
         "no record you may see has this id", "NOT_FOUND"),
        ({"foundWithIds": [friend, friend]}, "input.foundWithIds[1]", "already named",
         "INVALID_INPUT"),
        ({"foundWithIds": [child]}, "input.foundWithIds[0]", "found with themself",
         "INVALID_INPUT"),
        ({"foundAtPlaceId": encode("Place", "pla_missing")}, "input.foundAtPlaceId",
         "no record you may see has this id", "NOT_FOUND"),
        ({"episodeId": encode("MissingEpisode", "mis_missing")}, "input.episodeId",
         "no record you may see has this id", "NOT_FOUND"),
        ({"episodeId": child}, "input.episodeId", "must be the id of a MissingEpisode",
         "INVALID_INPUT"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "closeMissingEpisode", {**base, **change}, field, words, code=code)
    back = node(recorder, episode, """... on MissingEpisode { status foundAtTime durationHours
        foundWith { id } foundAt { id } }""")
    assert back == {"status": "open", "foundAtTime": None, "durationHours": None,
                    "foundWith": [], "foundAt": None}


def test_closing_a_closed_episode_is_a_conflict(recorder: RunningHub) -> None:
    episode = new_episode(recorder, new_person(recorder), closed=True)
    refused(recorder, "closeMissingEpisode", {"episodeId": episode, "foundAtTime": ago(1)},
            "input.episodeId", "already closed", code="CONFLICT")
    assert node(recorder, episode, "... on MissingEpisode { foundAtTime }")["foundAtTime"] == ago(2)


def test_return_home_interviews_refuse_bad_input(recorder: RunningHub) -> None:
    child = new_person(recorder)
    episode = new_episode(recorder, child, closed=True)
    base = {"episodeId": episode, "offeredAt": ago(1), "status": "OFFERED"}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"offeredAt": ago(2.5)}, "input.offeredAt", "must not be before the child was found",
         "INVALID_INPUT"),
        ({"offeredAt": NEXT_WEEK}, "input.offeredAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"status": "COMPLETED"}, "input.completedAt", "required when status is COMPLETED",
         "INVALID_INPUT"),
        ({"completedAt": ago(0.5)}, "input.completedAt", "left out unless status is COMPLETED",
         "INVALID_INPUT"),
        ({"status": "COMPLETED", "completedAt": ago(1.5)}, "input.completedAt",
         "must not be before input.offeredAt", "INVALID_INPUT"),
        ({"status": "COMPLETED", "completedAt": NEXT_WEEK}, "input.completedAt",
         "must not be in the future", "INVALID_INPUT"),
        ({"pushFactors": [f"factor {i}" for i in range(21)]}, "input.pushFactors",
         "at most 20 items", "INVALID_INPUT"),
        ({"pullFactors": ["ok", "p" * 101]}, "input.pullFactors[1]", "at most 100 characters",
         "INVALID_INPUT"),
        ({"pullFactors": ["ok", " "]}, "input.pullFactors[1]", "must not be empty",
         "INVALID_INPUT"),
        ({"episodeId": encode("MissingEpisode", "mis_missing")}, "input.episodeId",
         "no record you may see has this id", "NOT_FOUND"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordReturnHomeInterview", {**base, **change}, field, words, code=code)
    assert node(recorder, episode, "... on MissingEpisode { interview { id } }")["interview"] is None


def test_an_interview_needs_a_closed_episode_and_there_is_only_one(recorder: RunningHub) -> None:
    child = new_person(recorder)
    still_missing = new_episode(recorder, child)
    refused(recorder, "recordReturnHomeInterview", {
        "episodeId": still_missing, "offeredAt": ago(1), "status": "OFFERED"},
        "input.episodeId", "has not been found yet", code="CONFLICT")
    episode = new_episode(recorder, child, closed=True)
    value = {"episodeId": episode, "offeredAt": ago(1), "status": "DECLINED", "clientRef": "rhi-1"}
    first = saved(recorder, "recordReturnHomeInterview", value)
    again = saved(recorder, "recordReturnHomeInterview", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["interview"]["id"] == again["interview"]["id"]
    refused(recorder, "recordReturnHomeInterview", {**value, "clientRef": "rhi-2"},
            "input.episodeId", "already has a return home interview", code="CONFLICT")
    refused(recorder, "recordReturnHomeInterview", {**value, "clientRef": None},
            "input.episodeId", "already has a return home interview", code="CONFLICT")


# ---------------------------------------------------------------- referrals

def test_a_referral_reads_back_with_consent_and_the_referring_agency(recorder: RunningHub) -> None:
    child = new_person(recorder)
    made = saved(recorder, "recordReferral", {
        "personId": child, "toService": "EARLY_HELP", "consent": "SAFEGUARDING_OVERRIDE",
        "consentReason": "Parent is the alleged source of harm.", "receivedAt": ago(1),
        "presentingFactors": ["missing episodes", "new older peers"], "outcome": "ACCEPTED"})
    back = node(recorder, made["referral"]["id"], """... on Referral { toService fromAgency
        consent consentReason outcome receivedAt presentingFactors person { id }
        referredBy { code } provenance { owner category } }""")
    assert back == {
        "toService": "early_help", "fromAgency": "police", "consent": "safeguarding_override",
        "consentReason": "Parent is the alleged source of harm.", "outcome": "accepted",
        "receivedAt": ago(1), "presentingFactors": ["missing episodes", "new older peers"],
        "person": {"id": child}, "referredBy": {"code": "police"},
        "provenance": {"owner": "police", "category": "safeguarding"}}
    listed = node(recorder, child, "... on Person { referrals { id } }")["referrals"]
    assert listed == [{"id": made["referral"]["id"]}]


def test_a_referral_from_another_agency_names_that_agency(recorder: RunningHub) -> None:
    child = new_person(recorder)
    made = saved(recorder, "recordReferral", {
        "personId": child, "toService": "MASH", "consent": "GIVEN", "receivedAt": ago(1),
        "fromAgency": "education"})
    back = node(recorder, made["referral"]["id"], """... on Referral { fromAgency
        referredBy { code } provenance { owner } }""")
    assert back == {"fromAgency": "education", "referredBy": {"code": "education"},
                    "provenance": {"owner": "police"}}


def test_bad_referrals_are_refused_and_leave_nothing(recorder: RunningHub) -> None:
    child = new_person(recorder)
    base = {"personId": child, "toService": "MASH", "consent": "GIVEN", "receivedAt": ago(1)}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"consent": "SAFEGUARDING_OVERRIDE"}, "input.consentReason",
         "required when consent is SAFEGUARDING_OVERRIDE", "INVALID_INPUT"),
        ({"consent": "SAFEGUARDING_OVERRIDE", "consentReason": "  "}, "input.consentReason",
         "required when consent is SAFEGUARDING_OVERRIDE", "INVALID_INPUT"),
        ({"receivedAt": NEXT_WEEK}, "input.receivedAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"presentingFactors": [""]}, "input.presentingFactors[0]", "must not be empty",
         "INVALID_INPUT"),
        ({"personId": NOBODY}, "input.personId", "no record you may see has this id",
         "NOT_FOUND"),
        ({"fromAgency": "neighbourhood watch"}, "input.fromAgency", "must be one of: police",
         "INVALID_INPUT"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordReferral", {**base, **change}, field, words, code=code)
    assert node(recorder, child, "... on Person { referrals { id } }")["referrals"] == []


def test_a_referral_repeated_with_its_client_ref_is_saved_once(recorder: RunningHub) -> None:
    child = new_person(recorder)
    value = {"personId": child, "toService": "EIS_DA", "consent": "GIVEN", "receivedAt": ago(1),
             "clientRef": "ppn-" + surname()}
    first, again = saved(recorder, "recordReferral", value), saved(
        recorder, "recordReferral", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["referral"]["id"] == again["referral"]["id"]
    [referral] = node(recorder, child, "... on Person { referrals { provenance { category } } }")[
        "referrals"]
    assert referral["provenance"]["category"] == "domestic_abuse"


# ---------------------------------------------------------------- context assessments

ASSESSMENTS = """... on Place { assessments { id version weighting riskLevel } }
    ... on School { assessments { id version } } ... on PeerGroup { assessments { id version } }"""


def test_context_assessments_are_versioned_per_subject(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    before = node(recorder, known["place"], ASSESSMENTS)["assessments"]
    latest = max((a["version"] or 0 for a in before), default=0)
    value = {"subjectId": known["place"], "assessedAt": day_ago(3), "riskLevel": "HIGH",
             "findings": "Older males gather here after school; two robberies this month.",
             "safetyPlan": "Detached youth work on Fridays.", "reviewDate": day_ago(-60),
             "weighting": '{"missing": 0.3, "incidents": 0.5}'}
    first = saved(recorder, "recordContextAssessment", value)
    second = saved(recorder, "recordContextAssessment", {**value, "riskLevel": "MEDIUM"})
    # Versions count every earlier assessment of the subject, including any hidden from us.
    assert first["assessment"]["version"] > latest
    assert second["assessment"]["version"] == first["assessment"]["version"] + 1
    back = {a["id"]: a for a in node(recorder, known["place"], ASSESSMENTS)["assessments"]}
    saved_first = back[first["assessment"]["id"]]
    assert json.loads(saved_first["weighting"]) == {"incidents": 0.5, "missing": 0.3}
    assert saved_first["riskLevel"] == "high" and len(back) == len(before) + 2
    for subject in (known["school"], known["group"]):
        made = saved(recorder, "recordContextAssessment", {**value, "subjectId": subject})
        assert made["assessment"]["id"] in {
            a["id"] for a in node(recorder, subject, ASSESSMENTS)["assessments"]}


def test_an_assessment_repeated_with_its_client_ref_is_saved_once(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    value = {"subjectId": known["group"], "assessedAt": day_ago(1), "riskLevel": "MEDIUM",
             "findings": "The group meets at the retail park.", "clientRef": "cs-" + surname()}
    first = saved(recorder, "recordContextAssessment", value)
    again = saved(recorder, "recordContextAssessment", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["assessment"] == again["assessment"]
    ids = [a["id"] for a in node(recorder, known["group"], ASSESSMENTS)["assessments"]]
    assert ids.count(first["assessment"]["id"]) == 1


def test_bad_context_assessments_are_refused(recorder: RunningHub, known: dict[str, str]) -> None:
    before = len(node(recorder, known["school"], ASSESSMENTS)["assessments"])
    base = {"subjectId": known["school"], "assessedAt": day_ago(1), "riskLevel": "LOW",
            "findings": "Quiet term."}
    child = new_person(recorder)
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"findings": " "}, "input.findings", "must not be empty", "INVALID_INPUT"),
        ({"assessedAt": TOMORROW}, "input.assessedAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"reviewDate": day_ago(2)}, "input.reviewDate", "must not be before input.assessedAt",
         "INVALID_INPUT"),
        ({"weighting": "{not json"}, "input.weighting", "is not valid JSON", "INVALID_INPUT"),
        ({"weighting": "[0.5]"}, "input.weighting", "must be a JSON object of numbers",
         "INVALID_INPUT"),
        ({"weighting": '{"missing": "high"}'}, "input.weighting",
         "the weight of 'missing' must be a number", "INVALID_INPUT"),
        ({"weighting": '{"missing": true}'}, "input.weighting", "must be a number",
         "INVALID_INPUT"),
        ({"subjectId": child}, "input.subjectId",
         "must be the id of a Place or School or PeerGroup", "INVALID_INPUT"),
        ({"subjectId": encode("School", "sch_missing")}, "input.subjectId",
         "no record you may see has this id", "NOT_FOUND"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordContextAssessment", {**base, **change}, field, words, code=code)
    assert len(node(recorder, known["school"], ASSESSMENTS)["assessments"]) == before


# ---------------------------------------------------------------- panels

DECISIONS = "... on Panel { decisions { id } }"


def test_a_panel_decision_reads_back_with_concerns_and_actions(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child = new_person(recorder)
    made = saved(recorder, "recordPanelDecision", {
        "panelId": known["panel"], "decision": "Disrupt the group's use of the park.",
        "rationale": "Three children found there while missing.", "decidedAt": day_ago(1),
        "reviewDate": day_ago(-28), "concernsIds": [child, known["place"], known["group"]],
        "actions": [
            {"description": "Share the place profile with the council.", "ownerName": "DS Vale",
             "assigneeId": known["practitioner"], "dueDate": day_ago(-14)},
            {"description": "Offer mentoring to the child.", "dueDate": day_ago(-7)}]})
    decision = made["decision"]["id"]
    back = node(recorder, decision, """... on PanelDecision { decision rationale decidedAt
        reviewDate panel { id } provenance { owner category }
        concerns { ... on Node { id } }
        actions { description ownerName dueDate status overdue assignee { id } } }""")
    assert back["panel"]["id"] == known["panel"]
    assert back["provenance"] == {"owner": "police", "category": "panel"}
    assert {c["id"] for c in back["concerns"]} == {child, known["place"], known["group"]}
    actions = sorted(back["actions"], key=lambda a: a["dueDate"])
    assert [a["description"] for a in actions] == ["Offer mentoring to the child.",
                                                   "Share the place profile with the council."]
    assert [a["status"] for a in actions] == ["open", "open"]
    assert actions[0]["assignee"] is None
    assert actions[1]["assignee"]["id"] == known["practitioner"]
    assert decision in {d["id"] for d in node(recorder, known["panel"], DECISIONS)["decisions"]}
    about_child = node(recorder, child, "... on Person { panelDecisions { id } }")
    assert about_child["panelDecisions"] == [{"id": decision}]


def test_bad_panel_decisions_are_refused_and_leave_nothing(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child = new_person(recorder)
    before = len(node(recorder, known["panel"], DECISIONS)["decisions"])
    good_action = {"description": "Visit school.", "assigneeId": known["practitioner"]}
    base = {"panelId": known["panel"], "decision": "Monitor.", "decidedAt": day_ago(1),
            "concernsIds": [child], "actions": [good_action]}
    cases: list[tuple[dict[str, Any], str, str, str]] = [
        ({"decision": ""}, "input.decision", "must not be empty", "INVALID_INPUT"),
        ({"concernsIds": []}, "input.concernsIds", "at least one person or context",
         "INVALID_INPUT"),
        ({"concernsIds": [child, child]}, "input.concernsIds[1]", "already named",
         "INVALID_INPUT"),
        ({"concernsIds": [child, NOBODY]}, "input.concernsIds[1]",
         "no record you may see has this id", "NOT_FOUND"),
        ({"concernsIds": [known["panel"]]}, "input.concernsIds[0]",
         "must be the id of a Child or Adult or Place or School or PeerGroup", "INVALID_INPUT"),
        ({"decidedAt": TOMORROW}, "input.decidedAt", "must not be in the future",
         "INVALID_INPUT"),
        ({"reviewDate": day_ago(5)}, "input.reviewDate", "must not be before input.decidedAt",
         "INVALID_INPUT"),
        ({"actions": [good_action, {"description": "Late.", "dueDate": day_ago(3)}]},
         "input.actions[1].dueDate", "must not be before input.decidedAt", "INVALID_INPUT"),
        ({"actions": [good_action, {"description": "  "}]}, "input.actions[1].description",
         "must not be empty", "INVALID_INPUT"),
        ({"actions": [good_action, {"description": "Call.",
                                    "assigneeId": encode("Practitioner", "prc_missing")}]},
         "input.actions[1].assigneeId", "no record you may see has this id", "NOT_FOUND"),
        ({"actions": [{"description": "Call.", "assigneeId": child}]},
         "input.actions[0].assigneeId", "must be the id of a Practitioner", "INVALID_INPUT"),
        ({"panelId": encode("Panel", "pan_missing")}, "input.panelId",
         "no record you may see has this id", "NOT_FOUND"),
    ]
    for change, field, words, code in cases:
        refused(recorder, "recordPanelDecision", {**base, **change}, field, words, code=code)
    assert len(node(recorder, known["panel"], DECISIONS)["decisions"]) == before
    assert node(recorder, child, "... on Person { panelDecisions { id } }")[
        "panelDecisions"] == []


def test_a_panel_decision_repeated_with_its_client_ref_is_saved_once(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    child = new_person(recorder)
    value = {"panelId": known["panel"], "decision": "Refer to YOS prevention.",
             "decidedAt": day_ago(2), "concernsIds": [child], "clientRef": "mace-" + surname(),
             "actions": [{"description": "Make the referral.", "assigneeId": known["practitioner2"]}]}
    first = saved(recorder, "recordPanelDecision", value)
    again = saved(recorder, "recordPanelDecision", value)
    assert (first["created"], again["created"]) == (True, False)
    assert first["decision"]["id"] == again["decision"]["id"]
    decisions = node(recorder, child, "... on Person { panelDecisions { actions { id } } }")
    assert len(decisions["panelDecisions"]) == 1
    assert len(decisions["panelDecisions"][0]["actions"]) == 1


def test_an_action_is_marked_done_and_opened_again(
    recorder: RunningHub, known: dict[str, str]
) -> None:
    made = saved(recorder, "recordPanelDecision", {
        "panelId": known["panel"], "decision": "Safety plan for the school gate.",
        "decidedAt": day_ago(1), "concernsIds": [known["school"]],
        "actions": [{"description": "Agree the plan with the head."}]},
        answer="decision { actions { id } }")
    action = made["decision"]["actions"][0]["id"]
    answer = "changed action { status completedAt }"
    done = saved(recorder, "updateActionStatus", {"actionId": action, "status": "DONE"}, answer)
    assert done == {"changed": True,
                    "action": {"status": "done", "completedAt": TODAY.isoformat()}}
    again = saved(recorder, "updateActionStatus", {"actionId": action, "status": "DONE"}, answer)
    assert again["changed"] is False
    reopened = saved(recorder, "updateActionStatus", {"actionId": action, "status": "OPEN"},
                     answer)
    assert reopened == {"changed": True, "action": {"status": "open", "completedAt": None}}
    body = send(recorder, "updateActionStatus", {"actionId": encode("Action", "act_missing"),
                                                 "status": "DONE"}, answer)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["extensions"]["field"] == "input.actionId"


# ---------------------------------------------------------------- the service on its own store
# These drive `hub.services.recording` directly, on a store of their own, to do what a client
# cannot: hide a record from the caller, and change the world between the check and the write.

@pytest.fixture(scope="module")
async def own_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder: Path = tmp_path_factory.mktemp("recording-store")
    handle: OpenStore = await open_store(Settings.from_env({"HUB_ENV": "test",
                                                            "HUB_DATA_DIR": str(folder)}))
    yield handle.store
    await handle.close()


def caller(store: GraphStore, agency: str = "police",
           scopes: set[str] | None = None) -> RequestContext:
    """A request from one agency's analyst that sees exactly `scopes` (default: all its own)."""
    return Caller(store, None)(agency, scopes)


async def save(ctx: RequestContext, plan: Any, data: Any) -> recording.Recorded:
    """Plan and write, as a resolver or the importer does."""
    return await recording.commit(ctx, await plan(ctx, data))


async def person_in(store: GraphStore, agency: str = "police") -> str:
    done = await save(caller(store, agency), recording.plan_person, PersonData(
        kind="child", given_name="Kit", family_name=surname()))
    return str(done.row["id"])


async def involvements(store: GraphStore, raw_id: str) -> int:
    scopes = [f"police:{c}" for c in CATEGORY_CODES]
    rows = await store.run("links_out", {"ids": [raw_id], "type": "INVOLVED_IN", "label": None,
                                         "scopes": scopes, **consent_params(scopes)})
    return len(rows)


def incident_of(*people: str) -> IncidentData:
    return IncidentData(
        type="violence", occurred_at=ago(1),
        participants=[ParticipantData(person_id=encode("Child", p), role="present")
                      for p in people])


async def test_a_hidden_person_is_not_found_in_the_same_words_as_a_missing_one(
    own_store: GraphStore,
) -> None:
    hidden = await person_in(own_store, "police")
    trust = caller(own_store, "trust")  # sees its own records only, not police identity
    messages = []
    for child in (encode("Child", hidden), NOBODY):
        with pytest.raises(NotFound) as refused_:
            await save(trust, recording.plan_missing, MissingData(
                child_id=child, reported_at=ago(1), risk="low"))
        assert refused_.value.field == "input.childId"
        messages.append(refused_.value.message)
    assert messages[0] == messages[1]


async def test_a_reference_hidden_between_the_check_and_the_write_writes_nothing(
    own_store: GraphStore,
) -> None:
    first, second = await person_in(own_store), await person_in(own_store, "trust")
    both = caller(own_store, scopes={"police:identity", "trust:identity", "police:offending"})
    plan = await recording.plan_incident(both, incident_of(first, second))
    # The trust withdraws its record from the police between the check and the write:
    # the statement matches only one of the two participants, so it creates nothing.
    police_only = caller(own_store, scopes={"police:identity", "police:offending"})
    with pytest.raises(Conflict):
        await recording.commit(police_only, plan)
    assert await involvements(own_store, first) == 0


async def test_an_episode_closed_by_someone_else_meanwhile_is_a_conflict(
    own_store: GraphStore,
) -> None:
    police = caller(own_store)
    child = encode("Child", await person_in(own_store))
    episode = await save(police, recording.plan_missing, MissingData(
        child_id=child, reported_at=ago(2), risk="high"))
    close = CloseMissingData(
        episode_id=encode("MissingEpisode", episode.row["id"]), found_at_time=ago(1))
    mine = await recording.plan_close_missing_episode(caller(own_store), close)
    theirs = await recording.plan_close_missing_episode(caller(own_store), close)
    await recording.commit(caller(own_store), theirs)
    with pytest.raises(Conflict, match="already closed"):
        await recording.commit(caller(own_store), mine)


async def test_a_statement_that_fails_part_way_leaves_nothing_behind(
    own_store: GraphStore,
) -> None:
    first, second = await person_in(own_store), await person_in(own_store)
    police = caller(own_store)
    plan = await recording.plan_incident(police, incident_of(first, second))
    assert isinstance(plan, recording.Write)
    # Make the second participant's link unstorable (a map is not a property value): the
    # store has created the incident and the first INVOLVED_IN link when it refuses.
    plan.params["participants"][1]["rel"]["note"] = {"a map": "is not a property value"}
    with pytest.raises(StoreError):
        await recording.commit(police, plan)
    assert await involvements(own_store, first) == 0
    assert await involvements(own_store, second) == 0
    done = await recording.commit(police, await recording.plan_incident(
        police, incident_of(first, second)))
    assert done.created and await involvements(own_store, first) == 1
