"""Record linkage over real HTTP: identifiers recorded and searched, a person matched on
arrival (hard cases made by hand: twins, a nickname, a swapped date, a surname typo, an
identifier failing its check digit), links and the review queue, unlinking, and sharing
through every route a link touches: a record the caller may not see never shows as a
candidate, a link, a review item, a search hit or a count."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from hub.services.linking import MAX_REVIEWS_PER_ARRIVAL
from tests.support import RunningHub, start_hub, stop_hub

NHS_A = "943 476 5919"  # valid (modulus 11)
NHS_B = "401 023 2137"  # valid
NHS_BAD = "943 476 5918"  # fails its check digit
UPN = "H801200001001"  # valid check letter

PERSON = "id name provenance { owner category } identifiers { scheme value provenance { owner category } }"
LINKED = "linkedRecords { linkId how matchWeight person { id name provenance { owner } } }"
MATCHES = ("likelyMatches { outcome matchWeight reasons person { id name } "
           "evidence { comparison level weight } waterfall { comparison weight } }")


@pytest.fixture(scope="module")
def hub(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A demo hub of this module's own (its people must not meet other tests' people),
    on the embedded lane or, with HUB_BOLT_LANE=all, through the Neo4j adapter too."""
    lane = getattr(request, "param", "embedded")
    data = tmp_path_factory.mktemp(f"linkage-{lane}") / "data"
    if lane == "embedded":
        running = start_hub(data)
    else:
        target = request.getfixturevalue("bolt")
        data.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "hub", "seed", "--scale", "demo", "--replace"],
                       env={**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data),
                            **target.env()}, check=True, capture_output=True, timeout=600)
        running = start_hub(data, extra_env=target.env(), seed=None)
    running.lane = lane
    yield running
    stop_hub(running)


def caller(hub: RunningHub, agency: str, role: str = "practitioner",
           purpose: str | None = "mace") -> dict[str, str]:
    return hub.caller(agency, role, purpose=purpose, sub=f"{agency}-{role}-{purpose}")


def record(hub: RunningHub, who: dict[str, str], confirm: bool = False,
           **person: Any) -> dict[str, Any]:
    value = {"kind": "CHILD", **person, **({"confirmNew": True} if confirm else {})}
    body = hub.gql(f"""mutation($i: RecordPersonInput!) {{ recordPerson(input: $i) {{
        created person {{ {PERSON} }} {MATCHES} }} }}""", {"i": value}, who)
    assert "errors" not in body, body["errors"]
    return body["data"]["recordPerson"]  # type: ignore[no-any-return]


def refused(body: dict[str, Any], code: str, field: str | None, words: str) -> None:
    assert body.get("data") is None or not any(body["data"].values()), body
    [error] = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert error["extensions"].get("field") == field, error
    assert words in error["message"], error


def person(hub: RunningHub, who: dict[str, str], pid: str, fields: str = LINKED) -> Any:
    body = hub.gql(f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ {fields} }} }} }}",
                   {"id": pid}, who)
    assert "errors" not in body, body["errors"]
    return body["data"]["node"]


def linked_ids(hub: RunningHub, who: dict[str, str], pid: str) -> set[str]:
    found = person(hub, who, pid)
    return {r["person"]["id"] for r in found["linkedRecords"]} if found else set()


def reviews(hub: RunningHub, who: dict[str, str], status: str = "OPEN") -> list[dict[str, Any]]:
    body = hub.gql(f"""{{ matchReviews(status: {status}, first: 200) {{ id status matchWeight
        reasons left {{ id }} right {{ id }} evidence {{ comparison level weight }}
        waterfall {{ comparison weight }} decidedBy note }} }}""", None, who)
    assert "errors" not in body, body["errors"]
    return body["data"]["matchReviews"]  # type: ignore[no-any-return]


def review_of(items: list[dict[str, Any]], a: str, b: str) -> dict[str, Any] | None:
    for item in items:
        if {item["left"]["id"], item["right"]["id"]} == {a, b}:
            return item
    return None


