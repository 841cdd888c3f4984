"""A person record as the linkage model compares it: names folded, identifiers checked.

Every agency's record arrives in its own form; `linkage_row` brings it to the one the
model was trained on, so "Freddie SMITH-JONES" and "frederick smith" meet as
`frederick` / `smith-jones` with the family-name parts `smith` and `jones`.

>>> row = linkage_row({"record_id": "p1", "agency": "police", "given_name": "Freddie",
...                    "family_name": "Smith-Jones", "dob": "2011-04-03",
...                    "gender": "male", "postcode": "nn9 1ab", "town": "Corby"})
>>> row["given_canonical"], row["family_parts"], row["postcode"]
('frederick', ['smith', 'jones'], 'NN9 1AB')
"""

from __future__ import annotations

import re
from typing import Any

from hub.domain.identifiers import problem
from hub.linkage.nicknames import canonical

IDENTIFIER_COLUMNS = ("nhs", "upn", "police", "social_care")
COLUMNS = ("record_id", "agency", "given_name", "given_canonical", "family_name",
           "family_parts", "dob", "gender", "postcode", "town", *IDENTIFIER_COLUMNS)

_NOT_LETTERS = re.compile(r"[^a-z' -]")


def linkage_row(record: dict[str, Any]) -> dict[str, Any]:
    """The record's fields in the form the model compares; unknowns become nulls."""
    given = _name(record.get("given_name"))
    family = _name(record.get("family_name"))
    gender = record.get("gender")
    dob = record.get("dob")
    postcode = record.get("postcode")
    identifiers = valid_identifiers(record)
    return {
        "record_id": str(record["record_id"]),
        "agency": record.get("agency"),
        "given_name": given,
        "given_canonical": canonical(given) if given else None,
        "family_name": family,
        "family_parts": [p for p in re.split(r"[- ]+", family) if p] if family else None,
        "dob": dob[:10] if isinstance(dob, str) and dob else None,
        "gender": gender if gender in ("female", "male", "non_binary") else None,
        "postcode": " ".join(postcode.upper().split()) if postcode else None,
        "town": record.get("town") or None,
        **{scheme: identifiers.get(scheme) for scheme in IDENTIFIER_COLUMNS},
    }


def valid_identifiers(record: dict[str, Any]) -> dict[str, str]:
    """The record's identifiers that pass their checks; a failing one is evidence of nothing."""
    found = record.get("identifiers") or {}
    return {scheme: value for scheme, value in found.items() if problem(scheme, value) is None}


def _name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _NOT_LETTERS.sub("", value.strip().lower())
    return " ".join(text.split()) or None
