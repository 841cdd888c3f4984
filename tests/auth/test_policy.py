"""The sharing policy: who sees which agency's categories, for which purpose, on which day."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from hub.auth.policy import (
    AGENCY_CODES,
    CATEGORY_CODES,
    OWN_AGENCY_ROLE_CATEGORIES,
    PURPOSES,
    ROLE_CODES,
    PolicyError,
    Visibility,
    agreement_in_force,
    agreement_problems,
    compile_visibility,
    consent_allows,
    consent_check,
    expected_matrix,
    is_without_consent_basis,
    widened_givers,
    with_break_glass,
)
from hub.auth.principal import Principal

TODAY = date(2025, 6, 1)
PERSON_CATEGORIES = tuple(c for c in CATEGORY_CODES if c != "reference")
FRONTLINE = ["analyst", "practitioner", "panel_member"]


def caller(agency: str, *roles: str) -> Principal:
    return Principal(subject=f"{agency}-user", agency=agency, roles=frozenset(roles),
                     team=None, issuer="https://idp.example")


def grant(gid: str, giver: str, to: str, categories: list[str], roles: list[str],
          existence_only: list[str] | None = None) -> dict[str, Any]:
    return {"id": gid, "from_agency": giver, "to_agency": to, "categories": categories,
            "roles": roles, "existence_only": existence_only or []}


def agreement(aid: str, grants: list[dict[str, Any]], *, purpose: str = "mace",
              status: str = "active", valid_from: str = "2025-01-01",
              valid_to: str = "2026-12-31", review_date: str = "2025-12-31",
              parties: list[str] | None = None,
              legal_basis: str = "Children Act 2004 s11") -> dict[str, Any]:
    return {"id": aid, "name": f"Agreement {aid}", "purpose": purpose,
            "legal_basis": legal_basis, "valid_from": valid_from, "valid_to": valid_to,
            "review_date": review_date, "status": status, "version": 1,
            "parties": list(AGENCY_CODES) if parties is None else parties, "grants": grants}


# The county's MACE agreement, as an IG lead would write it.
MACE = agreement("agr_mace", [
    grant("g1", "police", "trust", ["identity", "offending", "intelligence", "missing"],
          FRONTLINE, existence_only=["domestic_abuse"]),
    grant("g2", "police", "health", ["identity"], ["practitioner"],
          existence_only=["offending", "intelligence"]),
    grant("g3", "trust", "police", ["identity", "safeguarding"], ["analyst", "panel_member"]),
    grant("g4", "health", "trust", [], ["panel_member"], existence_only=["health"]),
    grant("g5", "eis", "police", ["safeguarding"], ["analyst"]),
    grant("g6", "education", "trust", ["education"], ["practitioner", "panel_member"],
          existence_only=["health"]),
    grant("g7", "yos", "police", ["offending"], ["analyst"]),
])
# A second MACE agreement that gives trust analysts police domestic abuse data in full.
MACE_DA = agreement("agr_mace_da", [
    grant("g8", "police", "trust", ["domestic_abuse"], ["analyst"]),
], parties=["police", "trust"], legal_basis="Children Act 1989 s47")
MISSING = agreement("agr_missing", [
    grant("g9", "police", "eis", ["identity", "missing"], ["practitioner"]),
    grant("g10", "eis", "police", ["missing"], ["analyst"]),
], purpose="missing", parties=["police", "eis"])

EVERYTHING = grant("gx", "police", "yos", list(PERSON_CATEGORIES), FRONTLINE)
NOT_COUNTING = {
    "suspended": agreement("agr_susp", [EVERYTHING], status="suspended"),
    "expired status": agreement("agr_exp", [EVERYTHING], status="expired"),
    "draft": agreement("agr_draft", [EVERYTHING], status="draft"),
    "past its end": agreement("agr_ended", [EVERYTHING], valid_to="2025-05-31"),
    "past its review date": agreement("agr_review", [EVERYTHING], review_date="2025-05-31"),
    "not yet in force": agreement("agr_future", [EVERYTHING], valid_from="2025-06-02"),
    "receiver not a party": agreement("agr_np1", [EVERYTHING], parties=["police", "trust"]),
    "giver not a party": agreement("agr_np2", [EVERYTHING], parties=["trust", "yos"]),
    "another purpose": agreement("agr_yviu", [EVERYTHING], purpose="yviu"),
    "no review date": {**agreement("agr_nodate", [EVERYTHING]), "review_date": None},
}
COUNTY = [MACE, MACE_DA, MISSING, *NOT_COUNTING.values()]


def sight(vis: Visibility, owner: str, category: str) -> str:
    if vis.allows(owner, category):
        return "full"
    if vis.allows_existence(owner, category):
        return "existence"
    return "none"


@pytest.mark.parametrize(("agency", "role", "purpose", "owner", "category", "expected"), [
    # grants for the purpose, to the caller's agency and role
    ("trust", "practitioner", "mace", "police", "intelligence", "full"),
    ("trust", "practitioner", "mace", "police", "domestic_abuse", "existence"),
    ("trust", "analyst", "mace", "police", "domestic_abuse", "full"),  # full beats existence
    ("trust", "practitioner", "mace", "police", "safeguarding", "none"),
    ("trust", "panel_member", "mace", "health", "health", "existence"),
    ("trust", "practitioner", "mace", "health", "health", "none"),
    ("trust", "practitioner", "mace", "education", "education", "full"),
    ("trust", "practitioner", "mace", "education", "health", "existence"),
    ("health", "practitioner", "mace", "police", "identity", "full"),
    ("health", "practitioner", "mace", "police", "offending", "existence"),
    ("health", "analyst", "mace", "police", "identity", "none"),
    ("police", "analyst", "mace", "trust", "safeguarding", "full"),
    ("police", "practitioner", "mace", "trust", "safeguarding", "none"),
    ("police", "analyst", "mace", "eis", "safeguarding", "full"),
    ("police", "analyst", "mace", "yos", "offending", "full"),
    ("police", "analyst", "yviu", "yos", "offending", "none"),
    ("eis", "practitioner", "missing", "police", "missing", "full"),
    ("eis", "practitioner", "mace", "police", "missing", "none"),
    ("police", "analyst", "missing", "eis", "missing", "full"),
    # no agreement ever shares one agency's data with the governance roles
    ("trust", "ig_lead", "mace", "police", "intelligence", "none"),
    ("police", "auditor", "mace", "trust", "safeguarding", "none"),
    # own agency, by role: need to know
    ("health", "practitioner", "mace", "health", "health", "full"),
    ("health", "analyst", "mace", "health", "health", "none"),
    ("education", "practitioner", "mace", "education", "education", "full"),
    ("education", "practitioner", "mace", "education", "health", "none"),
    ("police", "practitioner", "yviu", "police", "intelligence", "full"),
    ("police", "ig_lead", "mace", "police", "identity", "none"),
    ("eis", "administrator", "mace", "eis", "safeguarding", "none"),
    # reference is for everyone
    ("health", "auditor", "mash", "police", "reference", "full"),
    ("yos", "practitioner", "domestic_abuse", "education", "reference", "full"),
    # the agreements that do not count open nothing to youth offending
    ("yos", "practitioner", "mace", "police", "offending", "none"),
    ("yos", "analyst", "mace", "police", "intelligence", "none"),
])
def test_what_a_single_role_caller_sees(
    agency: str, role: str, purpose: str, owner: str, category: str, expected: str
) -> None:
    vis = compile_visibility(caller(agency, role), purpose, COUNTY, TODAY)
    assert sight(vis, owner, category) == expected


@pytest.mark.parametrize("why", sorted(NOT_COUNTING))
def test_an_agreement_that_is_not_in_force_grants_nothing(why: str) -> None:
    bystander = compile_visibility(caller("yos", "practitioner"), "mace", [], TODAY)
    vis = compile_visibility(caller("yos", "practitioner"), "mace", [NOT_COUNTING[why]], TODAY)
    assert vis.scopes == bystander.scopes
    assert vis.existence_scopes == frozenset()
    assert vis.agreements == ()


@pytest.mark.parametrize(("day", "counts"), [
    (date(2025, 1, 1), True),     # first day
    (date(2024, 12, 31), False),
    (date(2025, 12, 31), True),   # review day itself
    (date(2026, 1, 1), False),    # review overdue, although valid_to is later
])
def test_an_agreement_counts_from_its_first_day_until_its_review_date(
    day: date, counts: bool
) -> None:
    vis = compile_visibility(caller("trust", "practitioner"), "mace", [MACE], day)
    assert vis.allows("police", "intelligence") is counts
    assert agreement_in_force(MACE, day)[0] is counts


def test_an_agreement_counts_until_its_last_day() -> None:
    ends = agreement("agr_short", [EVERYTHING], valid_to="2025-06-30", review_date="2025-12-31")
    vis = compile_visibility(caller("yos", "practitioner"), "mace", [ends], date(2025, 6, 30))
    after = compile_visibility(caller("yos", "practitioner"), "mace", [ends], date(2025, 7, 1))
    assert vis.allows("police", "offending")
    assert not after.allows("police", "offending")
    assert agreement_in_force(ends, date(2025, 7, 1)) == (False, "ended on 2025-06-30")


def test_why_an_agreement_is_not_in_force_is_said_in_words() -> None:
    assert agreement_in_force(NOT_COUNTING["suspended"], TODAY) == (
        False, "status is 'suspended', not 'active'")
    assert "review was due on 2025-05-31" in agreement_in_force(
        NOT_COUNTING["past its review date"], TODAY)[1]
    assert agreement_in_force(NOT_COUNTING["no review date"], TODAY)[0] is False
    assert agreement_in_force(MACE, TODAY) == (True, "in force")


def test_an_unknown_purpose_is_refused_with_the_valid_codes() -> None:
    with pytest.raises(PolicyError) as err:
        compile_visibility(caller("police", "analyst"), "curiosity", COUNTY, TODAY)
    message = str(err.value)
    assert "'curiosity'" in message
    for code in PURPOSES:
        assert code in message


@pytest.mark.parametrize("agency", AGENCY_CODES)
@pytest.mark.parametrize("role", ROLE_CODES)
@pytest.mark.parametrize("purpose", sorted(PURPOSES))
def test_every_caller_sees_reference_data_of_every_agency(
    agency: str, role: str, purpose: str
) -> None:
    vis = compile_visibility(caller(agency, role), purpose, COUNTY, TODAY)
    assert all(vis.allows(owner, "reference") for owner in AGENCY_CODES)


@pytest.mark.parametrize("agency", AGENCY_CODES)
@pytest.mark.parametrize("role", ["ig_lead", "auditor", "administrator"])
def test_governance_roles_see_no_person_level_data_by_default(agency: str, role: str) -> None:
    vis = compile_visibility(caller(agency, role), "mace", COUNTY, TODAY)
    assert vis.scope_list() == sorted(f"{owner}:reference" for owner in AGENCY_CODES)
    assert vis.existence_scopes == frozenset()


@pytest.mark.parametrize("agency", AGENCY_CODES)
def test_every_frontline_role_of_every_agency_sees_its_own_identity_records(agency: str) -> None:
    for role in FRONTLINE:
        assert compile_visibility(caller(agency, role), "mash", [], TODAY).allows(
            agency, "identity")


def test_health_data_is_the_least_shared_inside_its_own_agency() -> None:
    who_sees_own_health = {
        (agency, role) for agency, by_role in OWN_AGENCY_ROLE_CATEGORIES.items()
        for role, categories in by_role.items() if "health" in categories
    }
    assert who_sees_own_health == {("health", "practitioner")}


def test_a_caller_with_two_roles_sees_what_either_role_sees() -> None:
    both = compile_visibility(caller("police", "analyst", "practitioner"), "mace", COUNTY, TODAY)
    analyst = compile_visibility(caller("police", "analyst"), "mace", COUNTY, TODAY)
    practitioner = compile_visibility(caller("police", "practitioner"), "mace", COUNTY, TODAY)
    assert both.scopes == analyst.scopes | practitioner.scopes
    assert both.allows("eis", "safeguarding")


def test_a_caller_with_no_role_sees_only_reference_data() -> None:
    vis = compile_visibility(caller("police"), "mace", COUNTY, TODAY)
    assert {s.split(":")[1] for s in vis.scopes} == {"reference"}


def test_scope_list_is_sorted_owner_colon_category_for_the_cypher_filters() -> None:
    vis = compile_visibility(caller("trust", "practitioner"), "mace", COUNTY, TODAY)
    scopes = vis.scope_list()
    assert scopes == sorted(scopes)
    assert set(scopes) == vis.scopes
    assert "police:intelligence" in scopes
    assert all(s.count(":") == 1 for s in scopes)
    assert vis.existence_list() == ["education:health", "police:domestic_abuse"]
    assert not vis.scopes & vis.existence_scopes


def test_the_agreements_relied_on_are_named_for_the_audit() -> None:
    analyst = compile_visibility(caller("trust", "analyst"), "mace", COUNTY, TODAY)
    assert analyst.agreements == ("agr_mace", "agr_mace_da")
    assert analyst.relied_on_for("police", "intelligence") == ("agr_mace",)
    # seen in full through agr_mace_da; agr_mace only shared that it exists
    assert analyst.relied_on_for("police", "domestic_abuse") == ("agr_mace_da",)
    assert analyst.relied_on_for("trust", "safeguarding") == ()  # own records
    assert analyst.relied_on_for("police", "reference") == ()
    assert analyst.legal_bases_for("police", "domestic_abuse") == ("Children Act 1989 s47",)
    practitioner = compile_visibility(caller("trust", "practitioner"), "mace", COUNTY, TODAY)
    assert practitioner.relied_on_for("police", "domestic_abuse") == ("agr_mace",)
    assert practitioner.agency == "trust" and practitioner.purpose == "mace"


def test_own_agency_rules_can_be_replaced() -> None:
    strict = {"police": {"analyst": frozenset({"identity"})}}
    vis = compile_visibility(caller("police", "analyst"), "yviu", [], TODAY, strict)
    assert vis.allows("police", "identity")
    assert not vis.allows("police", "intelligence")


def test_break_glass_opens_one_person_and_nothing_else() -> None:
    vis = compile_visibility(caller("health", "practitioner"), "mace", COUNTY, TODAY)
    opened = with_break_glass(vis, "per_0007")
    again = with_break_glass(opened, "per_0011")
    assert opened.opened_by_break_glass("per_0007")
    assert not opened.opened_by_break_glass("per_0011")
    assert again.break_glass_subjects == {"per_0007", "per_0011"}
    assert opened.scopes == vis.scopes and opened.existence_scopes == vis.existence_scopes
    assert vis.break_glass_subjects == frozenset()  # the original is untouched
    with pytest.raises(PolicyError):
        with_break_glass(vis, "  ")


@pytest.mark.parametrize(("record", "basis", "shared", "reason_has"), [
    ({"owner": "police", "category": "offending"}, "", True, "not consent-based"),
    ({"owner": "eis", "consent": "given"}, "", True, "consent given"),
    ({"owner": "eis", "consent": "refused"}, "Children Act 2004 s11", False, "refused"),
    ({"owner": "eis", "consent": "not_sought"}, "Children Act 1989 s47", True,
     "without consent"),
    ({"owner": "eis", "consent": "refused"}, "children_act_1989_s47", True, "refused"),
    ({"owner": "eis", "consent": "refused"}, "DPA 2018 Sch 1 para 18", True, "without consent"),
    ({"owner": "eis", "consent": "refused"}, "safeguarding without consent (UK GDPR 6(1)(e))",
     True, "without consent"),
    # "safeguarding" alone is what most agreements say: it is not a without-consent basis
    ({"owner": "eis", "consent": "refused"}, "safeguarding children", False, "refused"),
    ({"owner": "eis"}, "Children Act 2004 s11", False, "not_recorded"),
    ({"owner": "eis", "consent": "safeguarding_override",
      "consent_reason": "child at immediate risk"}, "", True, "child at immediate risk"),
    ({"owner": "eis", "consent": "safeguarding_override"}, "", False, "safeguarding_override"),
    ({"category": "identity"}, "Children Act 1989 s47", False, "no owner"),
])
def test_consent_based_records_need_consent_or_a_without_consent_basis(
    record: dict[str, Any], basis: str, shared: bool, reason_has: str
) -> None:
    ok, reason = consent_allows(record, basis)
    assert ok is shared
    assert reason_has in reason


def test_a_statutory_code_must_match_whole_not_as_a_prefix() -> None:
    assert is_without_consent_basis("Children Act 1989 s47")
    assert not is_without_consent_basis("Children Act 1989 s470")
    assert not is_without_consent_basis("")


def test_consent_is_checked_under_the_agreements_the_caller_relies_on() -> None:
    police = compile_visibility(caller("police", "analyst"), "mace", COUNTY, TODAY)
    refused = {"owner": "eis", "category": "safeguarding", "consent": "refused"}
    # agr_mace's basis (Children Act 2004 s11) does not allow sharing without consent
    assert consent_check(police, refused)[0] is False
    eis = compile_visibility(caller("eis", "practitioner"), "mace", COUNTY, TODAY)
    assert consent_check(eis, refused) == (True, "the caller's own agency's record")
    assert consent_check(police, {**refused, "consent": "given"}) == (True, "consent given")


def test_agreement_problems_names_each_fault() -> None:
    assert agreement_problems(MACE) == []
    bad = agreement("agr_bad", [
        grant("gb", "police", "yos", ["offending", "gossip"], ["analyst", "chief"]),
        grant("gc", "trust", "police", ["identity"], []),
    ], purpose="curiosity", status="live", valid_from="2026-01-01", valid_to="2025-01-01",
        parties=["police", "trust", "mi5"])
    problems = agreement_problems(bad)
    for fault in ["purpose 'curiosity'", "status 'live'", "valid_from is after valid_to",
                  "party 'mi5'", "grant gb: to_agency 'yos' is not a party",
                  "grant gb: role 'chief'", "unknown category 'gossip'",
                  "grant gc: names no role"]:
        assert any(fault in p for p in problems), fault


def test_the_oracle_reads_the_agreements_as_a_person_would() -> None:
    matrix = expected_matrix(COUNTY, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES, "mace", TODAY)
    trust_practitioner = matrix[("trust", "practitioner")]
    assert {("police", "identity"), ("police", "intelligence"), ("education", "education"),
            ("trust", "safeguarding"), ("yos", "reference")} <= trust_practitioner
    assert ("police", "domestic_abuse") not in trust_practitioner
    assert matrix[("police", "auditor")] == {(a, "reference") for a in AGENCY_CODES}
    known = expected_matrix(COUNTY, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES, "mace", TODAY,
                            existence=True)
    assert known[("trust", "practitioner")] == {("police", "domestic_abuse"),
                                                 ("education", "health")}
    assert known[("trust", "analyst")] == set()


Matrix = dict[tuple[str, str], set[tuple[str, str]]]


def compiled_matrix(agreements: list[dict[str, Any]], purpose: str, day: date
                    ) -> tuple[Matrix, Matrix]:
    """What `compile_visibility` gives each single-role caller: full pairs, existence pairs."""
    full: Matrix = {}
    known: Matrix = {}
    for agency in AGENCY_CODES:
        for role in ROLE_CODES:
            vis = compile_visibility(caller(agency, role), purpose, agreements, day)
            pairs = [(o, c) for o in AGENCY_CODES for c in CATEGORY_CODES]
            full[(agency, role)] = {p for p in pairs if vis.allows(*p)}
            known[(agency, role)] = {p for p in pairs if f"{p[0]}:{p[1]}" in vis.existence_scopes}
    return full, known


@pytest.mark.parametrize("purpose", sorted(PURPOSES))
def test_compiled_visibility_matches_the_oracle_for_the_county(purpose: str) -> None:
    full, known = compiled_matrix(COUNTY, purpose, TODAY)
    assert full == expected_matrix(COUNTY, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES, purpose,
                                   TODAY)
    assert known == expected_matrix(COUNTY, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES, purpose,
                                    TODAY, existence=True)


def random_agreements(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """Well-formed agreements whose dates, statuses, parties and grants vary around TODAY."""
    def some(items: tuple[str, ...] | list[str], most: int) -> list[str]:
        return rng.sample(list(items), rng.randint(0, most))

    def around() -> str:
        return (TODAY + timedelta(days=rng.randint(-3, 3) * rng.choice([1, 30]))).isoformat()

    # A few categories only, so that full and existence-only grants often meet on a pair.
    pool = ("identity", "offending", "health", "missing", "reference")
    made = []
    for i in range(n):
        start, end = sorted([around(), around()])
        review = around()
        if rng.random() < 0.4:
            start, end = "2025-01-01", "2026-12-31"
        parties = some(AGENCY_CODES, 6)
        grants = [
            grant(f"g{i}_{j}", rng.choice(AGENCY_CODES), rng.choice(AGENCY_CODES),
                  some(pool, 3), some(ROLE_CODES, 4), some(pool, 3))
            for j in range(rng.randint(0, 8))
        ]
        made.append(agreement(
            f"agr_{i}", grants, purpose=rng.choice(sorted(PURPOSES)[:2]),
            status=rng.choice(["active", "active", "active", "draft", "suspended", "expired"]),
            valid_from=start, valid_to=end, review_date=review, parties=parties))
    return made


SEEDS = 60


@pytest.mark.parametrize("seed", range(SEEDS))
def test_compiled_visibility_matches_the_oracle_for_random_agreements(seed: int) -> None:
    rng = random.Random(seed)
    agreements = random_agreements(rng, rng.randint(1, 5))
    purpose = sorted(PURPOSES)[seed % 2]
    full, known = compiled_matrix(agreements, purpose, TODAY)
    assert full == expected_matrix(agreements, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES,
                                   purpose, TODAY)
    assert known == expected_matrix(agreements, AGENCY_CODES, ROLE_CODES, CATEGORY_CODES,
                                    purpose, TODAY, existence=True)


def test_the_random_agreements_exercise_grants_that_count_and_grants_that_do_not() -> None:
    counted = ignored = 0
    for seed in range(SEEDS):
        rng = random.Random(seed)
        agreements = random_agreements(rng, rng.randint(1, 5))
        purpose = sorted(PURPOSES)[seed % 2]
        for a in agreements:
            if a["purpose"] == purpose and agreement_in_force(a, TODAY)[0]:
                counted += len(a["grants"])
            else:
                ignored += len(a["grants"])
    assert counted > 20 and ignored > 20


# ---------------------------------------------------------------- two-party sign-off

def _terms(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "purpose": "yviu", "legal_basis": "Children Act 2004 s11", "status": "active",
        "valid_from": "2025-01-01", "valid_to": "2030-12-31", "review_date": "2029-12-31",
        "parties": ["health", "education"],
        "grants": [{"from_agency": "health", "to_agency": "education",
                    "roles": ["practitioner"], "categories": ["identity"]}],
    }
    return {**base, **changes}


def _grant(**changes: Any) -> list[dict[str, Any]]:
    return [{"from_agency": "health", "to_agency": "education", "roles": ["practitioner"],
             "categories": ["identity"], **changes}]


@pytest.mark.parametrize(("before", "after", "widened"), [
    (None, _terms(), {"health"}),
    (None, _terms(status="draft"), set()),
    (_terms(), _terms(), set()),
    (_terms(), _terms(grants=_grant(categories=["identity", "health"])), {"health"}),
    (_terms(), _terms(grants=_grant(roles=["practitioner", "analyst"])), {"health"}),
    (_terms(), _terms(grants=_grant(categories=[])), set()),
    (_terms(grants=_grant(categories=[], existence_only=["health"])),
     _terms(grants=_grant(categories=["health"])), {"health"}),
    (_terms(), _terms(status="suspended"), set()),
    (_terms(status="suspended"), _terms(), {"health"}),
    (_terms(), _terms(valid_to="2031-12-31"), {"health"}),
    (_terms(), _terms(valid_to="2029-12-31"), set()),
    (_terms(), _terms(legal_basis="Children Act 1989 s47"), {"health"}),
    (_terms(), _terms(grants=_grant() + [{"from_agency": "education", "to_agency": "health",
                                          "roles": ["practitioner"],
                                          "categories": ["education"]}]), {"education"}),
])
def test_a_change_widens_what_a_party_gives_only_when_it_gives_more(
    before: dict[str, Any] | None, after: dict[str, Any], widened: set[str]
) -> None:
    assert widened_givers(before, after) == widened