def child(given: str, family: str, dob: str | None = "2011-04-03", gender: str = "MALE",
          town: str = "Corby", **more: Any) -> dict[str, Any]:
    return {"givenName": given, "familyName": family, "dob": dob, "gender": gender,
            "town": town, **more}


# ---------------------------------------------------------------- identifiers

def test_an_identifier_is_checked_recorded_owned_and_found_exactly(hub: RunningHub) -> None:
    health = caller(hub, "health")
    made = record(hub, health, **child("Ottoline", "Vexworth"))
    pid = made["person"]["id"]
    ok = hub.gql("""mutation($i: RecordIdentifierInput!) { recordIdentifier(input: $i) {
        created identifier { scheme value provenance { owner category } } person { id } } }""",
                 {"i": {"personId": pid, "scheme": "NHS", "value": NHS_A,
                        "clientRef": "idn-1"}}, health)
    assert "errors" not in ok, ok["errors"]
    saved = ok["data"]["recordIdentifier"]
    assert saved["created"] is True and saved["person"]["id"] == pid
    assert saved["identifier"] == {"scheme": "nhs", "value": "9434765919",
                                   "provenance": {"owner": "health", "category": "identity"}}
    again = hub.gql("""mutation($i: RecordIdentifierInput!) { recordIdentifier(input: $i) {
        created } }""", {"i": {"personId": pid, "scheme": "NHS", "value": "9434765919"}},
                    health)
    assert again["data"]["recordIdentifier"]["created"] is False
    search = "query($v: String!) { peopleByIdentifier(scheme: NHS, value: $v) { id } }"
    assert hub.data(search, {"v": "9434765919"}, caller(hub, "police"))[
        "peopleByIdentifier"] == [{"id": pid}]
    # Police without a purpose see only police records: no hit, and no hint of one.
    assert hub.data(search, {"v": NHS_A}, caller(hub, "police", purpose=None))[
        "peopleByIdentifier"] == []
    [shown] = person(hub, health, pid, "identifiers { scheme value }")["identifiers"]
    assert shown == {"scheme": "nhs", "value": "9434765919"}


def test_an_identifier_failing_its_check_is_refused_naming_the_field(hub: RunningHub) -> None:
    health = caller(hub, "health")
    pid = record(hub, health, **child("Perpetua", "Vexworth", dob="2012-02-02"))["person"]["id"]
    body = hub.gql("""mutation($i: RecordIdentifierInput!) { recordIdentifier(input: $i) {
        created } }""", {"i": {"personId": pid, "scheme": "NHS", "value": NHS_BAD}}, health)
    refused(body, "INVALID_INPUT", "input.value", "modulus 11 check digit")
    body = hub.gql("""mutation($i: RecordPersonInput!) { recordPerson(input: $i) { created } }""",
                   {"i": {"kind": "CHILD", **child("Quentin", "Vexworth"),
                          "identifiers": [{"scheme": "NHS", "value": NHS_BAD}]}}, health)
    refused(body, "INVALID_INPUT", "input.identifiers[0].value", "fails it")
    search = hub.gql("{ peopleByIdentifier(scheme: NHS, value: \"9434765918\") { id } }", None,
                     health)
    refused(search, "INVALID_INPUT", "value", "fails it")
    found = hub.data('{ people(filter: {name: "quentin vexworth"}) { totalCount } }', None,
                     health)
    assert found["people"]["totalCount"] == 0


def test_a_pupil_number_is_education_information(hub: RunningHub) -> None:
    school = caller(hub, "education")
    made = record(hub, school, **child("Rosalind", "Wexcombe", dob="2013-06-07",
                                       gender="FEMALE",
                                       identifiers=[{"scheme": "UPN", "value": UPN}]))
    [ident] = made["person"]["identifiers"]
    assert ident["provenance"] == {"owner": "education", "category": "education"}


# ---------------------------------------------------------------- matching on arrival

