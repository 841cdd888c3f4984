"""IG leads keep the agreements through the API; a change takes effect at once and is audited."""

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
    running = start_hub(tmp_path_factory.mktemp("agreements") / "data")
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
    ig = keeper.caller("trust", "ig_lead", sub="ig-olwen", purpose=None)
    assert "health:health" not in scopes(keeper)
    saved = keeper.data(SAVE, {"input": terms()}, headers=ig)["saveAgreement"]
    assert saved["version"] == 1
    assert "health:health" in scopes(keeper)
    suspended = keeper.data(SAVE, {"input": terms(id=saved["id"], version=1,
                                                  status="suspended")}, headers=ig)
    assert suspended["saveAgreement"]["version"] == 2
    assert "health:health" not in scopes(keeper)
    auditor = keeper.caller("trust", "auditor", purpose=None)
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
    ig = keeper.caller("trust", "ig_lead", purpose=None)
    body = keeper.gql(SAVE, {"input": terms(**change)}, headers=ig)
    assert words in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["field"] == "input"


def test_a_stale_version_is_refused(keeper: RunningHub) -> None:
    ig = keeper.caller("trust", "ig_lead", purpose=None)
    saved = keeper.data(SAVE, {"input": terms(name="Stale test")}, headers=ig)["saveAgreement"]
    keeper.data(SAVE, {"input": terms(id=saved["id"], version=1, name="Stale test v2")},
                headers=ig)
    body = keeper.gql(SAVE, {"input": terms(id=saved["id"], version=1, name="Stale v2 again")},
                      headers=ig)
    assert body["errors"][0]["extensions"]["code"] == "CONFLICT"
