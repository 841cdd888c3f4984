"""Matching one arriving record: the hard cases a county's records throw up, made by hand."""

from __future__ import annotations

from typing import Any

import pytest

from hub.linkage.matcher import Matcher

BASE: dict[str, Any] = {"agency": "police", "given_name": "Alexander", "family_name": "Thornbury",
                        "dob": "2011-04-03", "gender": "male", "postcode": "NN93 4QT",
                        "town": "Corby", "identifiers": {}}
TWIN: dict[str, Any] = {**BASE, "record_id": "held_twin", "given_name": "Morgan"}


def held(*extra: dict[str, Any]) -> Matcher:
    people = [
        {**BASE, "record_id": "held_alex"},
        TWIN,
        {**BASE, "record_id": "held_other", "given_name": "Leah", "family_name": "Okafor",
         "gender": "female", "dob": "2012-09-30", "postcode": "NN96 2LB", "town": "Kettering"},
        {**BASE, "record_id": "held_cousin", "given_name": "Jade", "gender": "female",
         "dob": "2010-01-17", "postcode": "NN90 8AB", "town": "Daventry"},
        *extra,
    ]
    return Matcher(people)


def outcome_for(matcher: Matcher, arriving: dict[str, Any], record_id: str) -> str:
    for candidate in matcher.match({"record_id": "arriving", **arriving}):
        if candidate.record_id == record_id:
            return candidate.decision.outcome
    return "apart"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return held()


def test_the_same_child_recorded_again_by_another_agency_is_linked(matcher: Matcher) -> None:
    assert outcome_for(matcher, {**BASE, "agency": "trust"}, "held_alex") == "link"


def test_a_nickname_is_the_same_given_name(matcher: Matcher) -> None:
    assert outcome_for(matcher, {**BASE, "agency": "education", "given_name": "Alex"},
                       "held_alex") == "link"


def test_a_typo_in_the_family_name_still_links(matcher: Matcher) -> None:
    assert outcome_for(matcher, {**BASE, "family_name": "Thornbery"}, "held_alex") == "link"


def test_a_date_of_birth_typed_day_first_is_at_least_queued_for_review(matcher: Matcher) -> None:
    assert outcome_for(matcher, {**BASE, "dob": "2011-03-04"}, "held_alex") in {"link", "review"}


def test_a_twin_is_never_linked_to_the_other_twin(matcher: Matcher) -> None:
    arriving = {**BASE, "agency": "health", "given_name": "Morgan"}
    assert outcome_for(matcher, arriving, "held_twin") == "link"
    assert outcome_for(matcher, arriving, "held_alex") != "link"


def test_a_twin_pair_that_reaches_the_link_weight_goes_to_review_with_the_reason(
        matcher: Matcher) -> None:
    found = {c.record_id: c for c in matcher.match({"record_id": "arriving", **TWIN})}
    alex = found.get("held_alex")
    if alex is not None:
        assert alex.decision.outcome == "review"
        assert any("given names disagree" in r or "between" in r for r in alex.decision.reasons)


def test_an_unrelated_child_is_not_a_candidate(matcher: Matcher) -> None:
    assert outcome_for(matcher, {**BASE}, "held_other") == "apart"


def test_a_shared_valid_identifier_links_despite_a_changed_address() -> None:
    nhs = {"nhs": "9434765919"}
    matcher = held({**BASE, "record_id": "held_nhs", "given_name": "Kofi", "family_name": "Asante",
                    "dob": "2009-06-21", "postcode": "NN91 5EE", "town": "Brackley",
                    "identifiers": nhs})
    moved = {**BASE, "given_name": "Kofi", "family_name": "Asante", "dob": "2009-06-21",
             "postcode": "NN97 3DD", "town": "Rushden", "identifiers": nhs}
    assert outcome_for(matcher, moved, "held_nhs") == "link"
    reasons = next(c for c in matcher.match({"record_id": "a", **moved})
                   if c.record_id == "held_nhs").decision.reasons
    assert reasons == ["same valid nhs identifier"]


def test_an_identifier_failing_its_check_digit_is_no_evidence() -> None:
    matcher = held({**BASE, "record_id": "held_nhs", "given_name": "Kofi", "family_name": "Asante",
                    "dob": "2009-06-21", "postcode": "NN91 5EE", "town": "Brackley",
                    "identifiers": {"nhs": "9434765918"}})
    stranger = {**BASE, "given_name": "Priya", "family_name": "Shah", "dob": "2013-02-11",
                "gender": "female", "postcode": "NN95 1AA", "town": "Oundle",
                "identifiers": {"nhs": "9434765918"}}
    assert outcome_for(matcher, stranger, "held_nhs") == "apart"


def test_two_different_valid_identifiers_of_one_scheme_keep_records_apart() -> None:
    matcher = held({**BASE, "record_id": "held_nhs", "identifiers": {"nhs": "9434765919"}})
    other_child = {**BASE, "identifiers": {"nhs": "4010232137"}}
    assert outcome_for(matcher, other_child, "held_nhs") == "apart"


def test_every_candidate_carries_a_waterfall_of_evidence(matcher: Matcher) -> None:
    candidate = matcher.match({"record_id": "arriving", **BASE, "given_name": "Alex"})[0]
    names = [e.comparison for e in candidate.decision.evidence]
    assert names == ["forename", "surname", "dob", "gender", "postcode", "town"]
    forename = candidate.decision.evidence[0]
    assert forename.level == "same name by its short form (a nickname)" and forename.weight > 0