def test_recording_a_child_again_answers_a_likely_match_instead_of_a_duplicate(
        hub: RunningHub) -> None:
    trust, police = caller(hub, "trust"), caller(hub, "police")
    first = record(hub, trust, **child("Alexander", "Quillfeather"))
    assert first["created"] is True and first["likelyMatches"] == []
    held = first["person"]["id"]
    # A nickname, from another agency: nothing saved, the trust's record offered instead.
    again = record(hub, police, **child("Alex", "Quillfeather"))
    assert again["created"] is False and again["person"] is None
    [match] = again["likelyMatches"]
    assert match["person"]["id"] == held and match["outcome"] == "LINK"
    levels = {e["comparison"]: e["level"] for e in match["evidence"]}
    assert levels["forename"] == "same name by its short form (a nickname)"
    steps = match["waterfall"]
    assert steps[0]["comparison"] == "prior"
    assert abs(sum(s["weight"] for s in steps) - match["matchWeight"]) < 0.05
    # Confirmed as the police's own record: saved, and linked to the trust's automatically.
    saved = record(hub, police, confirm=True, **child("Alex", "Quillfeather"))
    assert saved["created"] is True
    mine = saved["person"]["id"]
    assert linked_ids(hub, police, mine) == {held}
    assert linked_ids(hub, trust, held) == {mine}
    # Ownership is never merged: each record keeps its owner.
    assert person(hub, police, held, PERSON)["provenance"]["owner"] == "trust"
    assert person(hub, police, mine, PERSON)["provenance"]["owner"] == "police"


def test_a_typo_in_the_family_name_is_still_a_likely_match(hub: RunningHub) -> None:
    trust = caller(hub, "trust")
    held = record(hub, trust, **child("Benedict", "Marrowbone", dob="2010-07-21"))
    again = record(hub, caller(hub, "police"), **child("Benedict", "Marrowbome",
                                                        dob="2010-07-21"))
    assert [m["person"]["id"] for m in again["likelyMatches"]] == [held["person"]["id"]]


def test_day_and_month_swapped_is_still_a_likely_match(hub: RunningHub) -> None:
    trust = caller(hub, "trust")
    held = record(hub, trust, **child("Cordelia", "Hazelgrove", dob="2012-03-09",
                                      gender="FEMALE"))
    again = record(hub, caller(hub, "education"), **child("Cordelia", "Hazelgrove",
                                                           dob="2012-09-03", gender="FEMALE"))
    [match] = again["likelyMatches"]
    assert match["person"]["id"] == held["person"]["id"]
    levels = {e["comparison"]: e["level"] for e in match["evidence"]}
    assert levels["dob"] == "day and month swapped"


def test_twins_are_not_joined(hub: RunningHub) -> None:
    trust, health = caller(hub, "trust"), caller(hub, "health")
    morgan = record(hub, trust, **child("Morgan", "Pennywhistle", dob="2011-08-12"))
    jamie = record(hub, trust, confirm=True, **child("Jamie", "Pennywhistle", dob="2011-08-12"))
    assert jamie["created"] is True
    m, j = morgan["person"]["id"], jamie["person"]["id"]
    assert linked_ids(hub, trust, j) == set()
    # Health records Morgan: linked to Morgan, never to the twin.
    again = record(hub, health, confirm=True, **child("Morgan", "Pennywhistle",
                                                       dob="2011-08-12"))
    h = again["person"]["id"]
    assert linked_ids(hub, health, h) == {m}
    assert j not in linked_ids(hub, trust, m)
    outcomes = {x["person"]["id"]: x["outcome"] for x in again["likelyMatches"]}
    assert outcomes.get(m) == "LINK" and outcomes.get(j) != "LINK"
    # The twins' own pair waits for a person, with the reason it was not linked.
    item = review_of(reviews(hub, caller(hub, "trust", purpose="mash")), m, j)
    assert item is not None and item["status"] == "open"


