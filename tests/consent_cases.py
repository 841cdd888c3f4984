"""The consent rule as a table, read by both sides: the Python policy and the Cypher filters.

Each case is a record of the consent-based early intervention service (or another agency),
the records it follows (a support record follows the referral that led to it), whether an
agreement relied on has a safeguarding-without-consent basis, and whether it is shared.
"""

from __future__ import annotations

from typing import Any

GIVEN = {"consent": "given"}
REFUSED = {"consent": "refused"}
OVERRIDE = {"consent": "safeguarding_override", "consent_reason": "child at immediate risk"}


def eis(category: str = "safeguarding", **props: Any) -> dict[str, Any]:
    return {"owner": "eis", "category": category, **props}


# (name, record, followed records, without-consent basis, shared)
CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]], bool, bool]] = [
    ("another agency's record needs no consent", {"owner": "police", "category": "offending"},
     [], False, True),
    ("consent given", eis(**GIVEN), [], False, True),
    ("consent refused", eis(**REFUSED), [], False, False),
    ("consent not sought", eis(consent="not_sought"), [], False, False),
    ("no consent recorded is not consent", eis(), [], False, False),
    ("an override with its reason", eis(**OVERRIDE), [], False, True),
    ("an override with no reason", eis(consent="safeguarding_override"), [], False, False),
    ("an override with a blank reason",
     eis(consent="safeguarding_override", consent_reason="  "), [], False, False),
    ("refused, but a without-consent basis applies", eis(**REFUSED), [], True, True),
    ("nothing recorded, but a without-consent basis applies", eis(), [], True, True),
    ("a context assessment is not about a person", eis("context"), [], False, True),
    ("support follows a referral with consent", eis(), [eis(**GIVEN)], False, True),
    ("support follows a referral refused", eis(), [eis(**REFUSED)], False, False),
    ("support with consent of its own still follows a refused referral",
     eis(**GIVEN), [eis(**REFUSED)], False, False),
    ("support follows an overridden referral", eis(), [eis(**OVERRIDE)], False, True),
    ("support takes the consent another agency's referral recorded",
     eis(), [{"owner": "trust", "category": "safeguarding", "consent": "given"}], False, True),
    ("support after another agency's referral that sought no consent",
     eis(), [{"owner": "trust", "category": "safeguarding", "consent": "not_sought"}],
     False, False),
    ("support after a refused referral, under a without-consent basis",
     eis(), [eis(**REFUSED)], True, True),
]

WITHOUT_CONSENT_BASIS = "Children Act 1989 s47"
ORDINARY_BASIS = "Children Act 2004 s11"
