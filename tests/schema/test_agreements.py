"""IG leads keep the agreements through the API, each only those their agency is party to.

A change that narrows, or widens only what the lead's own agency gives, takes effect at
once; one that widens what another party gives waits for that party's IG lead to approve
it (two-party sign-off). Every step is audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import RunningHub, start_hub, stop_hub

SAVE = """mutation($input: AgreementInput!) { saveAgreement(input: $input) {
    id version status purpose grants { fromAgency toAgency categories roles } } }"""


@pytest.fixture(scope="module")
def keeper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub of its own: these tests change the agreements other tests rely on."""
    running = start_hub(tmp_path_factory.mktemp("agreements") / "data",
                        extra_env={"HUB_COUNTY_AUDIT": "police:auditor"})
    yield running
    stop_hub(running)


def terms(**changes: Any) -> dict[str, Any]:
    base = {
        "name": "Youth violence: school nurse information (test)", "purpose": "yviu",
        "legalBasis": "Children Act 1989 s47", "validFrom": "2025-01-01",
        "validTo": "2030-12-31", "reviewDate": "2029-12-31", "status": "active",
        "parties": ["health", "education"],
        "grants": [{"fromAgency": "health", "toAgency": "education", "roles": ["practitioner"],
                    "categories": ["health"]}],
    }
    return {**base, **changes}


def scopes(hub: RunningHub) -> set[str]:
    headers = hub.caller("education", "practitioner", purpose="yviu")
    return set(hub.data("{ me { scopes } }", headers=headers)["me"]["scopes"])


def test_an_ig_lead_grants_and_then_suspends_and_each_takes_effect_at_once(
    keeper: RunningHub,
) -> None:
    ig = keeper.caller("health", "ig_lead", sub="ig-olwen", purpose=None)
    assert "health:health" not in scopes(keeper)
    saved = keeper.data(SAVE, {"input": terms()}, headers=ig)["saveAgreement"]
    assert saved["version"] == 1
    assert "health:health" in scopes(keeper)
    suspended = keeper.data(SAVE, {"input": terms(id=saved["id"], version=1,
                                                  status="suspended")}, headers=ig)
    assert suspended["saveAgreement"]["version"] == 2
    assert "health:health" not in scopes(keeper)
    auditor = keeper.caller("health", "auditor", purpose=None)
    entries = keeper.data("query($a: ID) { auditLog(agreement: $a, kind: \"change\") { actor "
                          "before after } }", {"a": saved["id"]}, headers=auditor)["auditLog"]
    assert [e["actor"] for e in entries] == ["ig-olwen", "ig-olwen"]
    assert entries[1]["before"] is None and '"status": "suspended"' in entries[0]["after"]
    assert '"status": "active"' in entries[0]["before"]