def test_a_shared_valid_identifier_links_despite_a_changed_name(hub: RunningHub) -> None:
    health, trust = caller(hub, "health"), caller(hub, "trust")
    held = record(hub, health, **child("Kofi", "Asante", dob="2012-01-15", town="Daventry",
                                       identifiers=[{"scheme": "NHS", "value": NHS_B}]))
    again = record(hub, trust, confirm=True,
                   **child("Kofi", "Mensah-Okoro", dob="2012-01-15", town="Wellingborough",
                           identifiers=[{"scheme": "NHS", "value": "4010232137"}]))
    assert linked_ids(hub, trust, again["person"]["id"]) == {held["person"]["id"]}


def test_two_different_valid_identifiers_are_never_joined_through_a_third_record(
        hub: RunningHub) -> None:
    trust, health = caller(hub, "trust"), caller(hub, "health")
    a = record(hub, trust, **child("Una", "Pemberley", dob="2012-06-16", gender="FEMALE",
                                   identifiers=[{"scheme": "NHS", "value": "1234567806"}]))
    b = record(hub, health, **child("Una", "Pemberley", dob="2012-06-16", gender="FEMALE",
                                    identifiers=[{"scheme": "NHS", "value": "1234567814"}]))
    # Different NHS numbers: two children, so no likely match and no link.
    assert b["created"] is True and b["likelyMatches"] == []
    ida, idb = a["person"]["id"], b["person"]["id"]
    assert linked_ids(hub, trust, ida) == set()
    c = record(hub, caller(hub, "police"), confirm=True,
               **child("Una", "Pemberley", dob="2012-06-16", gender="FEMALE"))
    joined = linked_ids(hub, trust, c["person"]["id"])
    assert len(joined & {ida, idb}) == 1
    other = ({ida, idb} - joined).pop()
    assert review_of(reviews(hub, caller(hub, "trust", purpose="mash")), c["person"]["id"],
                     other) is not None


def test_an_unrelated_child_is_no_match(hub: RunningHub) -> None:
    record(hub, caller(hub, "trust"), **child("Drusilla", "Thistlewood", dob="2009-11-30",
                                              gender="FEMALE", town="Kettering"))
    other = record(hub, caller(hub, "trust"), **child("Ezekiel", "Brambleworth",
                                                      dob="2013-02-14"))
    assert other["created"] is True and other["likelyMatches"] == []


# ---------------------------------------------------------------- sharing

def test_a_record_the_caller_may_not_see_never_shows_through_a_match(hub: RunningHub) -> None:
    health = caller(hub, "health")
    held = record(hub, health, **child("Tamsin", "Oakenshield", dob="2011-10-10",
                                       gender="FEMALE",
                                       identifiers=[{"scheme": "NHS", "value": "6541237891"}]))
    hidden = held["person"]["id"]
    police_own = caller(hub, "police", purpose=None)  # own agency's records only
    # The same child, the same NHS number: created at once, no candidate, no count, no score.
    made = record(hub, police_own, **child("Tamsin", "Oakenshield", dob="2011-10-10",
                                           gender="FEMALE",
                                           identifiers=[{"scheme": "NHS",
                                                         "value": "6541237891"}]))
    assert made["created"] is True and made["likelyMatches"] == []
    mine = made["person"]["id"]
    assert person(hub, police_own, mine)["linkedRecords"] == []
    # The hub linked them all the same: a caller who may see both sees the link.
    assert linked_ids(hub, caller(hub, "police"), mine) == {hidden}
    assert linked_ids(hub, health, hidden) == {mine}
    # The identifier search finds only what the caller may see.
    search = "{ peopleByIdentifier(scheme: NHS, value: \"6541237891\") { id } }"
    assert hub.data(search, None, police_own)["peopleByIdentifier"] == [{"id": mine}]


