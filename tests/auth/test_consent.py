"""The consent rule on the Python side (`consent_allows`); the Cypher side reads the same table
in tests/graph/test_consent_filter.py."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.policy import consent_allows
from tests.consent_cases import CASES, ORDINARY_BASIS, WITHOUT_CONSENT_BASIS


@pytest.mark.parametrize(("name", "record", "follows", "free", "shared"), CASES,
                         ids=[c[0] for c in CASES])
def test_the_consent_rule(name: str, record: dict[str, Any], follows: list[dict[str, Any]],
                          free: bool, shared: bool) -> None:
    basis = WITHOUT_CONSENT_BASIS if free else ORDINARY_BASIS
    ok, reason = consent_allows(record, basis, follows)
    assert ok is shared, (name, reason)
    assert reason


def test_a_followed_record_is_judged_under_the_agreements_for_its_own_scope() -> None:
    from hub.auth.policy import Visibility, consent_check

    vis = Visibility(
        scopes=frozenset({"eis:safeguarding", "eis:domestic_abuse"}), existence_scopes=frozenset(),
        agreements=("agr_s47", "agr_da"), purpose="mace", agency="police",
        relied_on=(("eis:domestic_abuse", ("agr_da",)), ("eis:safeguarding", ("agr_s47",))),
        legal_bases=(("agr_da", ORDINARY_BASIS), ("agr_s47", WITHOUT_CONSENT_BASIS)))
    referral = {"owner": "eis", "category": "safeguarding", "consent": "refused"}
    support = {"owner": "eis", "category": "domestic_abuse"}
    # The referral is shared without consent under its own scope's s47 basis, so it does
    # not hold the support back; the support then has only the referral's refusal to go on.
    assert consent_check(vis, referral)[0] is True
    assert consent_check(vis, support, [referral])[0] is False
    assert consent_check(vis, {**support, "consent": "given"}, [referral])[0] is True
    held = {"owner": "eis", "category": "domestic_abuse", "consent": "refused"}
    assert consent_check(vis, {**support, "consent": "given"}, [held])[0] is False
