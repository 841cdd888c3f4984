"""Correcting a field with a reason, and retracting a record entered in error, over real HTTP:
a correction reads back and is audited with before, after and reason; a retracted record is
shown to no one and counted nowhere; only the owner may do either."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from hub.domain.ids import decode
from tests.support import RunningHub, start_hub, stop_hub

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    running = start_hub(tmp_path_factory.mktemp("corrections") / "data")
    yield running
    stop_hub(running)


def mutate(hub: RunningHub, name: str, value: dict[str, Any], answer: str,
           headers: dict[str, str] | None = None) -> dict[str, Any]:
    kind = name[0].upper() + name[1:] + "Input"
    return hub.gql(f"mutation($i: {kind}!) {{ {name}(input: $i) {{ {answer} }} }}",
                   {"i": value}, headers)


def ok(hub: RunningHub, name: str, value: dict[str, Any], answer: str) -> dict[str, Any]:
    body = mutate(hub, name, value, answer)
    assert "errors" not in body, body["errors"]
    return body["data"][name]  # type: ignore[no-any-return]


def refused(hub: RunningHub, name: str, value: dict[str, Any], code: str, field: str | None,
            words: str, headers: dict[str, str] | None = None) -> None:
    body = mutate(hub, name, value, "__typename", headers)
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (code, field), error
    assert words in error["message"], error


def child(hub: RunningHub, **more: Any) -> tuple[str, str]:
    family = "Fixwell" + uuid.uuid4().hex[:8]
    made = ok(hub, "recordPerson", {"kind": "CHILD", "givenName": "Ash", "familyName": family,
                                    "dob": "2012-05-06", "confirmNew": True, **more},
              "person { id }")  # many alike: confirmNew, so no likely match is answered
    return made["person"]["id"], family


def node(hub: RunningHub, global_id: str, fields: str) -> Any:
    return hub.data(f"query($id: ID!) {{ node(id: $id) {{ {fields} }} }}", {"id": global_id})["node"]


def found(hub: RunningHub, name: str) -> int:
    return int(hub.data("query($f: PeopleFilter) { people(filter: $f) { totalCount } }",
                        {"f": {"name": name.lower()}})["people"]["totalCount"])


def changes_about(hub: RunningHub, raw_id_part: str) -> list[dict[str, Any]]:
    with (hub.data_dir / "audit" / "audit.log").open() as fh:
        entries = [json.loads(line) for line in fh]
    return [e for e in entries if e["kind"] == "change"
            and raw_id_part in json.dumps(e.get("after"))]


CORRECT = "changed recordId record { ... on Person { name } }"


def test_a_corrected_name_reads_back_searches_and_is_audited_with_its_reason(
    hub: RunningHub,
) -> None:
    person, family = child(hub)
    fixed = "Fixedname" + uuid.uuid4().hex[:6]
    done = ok(hub, "correctRecord", {"recordId": person, "field": "familyName", "value": fixed,
                                     "reason": "typed from the wrong form"}, CORRECT)
    assert done["changed"] is True and done["record"]["name"] == f"Ash {fixed}"
    assert node(hub, person, "... on Person { name }")["name"] == f"Ash {fixed}"
    assert (found(hub, fixed), found(hub, family)) == (1, 0)
    again = ok(hub, "correctRecord", {"recordId": person, "field": "familyName", "value": fixed,
                                      "reason": "sent twice"}, CORRECT)
    assert again["changed"] is False
    [entry] = [e for e in changes_about(hub, fixed) if e["operation"] == "correct_record"]
    assert entry["before"]["family_name"] == family and entry["after"]["family_name"] == fixed
    assert entry["reason"] == "typed from the wrong form"


def test_bad_corrections_are_refused_naming_the_field_and_change_nothing(
    hub: RunningHub,
) -> None:
    person, family = child(hub)
    base = {"recordId": person, "field": "dob", "value": "2012-01-01", "reason": "wrong year"}
    cases: list[tuple[dict[str, Any], str, str | None, str]] = [
        ({"field": "shoeSize"}, "INVALID_INPUT", "input.field", "fields that can: givenName"),
        ({"field": "ofConcern", "value": "true"}, "INVALID_INPUT", "input.field",
         "cannot be corrected on a Child"),
        ({"reason": "  "}, "INVALID_INPUT", "input.reason", "must not be empty"),
        ({"value": TOMORROW}, "INVALID_INPUT", "input.value", "must not be in the future"),
        ({"value": "1990-01-01"}, "INVALID_INPUT", "input.value", "a child is under 18"),
        ({"value": "not a date"}, "INVALID_INPUT", "input.value", "is not a date"),
        ({"field": "gender", "value": "MARTIAN"}, "INVALID_INPUT", "input.value",
         "must be one of: female"),
        ({"recordId": "%%%"}, "INVALID_INPUT", "input.recordId", "is not a valid id"),
    ]
    for change, code, field, words in cases:
        refused(hub, "correctRecord", {**base, **change}, code, field, words)
    # Another agency that can see the child may not correct what the police recorded.
    trust = hub.caller("trust", "practitioner")
    assert node(hub, person, "id") is not None
    refused(hub, "correctRecord", base, "NOT_FOUND", "input.recordId",
            "no record of your agency's", headers=trust)
    assert node(hub, person, "... on Person { dob name }") == {"dob": "2012-05-06",
                                                                "name": f"Ash {family}"}


def test_an_association_is_ended_by_correcting_it(hub: RunningHub) -> None:
    (first, _), (second, _) = child(hub), child(hub)
    link = ok(hub, "recordAssociation", {"personId": first, "associateId": second,
                                         "context": "PEER", "firstSeen": "2025-01-01"},
              "association { id }")["association"]["id"]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    for field, value in (("lastSeen", yesterday), ("strength", "0.2")):
        done = ok(hub, "correctRecord", {"recordId": link, "field": field, "value": value,
                                         "reason": "the group broke up"}, "changed record { id }")
        assert done == {"changed": True, "record": None}
    peers = node(hub, first, "... on Person { peers { edges { node { lastSeen strength } } } }")
    assert peers["peers"]["edges"][0]["node"] == {"lastSeen": yesterday, "strength": 0.2}


def test_a_retracted_incident_is_shown_to_no_one_and_counted_nowhere(hub: RunningHub) -> None:
    person, _ = child(hub)
    ref = "err-" + uuid.uuid4().hex
    incident = ok(hub, "recordIncident", {
        "type": "THEFT", "occurredAt": "2026-01-05T10:00:00", "clientRef": ref,
        "participants": [{"personId": person, "role": "WITNESS"}]}, "incident { id }")[
        "incident"]["id"]
    counted = "... on Person { incidents { totalCount } }"
    assert node(hub, person, counted)["incidents"]["totalCount"] == 1
    done = ok(hub, "retractRecord", {"recordId": incident, "reason": "wrong child"},
              "retracted recordId")
    assert done == {"retracted": True, "recordId": incident}
    assert node(hub, incident, "id") is None
    assert node(hub, person, counted)["incidents"]["totalCount"] == 0
    for who in (hub.caller("police", "analyst"), hub.caller("trust", "practitioner")):
        body = hub.gql("query($id: ID!) { node(id: $id) { id } }", {"id": incident}, who)
        assert body["data"]["node"] is None
    again = ok(hub, "retractRecord", {"recordId": incident, "reason": "again"}, "retracted")
    assert again["retracted"] is False
    # Sending the record again under its clientRef says it was retracted, and writes nothing.
    refused(hub, "recordIncident", {
        "type": "THEFT", "occurredAt": "2026-01-05T10:00:00", "clientRef": ref,
        "participants": [{"personId": person, "role": "WITNESS"}]}, "CONFLICT",
        "input.clientRef", "retracted")
    refused(hub, "correctRecord", {"recordId": incident, "field": "summary", "value": "x",
                                   "reason": "y"}, "NOT_FOUND", "input.recordId", "no record")


def test_a_retracted_person_and_their_links_disappear_from_every_read(hub: RunningHub) -> None:
    (person, family), (friend, _) = child(hub), child(hub)
    ok(hub, "recordAssociation", {"personId": friend, "associateId": person, "context": "PEER"},
       "created")
    assert node(hub, friend, "... on Person { peers { totalCount } }")["peers"]["totalCount"] == 1
    refused(hub, "retractRecord", {"recordId": person, "reason": "dup"}, "NOT_FOUND",
            "input.recordId", "no record of your agency's",
            headers=hub.caller("trust", "practitioner"))
    ok(hub, "retractRecord", {"recordId": person, "reason": "a duplicate of another record"},
       "retracted")
    assert node(hub, person, "id") is None
    assert found(hub, family) == 0
    assert node(hub, friend, "... on Person { peers { totalCount } }")["peers"]["totalCount"] == 0
    [entry] = [e for e in changes_about(hub, decode(person)[1])
               if e["operation"] == "retract_record"]
    assert entry["before"] == {"category": "identity"} and entry["reason"]


def test_a_retracted_association_is_gone_from_the_analyses_too(hub: RunningHub) -> None:
    (first, _), (second, _) = child(hub), child(hub)
    recent = {"firstSeen": (date.today() - timedelta(days=30)).isoformat(),
              "lastSeen": (date.today() - timedelta(days=2)).isoformat()}
    link = ok(hub, "recordAssociation", {"personId": first, "associateId": second,
                                         "context": "PEER", **recent},
              "association { id }")["association"]["id"]
    network = """query($id: ID!) { peerNetwork(childId: $id, depth: 1) {
        people nodes { person { id } } } }"""

    def seen() -> set[str]:
        found = hub.data(network, {"id": first})["peerNetwork"]
        return {n["person"]["id"] for n in found["nodes"]}

    assert second in seen()
    ok(hub, "retractRecord", {"recordId": link, "reason": "recorded on the wrong child"},
       "retracted")
    assert second not in seen()
    assert node(hub, first, "... on Person { peers { totalCount } }")["peers"]["totalCount"] == 0