def test_a_path_through_a_hidden_record_does_not_join_two_visible_ones(hub: RunningHub) -> None:
    """police -- health -- education: police without a purpose sees the police record only,
    and the education record is reached only through the health one."""
    health = caller(hub, "health")
    h = record(hub, health, **child("Ignatius", "Crumplehorn", dob="2010-05-05"))["person"]["id"]
    e = record(hub, caller(hub, "education"), confirm=True,
               **child("Ignatius", "Crumplehorn", dob="2010-05-05"))["person"]["id"]
    assert linked_ids(hub, health, h) == {e}
    p = record(hub, caller(hub, "police", purpose=None),
               **child("Ignatius", "Crumplehorn", dob="2010-05-05"))["person"]["id"]
    with_purpose = linked_ids(hub, caller(hub, "police"), p)
    assert {h, e} <= with_purpose
    assert linked_ids(hub, caller(hub, "police", purpose=None), p) == set()


# ---------------------------------------------------------------- review and unlinking

def test_the_review_flow_confirm_and_reject(hub: RunningHub) -> None:
    trust = caller(hub, "trust")
    mash = caller(hub, "trust", purpose="mash")
    a = record(hub, trust, **child("Florian", "Gallowmere", dob="2012-12-01"))["person"]["id"]
    b = record(hub, trust, confirm=True,
               **child("Felix", "Gallowmere", dob="2012-12-01"))["person"]["id"]
    item = review_of(reviews(hub, mash), a, b)
    assert item is not None and item["status"] == "open"
    assert item["evidence"] and item["waterfall"][0]["comparison"] == "prior"
    # A practitioner working for MACE is no reviewer; nor is a police practitioner.
    refused(hub.gql("{ matchReviews { id } }", None, trust), "FORBIDDEN", None, "MASH")
    body = hub.gql("mutation($r: ID!) { rejectMatch(reviewId: $r) { status } }",
                   {"r": item["id"]}, caller(hub, "police"))
    refused(body, "FORBIDDEN", None, "MASH")
    done = hub.data("""mutation($r: ID!) { rejectMatch(reviewId: $r, note: "twins, per GP") {
        status decidedBy note } }""", {"r": item["id"]}, mash)["rejectMatch"]
    assert done["status"] == "rejected" and done["note"] == "twins, per GP"
    assert review_of(reviews(hub, mash), a, b) is None
    assert linked_ids(hub, trust, a) == set()
    again = hub.gql("mutation($r: ID!) { rejectMatch(reviewId: $r) { status } }",
                    {"r": item["id"]}, mash)
    refused(again, "CONFLICT", "reviewId", "already rejected")

    c = record(hub, trust, **child("Gwendolyn", "Ashcombe", dob="2013-01-01", gender="FEMALE",
                                   town="Kettering"))["person"]["id"]
    d = record(hub, caller(hub, "police"), confirm=True,
               **child("Gwen", "Ashcombe", dob="2013-01-01", gender="FEMALE",
                       town="Corby"))["person"]["id"]
    queued = review_of(reviews(hub, mash), c, d)
    assert queued is not None and linked_ids(hub, trust, c) == set()
    confirmed = hub.data("mutation($r: ID!) { confirmMatch(reviewId: $r) { status } }",
                         {"r": queued["id"]}, mash)["confirmMatch"]
    assert confirmed["status"] == "confirmed"
    assert linked_ids(hub, trust, c) == {d}


