"""Plain data in: the importer's rows and the resolvers' inputs become service inputs through
one function that names the field it refuses."""

from __future__ import annotations

import pytest

from hub.domain.errors import InvalidInput
from hub.services.recording import IncidentData, PersonData, from_data


def test_camel_or_snake_keys_and_nested_lists_become_dataclasses() -> None:
    data = from_data(IncidentData, {"type": "theft", "occurredAt": "2026-01-02T10:00:00",
                                    "participants": [{"person_id": "x", "role": "victim"}]})
    assert data.participants[0].role == "victim" and data.occurred_at.startswith("2026")


@pytest.mark.parametrize(("row", "field", "words"), [
    ({"kind": "child", "givenName": "A"}, "input.familyName", "is required"),
    ({"kind": "child", "givenName": "A", "familyName": "B", "shoeSize": 9}, "input.shoeSize",
     "is not a field"),
    ({"kind": "child", "givenName": 7, "familyName": "B"}, "input.givenName", "must be text"),
    ({"kind": "adult", "givenName": "A", "familyName": "B", "ofConcern": "yes"},
     "input.ofConcern", "true or false"),
])
def test_a_bad_row_is_refused_naming_the_field(row: dict, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        from_data(PersonData, row)
    assert refused.value.field == field and words in refused.value.message


def test_a_nested_bad_value_names_its_place() -> None:
    with pytest.raises(InvalidInput) as refused:
        from_data(IncidentData, {"type": "theft", "occurredAt": "2026-01-02",
                                 "participants": [{"personId": "x"}]})
    assert refused.value.field == "input.participants[0].role"