def test_only_ig_leads_keep_agreements(keeper: RunningHub) -> None:
    body = keeper.gql(SAVE, {"input": terms()}, headers=keeper.caller("police", "analyst"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("change, words", [
    ({"validFrom": "2031-01-01"}, "valid_from is after valid_to"),
    ({"purpose": "gossip"}, "purpose 'gossip'"),
    ({"grants": [{"fromAgency": "police", "toAgency": "education", "roles": ["practitioner"],
                  "categories": ["offending"]}]}, "from_agency 'police' is not a party"),
    ({"grants": [{"fromAgency": "health", "toAgency": "education", "roles": ["janitor"],
                  "categories": ["health"]}]}, "role 'janitor' is unknown"),
])
def test_bad_terms_are_refused_saying_what_is_wrong(keeper: RunningHub, change: dict[str, Any],
                                                     words: str) -> None:
    ig = keeper.caller("health", "ig_lead", purpose=None)
    body = keeper.gql(SAVE, {"input": terms(**change)}, headers=ig)
    assert words in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["field"] == "input"


def test_a_stale_version_is_refused(keeper: RunningHub) -> None:
    ig = keeper.caller("health", "ig_lead", purpose=None)
    saved = keeper.data(SAVE, {"input": terms(name="Stale test")}, headers=ig)["saveAgreement"]
    keeper.data(SAVE, {"input": terms(id=saved["id"], version=1, name="Stale test v2")},
                headers=ig)
    body = keeper.gql(SAVE, {"input": terms(id=saved["id"], version=1, name="Stale v2 again")},
                      headers=ig)
    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"


PENDING = "pendingChange { proposedBy proposedByAgency awaiting onVersion terms }"
APPROVE = """mutation($id: ID!, $v: Int!) { approveAgreementChange(id: $id, version: $v) {
    id version status """ + PENDING + """ } }"""


def test_an_ig_lead_may_not_keep_an_agreement_their_agency_is_not_party_to(
    keeper: RunningHub,
) -> None:
    education = keeper.caller("education", "ig_lead", purpose=None)
    between_others = terms(parties=["yos", "health"], grants=[
        {"fromAgency": "yos", "toAgency": "health", "roles": ["practitioner"],
         "categories": ["offending"]}])
    body = keeper.gql(SAVE, {"input": between_others}, headers=education)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "party" in body["errors"][0]["message"]
    health = keeper.caller("health", "ig_lead", purpose=None)
    saved = keeper.data(SAVE, {"input": terms(name="Party test")}, headers=health)["saveAgreement"]
    trust = keeper.caller("trust", "ig_lead", purpose=None)
    body = keeper.gql(SAVE, {"input": terms(id=saved["id"], version=1, status="suspended",
                                            name="Party test")}, headers=trust)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_widening_what_another_party_gives_waits_for_its_ig_lead(keeper: RunningHub) -> None:
    education = keeper.caller("education", "ig_lead", sub="ig-edu", purpose=None)
    health = keeper.caller("health", "ig_lead", sub="ig-health", purpose=None)
    before = scopes(keeper)
    asked = terms(name="School nurse notes (two-party)", grants=[
        {"fromAgency": "health", "toAgency": "education", "roles": ["practitioner"],
         "categories": ["health", "identity"]}])
    saved = keeper.data(SAVE.replace("grants {", PENDING + " grants {"), {"input": asked},
                        headers=education)["saveAgreement"]
    assert saved["pendingChange"]["awaiting"] == ["health"]
    assert saved["pendingChange"]["proposedByAgency"] == "education"
    assert scopes(keeper) == before, "nothing health gives is in force before health approves"

    query = "{ pendingAgreementChanges { id name " + PENDING + " } }"
    for lead in (education, health):
        listed = keeper.data(query, headers=lead)["pendingAgreementChanges"]
        assert saved["id"] in [a["id"] for a in listed], "both parties' IG leads see it"
    police = keeper.caller("police", "ig_lead", purpose=None)
    assert saved["id"] not in [a["id"] for a in keeper.data(
        query, headers=police)["pendingAgreementChanges"]]

    refused = keeper.gql(APPROVE, {"id": saved["id"], "v": saved["version"]}, headers=education)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", "no one approves their own"
    stale = keeper.gql(APPROVE, {"id": saved["id"], "v": saved["version"] + 5}, headers=health)
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    approved = keeper.data(APPROVE, {"id": saved["id"], "v": saved["version"]},
                           headers=health)["approveAgreementChange"]
    assert approved["pendingChange"] is None and approved["status"] == "active"
    assert "health:health" in scopes(keeper)

    auditor = keeper.caller("health", "auditor", purpose=None)
    entries = keeper.data("query($a: ID) { auditLog(agreement: $a) { actor operation note } }",
                          {"a": saved["id"]}, headers=auditor)["auditLog"]
    assert [(e["actor"], e["operation"]) for e in entries] == [
        ("ig-health", "approveAgreementChange"), ("ig-edu", "saveAgreement")]
    assert "awaiting" in entries[1]["note"] and "health" in entries[1]["note"]
    assert "in force" in entries[0]["note"]


def test_narrowing_what_another_party_gives_takes_effect_at_once(keeper: RunningHub) -> None:
    health = keeper.caller("health", "ig_lead", purpose=None)
    education = keeper.caller("education", "ig_lead", purpose=None)
    saved = keeper.data(SAVE, {"input": terms(name="Narrowing test")},
                        headers=health)["saveAgreement"]
    assert "health:health" in scopes(keeper)
    suspended = keeper.data(SAVE.replace("grants {", PENDING + " grants {"), {
        "input": terms(id=saved["id"], version=1, status="suspended", name="Narrowing test")},
        headers=education)["saveAgreement"]
    assert suspended["pendingChange"] is None and suspended["status"] == "suspended"


def test_a_county_wide_auditor_is_configured_and_others_read_their_agencys_part(
    keeper: RunningHub,
) -> None:
    health = keeper.caller("health", "ig_lead", sub="ig-county-test", purpose=None)
    keeper.data(SAVE, {"input": terms(name="County audit test")}, headers=health)
    query = "{ auditLog(actor: \"ig-county-test\") { actor } }"
    county = keeper.caller("police", "auditor", purpose=None)  # HUB_COUNTY_AUDIT=police:auditor
    assert keeper.data(query, headers=county)["auditLog"]
    yos = keeper.caller("yos", "auditor", purpose=None)
    assert keeper.data(query, headers=yos)["auditLog"] == [], "yos is no party and not county-wide"
    party = keeper.caller("education", "auditor", purpose=None)
    assert keeper.data(query, headers=party)["auditLog"], "education is a party to the change"