def test_unlinking_keeps_the_pair_apart(hub: RunningHub) -> None:
    trust, police = caller(hub, "trust"), caller(hub, "police")
    a = record(hub, trust, **child("Hortense", "Bellweather", dob="2011-02-02",
                                   gender="FEMALE"))["person"]["id"]
    b = record(hub, police, confirm=True, **child("Hortense", "Bellweather", dob="2011-02-02",
                                                  gender="FEMALE"))["person"]["id"]
    [link] = person(hub, trust, a)["linkedRecords"]
    assert link["how"] == "automatic" and link["person"]["id"] == b
    unlink = "mutation($l: ID!, $r: String!) { unlinkRecords(linkId: $l, reason: $r) }"
    refused(hub.gql(unlink, {"l": link["linkId"], "r": "not the same"}, police), "FORBIDDEN",
            None, "MASH")
    # An IG lead who may not see the police record cannot find the link at all.
    own_ig = caller(hub, "trust", "ig_lead", purpose=None)
    refused(hub.gql(unlink, {"l": link["linkId"], "r": "x"}, own_ig), "NOT_FOUND", "linkId",
            "no link you may see")
    # A MASH practitioner, who may see both records, unlinks with a reason.
    mash = caller(hub, "trust", purpose="mash")
    assert hub.data(unlink, {"l": link["linkId"], "r": "different children, checked"},
                    mash)["unlinkRecords"] is True
    assert linked_ids(hub, trust, a) == set()
    unlinked = review_of(reviews(hub, mash, "UNLINKED"), a, b)
    assert unlinked is not None and unlinked["note"] == "different children, checked"
    # Recorded once more by another agency: linked to one of them, never re-joining the
    # pair through itself (the other is queued for review).
    c = record(hub, caller(hub, "education"), confirm=True,
               **child("Hortense", "Bellweather", dob="2011-02-02",
                       gender="FEMALE"))["person"]["id"]
    assert b not in linked_ids(hub, trust, a) and a not in linked_ids(hub, trust, b)
    assert len(linked_ids(hub, trust, c) & {a, b}) == 1
    assert review_of(reviews(hub, mash), c, a) or review_of(reviews(hub, mash), c, b)


def test_a_reviewer_sees_only_items_whose_two_records_they_may_see(hub: RunningHub) -> None:
    police = caller(hub, "police")
    a = record(hub, police, **child("Jocasta", "Fernleigh", dob="2010-09-09",
                                    gender="FEMALE"))["person"]["id"]
    b = record(hub, caller(hub, "trust"), confirm=True,
               **child("Jessamy", "Fernleigh", dob="2010-09-09",
                       gender="FEMALE"))["person"]["id"]
    mash = caller(hub, "trust", purpose="mash")
    item = review_of(reviews(hub, mash), a, b)
    assert item is not None
    own_ig = caller(hub, "trust", "ig_lead", purpose=None)  # trust records only
    assert review_of(reviews(hub, own_ig), a, b) is None
    body = hub.gql("mutation($r: ID!) { confirmMatch(reviewId: $r) { status } }",
                   {"r": item["id"]}, own_ig)
    refused(body, "NOT_FOUND", "reviewId", "no review item you may see")


def test_every_link_decision_and_unlink_is_an_audited_change(hub: RunningHub) -> None:
    auditor = caller(hub, "trust", "ig_lead", purpose="mash")
    body = hub.data('{ auditLog(kind: "change", first: 500) { operation actor subjects } }',
                    None, auditor)
    operations = {e["operation"] for e in body["auditLog"]}
    assert {"link_same_person", "queue_match_review", "decide_match_review",
            "unlink_same_person"} <= operations, operations


def test_an_arrival_like_many_held_children_queues_only_its_strongest_review_items(
        hub: RunningHub) -> None:
    # A dozen children recorded under one name with no date of birth all look alike: each
    # arrival would otherwise queue one review item per look-alike (hundreds, each an
    # audited write, once hundreds share a name), which no reviewer can work and which
    # held every other write up.
    police = caller(hub, "police")
    mash = caller(hub, "police", purpose="mash")
    ids = [record(hub, police, confirm=True, **child("Quill", "Marrowby", dob=None,
                                                     clientRef=f"quill-{n}"))["person"]["id"]
           for n in range(14)]
    last = ids[-1]
    queued = [item for item in reviews(hub, mash)
              if last in (item["left"]["id"], item["right"]["id"])]
    assert 0 < len(queued) <= MAX_REVIEWS_PER_ARRIVAL, len(queued)
    weights = [item["matchWeight"] for item in queued]
    assert min(weights) >= -4  # only pairs at or above the review threshold are queued
