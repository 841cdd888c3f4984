"""Claims become a Principal only when the hub can place the caller: a partner agency and a role."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from hub.auth import AGENCIES, ROLES, AuthError, Principal, principal_from_claims

ISSUER = {"issuer": "https://idp.partners.example"}


def claims(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"iss": ISSUER["issuer"], "sub": "u-17", "agency": "trust",
                            "roles": ["practitioner"]}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def refusal(token_claims: dict[str, Any], config: dict[str, Any] = ISSUER) -> AuthError:
    with pytest.raises(AuthError) as caught:
        principal_from_claims(token_claims, config)
    return caught.value


def test_the_default_claims_make_a_principal() -> None:
    principal = principal_from_claims(
        claims(team="Early Help North", name="Jo Fictional"), ISSUER
    )
    assert principal == Principal(
        subject="u-17", agency="trust", roles=frozenset({"practitioner"}),
        team="Early Help North", issuer="https://idp.partners.example", name="Jo Fictional",
    )


def test_the_vocabularies_are_the_six_agencies_and_seven_roles() -> None:
    assert frozenset({"police", "trust", "yos", "health", "education", "eis"}) == AGENCIES
    assert frozenset({"analyst", "practitioner", "panel_member", "ig_lead", "auditor",
                      "administrator", "feed"}) == ROLES


def test_roles_may_be_a_space_separated_string() -> None:
    principal = principal_from_claims(claims(roles="analyst  panel_member"), ISSUER)
    assert principal.roles == frozenset({"analyst", "panel_member"})
    assert principal.has_role("panel_member")
    assert not principal.has_role("administrator")


def test_roles_and_agency_are_matched_without_regard_to_case() -> None:
    principal = principal_from_claims(claims(agency="YOS", roles=["Auditor"]), ISSUER)
    assert (principal.agency, principal.roles) == ("yos", frozenset({"auditor"}))


def test_idp_groups_that_are_not_hub_roles_are_dropped() -> None:
    principal = principal_from_claims(claims(roles=["ig_lead", "all-staff", 7]), ISSUER)
    assert principal.roles == frozenset({"ig_lead"})


@pytest.mark.parametrize("roles", [None, [], "", "all-staff", {"analyst": True}])
def test_no_hub_role_is_refused(roles: Any) -> None:
    error = refusal(claims(roles=roles))
    assert error.code == "no_role"
    assert "no hub role" in error.reason


def test_an_unknown_agency_is_refused() -> None:
    error = refusal(claims(agency="fire_service"))
    assert error.code == "unknown_agency"
    assert "'fire_service' is not a partner agency" in error.reason


def test_a_missing_agency_is_refused() -> None:
    error = refusal(claims(agency=None))
    assert error.code == "missing_claims"
    assert "'agency' claim" in error.reason


def test_a_missing_subject_is_refused() -> None:
    assert refusal(claims(sub="  ")).code == "missing_claims"


def test_a_single_agency_idp_pins_the_agency() -> None:
    config = {**ISSUER, "agency": "health"}
    assert principal_from_claims(claims(agency=None), config).agency == "health"
    assert principal_from_claims(claims(agency="health"), config).agency == "health"


def test_a_pinned_idp_cannot_claim_another_agency() -> None:
    error = refusal(claims(agency="police"), {**ISSUER, "agency": "health"})
    assert error.code == "unknown_agency"
    assert "serves only 'health'" in error.reason


def test_an_issuer_may_be_limited_to_some_agencies() -> None:
    config = {**ISSUER, "agencies": ["trust", "yos"]}
    assert principal_from_claims(claims(agency="yos"), config).agency == "yos"
    assert refusal(claims(agency="police"), config).code == "unknown_agency"


def test_an_issuer_may_rename_the_claims() -> None:
    config = {**ISSUER, "claims": {"sub": "oid", "agency": "org", "roles": "groups",
                                   "team": "department", "name": "display_name"}}
    token_claims = {"oid": "9f1c", "org": "education", "groups": "practitioner",
                    "department": "Inclusion", "display_name": "Pat Example",
                    "sub": "ignored", "agency": "police", "roles": ["administrator"]}
    assert principal_from_claims(token_claims, config) == Principal(
        subject="9f1c", agency="education", roles=frozenset({"practitioner"}),
        team="Inclusion", issuer=ISSUER["issuer"], name="Pat Example",
    )


def test_the_reason_names_the_renamed_claim() -> None:
    config = {**ISSUER, "claims": {"roles": "groups"}}
    assert "'groups' claim" in refusal(claims(), config).reason


def test_a_principal_cannot_be_changed_once_made() -> None:
    principal = principal_from_claims(claims(), ISSUER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        principal.agency = "police"  # type: ignore[misc]
